import type { IncidentSourceKind, IncidentStatus } from "../../core/incidents.js";
import { sql } from "kysely";
import type { Db } from "../dialect.js";
import type { Incident } from "../schema.js";
import { incidentChannelMessages } from "./incidents.js";

/** Filters for {@link listIncidentSummaries}. */
export interface IncidentFilter {
  status?: IncidentStatus | null;
  /** Case-insensitive text in the title or a channel name. */
  q?: string | null;
}

/** An incident with the figures the list shows. */
export interface IncidentSummary {
  incident: Incident;
  channels: string[];
  messages: number;
  /** Distinct people who wrote in its channels: cheap enough for a list, unlike the breakdown's participants. */
  people: number;
  analysts: { id: number; name: string }[];
}

/** A source that belongs to an incident. */
export interface IncidentSourceView {
  id: number;
  kind: IncidentSourceKind;
  channel: string | null;
  pagerdutyId: string | null;
  fromAt: number | null;
  toAt: number | null;
}

/** An incident with everything its page shows. */
export interface IncidentDetail extends IncidentSummary {
  sources: IncidentSourceView[];
  services: { id: number; name: string; origin: string }[];
}

// Keeps `in (…)` lists well under every driver's parameter limit.
const CHUNK = 500;

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards escaped (use with `escape '\'`). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Incidents matching the filter (unordered), with channels, message and people counts and analysts. */
export async function listIncidentSummaries(db: Db, filter: IncidentFilter = {}): Promise<IncidentSummary[]> {
  let query = db.selectFrom("incidents as i").selectAll("i");
  if (filter.status) query = query.where("i.status", "=", filter.status);
  if (filter.q) {
    const like = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`lower(i.title) like ${like} escape '\\'`,
        eb.exists(
          eb
            .selectFrom("incidentSources as xs")
            .innerJoin("conversations as xc", "xc.id", "xs.conversationId")
            .select("xs.id")
            .whereRef("xs.incidentId", "=", "i.id")
            .where(sql<boolean>`lower(xc.name) like ${like} escape '\\'`),
        ),
      ]),
    );
  }
  const incidents = await query.execute();
  return summarize(db, incidents);
}

/** One incident with its sources, services and the list figures; undefined when unknown. */
export async function findIncidentDetail(db: Db, id: number): Promise<IncidentDetail | undefined> {
  const incident = await db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
  if (!incident) return undefined;
  const [summary] = await summarize(db, [incident]);
  if (!summary) return undefined;
  const sources = await db
    .selectFrom("incidentSources as s")
    .leftJoin("conversations as c", "c.id", "s.conversationId")
    .select(["s.id", "s.kind", "c.name as channel", "s.externalId as pagerdutyId", "s.fromAt", "s.toAt"])
    .where("s.incidentId", "=", id)
    .orderBy("s.id")
    .execute();
  const services = await db
    .selectFrom("incidentServices as x")
    .innerJoin("services as sv", "sv.id", "x.serviceId")
    .select(["sv.id", "sv.name", "x.origin"])
    .where("x.incidentId", "=", id)
    .orderBy("sv.name")
    .execute();
  return {
    ...summary,
    sources: sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      channel: s.channel ?? null,
      pagerdutyId: s.kind === "pagerduty_incident" ? s.pagerdutyId : null,
      fromAt: s.fromAt,
      toAt: s.toAt,
    })),
    services,
  };
}

async function summarize(db: Db, incidents: Incident[]): Promise<IncidentSummary[]> {
  if (incidents.length === 0) return [];
  const ids = incidents.map((i) => i.id);
  // For a few incidents restrict every query to them; for many, one pass over all is cheaper than many `in` lists.
  const restrict = ids.length <= CHUNK;
  let sourcesQuery = db
    .selectFrom("incidentSources as s")
    .innerJoin("conversations as c", "c.id", "s.conversationId")
    .select(["s.incidentId", "c.name"])
    .orderBy("s.id");
  if (restrict) sourcesQuery = sourcesQuery.where("s.incidentId", "in", ids);
  let countsQuery = incidentChannelMessages(db)
    .leftJoin("identities as ai", "ai.id", "m.authorIdentityId")
    .select(["s.incidentId", (eb) => eb.fn.countAll<number>().as("messages"), (eb) => eb.fn.count<number>("ai.personId").distinct().as("people")])
    .groupBy("s.incidentId");
  if (restrict) countsQuery = countsQuery.where("s.incidentId", "in", ids);
  let analystsQuery = db
    .selectFrom("incidentAnalysts as ia")
    .innerJoin("users as u", "u.id", "ia.userId")
    .select(["ia.incidentId", "u.id", "u.name"])
    .orderBy("ia.assignedAt")
    .orderBy("u.id");
  if (restrict) analystsQuery = analystsQuery.where("ia.incidentId", "in", ids);

  const [sources, counts, analysts] = await Promise.all([sourcesQuery.execute(), countsQuery.execute(), analystsQuery.execute()]);
  const channelsBy = group(sources, (s) => s.incidentId, (s) => s.name);
  const analystsBy = group(analysts, (a) => a.incidentId, (a) => ({ id: a.id, name: a.name }));
  const countBy = new Map(counts.map((c) => [c.incidentId, { messages: Number(c.messages), people: Number(c.people) }]));
  return incidents.map((incident) => ({
    incident,
    channels: channelsBy.get(incident.id) ?? [],
    messages: countBy.get(incident.id)?.messages ?? 0,
    people: countBy.get(incident.id)?.people ?? 0,
    analysts: analystsBy.get(incident.id) ?? [],
  }));
}

function group<R, V>(rows: readonly R[], key: (row: R) => number, value: (row: R) => V): Map<number, V[]> {
  const out = new Map<number, V[]>();
  for (const row of rows) {
    const list = out.get(key(row)) ?? [];
    list.push(value(row));
    out.set(key(row), list);
  }
  return out;
}

/** Makes the incident's analysts exactly `userIds`; keeps the assignment time of those already assigned. */
export async function setIncidentAnalysts(db: Db, incidentId: number, userIds: readonly number[], now: number): Promise<{ added: number[]; removed: number[] }> {
  const current = (await db.selectFrom("incidentAnalysts").select("userId").where("incidentId", "=", incidentId).execute()).map((r) => r.userId);
  const wanted = new Set(userIds);
  const removed = current.filter((id) => !wanted.has(id));
  const added = [...wanted].filter((id) => !current.includes(id));
  if (removed.length > 0) await db.deleteFrom("incidentAnalysts").where("incidentId", "=", incidentId).where("userId", "in", removed).execute();
  if (added.length > 0) await db.insertInto("incidentAnalysts").values(added.map((userId) => ({ incidentId, userId, assignedAt: now }))).execute();
  return { added, removed };
}

/** Updates an incident's own fields. */
export async function updateIncidentFields(
  db: Db,
  id: number,
  changes: { title?: string; severity?: string | null; status?: IncidentStatus; startedAt?: number | null; detectedAt?: number | null; resolvedAt?: number | null },
  now: number,
): Promise<void> {
  await db.updateTable("incidents").set({ ...changes, updatedAt: now }).where("id", "=", id).execute();
}
