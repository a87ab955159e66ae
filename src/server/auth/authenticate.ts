import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isRole } from "../../commands/accounts.js";
import { findApiTokenByHash, touchApiToken } from "../../db/repositories/api-tokens.js";
import { findSessionByTokenHash, touchSession } from "../../db/repositories/sessions.js";
import type { ServerContext } from "../context.js";
import { AccessDenied } from "../errors.js";
import type { Principal } from "../policies/policies.js";
import { API_TOKEN_PREFIX, sameDigest, sha256Hex } from "./secrets.js";
import { CSRF_HEADER, SESSION_COOKIE, slidingExpiry, TOUCH_INTERVAL_MS } from "./sessions.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in account, or null; set before the body is read. */
    principal: Principal | null;
  }
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const BEARER = new RegExp(`^Bearer (${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43})$`);

/**
 * Identifies the caller of every `/api/` request before its body is read, so an
 * anonymous upload is refused before a byte of it is stored: an `Authorization:
 * Bearer` API token, else the session cookie. Non-public routes answer 401 without
 * one; cookie-authenticated writes need the CSRF header.
 */
export function registerAuthentication(app: FastifyInstance, context: ServerContext): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request) => {
    const isPublic = request.routeOptions.config?.public === true;
    // Unknown API paths (no route, or only the web UI's catch-all) answer 404 or 405 whoever asks: the route list is public in the OpenAPI document anyway.
    if (!request.routeOptions.url?.startsWith("/api/")) return;
    let principal: Principal | null;
    try {
      principal = await identify(context, request);
    } catch (error) {
      if (isPublic) return;
      throw error;
    }
    request.principal = principal;
    if (isPublic) return;
    if (!principal) throw new AccessDenied(401, "authentication required", { action: "auth.required", reason: "no session or API token" });
    // A reading beacon (`navigator.sendBeacon`) cannot set headers: its route checks the token in the body instead.
    if (principal.via === "session" && WRITES.has(request.method) && request.routeOptions.config?.csrfInBody !== true) checkCsrf(request, principal, request.headers[CSRF_HEADER]);
  });
}

async function identify(context: ServerContext, request: FastifyRequest): Promise<Principal | null> {
  const now = Date.now();
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    // A request that names a token is judged by that token alone, never by a cookie beside it.
    const token = BEARER.exec(authorization)?.[1];
    const found = token ? await findApiTokenByHash(context.store.db, sha256Hex(token), now) : undefined;
    if (!found || found.user.disabled || !isRole(found.user.role)) throw new AccessDenied(401, "invalid API token", { action: "auth.token", reason: token ? "unknown, revoked or expired token" : "malformed Authorization header" });
    if (found.lastUsedAt === null || now - found.lastUsedAt >= TOUCH_INTERVAL_MS) await touchApiToken(context.store.db, found.id, now);
    return { userId: found.user.id, email: found.user.email, name: found.user.name, role: found.user.role, via: "token", sessionId: null, tokenId: found.id };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const session = await findSessionByTokenHash(context.store.db, sha256Hex(cookie), now);
  if (!session || session.user.disabled || !isRole(session.user.role)) return null;
  if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) await touchSession(context.store.db, session.id, now, slidingExpiry(session.createdAt, now));
  // The CSRF hash rides along for the write check below.
  csrfHashes.set(request, session.csrfHash);
  return { userId: session.user.id, email: session.user.email, name: session.user.name, role: session.user.role, via: "session", sessionId: session.id, tokenId: null };
}

const csrfHashes = new WeakMap<FastifyRequest, string>();

/**
 * For routes marked `csrfInBody`: checks the CSRF token the body carries, as the header
 * check does for every other write. API tokens need none.
 */
export function checkCsrfInBody(request: FastifyRequest, principal: Principal, token: string | undefined): void {
  // The header still works for callers that can send it.
  if (principal.via === "session") checkCsrf(request, principal, token ?? request.headers[CSRF_HEADER]);
}

function checkCsrf(request: FastifyRequest, principal: Principal, header: string | string[] | undefined): void {
  const expected = csrfHashes.get(request);
  if (typeof header === "string" && header.length > 0 && header.length <= 200 && expected && sameDigest(sha256Hex(header), expected)) return;
  throw new AccessDenied(403, "csrf token missing or invalid", { action: "csrf", reason: header ? "x-csrf-token does not match the session" : "no x-csrf-token header", subjectType: "session", subjectId: principal.sessionId });
}
