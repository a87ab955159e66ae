import { sql } from "kysely";
import type { Db } from "../dialect.js";
import type { Incident } from "../schema.js";

/** An incident with what the list view shows. */
export interface IncidentListing {
  incident: Incident;
  channels: string[];
  messages: number;
}

/** A message on an incident's timeline with its author and decoded side data. */
export interface TimelineMessage {
  id: number;
  conversationId: number;
  channel: string;
  ts: string;
  at: number;
  subtype: string | null;
  text: string;
  rawText: string | null;
  threadTs: string | null;
  parentUserExternalId: string | null;
  isBroadcast: number;
  replyCount: number;
  editedAt: number | null;
  inviterExternalId: string | null;
  files: string | null;
  reactions: string | null;
  attachments: string | null;
  authorExternalId: string | null;
  authorName: string | null;
  authorIdentityId: number | null;
  authorDisplayName: string | null;
  authorIsBot: number | null;
  personId: number | null;
  personName: string | null;
  mentions: { kind: string; target: string; label: string }[];
  references: { kind: string; key: string; url: string | null }[];
}

/** Slack channels that no incident claims yet, with what describes them. */
export async function unclaimedChannels(trx: Db): Promise<{ id: number; name: string; topic: string | null; purpose: string | null; createdAt: number | null }[]> {
  return trx
    .selectFrom("conversations as c")
    .select(["c.id", "c.name", "c.topic", "c.purpose", "c.createdAt"])
    .where("c.source", "=", "slack")
    .where("c.kind", "in", ["channel", "private_channel"])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("incidentSources as s").select("s.id").whereRef("s.conversationId", "=", "c.id").where("s.kind", "=", "slack_channel"))),
    )
    .orderBy("c.id")
    .execute();
}

/** Creates one incident with its channel sources; returns its id. */
export async function insertIncident(
  trx: Db,
  input: {
    title: string;
    origin: "channel" | "manual";
    startedAt: number | null;
    severity?: string | null;
    sources: { conversationId: number; fromAt: number | null; toAt: number | null }[];
    now: number;
  },
): Promise<number> {
  const row = await trx
    .insertInto("incidents")
    .values({
      title: input.title,
      severity: input.severity ?? null,
      status: "new",
      origin: input.origin,
      startedAt: input.startedAt,
      detectedAt: null,
      resolvedAt: null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const source of input.sources) {
    await trx
      .insertInto("incidentSources")
      .values({ incidentId: row.id, kind: "slack_channel", conversationId: source.conversationId, externalId: null, fromAt: source.fromAt, toAt: source.toAt })
      .execute();
  }
  return row.id;
}

/** Earliest message time in a channel within an optional window. */
export async function firstMessageAt(trx: Db, conversationId: number, fromAt: number | null, toAt: number | null): Promise<number | null> {
  let query = trx.selectFrom("messages").select((eb) => eb.fn.min("at").as("first")).where("conversationId", "=", conversationId);
  if (fromAt !== null) query = query.where("at", ">=", fromAt);
  if (toAt !== null) query = query.where("at", "<=", toAt);
  const row = await query.executeTakeFirst();
  return row?.first ?? null;
}

/**
 * Messages joined to the incident channel sources whose time window they fall in:
 * the one definition of "this incident's messages" that every query builds on.
 * Aliases: `s` for the source, `m` for the message.
 */
export function incidentChannelMessages(db: Db) {
  return db
    .selectFrom("incidentSources as s")
    .innerJoin("messages as m", (join) =>
      join
        .onRef("m.conversationId", "=", "s.conversationId")
        .on((eb) => eb.or([eb("s.fromAt", "is", null), eb("m.at", ">=", eb.ref("s.fromAt"))]))
        .on((eb) => eb.or([eb("s.toAt", "is", null), eb("m.at", "<=", eb.ref("s.toAt"))])),
    )
    .where("s.kind", "=", "slack_channel");
}

/** Every incident, newest first, with its channel names and message counts. */
export async function listIncidents(db: Db): Promise<IncidentListing[]> {
  const incidents = await db.selectFrom("incidents").selectAll().orderBy("startedAt", "desc").orderBy("id", "desc").execute();
  const sources = await db
    .selectFrom("incidentSources as s")
    .innerJoin("conversations as c", "c.id", "s.conversationId")
    .select(["s.incidentId", "c.name"])
    .orderBy("s.id")
    .execute();
  const counts = await incidentChannelMessages(db)
    .select(["s.incidentId", (eb) => eb.fn.countAll<number>().as("messages")])
    .groupBy("s.incidentId")
    .execute();
  const channelsBy = new Map<number, string[]>();
  for (const source of sources) {
    const list = channelsBy.get(source.incidentId) ?? [];
    list.push(source.name);
    channelsBy.set(source.incidentId, list);
  }
  const countBy = new Map(counts.map((c) => [c.incidentId, Number(c.messages)]));
  return incidents.map((incident) => ({
    incident,
    channels: channelsBy.get(incident.id) ?? [],
    messages: countBy.get(incident.id) ?? 0,
  }));
}

/** One incident, or undefined. */
export async function findIncident(db: Db, id: number): Promise<Incident | undefined> {
  return db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** An incident's messages from all its channels, in time order, with authors, mentions and references. */
export async function incidentTimeline(db: Db, incidentId: number): Promise<TimelineMessage[]> {
  const rows = await incidentChannelMessages(db)
    .innerJoin("conversations as c", "c.id", "m.conversationId")
    .leftJoin("identities as i", "i.id", "m.authorIdentityId")
    .leftJoin("people as p", "p.id", "i.personId")
    .where("s.incidentId", "=", incidentId)
    .select([
      "m.id",
      "m.conversationId",
      "c.name as channel",
      "m.ts",
      "m.at",
      "m.subtype",
      "m.text",
      "m.rawText",
      "m.threadTs",
      "m.parentUserExternalId",
      "m.isBroadcast",
      "m.replyCount",
      "m.editedAt",
      "m.inviterExternalId",
      "m.files",
      "m.reactions",
      "m.attachments",
      "m.authorExternalId",
      "m.authorName",
      "m.authorIdentityId",
      "i.displayName as authorDisplayName",
      "i.isBot as authorIsBot",
      "p.id as personId",
      "p.name as personName",
    ])
    .orderBy("m.at")
    .orderBy("m.ts")
    .orderBy("m.id")
    .execute();
  const messages: TimelineMessage[] = rows.map((row) => ({ ...row, mentions: [], references: [] }));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const ids = [...byId.keys()];
  for (let at = 0; at < ids.length; at += 5000) {
    const chunk = ids.slice(at, at + 5000);
    const mentions = await db.selectFrom("messageMentions").selectAll().where("messageId", "in", chunk).orderBy("messageId").orderBy("position").execute();
    for (const mention of mentions) byId.get(mention.messageId)?.mentions.push({ kind: mention.kind, target: mention.target, label: mention.label });
    const references = await db.selectFrom("messageReferences").selectAll().where("messageId", "in", chunk).orderBy("messageId").orderBy("position").execute();
    for (const reference of references) byId.get(reference.messageId)?.references.push({ kind: reference.kind, key: reference.key, url: reference.url });
  }
  return messages;
}

/** Finds Slack channels by name. */
export async function findChannelsByName(db: Db, name: string): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom("conversations")
    .select(["id", "name"])
    .where("source", "=", "slack")
    .where(sql<boolean>`lower(name) = lower(${name.replace(/^#/, "")})`)
    .execute();
}
