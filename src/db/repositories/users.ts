import type { Role } from "../../core/accounts.js";
import type { Db } from "../dialect.js";

/** An account as every caller but login sees it: never its password hash. */
export interface UserAccount {
  id: number;
  email: string;
  name: string;
  /** `admin`, `analyst`, `member` or `viewer`. */
  role: Role;
  personId: number | null;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** What a new account is made of; the e-mail must already be normalised. */
export interface NewUserAccount {
  email: string;
  name: string;
  role: Role;
  /** `scrypt$…`, or null for an account that cannot log in with a password. */
  passwordHash: string | null;
  personId?: number | null;
}

/** Fields an administrator may change. */
export interface UserChanges {
  name?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

// An explicit column list so the password hash is never read by accident.
const ACCOUNT_COLUMNS = ["id", "email", "name", "role", "personId", "disabled", "createdAt", "updatedAt"] as const;

type AccountRow = { id: number; email: string; name: string; role: Role; personId: number | null; disabled: number; createdAt: number; updatedAt: number };

function toAccount(row: AccountRow): UserAccount {
  return { ...row, disabled: row.disabled === 1 };
}

/** One account by id. */
export async function findUserById(db: Db, id: number): Promise<UserAccount | undefined> {
  const row = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** One account by its (normalised) e-mail. */
export async function findUserByEmail(db: Db, email: string): Promise<UserAccount | undefined> {
  const row = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("email", "=", email).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** The only read of a password hash: for checking a login. */
export async function findLoginCandidate(db: Db, email: string): Promise<{ id: number; passwordHash: string | null; disabled: boolean } | undefined> {
  const row = await db.selectFrom("users").select(["id", "passwordHash", "disabled"]).where("email", "=", email).executeTakeFirst();
  return row ? { id: row.id, passwordHash: row.passwordHash, disabled: row.disabled === 1 } : undefined;
}

/** Every account, oldest first. */
export async function listUsers(db: Db): Promise<UserAccount[]> {
  const rows = await db.selectFrom("users").select(ACCOUNT_COLUMNS).orderBy("id").execute();
  return rows.map(toAccount);
}

/** The accounts with these ids. */
export async function usersByIds(db: Db, ids: readonly number[]): Promise<UserAccount[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("users").select(ACCOUNT_COLUMNS).where("id", "in", [...ids]).orderBy("id").execute();
  return rows.map(toAccount);
}

/** How many accounts exist. */
export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Creates an account; returns its id. */
export async function insertUser(db: Db, input: NewUserAccount, now: number): Promise<number> {
  const row = await db
    .insertInto("users")
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: input.passwordHash,
      personId: input.personId ?? null,
      disabled: 0,
      createdAt: now,
      updatedAt: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applies changes to an account; returns whether it exists. */
export async function updateUser(db: Db, id: number, changes: UserChanges, now: number): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.role === undefined ? {} : { role: changes.role }),
      ...(changes.disabled === undefined ? {} : { disabled: changes.disabled ? 1 : 0 }),
      ...(changes.passwordHash === undefined ? {} : { passwordHash: changes.passwordHash }),
      updatedAt: now,
    })
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
