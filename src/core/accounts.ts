/*
 * Accounts: the roles and how an e-mail address is compared. Shared by the store
 * (column types), the commands, the policies and the web UI.
 */

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
