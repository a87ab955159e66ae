import { z } from "zod";
import { Account, AccountList, AccountResponse, AnalystList, CreateUserBody, UpdateUserBody } from "../../../core/accounts.js";
import { errorResponses, IdParams } from "../common-schema.js";

export { Account };

/** `GET /api/users`. */
export const listUsersSchema = {
  summary: "Every account (admin)",
  tags: ["users"],
  response: { 200: AccountList, ...errorResponses },
};

/** `POST /api/users`. */
export const createUserSchema = {
  summary: "Create an account (admin)",
  tags: ["users"],
  body: CreateUserBody,
  response: { 201: AccountResponse, 409: z.object({ error: z.string() }).describe("an account with this e-mail exists"), ...errorResponses },
};

/** `GET /api/analysts`. */
export const listAnalystsSchema = {
  summary: "Accounts that can be assigned as analysts (enabled admins and analysts)",
  tags: ["users"],
  response: { 200: AnalystList, ...errorResponses },
};

/** `PATCH /api/users/:id`. */
export const updateUserSchema = {
  summary: "Change an account's name, role, password or disable it (admin); disabling or a new password ends its sessions",
  tags: ["users"],
  params: IdParams,
  body: UpdateUserBody,
  response: { 200: AccountResponse, ...errorResponses },
};
