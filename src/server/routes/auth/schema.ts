import { LoginBody, User, UserResponse } from "../../../core/accounts.js";
import { ErrorBody, errorResponses, NoContent } from "../common-schema.js";

export { User };

/** `POST /api/auth/login`. */
export const loginSchema = {
  summary: "Sign in: sets the debrief_session and debrief_csrf cookies",
  tags: ["auth"],
  security: [],
  body: LoginBody,
  response: {
    200: UserResponse,
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
  response: { 200: UserResponse, ...errorResponses },
};
