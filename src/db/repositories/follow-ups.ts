import type { FollowUpFilters } from "../../core/follow-ups.js";
import { CLOSED_FOLLOW_UP_STATUSES } from "../../core/follow-ups.js";
import type { Db } from "../dialect.js";

/** A stored follow-up with the names a reader needs. */
export interface StoredFollowUp {
  id: number;
  incidentId: number;
  incidentTitle: string;
  title: string;
  kind: string;
  status: string;
  owner: { id: number; name: string; team: { id: number; name: string } | null } | null;
  dueDate: string | null;
  trackerUrl: string | null;
  context: { source: string; eventKey: string; annotationId: number | null; quote: string; author: string | null; at: number | null } | null;
  createdBy: { id: number; name: string } | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** What a new follow-up is made of. */
export interface NewFollowUp {
  incidentId: number;
  title: string;
  kind: string;
  status: string;
  ownerPersonId: number | null;
  dueDate: string | null;
  trackerUrl: string | null;
  context: { source: "event" | "annotation"; eventKey: string; annotationId: number | null; quote: string; author: string | null; at: number | null } | null;
  createdBy: number | null;
}

/** Fields an edit may change. */
export interface FollowUpChanges {
  title?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  ownerPersonId?: number | null | undefined;
  dueDate?: string | null | undefined;
  trackerUrl?: string | null | undefined;
}

function select(db: Db) {
  return db
    .selectFrom("followUps as f")
    .innerJoin("incidents as i", "i.id", "f.incidentId")
    .leftJoin("people as p", "p.id", "f.ownerPersonId")
    .leftJoin("users as u", "u.id", "f.createdBy")
    .select([
      "f.id",
      "f.incidentId",
      "i.title as incidentTitle",
      "f.title",
      "f.kind",
      "f.status",
      "f.ownerPersonId",
      "p.name as ownerName",
      "f.dueDate",
      "f.trackerUrl",
      "f.contextSource",
      "f.contextEventKey",
      "f.contextAnnotationId",
      "f.contextQuote",
      "f.contextAuthor",
      "f.contextAt",
      "f.createdBy",
      "u.name as createdByName",
      "f.version",
      "f.createdAt",
      "f.updatedAt",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof select>["executeTakeFirstOrThrow"]>>;

/** Each person's current team (the first by name when several), for the owners listed. */
async function currentTeams(db: Db, personIds: readonly number[]): Promise<Map<number, { id: number; name: string }>> {
  const teams = new Map<number, { id: number; name: string }>();
  if (personIds.length === 0) return teams;
  const rows = await db
    .selectFrom("teamMemberships as m")
    .innerJoin("teams as t", "t.id", "m.teamId")
    .select(["m.personId", "t.id", "t.name", "t.displayName"])
    .where("m.personId", "in", [...new Set(personIds)])
    .where("m.toAt", "is", null)
    .orderBy("t.name")
    .execute();
  for (const row of rows) if (!teams.has(row.personId)) teams.set(row.personId, { id: row.id, name: row.displayName ?? row.name });
  return teams;
}

function toFollowUp(row: Row, teams: Map<number, { id: number; name: string }>): StoredFollowUp {
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentTitle: row.incidentTitle,
    title: row.title,
    kind: row.kind,
    status: row.status,
    owner: row.ownerPersonId !== null && row.ownerName !== null ? { id: row.ownerPersonId, name: row.ownerName, team: teams.get(row.ownerPersonId) ?? null } : null,
    dueDate: row.dueDate,
    trackerUrl: row.trackerUrl,
    context:
      row.contextSource !== null && row.contextEventKey !== null
        ? { source: row.contextSource, eventKey: row.contextEventKey, annotationId: row.contextAnnotationId, quote: row.contextQuote ?? "", author: row.contextAuthor, at: row.contextAt }
        : null,
    createdBy: row.createdBy !== null && row.createdByName !== null ? { id: row.createdBy, name: row.createdByName } : null,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function withTeams(db: Db, rows: Row[]): Promise<StoredFollowUp[]> {
  const teams = await currentTeams(db, rows.map((row) => row.ownerPersonId).filter((id): id is number => id !== null));
  return rows.map((row) => toFollowUp(row, teams));
}

/**
 * Follow-ups matching every given filter, soonest due first (those without a due date
 * last), then oldest first. `today` (`YYYY-MM-DD`, UTC) decides what is overdue.
 */
export async function listFollowUps(db: Db, filters: FollowUpFilters, today: string): Promise<StoredFollowUp[]> {
  let query = select(db);
  if (filters.incidentId !== undefined) query = query.where("f.incidentId", "=", filters.incidentId);
  if (filters.ownerPersonId !== undefined) query = query.where("f.ownerPersonId", "=", filters.ownerPersonId);
  if (filters.kind !== undefined) query = query.where("f.kind", "=", filters.kind);
  if (filters.statuses !== undefined && filters.statuses.length > 0) query = query.where("f.status", "in", filters.statuses);
  if (filters.teamId !== undefined) {
    const teamId = filters.teamId;
    query = query.where("f.ownerPersonId", "in", (sub) => sub.selectFrom("teamMemberships").select("personId").where("teamId", "=", teamId).where("toAt", "is", null));
  }
  if (filters.overdue === true) query = query.where("f.dueDate", "<", today).where("f.status", "not in", CLOSED_FOLLOW_UP_STATUSES);
  if (filters.overdue === false) {
    query = query.where((eb) => eb.or([eb("f.dueDate", "is", null), eb("f.dueDate", ">=", today), eb("f.status", "in", CLOSED_FOLLOW_UP_STATUSES)]));
  }
  const rows = await query
    // Undated ones last on both stores (SQLite sorts nulls first, PostgreSQL last).
    .orderBy((eb) => eb.case().when("f.dueDate", "is", null).then(1).else(0).end())
    .orderBy("f.dueDate")
    .orderBy("f.id")
    .limit(filters.limit ?? 500)
    .execute();
  return withTeams(db, rows);
}

/** One follow-up, or undefined. */
export async function findFollowUp(db: Db, id: number): Promise<StoredFollowUp | undefined> {
  const row = await select(db).where("f.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const [followUp] = await withTeams(db, [row]);
  return followUp;
}

/** Stores a new follow-up at version 1; returns its id. */
export async function insertFollowUp(db: Db, input: NewFollowUp, now: number): Promise<number> {
  const row = await db
    .insertInto("followUps")
    .values({
      incidentId: input.incidentId,
      title: input.title,
      kind: input.kind,
      status: input.status,
      ownerPersonId: input.ownerPersonId,
      dueDate: input.dueDate,
      trackerUrl: input.trackerUrl,
      contextSource: input.context?.source ?? null,
      contextEventKey: input.context?.eventKey ?? null,
      contextAnnotationId: input.context?.annotationId ?? null,
      contextQuote: input.context?.quote ?? null,
      contextAuthor: input.context?.author ?? null,
      contextAt: input.context?.at ?? null,
      createdBy: input.createdBy,
      version: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applies the changes if the stored version is `version`; true when a row changed. */
export async function updateFollowUpIfVersion(db: Db, id: number, version: number, changes: FollowUpChanges, now: number): Promise<boolean> {
  const values: Record<string, unknown> = { version: version + 1, updatedAt: now };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) values[key] = value;
  const result = await db.updateTable("followUps").set(values).where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the follow-up if the stored version is `version`. */
export async function deleteFollowUpIfVersion(db: Db, id: number, version: number): Promise<boolean> {
  const result = await db.deleteFrom("followUps").where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whether a person exists. */
export async function personExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom("people").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}
