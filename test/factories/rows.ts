/*
 * Rows as the store holds them, with every column filled by a plain default and any
 * of them overridden: `buildPerson({ name: "Ana" })`. Tests insert them with
 * `db.insertInto(table).values(build…())` instead of spelling out every column of
 * every row.
 */
import type { Insertable } from "kysely";
import type { Database } from "../../src/db/schema.js";

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** A fixed instant rows default to (2024-03-14T02:00:00Z), so snapshots stay stable. */
export const T0 = Date.parse("2024-03-14T02:00:00.000Z");

/** A person. */
export function buildPerson(overrides: Partial<Row<"people">> = {}): Row<"people"> {
  return { name: "Pat Example", email: null, timezone: null, title: null, department: null, managerId: null, startDate: null, endDate: null, createdAt: T0, updatedAt: T0, ...overrides };
}

/** An account of a person in a source (Slack by default). */
export function buildIdentity(overrides: Partial<Row<"identities">> & Pick<Row<"identities">, "externalId">): Row<"identities"> {
  return { personId: null, source: "slack", workspace: null, handle: null, displayName: null, email: null, timezone: null, title: null, isBot: 0, deleted: 0, updatedAt: T0, matchMethod: null, ...overrides };
}

/** A Slack channel. */
export function buildConversation(overrides: Partial<Row<"conversations">> & Pick<Row<"conversations">, "externalId" | "name">): Row<"conversations"> {
  return { source: "slack", workspace: "T1", kind: "channel", topic: null, purpose: null, createdAt: T0, creatorExternalId: null, archived: 0, members: null, ...overrides };
}

/** A Slack message at `at` (default T0) in a conversation; `ts` follows `at` unless given. */
export function buildMessage(overrides: Partial<Row<"messages">> & Pick<Row<"messages">, "id" | "conversationId" | "importId">): Row<"messages"> {
  const at = overrides.at ?? T0;
  return {
    ts: `${at / 1000}.000100`,
    at,
    authorIdentityId: null,
    authorExternalId: null,
    authorName: null,
    subtype: null,
    text: "",
    rawText: null,
    threadTs: null,
    parentUserExternalId: null,
    isBroadcast: 0,
    replyCount: 0,
    editedAt: null,
    editedByExternalId: null,
    inviterExternalId: null,
    files: null,
    reactions: null,
    attachments: null,
    ...overrides,
  };
}

/** An incident (status `new`, made by hand). */
export function buildIncident(overrides: Partial<Row<"incidents">> = {}): Row<"incidents"> {
  return { title: "An incident", severity: null, status: "new", origin: "manual", startedAt: T0, detectedAt: null, resolvedAt: null, createdAt: T0, updatedAt: T0, ...overrides };
}

/** An annotation on a message of an incident, tagged `question`. */
export function buildAnnotation(overrides: Partial<Row<"annotations">> & Pick<Row<"annotations">, "incidentId" | "authorUserId">): Row<"annotations"> {
  return { eventKind: "message", eventId: "1", rangeStart: null, rangeEnd: null, quote: null, tags: JSON.stringify(["question"]), note: "", version: 1, createdAt: T0, updatedAt: T0, ...overrides };
}

/** A finished import record (messages must name one). */
export function buildImport(overrides: Partial<Row<"imports">> = {}): Row<"imports"> {
  return { kind: "slack", sourceName: "test", startedAt: T0, finishedAt: T0, status: "succeeded", summary: null, error: null, ...overrides };
}

/** A PagerDuty incident. */
export function buildPagerdutyIncident(overrides: Partial<Row<"pagerdutyIncidents">> & Pick<Row<"pagerdutyIncidents">, "externalId">): Row<"pagerdutyIncidents"> {
  return { number: 1, title: "PagerDuty incident", status: "resolved", urgency: "high", priority: null, serviceExternalId: null, escalationPolicyExternalId: null, htmlUrl: null, createdAt: T0, resolvedAt: null, updatedAt: T0, ...overrides };
}

/** A PagerDuty log entry (a `notify` by default). */
export function buildLogEntry(overrides: Partial<Row<"pagerdutyLogEntries">> & Pick<Row<"pagerdutyLogEntries">, "externalId" | "incidentExternalId">): Row<"pagerdutyLogEntries"> {
  return { type: "notify_log_entry", kind: "notify", at: T0, agentType: null, agentExternalId: null, targetUserIds: null, channelType: null, summary: null, details: null, ...overrides };
}

/** A catalog service (a component by default). */
export function buildService(overrides: Partial<Row<"services">> & Pick<Row<"services">, "name">): Row<"services"> {
  return { kind: "component", systemName: null, description: null, lifecycle: "production", catalogRef: null, pagerdutyServiceId: null, updatedAt: T0, ...overrides };
}
