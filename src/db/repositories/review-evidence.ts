import type { EvidenceEvent } from "../../core/review-evidence.js";
import type { Db } from "../dialect.js";
import { listAnnotations, type StoredAnnotation } from "./annotations.js";
import { incidentChannelMessages } from "./incidents.js";

/*
 * The evidence a review's first draft is written from, read from the store: the
 * annotated events (with their time, author and text), the first message, the
 * references seen in the incident's messages, and the services with their owners.
 */

// Keeps `in (…)` lists well under every driver's parameter limit.
const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** Timeline events by `kind:id`, with time, author and text; refs not on the incident's timeline are absent. */
export async function evidenceEvents(db: Db, incidentId: number, refs: readonly string[]): Promise<Map<string, EvidenceEvent>> {
  const out = new Map<string, EvidenceEvent>();
  const messageIds = refs.filter((r) => /^message:\d+$/.test(r)).map((r) => Number(r.slice(8)));
  const pageIds = refs.filter((r) => /^page:\d+$/.test(r)).map((r) => Number(r.slice(5)));
  const cues = refs.filter((r) => /^cue:\d+:\d+$/.test(r)).map((r) => r.slice(4).split(":").map(Number) as [number, number]);
  for (const ids of chunks(messageIds)) {
    const rows = await incidentChannelMessages(db)
      .leftJoin("identities as i", "i.id", "m.authorIdentityId")
      .leftJoin("people as p", "p.id", "i.personId")
      .where("s.incidentId", "=", incidentId)
      .where("m.id", "in", ids)
      .select(["m.id", "m.at", "m.text", "p.name as personName", "i.displayName", "m.authorName"])
      .execute();
    for (const row of rows) out.set(`message:${row.id}`, { ref: `message:${row.id}`, at: row.at, author: row.personName ?? row.displayName ?? row.authorName ?? null, text: row.text });
  }
  for (const ids of chunks(pageIds)) {
    const rows = await db
      .selectFrom("pagerdutyLogEntries as e")
      .innerJoin("incidentSources as s", (join) => join.onRef("s.externalId", "=", "e.incidentExternalId").on("s.kind", "=", "pagerduty_incident"))
      .leftJoin("identities as i", (join) => join.onRef("i.externalId", "=", "e.agentExternalId").on("i.source", "=", "pagerduty"))
      .leftJoin("people as p", "p.id", "i.personId")
      .where("s.incidentId", "=", incidentId)
      .where("e.id", "in", ids)
      .select(["e.id", "e.at", "e.kind", "e.summary", "e.agentType", "p.name as personName", "i.displayName"])
      .execute();
    for (const row of rows) {
      const author = row.agentType?.startsWith("user") ? (row.personName ?? row.displayName ?? null) : "PagerDuty";
      out.set(`page:${row.id}`, { ref: `page:${row.id}`, at: row.at, author, text: row.summary ?? row.kind });
    }
  }
  for (const [transcriptId, position] of cues) {
    const row = await db
      .selectFrom("transcriptCues as c")
      .innerJoin("transcripts as t", "t.id", "c.transcriptId")
      .leftJoin("people as p", "p.id", "c.personId")
      .where("t.incidentId", "=", incidentId)
      .where("c.transcriptId", "=", transcriptId)
      .where("c.position", "=", position)
      .select(["c.startMs", "c.text", "c.speakerName", "p.name as personName", "t.startedAt"])
      .executeTakeFirst();
    if (row) out.set(`cue:${transcriptId}:${position}`, { ref: `cue:${transcriptId}:${position}`, at: row.startedAt === null ? null : row.startedAt + row.startMs, author: row.personName ?? row.speakerName, text: row.text });
  }
  return out;
}

/** An incident's annotations with the events they mark (annotations whose event is gone are left out). */
export async function annotatedEvents(db: Db, incidentId: number): Promise<{ annotation: StoredAnnotation; event: EvidenceEvent }[]> {
  const annotations = await listAnnotations(db, incidentId);
  const events = await evidenceEvents(db, incidentId, [...new Set(annotations.map((a) => `${a.eventKind}:${a.eventId}`))]);
  const out: { annotation: StoredAnnotation; event: EvidenceEvent }[] = [];
  for (const annotation of annotations) {
    const event = events.get(`${annotation.eventKind}:${annotation.eventId}`);
    if (event) out.push({ annotation, event });
  }
  return out;
}

/** The first message (not a join or other channel event) in the incident's channels. */
export async function firstIncidentMessage(db: Db, incidentId: number): Promise<EvidenceEvent | null> {
  const row = await incidentChannelMessages(db)
    .leftJoin("identities as i", "i.id", "m.authorIdentityId")
    .leftJoin("people as p", "p.id", "i.personId")
    .where("s.incidentId", "=", incidentId)
    .where((eb) => eb.or([eb("m.subtype", "is", null), eb("m.subtype", "not in", ["channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "bot_add", "pinned_item"])]))
    .select(["m.id", "m.at", "m.text", "p.name as personName", "i.displayName", "m.authorName"])
    .orderBy("m.at")
    .orderBy("m.id")
    .limit(1)
    .executeTakeFirst();
  return row ? { ref: `message:${row.id}`, at: row.at, author: row.personName ?? row.displayName ?? row.authorName ?? null, text: row.text } : null;
}

/** Every reference the importer found in the incident's messages, with the message and its time. */
export async function messageReferenceSightings(db: Db, incidentId: number): Promise<{ kind: string; key: string; url: string | null; messageId: number; at: number }[]> {
  return incidentChannelMessages(db)
    .innerJoin("messageReferences as r", "r.messageId", "m.id")
    .where("s.incidentId", "=", incidentId)
    .select(["r.kind", "r.key", "r.url", "m.id as messageId", "m.at"])
    .orderBy("m.at")
    .orderBy("r.messageId")
    .orderBy("r.position")
    .execute();
}

/** The incident's services and the teams that owned each at `at` (now when null). */
export async function servicesWithOwners(db: Db, incidentId: number, at: number | null): Promise<{ name: string; owners: string[] }[]> {
  const services = await db
    .selectFrom("incidentServices as x")
    .innerJoin("services as sv", "sv.id", "x.serviceId")
    .select(["sv.id", "sv.name"])
    .where("x.incidentId", "=", incidentId)
    .orderBy("sv.name")
    .execute();
  if (services.length === 0) return [];
  const owners = await db
    .selectFrom("serviceOwners as o")
    .innerJoin("teams as t", "t.id", "o.teamId")
    .select(["o.serviceId", "o.fromAt", "o.toAt", "t.name", "t.displayName"])
    .where(
      "o.serviceId",
      "in",
      services.map((s) => s.id),
    )
    .orderBy("t.name")
    .execute();
  const moment = at ?? Date.now();
  return services.map((s) => ({
    name: s.name,
    owners: owners.filter((o) => o.serviceId === s.id && o.fromAt <= moment && (o.toAt === null || moment < o.toAt)).map((o) => o.displayName ?? o.name),
  }));
}
