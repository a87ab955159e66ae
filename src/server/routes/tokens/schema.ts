import { ApiToken, ApiTokenList, CreatedApiToken, CreateTokenBody } from "../../../core/accounts.js";
import { errorResponses, IdParams, NoContent } from "../common-schema.js";

export { ApiToken };

/** `GET /api/tokens`. */
export const listTokensSchema = {
  summary: "Your API tokens (not revoked)",
  tags: ["tokens"],
  response: { 200: ApiTokenList, ...errorResponses },
};

/** `POST /api/tokens`. */
export const createTokenSchema = {
  summary: "Create an API token; the response is the only time the token is shown",
  tags: ["tokens"],
  body: CreateTokenBody,
  response: { 201: CreatedApiToken, ...errorResponses },
};

/** `DELETE /api/tokens/:id`. */
export const revokeTokenSchema = {
  summary: "Revoke one of your API tokens",
  tags: ["tokens"],
  params: IdParams,
  response: { 204: NoContent, ...errorResponses },
};
