import { z } from "zod";
import { MAX_PASSWORD_CHARACTERS, MIN_PASSWORD_CHARACTERS, passwordProblem } from "../../../core/password-rules.js";
import { ROLES } from "../../../commands/accounts.js";
import { User } from "../auth/schema.js";
import { errorResponses, IdParams, isoTime, UserRef } from "../common-schema.js";

/** Passwords set through the API: long enough to resist guessing, short enough to hash quickly. */
const Password = z
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

/** `GET /api/users`. */
export const listUsersSchema = {
  summary: "Every account (admin)",
  tags: ["users"],
  response: { 200: z.object({ users: z.array(Account) }), ...errorResponses },
};

/** `POST /api/users`. */
export const createUserSchema = {
  summary: "Create an account (admin)",
  tags: ["users"],
  body: z.strictObject({
    email: z.string().trim().min(3).max(320).describe("unique, compared case-insensitively"),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: Password,
  }),
  response: { 201: z.object({ user: Account }), 409: z.object({ error: z.string() }).describe("an account with this e-mail exists"), ...errorResponses },
};

/** `GET /api/analysts`. */
export const listAnalystsSchema = {
  summary: "Accounts that can be assigned as analysts (enabled admins and analysts)",
  tags: ["users"],
  response: { 200: z.object({ analysts: z.array(UserRef) }), ...errorResponses },
};

/** `PATCH /api/users/:id`. */
export const updateUserSchema = {
  summary: "Change an account's name, role, password or disable it (admin); disabling or a new password ends its sessions",
  tags: ["users"],
  params: IdParams,
  body: z.strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
  }),
  response: { 200: z.object({ user: Account }), ...errorResponses },
};
