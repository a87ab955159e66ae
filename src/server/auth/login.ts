import { setTimeout as sleep } from "node:timers/promises";
import { normalizeEmail } from "../../commands/accounts.js";
import type { Store } from "../../db/connection.js";
import { recordAudit } from "../../db/repositories/audit.js";
import { clearLoginFailures, countLoginFailures, deleteExpiredSessions, recordLoginFailure } from "../../db/repositories/sessions.js";
import { findLoginCandidate, findUserById, type UserAccount } from "../../db/repositories/users.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { sha256Hex } from "./secrets.js";
import type { LoginThrottle } from "./login-throttle.js";
import { type StartedSession, startSession } from "./sessions.js";

/** How logins are slowed. */
export interface LoginSettings {
  passwordCost: number;
  /** Every answer takes at least this long. */
  minDelayMs: number;
  /** Cap on the extra delay for repeated failures. */
  maxPenaltyMs: number;
  /** Attempts in flight per account; one per app. */
  throttle: LoginThrottle;
}

/** Failures older than this no longer slow an e-mail down. */
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Failures within the window that cost nothing extra (typos happen). */
const FREE_FAILURES = 3;

/** The outcome of {@link attemptLogin}. */
export type LoginResult = { ok: true; user: UserAccount; session: StartedSession } | { ok: false; busy?: boolean };

/** The extra wait after `failures` recent failures: none for the first few, then doubling from 250 ms up to the cap. */
export function failurePenaltyMs(failures: number, capMs: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(capMs, 250 * 2 ** (failures - FREE_FAILURES));
}

// One dummy hash per cost, so a missing account costs one scrypt run, as a wrong password does.
const dummyHashes = new Map<number, Promise<string>>();
function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = hashPassword("debrief dummy password", cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/**
 * Checks an e-mail and password and starts a session. Whether the account exists, is
 * disabled, or the password is wrong, the answer is the same `{ok: false}` after the
 * same work (one scrypt run) and at least the same delay; recent failures for the
 * e-mail add more delay. Failures are recorded by SHA-256 of the lower-cased e-mail
 * (never the address itself); success clears them.
 */
export async function attemptLogin(
  store: Store,
  settings: LoginSettings,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const keyHash = sha256Hex(email);
  const now = Date.now();
  // Computed before checking, so a right guess after many wrong ones is no faster to confirm.
  // Attempts still in flight count as failures-to-be, and each answers after the one
  // before it: parallel guesses go no faster than guesses in a row.
  const failures = await countLoginFailures(store.db, keyHash, now - FAILURE_WINDOW_MS);
  const slot = settings.throttle.enter(keyHash, performance.now(), (ahead) => settings.minDelayMs + failurePenaltyMs(failures + ahead, settings.maxPenaltyMs));
  if (slot === null) return { ok: false, busy: true };
  try {
    const result = await checkAndRecord(store, settings, input, email, keyHash, now);
    const wait = slot.answerAt - performance.now();
    if (wait > 0) await sleep(wait);
    return result;
  } finally {
    slot.release();
  }
}

async function checkAndRecord(
  store: Store,
  settings: LoginSettings,
  input: { email: string; password: string; ip: string | null; userAgent: string | null },
  email: string,
  keyHash: string,
  now: number,
): Promise<LoginResult> {
  const candidate = await findLoginCandidate(store.db, email);
  const usable = candidate !== undefined && !candidate.disabled && candidate.passwordHash !== null;
  const matches = await verifyPassword(input.password, usable ? (candidate.passwordHash as string) : await dummyHash(settings.passwordCost));
  const ok = usable && matches;

  return store.db.transaction().execute(async (trx): Promise<LoginResult> => {
    if (!ok) {
      await recordLoginFailure(trx, keyHash, now, now - FAILURE_WINDOW_MS);
      // The audit names the account only when there is one; a mistyped address (or a password typed into the e-mail field) is not kept.
      await recordAudit(trx, { actor: "anonymous", action: "auth.login_failed", subjectType: candidate ? "user" : null, subjectId: candidate?.id ?? null, details: { ip: input.ip } }, now);
      return { ok: false };
    }
    await clearLoginFailures(trx, keyHash);
    await deleteExpiredSessions(trx, now);
    const session = await startSession(trx, candidate.id, { userAgent: input.userAgent, ip: input.ip }, now);
    await recordAudit(trx, { actor: `user:${candidate.id}`, action: "auth.login", subjectType: "session", subjectId: session.id, details: { ip: input.ip } }, now);
    const user = await findUserById(trx, candidate.id);
    if (!user) throw new Error(`account ${candidate.id} vanished`);
    return { ok: true, user, session };
  });
}
