import { z } from "zod";
import { ROLES } from "../../../core/accounts.js";
import { ErrorBody, errorResponses, NoContent } from "../common-schema.js";

/** The signed-in account. */
export const User = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
  })
  .meta({ id: "User" });

/** `POST /api/auth/login`. */
export const loginSchema = {
  summary: "Sign in: sets the debrief_session and debrief_csrf cookies",
  tags: ["auth"],
  security: [],
  body: z.strictObject({
    /** Compared case-insensitively. */
    email: z.string().min(1).max(320).describe("the account's e-mail, any case"),
    password: z.string().min(1).max(1024),
  }),
  response: {
    200: z.object({ user: User }),
    401: ErrorBody.describe('always {"error":"invalid email or password"}, after the same delay'),
    ...errorResponses,
  },
};

/** `POST /api/auth/logout`. */
export const logoutSchema = {
  summary: "End this session (clears both cookies)",
  tags: ["auth"],
  response: { 204: NoContent, ...errorResponses },
};

/** `GET /api/me`. */
export const meSchema = {
  summary: "The signed-in account",
  tags: ["auth"],
  response: { 200: z.object({ user: User }), ...errorResponses },
};
