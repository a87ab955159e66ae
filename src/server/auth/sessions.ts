import type {} from "@fastify/cookie";
import type { FastifyReply } from "fastify";
import type { Db } from "../../db/dialect.js";
import { insertSession } from "../../db/repositories/sessions.js";
import { randomSecret, sha256Hex } from "./secrets.js";

/** The session cookie: HttpOnly, so page scripts never see it. */
export const SESSION_COOKIE = "debrief_session";
/** The CSRF cookie: readable by the page, which echoes it in `x-csrf-token`. */
export const CSRF_COOKIE = "debrief_csrf";
/** The header every cookie-authenticated write must carry. */
export const CSRF_HEADER = "x-csrf-token";

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 14 * 86_400_000;
/** …and in any case this long after login. */
export const SESSION_MAX_MS = 30 * 86_400_000;
/** Activity is written at most this often, so reads do not each cost a write. */
export const TOUCH_INTERVAL_MS = 60_000;

/** A session just started: the two secrets go to the browser once and are stored only hashed. */
export interface StartedSession {
  id: number;
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/** Starts a session for an account. */
export async function startSession(db: Db, userId: number, meta: { userAgent: string | null; ip: string | null }, now: number): Promise<StartedSession> {
  const token = randomSecret(32);
  const csrfToken = randomSecret(32);
  const expiresAt = now + SESSION_IDLE_MS;
  const id = await insertSession(
    db,
    { userId, tokenHash: sha256Hex(token), csrfHash: sha256Hex(csrfToken), expiresAt, userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip },
    now,
  );
  return { id, token, csrfToken, expiresAt };
}

/** The expiry a session moves to when it is used at `now`. */
export function slidingExpiry(createdAt: number, now: number): number {
  return Math.min(now + SESSION_IDLE_MS, createdAt + SESSION_MAX_MS);
}

/** Sets both cookies. They live as long as a session can; the server enforces the idle limit. */
export function setSessionCookies(reply: FastifyReply, session: StartedSession, secure: boolean): void {
  const common = { path: "/", sameSite: "lax" as const, secure, maxAge: Math.floor(SESSION_MAX_MS / 1000) };
  reply.setCookie(SESSION_COOKIE, session.token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...common, httpOnly: false });
}

/** Clears both cookies. */
export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", sameSite: "lax", secure, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { path: "/", sameSite: "lax", secure });
}
