import type { Db } from "../dialect.js";

/** An API token as lists show it: never its hash. */
export interface ApiTokenListing {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

/** A usable token with the account it acts for. */
export interface ApiTokenWithUser {
  id: number;
  lastUsedAt: number | null;
  user: { id: number; email: string; name: string; role: string; disabled: boolean };
}

const LISTING_COLUMNS = ["id", "userId", "name", "prefix", "createdAt", "lastUsedAt", "expiresAt", "revokedAt"] as const;

/** Stores a token by its hash; returns its id. */
export async function insertApiToken(
  db: Db,
  input: { userId: number; name: string; tokenHash: string; prefix: string; expiresAt: number | null },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("apiTokens")
    .values({ ...input, createdAt: now, lastUsedAt: null, revokedAt: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An account's tokens that are not revoked, newest first. */
export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenListing[]> {
  return db.selectFrom("apiTokens").select(LISTING_COLUMNS).where("userId", "=", userId).where("revokedAt", "is", null).orderBy("id", "desc").execute();
}

/** One token of one account (revoked or not). */
export async function findApiToken(db: Db, userId: number, id: number): Promise<ApiTokenListing | undefined> {
  return db.selectFrom("apiTokens").select(LISTING_COLUMNS).where("userId", "=", userId).where("id", "=", id).executeTakeFirst();
}

/** The live token whose hash is `tokenHash`: not revoked, not expired. */
export async function findApiTokenByHash(db: Db, tokenHash: string, now: number): Promise<ApiTokenWithUser | undefined> {
  const row = await db
    .selectFrom("apiTokens as t")
    .innerJoin("users as u", "u.id", "t.userId")
    .select(["t.id", "t.lastUsedAt", "u.id as userId", "u.email", "u.name", "u.role", "u.disabled"])
    .where("t.tokenHash", "=", tokenHash)
    .where("t.revokedAt", "is", null)
    .where((eb) => eb.or([eb("t.expiresAt", "is", null), eb("t.expiresAt", ">", now)]))
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, lastUsedAt: row.lastUsedAt, user: { id: row.userId, email: row.email, name: row.name, role: row.role, disabled: row.disabled === 1 } };
}

/** Records that a token was used. */
export async function touchApiToken(db: Db, id: number, now: number): Promise<void> {
  await db.updateTable("apiTokens").set({ lastUsedAt: now }).where("id", "=", id).execute();
}

/** Revokes one token of one account; returns whether a live token was revoked. */
export async function revokeApiToken(db: Db, userId: number, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable("apiTokens")
    .set({ revokedAt: now })
    .where("id", "=", id)
    .where("userId", "=", userId)
    .where("revokedAt", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every live token of one account; returns how many. */
export async function revokeUserApiTokens(db: Db, userId: number, now: number): Promise<number> {
  const result = await db.updateTable("apiTokens").set({ revokedAt: now }).where("userId", "=", userId).where("revokedAt", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
