import type { Store } from "../db/connection.js";
import { type ApiTokenListing, findApiToken, insertApiToken, listApiTokens, revokeApiToken } from "../db/repositories/api-tokens.js";
import { recordAudit } from "../db/repositories/audit.js";

export type { ApiTokenListing };

/** Input for {@link createApiToken}: the secret arrives already hashed (see src/server/auth/secrets.ts). */
export interface CreateApiTokenInput {
  userId: number;
  name: string;
  tokenHash: string;
  prefix: string;
  expiresInDays?: number | undefined;
  actor: string;
}

/** Stores a new API token for an account and records it in the audit trail (its name and prefix, never the secret). */
export async function createApiToken(store: Store, input: CreateApiTokenInput): Promise<ApiTokenListing> {
  const now = Date.now();
  const expiresAt = input.expiresInDays === undefined ? null : now + input.expiresInDays * 86_400_000;
  const created = await store.db.transaction().execute(async (trx) => {
    const id = await insertApiToken(trx, { userId: input.userId, name: input.name, tokenHash: input.tokenHash, prefix: input.prefix, expiresAt }, now);
    await recordAudit(trx, { actor: input.actor, action: "token.create", subjectType: "api_token", subjectId: id, details: { name: input.name, prefix: input.prefix } }, now);
    return findApiToken(trx, input.userId, id);
  });
  if (!created) throw new Error("token vanished after creation");
  return created;
}

/** An account's tokens that are not revoked, newest first. */
export async function listAccountApiTokens(store: Store, userId: number): Promise<ApiTokenListing[]> {
  return listApiTokens(store.db, userId);
}

/**
 * Revokes one of an account's tokens, audited. False for a missing token and for
 * someone else's, alike: ids are not an oracle.
 */
export async function revokeAccountApiToken(store: Store, input: { userId: number; id: number; actor: string }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const done = await revokeApiToken(trx, input.userId, input.id, Date.now());
    if (done) await recordAudit(trx, { actor: input.actor, action: "token.revoke", subjectType: "api_token", subjectId: input.id });
    return done;
  });
}
