import { z } from "zod";
import { errorResponses, IdParams, isoTime, NoContent } from "../common-schema.js";

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

/** `GET /api/tokens`. */
export const listTokensSchema = {
  summary: "Your API tokens (not revoked)",
  tags: ["tokens"],
  response: { 200: z.object({ tokens: z.array(ApiToken) }), ...errorResponses },
};

/** `POST /api/tokens`. */
export const createTokenSchema = {
  summary: "Create an API token; the response is the only time the token is shown",
  tags: ["tokens"],
  body: z.strictObject({
    name: z.string().trim().min(1).max(100).describe("what the token is for"),
    expiresInDays: z.number().int().min(1).max(3650).optional().describe("expiry; never when omitted"),
  }),
  response: {
    201: ApiToken.extend({ token: z.string().describe("dbf_…: send as Authorization: Bearer; shown only now") }),
    ...errorResponses,
  },
};

/** `DELETE /api/tokens/:id`. */
export const revokeTokenSchema = {
  summary: "Revoke one of your API tokens",
  tags: ["tokens"],
  params: IdParams,
  response: { 204: NoContent, ...errorResponses },
};
