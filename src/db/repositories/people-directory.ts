import { sql } from "kysely";
import type { Db } from "../dialect.js";
import { containsPattern } from "./incident-views.js";
import { incidentChannelMessages } from "./incidents.js";

/** A person as the directory lists them. */
export interface DirectoryPerson {
  id: number;
  name: string;
  email: string | null;
  timezone: string | null;
  title: string | null;
  department: string | null;
  /** The team they are on now (the latest open membership), if any. */
  team: string | null;
  identities: { source: string; externalId: string }[];
}

/** A team membership period. */
export interface TeamPeriod {
  /** The membership's id. */
  id: number;
  team: string;
  fromAt: number;
  toAt: number | null;
}

const CHUNK = 500;

/** People whose name or e-mail contains `q`, by name. */
export async function listDirectoryPeople(db: Db, options: { q?: string | null; limit: number }): Promise<DirectoryPerson[]> {
  let query = db.selectFrom("people").select(["id", "name", "email", "timezone", "title", "department"]).orderBy("name").orderBy("id").limit(options.limit);
  if (options.q) {
    const like = containsPattern(options.q);
    query = query.where(sql<boolean>`(lower(name) like ${like} escape '\\' or lower(coalesce(email, '')) like ${like} escape '\\')`);
  }
  const people = await query.execute();
  return withTeamsAndIdentities(db, people);
}

/** One person as the directory lists them, or undefined. */
export async function findDirectoryPerson(db: Db, id: number): Promise<DirectoryPerson | undefined> {
  const people = await db.selectFrom("people").select(["id", "name", "email", "timezone", "title", "department"]).where("id", "=", id).execute();
  const [person] = await withTeamsAndIdentities(db, people);
  return person;
}

async function withTeamsAndIdentities(
  db: Db,
  people: { id: number; name: string; email: string | null; timezone: string | null; title: string | null; department: string | null }[],
): Promise<DirectoryPerson[]> {
  const identities = new Map<number, { source: string; externalId: string }[]>();
  const teams = new Map<number, { team: string; fromAt: number }>();
  const ids = people.map((p) => p.id);
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    const identityRows = await db
      .selectFrom("identities")
      .select(["personId", "source", "externalId"])
      .where("personId", "in", chunk)
      .orderBy("source")
      .orderBy("externalId")
      .execute();
    for (const row of identityRows) {
      if (row.personId === null) continue;
      const list = identities.get(row.personId) ?? [];
      list.push({ source: row.source, externalId: row.externalId });
      identities.set(row.personId, list);
    }
    const teamRows = await db
      .selectFrom("teamMemberships as tm")
      .innerJoin("teams as t", "t.id", "tm.teamId")
      .select(["tm.personId", "t.name", "tm.fromAt"])
      .where("tm.personId", "in", chunk)
      .where("tm.toAt", "is", null)
      .execute();
    for (const row of teamRows) {
      const known = teams.get(row.personId);
      if (!known || known.fromAt < row.fromAt) teams.set(row.personId, { team: row.name, fromAt: row.fromAt });
    }
  }
  return people.map((p) => ({ ...p, team: teams.get(p.id)?.team ?? null, identities: identities.get(p.id) ?? [] }));
}

/** A person's team history, oldest first. */
export async function teamHistory(db: Db, personId: number): Promise<TeamPeriod[]> {
  return db
    .selectFrom("teamMemberships as tm")
    .innerJoin("teams as t", "t.id", "tm.teamId")
    .select(["tm.id", "t.name as team", "tm.fromAt", "tm.toAt"])
    .where("tm.personId", "=", personId)
    .orderBy("tm.fromAt")
    .orderBy("tm.id")
    .execute();
}

/**
 * Incidents a person may have taken part in: they wrote or were @-mentioned in its
 * channels, or one of its PagerDuty log entries reached them. Newest first. The people
 * breakdown then says how (and whether) they were involved.
 */
export async function incidentsTouchingPerson(db: Db, personId: number, limit: number): Promise<{ id: number; title: string; startedAt: number | null }[]> {
  const ids = new Set<number>();
  const authored = await incidentChannelMessages(db)
    .innerJoin("identities as i", "i.id", "m.authorIdentityId")
    .where("i.personId", "=", personId)
    .select("s.incidentId")
    .distinct()
    .execute();
  for (const row of authored) ids.add(row.incidentId);
  const mentioned = await incidentChannelMessages(db)
    .innerJoin("messageMentions as mm", "mm.messageId", "m.id")
    .innerJoin("identities as i", (join) => join.onRef("i.externalId", "=", "mm.target").on("i.source", "=", "slack"))
    .where("mm.kind", "=", "user")
    .where("i.personId", "=", personId)
    .select("s.incidentId")
    .distinct()
    .execute();
  for (const row of mentioned) ids.add(row.incidentId);
  const pagerdutyIds = (await db.selectFrom("identities").select("externalId").where("source", "=", "pagerduty").where("personId", "=", personId).execute()).map((r) => r.externalId);
  if (pagerdutyIds.length > 0) {
    const paged = await db
      .selectFrom("incidentSources as s")
      .innerJoin("pagerdutyLogEntries as e", "e.incidentExternalId", "s.externalId")
      .where("s.kind", "=", "pagerduty_incident")
      .where((eb) => eb.or(pagerdutyIds.map((pd) => eb("e.targetUserIds", "like", `%${JSON.stringify(pd)}%`))))
      .select("s.incidentId")
      .distinct()
      .execute();
    for (const row of paged) ids.add(row.incidentId);
  }
  if (ids.size === 0) return [];
  const incidents: { id: number; title: string; startedAt: number | null }[] = [];
  const all = [...ids];
  for (let at = 0; at < all.length; at += CHUNK) {
    incidents.push(...(await db.selectFrom("incidents").select(["id", "title", "startedAt"]).where("id", "in", all.slice(at, at + CHUNK)).execute()));
  }
  incidents.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0) || b.id - a.id);
  return incidents.slice(0, limit);
}

/** A person's PagerDuty on-call shifts (through their PagerDuty identities), newest first. */
export async function onCallShiftsOf(db: Db, personId: number, limit: number) {
  return db
    .selectFrom("oncallShifts as s")
    .innerJoin("identities as i", (join) => join.onRef("i.externalId", "=", "s.userExternalId").on("i.source", "=", "pagerduty"))
    .select(["s.id", "s.escalationPolicyName", "s.scheduleName", "s.escalationLevel", "s.startAt", "s.endAt"])
    .where("i.personId", "=", personId)
    .orderBy("s.startAt", "desc")
    .orderBy("s.id", "desc")
    .limit(limit)
    .execute();
}

/** PagerDuty log entries by id, with their PagerDuty incident and the Debrief incident it is linked to. */
export async function logEntriesByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const entries = await db
    .selectFrom("pagerdutyLogEntries as e")
    .leftJoin("pagerdutyIncidents as pi", "pi.externalId", "e.incidentExternalId")
    .select(["e.id", "e.at", "e.kind", "e.summary", "e.incidentExternalId", "pi.number", "pi.title"])
    .where("e.id", "in", [...ids])
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
  const externalIds = [...new Set(entries.map((e) => e.incidentExternalId))];
  const links =
    externalIds.length === 0
      ? []
      : await db.selectFrom("incidentSources").select(["externalId", "incidentId"]).where("kind", "=", "pagerduty_incident").where("externalId", "in", externalIds).orderBy("incidentId").execute();
  return entries.map((e) => ({ ...e, incidentId: links.find((l) => l.externalId === e.incidentExternalId)?.incidentId ?? null }));
}
