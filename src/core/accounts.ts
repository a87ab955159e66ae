import { z } from "zod";
import { MAX_PASSWORD_CHARACTERS, MIN_PASSWORD_CHARACTERS, passwordProblem } from "./password-rules.js";
import { isoTime, UserRef } from "./common.js";

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

/** The signed-in account (`GET /api/me`, `POST /api/auth/login`). */
export const User = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
  })
  .meta({ id: "User" });

/** The signed-in account. */
export type User = z.infer<typeof User>;

/** `{user}`: the answer of login, `GET /api/me`, and account changes. */
export const UserResponse = z.object({ user: User });

/** Body of `POST /api/auth/login`. */
export const LoginBody = z.strictObject({
  /** Compared case-insensitively. */
  email: z.string().min(1).max(320).describe("the account's e-mail, any case"),
  password: z.string().min(1).max(1024),
});

/** Body of `POST /api/auth/login`. */
export type LoginBody = z.infer<typeof LoginBody>;

/** Passwords set through the API: long enough to resist guessing, short enough to hash quickly. */
export const Password = z
  .string()
  // A cheap bound before counting characters: no code point takes more than two units.
  .max(MAX_PASSWORD_CHARACTERS * 2, `password must be at most ${MAX_PASSWORD_CHARACTERS} characters`)
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem !== null) context.addIssue({ code: "custom", message: problem });
  })
  .describe(`${MIN_PASSWORD_CHARACTERS}–${MAX_PASSWORD_CHARACTERS} characters (Unicode code points after NFC normalisation)`);

/** An account as administrators see it. */
export const Account = User.extend({
  personId: z.number().int().nullable().describe("the person this account is, when linked"),
  disabled: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** An account as administrators see it. */
export type Account = z.infer<typeof Account>;

/** `{user}` with the administrator's view of the account. */
export const AccountResponse = z.object({ user: Account });

/** `GET /api/users`. */
export const AccountList = z.object({ users: z.array(Account) });

/** `GET /api/analysts`. */
export const AnalystList = z.object({ analysts: z.array(UserRef) });

/** Body of `POST /api/users`. */
export const CreateUserBody = z.strictObject({
  email: z.string().trim().min(3).max(320).describe("unique, compared case-insensitively"),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: Password,
});

/** Body of `PATCH /api/users/:id`. */
export const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: Password.optional(),
});

/** An API token as lists show it: never the secret. */
export const ApiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The token's first characters, to tell tokens apart. */
  prefix: z.string().describe("the token's first characters (dbf_ and 8 more)"),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  expiresAt: isoTime.nullable(),
});

/** An API token as lists show it. */
export type ApiToken = z.infer<typeof ApiToken>;

/** `GET /api/tokens`. */
export const ApiTokenList = z.object({ tokens: z.array(ApiToken) });

/** Body of `POST /api/tokens`. */
export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe("what the token is for"),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe("expiry; never when omitted"),
});

/** `201` of `POST /api/tokens`: the only time the secret is shown. */
export const CreatedApiToken = ApiToken.extend({ token: z.string().describe("dbf_…: send as Authorization: Bearer; shown only now") });
