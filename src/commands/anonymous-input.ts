/*
 * Anonymous input: an analyst opens a per-incident link (a random token shown once,
 * revocable, expiring); anyone who was there writes what made it hard, what surprised
 * them and what others should know, without signing in. Nothing identifying is kept:
 * no account, no address, no browser, and only the day it arrived. Each link takes a
 * limited number of submissions per hour.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import {
  countSubmission,
  findAnonymousInput,
  findAnonymousLink,
  insertAnonymousInput,
  insertAnonymousLink,
  listAnonymousInputs,
  listAnonymousLinks,
  liveLinkByHash,
  revokeAnonymousLink,
  type StoredAnonymousLink,
} from "../db/repositories/anonymous-input.js";
import { recordAudit } from "../db/repositories/audit.js";
import { indexAnonymousInput } from "../db/search/search-index.js";
import { findQuote, insertQuote, type StoredQuote } from "../db/repositories/interviews.js";
import { InputError } from "./create-incident.js";
import { assertOnTimeline, type Reader } from "./interviews.js";

/** Submissions one link accepts per clock hour. */
export const ANONYMOUS_SUBMISSIONS_PER_HOUR = 20;
/** How long a link lives unless told otherwise. */
export const DEFAULT_LINK_DAYS = 14;
const TOKEN_PREFIX = "anon_";

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Opens a link; the token is returned once and only its hash is stored. */
export async function createAnonymousLink(store: Store, input: { incidentId: number; expiresInDays: number; reader: Reader }): Promise<{ link: StoredAnonymousLink; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const id = await insertAnonymousLink(trx, { incidentId: input.incidentId, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), createdBy: input.reader.userId, expiresAt: now + input.expiresInDays * 86_400_000 }, now);
    await recordAudit(trx, { actor: input.reader.actor, action: "anonymous_link.create", subjectType: "anonymous_link", subjectId: id, details: { incidentId: input.incidentId, expiresInDays: input.expiresInDays } }, now);
    return { link: (await findAnonymousLink(trx, id)) as StoredAnonymousLink, token };
  });
}

/** Revokes a link (audited); returns whether it was live. */
export async function revokeLink(store: Store, input: { id: number; reader: Reader }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const revoked = await revokeAnonymousLink(trx, input.id, Date.now());
    if (revoked) await recordAudit(trx, { actor: input.reader.actor, action: "anonymous_link.revoke", subjectType: "anonymous_link", subjectId: input.id });
    return revoked;
  });
}

/** What the anonymous page may show about a live link: the incident's title and when the link ends. */
export async function describeLink(store: Store, token: string): Promise<{ incidentTitle: string; expiresAt: number } | undefined> {
  const link = await liveLinkByHash(store.db, hashToken(token), Date.now());
  if (!link) return undefined;
  const incident = await store.db.selectFrom("incidents").select("title").where("id", "=", link.incidentId).executeTakeFirst();
  return incident ? { incidentTitle: incident.title, expiresAt: link.expiresAt } : undefined;
}

/** The outcome of a submission. */
export type SubmissionResult = { kind: "stored" } | { kind: "unknown_link" } | { kind: "rate_limited" };

/** Stores one anonymous input, if the link is live and under its hourly limit. */
export async function submitAnonymousInput(store: Store, input: { token: string; madeItHard?: string | undefined; surprised?: string | undefined; othersShouldKnow?: string | undefined }, now = Date.now()): Promise<SubmissionResult> {
  const fields = { madeItHard: (input.madeItHard ?? "").trim(), surprised: (input.surprised ?? "").trim(), othersShouldKnow: (input.othersShouldKnow ?? "").trim() };
  if (!fields.madeItHard && !fields.surprised && !fields.othersShouldKnow) throw new InputError("write something in at least one of madeItHard, surprised, othersShouldKnow");
  return store.db.transaction().execute(async (trx) => {
    const link = await liveLinkByHash(trx, hashToken(input.token), now);
    if (!link) return { kind: "unknown_link" } as const;
    const count = await countSubmission(trx, link.id, Math.floor(now / 3_600_000));
    if (count > ANONYMOUS_SUBMISSIONS_PER_HOUR) return { kind: "rate_limited" } as const;
    const receivedOn = new Date(now).toISOString().slice(0, 10);
    const inputId = await insertAnonymousInput(trx, { linkId: link.id, incidentId: link.incidentId, ...fields, receivedOn });
    await indexAnonymousInput(trx, inputId);
    // The trail says that input arrived through this link, on this day: never who, from where, or what.
    await recordAudit(trx, { actor: "anonymous", action: "anonymous_input.create", subjectType: "anonymous_link", subjectId: link.id, details: { incidentId: link.incidentId } }, Date.parse(`${receivedOn}T00:00:00Z`));
    return { kind: "stored" } as const;
  });
}

/** Quotes a passage of an anonymous input, anonymously; the passage must be in the input as written. */
export async function quoteAnonymousInput(store: Store, input: { inputId: number; text: string; eventRef: string | null; reader: Reader }): Promise<StoredQuote | undefined> {
  const incidentId = (await findAnonymousInput(store.db, input.inputId))?.incidentId;
  if (incidentId !== undefined) await assertOnTimeline(store.db, incidentId, [{ field: "eventRef", eventRef: input.eventRef }]);
  return store.db.transaction().execute(async (trx) => {
    const source = await findAnonymousInput(trx, input.inputId);
    if (!source) return undefined;
    const text = input.text.trim();
    if (text === "") throw new InputError("text: the quote is empty");
    if (![source.madeItHard, source.surprised, source.othersShouldKnow].some((field) => field.includes(text))) throw new InputError("text: quote a passage of the input as it was written");
    const now = Date.now();
    const id = await insertQuote(trx, { incidentId: source.incidentId, interviewId: null, anonymousInputId: source.id, text, consent: "anonymous", eventRef: input.eventRef }, now);
    await recordAudit(trx, { actor: input.reader.actor, action: "quote.create", subjectType: "quote", subjectId: id, details: { anonymousInputId: source.id, consent: "anonymous" } }, now);
    return (await findQuote(trx, id)) as StoredQuote;
  });
}

/** An incident's links, newest first. */
export function anonymousLinks(db: Db, incidentId: number): Promise<StoredAnonymousLink[]> {
  return listAnonymousLinks(db, incidentId);
}

/** One link, for the policy check before revoking it. */
export function findLink(db: Db, id: number): Promise<StoredAnonymousLink | undefined> {
  return findAnonymousLink(db, id);
}

/** The incident an anonymous input belongs to, for the policy check before quoting it. */
export async function anonymousInputIncident(db: Db, id: number): Promise<number | undefined> {
  return (await findAnonymousInput(db, id))?.incidentId;
}

/** An incident's anonymous inputs, as the analyst reads them. */
export function anonymousInputs(db: Db, incidentId: number): Promise<{ id: number; madeItHard: string; surprised: string; othersShouldKnow: string; receivedOn: string }[]> {
  return listAnonymousInputs(db, incidentId);
}
