import { z } from "zod";
import { ErrorBody, errorResponses } from "../common-schema.js";

/** `GET /api/auth/methods`: what the login page offers. */
export const authMethodsSchema = {
  summary: "How one can sign in: with a password, with the identity provider, or both",
  tags: ["auth"],
  security: [],
  response: {
    200: z.object({
      /** False when local passwords are turned off (DEBRIEF_PASSWORD_LOGIN=off). */
      password: z.boolean(),
      /** Present when an OpenID Connect provider is configured. */
      oidc: z.object({ label: z.string(), startUrl: z.string() }).nullable(),
    }),
    ...errorResponses,
  },
};

/** `GET /api/auth/oidc/start`. */
export const oidcStartSchema = {
  summary: "Start signing in with the identity provider: redirects to it (authorization code with PKCE)",
  tags: ["auth"],
  security: [],
  querystring: z.strictObject({
    /** The app path to land on afterwards; anything but a path of this app becomes `/`. */
    returnTo: z.string().max(500).optional(),
  }),
  response: { 302: z.undefined().describe("redirect to the provider"), 404: ErrorBody.describe("no identity provider is configured"), ...errorResponses },
};

/** `GET /api/auth/oidc/callback`. */
export const oidcCallbackSchema = {
  summary: "Where the identity provider sends the browser back: starts a session and redirects into the app, or to /login?error=…",
  tags: ["auth"],
  security: [],
  querystring: z.record(z.string(), z.string()),
  response: { 302: z.undefined().describe("redirect into the app, or to the login page with the reason"), ...errorResponses },
};
