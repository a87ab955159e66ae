import type { Role } from "../../commands/accounts.js";
import type { ApiTokenListing } from "../../db/repositories/api-tokens.js";
import type { UserAccount } from "../../db/repositories/users.js";
import { iso } from "./incidents.js";

/** The signed-in account as the UI needs it (`GET /api/me`, login). */
export function presentUser(user: Pick<UserAccount, "id" | "email" | "name" | "role">) {
  // Roles are checked when written; the response schema checks them again on the way out.
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
}

/** An account as administrators see it. */
export function presentAccount(user: UserAccount) {
  return { ...presentUser(user), personId: user.personId, disabled: user.disabled, createdAt: iso(user.createdAt) as string, updatedAt: iso(user.updatedAt) as string };
}

/** An API token without its secret. */
export function presentApiToken(token: ApiTokenListing) {
  return { id: token.id, name: token.name, prefix: token.prefix, createdAt: iso(token.createdAt) as string, lastUsedAt: iso(token.lastUsedAt), expiresAt: iso(token.expiresAt) };
}
