/*
 * Anonymous input: per-incident links (only the token's SHA-256 is stored) and what
 * arrives through them, with no account, address, browser or time of day.
 */
import "../interview-schema.js";
import type { Db } from "../dialect.js";

/** A stored link. */
export interface StoredAnonymousLink {
  id: number;
  incidentId: number;
  prefix: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  inputs: number;
}

/** Stores a link; returns its id. */
export async function insertAnonymousLink(db: Db, input: { incidentId: number; tokenHash: string; prefix: string; createdBy: number; expiresAt: number }, now: number): Promise<number> {
  const row = await db.insertInto("anonymousLinks").values({ ...input, createdAt: now, revokedAt: null }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** An incident's links, newest first, with how many inputs each brought. */
export async function listAnonymousLinks(db: Db, incidentId: number): Promise<StoredAnonymousLink[]> {
  const rows = await db
    .selectFrom("anonymousLinks as l")
    .select(["l.id", "l.incidentId", "l.prefix", "l.createdAt", "l.expiresAt", "l.revokedAt", (eb) => eb.selectFrom("anonymousInputs as a").select((e) => e.fn.countAll<number>().as("n")).whereRef("a.linkId", "=", "l.id").as("inputs")])
    .where("l.incidentId", "=", incidentId)
    .orderBy("l.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, inputs: Number(r.inputs ?? 0) }));
}

/** One link by id. */
export async function findAnonymousLink(db: Db, id: number): Promise<StoredAnonymousLink | undefined> {
  const row = await db.selectFrom("anonymousLinks").select(["id", "incidentId", "prefix", "createdAt", "expiresAt", "revokedAt"]).where("id", "=", id).executeTakeFirst();
  return row ? { ...row, inputs: 0 } : undefined;
}

/** The link a token hash belongs to, if it is neither revoked nor expired at `now`. */
export async function liveLinkByHash(db: Db, tokenHash: string, now: number): Promise<{ id: number; incidentId: number; expiresAt: number } | undefined> {
  return db
    .selectFrom("anonymousLinks")
    .select(["id", "incidentId", "expiresAt"])
    .where("tokenHash", "=", tokenHash)
    .where("revokedAt", "is", null)
    .where("expiresAt", ">", now)
    .executeTakeFirst();
}

/** Revokes a link; returns whether it was live. */
export async function revokeAnonymousLink(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable("anonymousLinks").set({ revokedAt: now }).where("id", "=", id).where("revokedAt", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Counts one submission against the link's hour and returns the count including it.
 * Earlier hours' counts are deleted first: kept, they would tell the hour an input
 * arrived, which the inputs themselves do not keep.
 */
export async function countSubmission(db: Db, linkId: number, hour: number): Promise<number> {
  await db.deleteFrom("anonymousInputRate").where("linkId", "=", linkId).where("hour", "<", hour).execute();
  const row = await db.selectFrom("anonymousInputRate").select("count").where("linkId", "=", linkId).where("hour", "=", hour).executeTakeFirst();
  if (!row) {
    await db.insertInto("anonymousInputRate").values({ linkId, hour, count: 1 }).execute();
    return 1;
  }
  await db.updateTable("anonymousInputRate").set({ count: row.count + 1 }).where("linkId", "=", linkId).where("hour", "=", hour).execute();
  return row.count + 1;
}

/** Stores an input; returns its id. */
export async function insertAnonymousInput(db: Db, input: { linkId: number; incidentId: number; madeItHard: string; surprised: string; othersShouldKnow: string; receivedOn: string }): Promise<number> {
  const row = await db.insertInto("anonymousInputs").values(input).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** An incident's anonymous inputs, in the order they arrived. */
export async function listAnonymousInputs(db: Db, incidentId: number): Promise<{ id: number; madeItHard: string; surprised: string; othersShouldKnow: string; receivedOn: string }[]> {
  return db.selectFrom("anonymousInputs").select(["id", "madeItHard", "surprised", "othersShouldKnow", "receivedOn"]).where("incidentId", "=", incidentId).orderBy("id").execute();
}

/** One input's incident. */
export async function findAnonymousInput(db: Db, id: number): Promise<{ id: number; incidentId: number; madeItHard: string; surprised: string; othersShouldKnow: string } | undefined> {
  return db.selectFrom("anonymousInputs").select(["id", "incidentId", "madeItHard", "surprised", "othersShouldKnow"]).where("id", "=", id).executeTakeFirst();
}
