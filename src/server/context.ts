import type { Store } from "../db/connection.js";
import type { LoginThrottle } from "./auth/login-throttle.js";
import type { OidcProvider } from "./auth/oidc.js";

/** What every route needs beyond the request: the store and the settings buildApp was given. */
export interface ServerContext {
  store: Store;
  /** scrypt cost N for new password hashes. */
  passwordCost: number;
  /** Every login answer takes at least this long, found or not, right or wrong. */
  minLoginDelayMs: number;
  /** Cap on the extra delay repeated failures for one e-mail add. */
  maxLoginPenaltyMs: number;
  /** Login attempts in flight per account, so parallel guesses are slowed like sequential ones. */
  loginThrottle: LoginThrottle;
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies: boolean;
  /** Where uploads are streamed before their import job runs. */
  uploadDir: string;
  /** The largest file one upload may carry. */
  maxUploadBytes: number;
  /** The company's identity provider, when sign-in through it is configured. */
  oidc: OidcProvider | null;
  /** Whether accounts may sign in with a local password. */
  passwordLogin: boolean;
  /** Whether the import runner has a Slack bot token (the token itself is not here). */
  slackSyncAvailable: boolean;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Reachable without signing in (login, health, the OpenAPI document). */
    public?: boolean;
    /** The CSRF token is in the JSON body (`csrf`), checked by the route: for `navigator.sendBeacon`, which cannot set headers. */
    csrfInBody?: boolean;
  }
}
