import type { Role } from "../../core/accounts.js";
import type { Db } from "../dialect.js";

/** A live session with the account it belongs to. */
export interface SessionWithUser {
  id: number;
  userId: number;
  csrfHash: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  user: { id: number; email: string; name: string; role: Role; disabled: boolean };
}

/** What a new session is made of: hashes only, never the tokens. */
export interface NewSession {
  userId: number;
  tokenHash: string;
  csrfHash: string;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
}

/** Stores a session; returns its id. */
export async function insertSession(db: Db, input: NewSession, now: number): Promise<number> {
  const row = await db
    .insertInto("sessions")
    .values({ ...input, createdAt: now, lastSeenAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session whose token hashes to `tokenHash`, with its account; expired ones are not returned. */
export async function findSessionByTokenHash(db: Db, tokenHash: string, now: number): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.userId")
    .select(["s.id", "s.userId", "s.csrfHash", "s.createdAt", "s.expiresAt", "s.lastSeenAt", "u.email", "u.name", "u.role", "u.disabled"])
    .where("s.tokenHash", "=", tokenHash)
    .where("s.expiresAt", ">", now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.userId,
    csrfHash: row.csrfHash,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    user: { id: row.userId, email: row.email, name: row.name, role: row.role, disabled: row.disabled === 1 },
  };
}

/** Records activity on a session and moves its expiry. */
export async function touchSession(db: Db, id: number, now: number, expiresAt: number): Promise<void> {
  await db.updateTable("sessions").set({ lastSeenAt: now, expiresAt }).where("id", "=", id).execute();
}

/** Ends one session. */
export async function deleteSession(db: Db, id: number): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session of an account (disabled, password changed). */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom("sessions").where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes expired sessions: they can no longer be used, so they are only clutter. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom("sessions").where("expiresAt", "<=", now).execute();
}

/** Failed logins for one e-mail hash since `since`. */
export async function countLoginFailures(db: Db, keyHash: string, since: number): Promise<number> {
  const row = await db
    .selectFrom("loginFailures")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("keyHash", "=", keyHash)
    .where("at", ">=", since)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Records one failed login, and forgets this key's failures older than `forgetBefore`. */
export async function recordLoginFailure(db: Db, keyHash: string, now: number, forgetBefore: number): Promise<void> {
  await db.deleteFrom("loginFailures").where("keyHash", "=", keyHash).where("at", "<", forgetBefore).execute();
  await db.insertInto("loginFailures").values({ keyHash, at: now }).execute();
}

/** Forgets the failures of one key (after a successful login). */
export async function clearLoginFailures(db: Db, keyHash: string): Promise<void> {
  await db.deleteFrom("loginFailures").where("keyHash", "=", keyHash).execute();
}
