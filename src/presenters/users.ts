import type { ApiTokenListing } from "../db/repositories/api-tokens.js";
import type { UserAccount } from "../db/repositories/users.js";
import { iso } from "./time.js";

/** The signed-in account as the UI needs it (`GET /api/me`, login). */
export function presentUser(user: Pick<UserAccount, "id" | "email" | "name" | "role">) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** An account as administrators see it. */
export function presentAccount(user: UserAccount) {
  return { ...presentUser(user), personId: user.personId, disabled: user.disabled, createdAt: iso(user.createdAt), updatedAt: iso(user.updatedAt) };
}

/** An API token without its secret. */
export function presentApiToken(token: ApiTokenListing) {
  return { id: token.id, name: token.name, prefix: token.prefix, createdAt: iso(token.createdAt), lastUsedAt: iso(token.lastUsedAt), expiresAt: iso(token.expiresAt) };
}
