import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { revokeUserApiTokens } from "../db/repositories/api-tokens.js";
import { deleteUserSessions } from "../db/repositories/sessions.js";
import { findUserByEmail, findUserById, insertUser, listUsers, type UserAccount, updateUser } from "../db/repositories/users.js";
import { InputError } from "./create-incident.js";

/** Account roles, most to least privileged. */
export const ROLES = ["admin", "analyst", "member", "viewer"] as const;

/** An account's role. */
export type Role = (typeof ROLES)[number];

/** True for one of {@link ROLES}. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** E-mail addresses are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An account with that e-mail already exists: the API answers 409. */
export class AccountExistsError extends Error {
  override readonly name = "AccountExistsError";
}

/** Input for {@link createUser}; the password arrives already hashed (see src/server/auth/passwords.ts). */
export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  actor: string;
}

/** Creates an account and records it in the audit trail. */
export async function createUser(store: Store, input: CreateUserInput): Promise<UserAccount> {
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new InputError(`not an e-mail address: ${JSON.stringify(input.email)}`);
  if (name === "") throw new InputError("name must not be empty");
  if (!isRole(input.role)) throw new InputError(`role must be one of ${ROLES.join(", ")}`);
  try {
    return await store.db.transaction().execute(async (trx) => {
      if (await findUserByEmail(trx, email)) throw new AccountExistsError(`an account with e-mail ${email} already exists`);
      const now = Date.now();
      const id = await insertUser(trx, { email, name, role: input.role, passwordHash: input.passwordHash }, now);
      // The audit trail names the account, never anything about its password.
      await recordAudit(trx, { actor: input.actor, action: "user.create", subjectType: "user", subjectId: id, details: { email, role: input.role } }, now);
      const user = await findUserById(trx, id);
      if (!user) throw new Error(`account ${id} vanished`);
      return user;
    });
  } catch (error) {
    // Two concurrent creations of one address: the unique index decides, and the loser gets the same answer.
    if (!(error instanceof InputError) && !(error instanceof AccountExistsError) && (await findUserByEmail(store.db, email))) throw new AccountExistsError(`an account with e-mail ${email} already exists`);
    throw error;
  }
}

/** Input for {@link updateUserAccount}. */
export interface UpdateUserInput {
  id: number;
  name?: string | undefined;
  role?: Role | undefined;
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
  actor: string;
}

/**
 * Changes an account. Disabling it or setting a new password ends its sessions; a new
 * password also revokes its API tokens. The
 * last enabled admin cannot be demoted or disabled, so the installation always has
 * someone who can manage accounts. Returns undefined for an unknown account.
 */
export async function updateUserAccount(store: Store, input: UpdateUserInput): Promise<UserAccount | undefined> {
  const name = input.name?.trim();
  if (name === "") throw new InputError("name must not be empty");
  return store.db.transaction().execute(async (trx) => {
    const before = await findUserById(trx, input.id);
    if (!before) return undefined;
    const losesAdmin = before.role === "admin" && !before.disabled && ((input.role !== undefined && input.role !== "admin") || input.disabled === true);
    if (losesAdmin) {
      const admins = (await listUsers(trx)).filter((u) => u.role === "admin" && !u.disabled);
      if (admins.length <= 1) throw new InputError("the last enabled admin cannot be demoted or disabled");
    }
    const now = Date.now();
    await updateUser(trx, input.id, { name, role: input.role, disabled: input.disabled, passwordHash: input.passwordHash }, now);
    let endedSessions = 0;
    if (input.disabled === true || input.passwordHash !== undefined) endedSessions = await deleteUserSessions(trx, input.id);
    // A new password is often set because the old one leaked: tokens made with it end too.
    const revokedTokens = input.passwordHash !== undefined ? await revokeUserApiTokens(trx, input.id, now) : 0;
    const changes: Record<string, unknown> = {};
    if (name !== undefined && name !== before.name) changes.name = { from: before.name, to: name };
    if (input.role !== undefined && input.role !== before.role) changes.role = { from: before.role, to: input.role };
    if (input.disabled !== undefined && input.disabled !== before.disabled) changes.disabled = { from: before.disabled, to: input.disabled };
    if (input.passwordHash !== undefined) changes.password = "changed";
    await recordAudit(trx, { actor: input.actor, action: "user.update", subjectType: "user", subjectId: input.id, details: { changes, endedSessions, revokedTokens } }, now);
    return findUserById(trx, input.id);
  });
}
