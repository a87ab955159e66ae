/*
 * The interview step's use cases: plan interviews from suggestions, keep their
 * confidential record, share one by name, upload and expire transcripts, record
 * quotes with their consent, and put the accounts side by side per key moment.
 * Every write and every read of confidential material is audited, and no audit row
 * ever holds what was written or read: only which fields, ids and counts.
 */
import { interviewPrompts, type OwnMoment, type Prompt } from "../analysis/interview-prompts.js";
import { type Suggestion, suggestInterviewees } from "../analysis/interview-suggestions.js";
import { peopleBreakdown } from "../analysis/people-breakdown.js";
import { KEY_MOMENT_TAGS, quoteMarkdown, readsInFull } from "../core/interviews.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { listAnnotations } from "../db/repositories/annotations.js";
import { recordAudit } from "../db/repositories/audit.js";
import { loadBreakdownInput } from "../db/repositories/breakdown.js";
import {
  deleteQuoteRow,
  deleteShare,
  deleteTranscript,
  eventTimes,
  expiredTranscriptIds,
  findInterviewPlanning,
  findQuote,
  fullyReadableIds,
  type InterviewChanges,
  type InterviewConfidential,
  type InterviewPlanning,
  insertInterview,
  insertQuote,
  insertShare,
  linksOfInterviews,
  listInterviewPlanning,
  personCues,
  personMessages,
  putTranscript,
  quotesOfInterview,
  readInterviewConfidential,
  type StoredLink,
  type StoredQuote,
  setInterviewers,
  shareableQuotes,
  updateInterviewIfVersion,
  updateQuoteIfVersion,
} from "../db/repositories/interviews.js";
import { timelinePage, UnknownTimelineEventError } from "../db/repositories/timeline.js";
import { indexInterview } from "../db/search/search-index.js";
import { findUserById, usersByIds } from "../db/repositories/users.js";
import { parseWebVtt } from "../importers/transcripts/webvtt.js";
import { ImportError } from "../importers/import-error.js";
import { InputError } from "./create-incident.js";

/** Who asks: their account and how they appear in the audit trail. */
export interface Reader {
  userId: number;
  actor: string;
}

/** An interview as its reader may see it: confidential only when they read it in full. */
export interface InterviewRecord {
  planning: InterviewPlanning;
  confidential: InterviewConfidential | null;
}

/** The outcome of a versioned edit. */
export type Versioned<T> = { kind: "done"; value: T } | { kind: "conflict"; current: T } | { kind: "missing" };

/** The interviewer/share lists of an interview, as the confidentiality rule reads them. */
export function accessOf(planning: InterviewPlanning): { interviewerIds: number[]; sharedWithIds: number[] } {
  return { interviewerIds: planning.interviewers.map((i) => i.id), sharedWithIds: planning.sharedWithIds };
}

/** Throws {@link InputError} naming the field unless every event is on the incident's timeline. */
export async function assertOnTimeline(db: Db, incidentId: number, refs: readonly { field: string; eventRef: string | null | undefined }[]): Promise<void> {
  const checked = new Set<string>();
  for (const { field, eventRef } of refs) {
    if (!eventRef || checked.has(eventRef)) continue;
    try {
      await timelinePage(db, incidentId, { around: eventRef, limit: 1 });
    } catch (error) {
      if (error instanceof UnknownTimelineEventError) throw new InputError(`${field}: ${eventRef} is not on incident ${incidentId}'s timeline`);
      throw error;
    }
    checked.add(eventRef);
  }
}

/** Suggested interviewees of an incident, with the interviews already planned with each; undefined for an unknown incident. */
export async function interviewSuggestions(db: Db, incidentId: number): Promise<(Suggestion & { interviewIds: number[] })[] | undefined> {
  const input = await loadBreakdownInput(db, incidentId);
  if (!input) return undefined;
  const breakdown = peopleBreakdown(input);
  const events = [
    ...input.channelEvents.map((e) => ({ ref: `message:${e.id}`, at: e.at, personId: e.personId, pageKind: null })),
    ...input.pageEvents.map((p) => ({ ref: `page:${p.id}`, at: p.at, personId: p.agentPersonId, pageKind: p.kind })),
  ];
  const times = new Map(events.map((e) => [e.ref, e.at]));
  const annotations = (await listAnnotations(db, incidentId)).map((a) => {
    const eventRef = `${a.eventKind}:${a.eventId}`;
    return { id: a.id, eventRef, at: times.get(eventRef) ?? null, tags: a.tags };
  });
  const planned = await listInterviewPlanning(db, incidentId);
  return suggestInterviewees({ breakdown, people: input.people, annotations, events }).map((s) => ({
    ...s,
    interviewIds: planned.filter((i) => i.personId === s.person.id).map((i) => i.id),
  }));
}

/** Prompts for a person on an incident, from their own moments; general ones for someone with no record. */
export async function promptsFor(db: Db, incidentId: number, personId: number | null): Promise<Prompt[]> {
  if (personId === null) return interviewPrompts({ participant: null, moments: [], timezone: null });
  const input = await loadBreakdownInput(db, incidentId);
  const participant = input ? (peopleBreakdown(input).participants.find((p) => p.person.id === personId) ?? null) : null;
  const tagsBy = new Map<string, string[]>();
  for (const a of await listAnnotations(db, incidentId)) {
    const ref = `${a.eventKind}:${a.eventId}`;
    tagsBy.set(ref, [...(tagsBy.get(ref) ?? []), ...a.tags]);
  }
  const moments: OwnMoment[] = [];
  for (const m of await personMessages(db, incidentId, personId)) {
    if (m.subtype === "channel_join" || m.subtype === "channel_leave") continue;
    moments.push({ ref: `message:${m.id}`, at: m.at, text: m.text, tags: tagsBy.get(`message:${m.id}`) ?? [] });
  }
  for (const c of await personCues(db, incidentId, personId)) {
    const ref = `cue:${c.transcriptId}:${c.position}`;
    moments.push({ ref, at: c.at, text: c.text, tags: tagsBy.get(ref) ?? [] });
  }
  const person = await db.selectFrom("people").select("timezone").where("id", "=", personId).executeTakeFirst();
  return interviewPrompts({ participant, moments, timezone: participant?.timezone ?? person?.timezone ?? null });
}

/** Input for {@link createInterview}. */
export interface CreateInterviewInput {
  incidentId: number;
  personId?: number | undefined;
  intervieweeName?: string | undefined;
  scheduledAt?: number | undefined;
  notes?: string | undefined;
  reader: Reader;
}

/** Plans an interview with its creator as interviewer, seeded with prompts from the interviewee's moments. */
export async function createInterview(store: Store, input: CreateInterviewInput): Promise<InterviewRecord> {
  if (input.personId === undefined && input.intervieweeName === undefined) throw new InputError("give personId, or intervieweeName for someone Debrief has no record of");
  return store.db.transaction().execute(async (trx) => {
    let name = input.intervieweeName;
    if (input.personId !== undefined) {
      const person = await trx.selectFrom("people").select(["id", "name"]).where("id", "=", input.personId).executeTakeFirst();
      if (!person) throw new InputError(`personId: no person ${input.personId}`);
      name ??= person.name;
    }
    const now = Date.now();
    const prompts = await promptsFor(trx, input.incidentId, input.personId ?? null);
    const id = await insertInterview(
      trx,
      { incidentId: input.incidentId, personId: input.personId ?? null, intervieweeName: name as string, scheduledAt: input.scheduledAt ?? null, notes: input.notes ?? "", prompts, createdBy: input.reader.userId },
      now,
    );
    await indexInterview(trx, id);
    await recordAudit(trx, { actor: input.reader.actor, action: "interview.create", subjectType: "interview", subjectId: id, details: { incidentId: input.incidentId, personId: input.personId ?? null, notesWritten: (input.notes ?? "") !== "" } }, now);
    return loadRecord(trx, id, input.reader, null);
  });
}

/** An incident's interviews, planning fields only, with whether the reader may open each in full. */
export async function listInterviews(db: Db, incidentId: number, reader: { userId: number; seesAll: boolean }): Promise<{ planning: InterviewPlanning; full: boolean }[]> {
  const all = await listInterviewPlanning(db, incidentId);
  const readable = await fullyReadableIds(db, incidentId, reader.userId);
  // Members see only interviews they hold or were shared; analysts and admins plan with everyone's.
  return all.filter((i) => reader.seesAll || readable.has(i.id)).map((planning) => ({ planning, full: readable.has(planning.id) }));
}

/** The planning fields of one interview (for the policy check before anything else). */
export function interviewPlanning(db: Db, id: number): Promise<InterviewPlanning | undefined> {
  return findInterviewPlanning(db, id);
}

/**
 * One interview for its reader: confidential fields only for interviewers and named
 * shares, and then the read is audited (which parts, never their content). A
 * transcript past its retention date is deleted first, so it is never read late.
 */
export async function readInterview(store: Store, id: number, reader: Reader): Promise<InterviewRecord | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const planning = await findInterviewPlanning(trx, id);
    if (!planning) return undefined;
    if (!readsInFull(reader.userId, accessOf(planning))) return { planning, confidential: null };
    await sweepInterviewTranscripts(trx, Date.now(), id);
    const record = await loadRecord(trx, id, reader, null);
    await recordAudit(trx, { actor: reader.actor, action: "interview.read", subjectType: "interview", subjectId: id, details: { incidentId: planning.incidentId, parts: confidentialParts(record.confidential) } });
    return record;
  });
}

function confidentialParts(confidential: InterviewConfidential | null): string[] {
  if (!confidential) return [];
  const parts = ["notes", "prompts", "links"];
  if (confidential.transcript) parts.push("transcript");
  if (confidential.quotes.length > 0) parts.push("quotes");
  return parts;
}

async function loadRecord(db: Db, id: number, reader: Reader, planning: InterviewPlanning | null): Promise<InterviewRecord> {
  const p = planning ?? (await findInterviewPlanning(db, id));
  if (!p) throw new Error(`interview ${id} vanished`);
  const confidential = readsInFull(reader.userId, accessOf(p)) ? ((await readInterviewConfidential(db, id)) ?? null) : null;
  return { planning: p, confidential };
}

/** Input for {@link updateInterview}: `version` is the one the edit was based on. */
export interface UpdateInterviewInput {
  id: number;
  version: number;
  changes: InterviewChanges & { interviewerIds?: number[] | undefined };
  reader: Reader;
}

/**
 * Edits an interview if nobody changed it since `version`; otherwise reports the
 * conflict with what is stored now and writes nothing. Interviewers must be enabled
 * analyst or admin accounts. The caller has checked that the reader is an interviewer.
 */
export async function updateInterview(store: Store, input: UpdateInterviewInput): Promise<Versioned<InterviewRecord>> {
  const { interviewerIds, ...changes } = input.changes;
  if (interviewerIds !== undefined) {
    const unique = [...new Set(interviewerIds)];
    const accounts = await usersByIds(store.db, unique);
    for (const id of unique) {
      const account = accounts.find((a) => a.id === id);
      if (!account) throw new InputError(`interviewerIds: no account ${id}`);
      if (account.disabled || (account.role !== "analyst" && account.role !== "admin")) throw new InputError(`interviewerIds: account ${id} cannot interview (an enabled analyst or admin account is needed)`);
    }
  }
  if (changes.links) for (const [i, link] of changes.links.entries()) if (link.note.trim() === "") throw new InputError(`links.${i}.note: say what the interview says about the event`);
  if (changes.links) {
    const planning = await findInterviewPlanning(store.db, input.id);
    if (planning) await assertOnTimeline(store.db, planning.incidentId, changes.links.map((l, i) => ({ field: `links.${i}.eventRef`, eventRef: l.eventRef })));
  }
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const written = await updateInterviewIfVersion(trx, input.id, input.version, changes, now);
    const planning = await findInterviewPlanning(trx, input.id);
    if (!planning) return { kind: "missing" };
    if (!written) return { kind: "conflict", current: await loadRecord(trx, input.id, input.reader, planning) };
    if (interviewerIds !== undefined) await setInterviewers(trx, input.id, [...new Set(interviewerIds)]);
    if (changes.notes !== undefined || changes.links !== undefined || interviewerIds !== undefined) await indexInterview(trx, input.id);
    const fields = [...Object.keys(changes).filter((k) => (changes as Record<string, unknown>)[k] !== undefined), ...(interviewerIds ? ["interviewerIds"] : [])];
    await recordAudit(trx, { actor: input.reader.actor, action: "interview.update", subjectType: "interview", subjectId: input.id, details: { incidentId: planning.incidentId, version: input.version + 1, fields } }, now);
    return { kind: "done", value: await loadRecord(trx, input.id, input.reader, null) };
  });
}

/** Shares an interview with one named account (audited); the caller has checked that the reader is an interviewer. */
export async function shareInterview(store: Store, input: { id: number; userId: number; reader: Reader }): Promise<InterviewRecord> {
  const account = await findUserById(store.db, input.userId);
  if (!account || account.disabled) throw new InputError(`userId: no enabled account ${input.userId}`);
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const added = await insertShare(trx, input.id, input.userId, input.reader.userId, now);
    if (added) await recordAudit(trx, { actor: input.reader.actor, action: "interview.share", subjectType: "interview", subjectId: input.id, details: { sharedWithUserId: input.userId } }, now);
    return loadRecord(trx, input.id, input.reader, null);
  });
}

/** Ends a share (audited). */
export async function unshareInterview(store: Store, input: { id: number; userId: number; reader: Reader }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const removed = await deleteShare(trx, input.id, input.userId);
    if (removed) await recordAudit(trx, { actor: input.reader.actor, action: "interview.unshare", subjectType: "interview", subjectId: input.id, details: { userId: input.userId } });
    return removed;
  });
}

/** Stores the uploaded WebVTT transcript of an interview (replacing any); bad files name the line at fault. */
export async function uploadInterviewTranscript(store: Store, input: { id: number; name: string; content: string; reader: Reader }): Promise<InterviewRecord> {
  let parsed;
  try {
    parsed = parseWebVtt(input.content, input.name);
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
  if (parsed.cues.length === 0) throw new InputError(`${input.name}: the transcript has no cues`);
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    await putTranscript(trx, input.id, { name: input.name, format: parsed.format, cues: parsed.cues.map((c) => ({ startMs: c.startMs, endMs: c.endMs, speaker: c.speaker, text: c.text })) }, now);
    await recordAudit(trx, { actor: input.reader.actor, action: "interview.transcript_upload", subjectType: "interview", subjectId: input.id, details: { cues: parsed.cues.length, format: parsed.format } }, now);
    return loadRecord(trx, input.id, input.reader, null);
  });
}

/** Deletes an interview's transcript at the interviewer's request. */
export async function removeInterviewTranscript(store: Store, input: { id: number; reader: Reader }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const removed = await deleteTranscript(trx, input.id);
    if (removed) await recordAudit(trx, { actor: input.reader.actor, action: "interview.transcript_delete", subjectType: "interview", subjectId: input.id, details: { reason: "interviewer" } });
    return removed;
  });
}

/**
 * Deletes every transcript past its interview's retention date (or only interview
 * `id`'s), auditing each; returns the interviews whose transcript went. Runs at every
 * confidential read and from `debrief interviews sweep`, so a late sweep never lets a
 * transcript be read after its date.
 */
export async function sweepInterviewTranscripts(db: Db, now: number, id?: number): Promise<number[]> {
  const ids = await expiredTranscriptIds(db, now, id);
  for (const interviewId of ids) {
    await deleteTranscript(db, interviewId);
    await recordAudit(db, { actor: "system", action: "interview.transcript_delete", subjectType: "interview", subjectId: interviewId, details: { reason: "retention" } }, now);
  }
  return ids;
}

/** Sweeps expired transcripts in a transaction of its own. */
export function sweepExpiredTranscripts(store: Store, now = Date.now()): Promise<number[]> {
  return store.db.transaction().execute((trx) => sweepInterviewTranscripts(trx, now));
}

/** Records a quote from an interview with its consent (the caller has checked the reader is an interviewer). */
export async function createQuote(store: Store, input: { interviewId: number; incidentId: number; text: string; consent: string; eventRef: string | null; reader: Reader }): Promise<StoredQuote> {
  if (input.text.trim() === "") throw new InputError("text: the quote is empty");
  await assertOnTimeline(store.db, input.incidentId, [{ field: "eventRef", eventRef: input.eventRef }]);
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const id = await insertQuote(trx, { incidentId: input.incidentId, interviewId: input.interviewId, anonymousInputId: null, text: input.text.trim(), consent: input.consent, eventRef: input.eventRef }, now);
    await recordAudit(trx, { actor: input.reader.actor, action: "quote.create", subjectType: "quote", subjectId: id, details: { interviewId: input.interviewId, consent: input.consent } }, now);
    return (await findQuote(trx, id)) as StoredQuote;
  });
}

/** Edits a quote (text, consent, moment) if its version is still `version`. */
export async function updateQuote(store: Store, input: { id: number; version: number; changes: { text?: string | undefined; consent?: string | undefined; eventRef?: string | null | undefined }; reader: Reader }): Promise<Versioned<StoredQuote>> {
  const changes = Object.fromEntries(Object.entries(input.changes).filter(([, v]) => v !== undefined)) as { text?: string; consent?: string; eventRef?: string | null };
  if (changes.text !== undefined && changes.text.trim() === "") throw new InputError("text: the quote is empty");
  if (changes.eventRef) {
    const quote = await findQuote(store.db, input.id);
    if (quote) await assertOnTimeline(store.db, quote.incidentId, [{ field: "eventRef", eventRef: changes.eventRef }]);
  }
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const written = await updateQuoteIfVersion(trx, input.id, input.version, changes, now);
    const current = await findQuote(trx, input.id);
    if (!current) return { kind: "missing" };
    if (!written) return { kind: "conflict", current };
    await recordAudit(trx, { actor: input.reader.actor, action: "quote.update", subjectType: "quote", subjectId: input.id, details: { interviewId: current.interviewId, consent: current.consent, fields: Object.keys(changes) } }, now);
    return { kind: "done", value: current };
  });
}

/** Deletes a quote (audited, without its text). */
export async function deleteQuote(store: Store, input: { id: number; reader: Reader }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const before = await findQuote(trx, input.id);
    if (!before) return false;
    await deleteQuoteRow(trx, input.id);
    await recordAudit(trx, { actor: input.reader.actor, action: "quote.delete", subjectType: "quote", subjectId: input.id, details: { interviewId: before.interviewId } });
    return true;
  });
}

/** A quote's interview, for the policy check; anonymous-input quotes have none. */
export async function quoteWithInterview(db: Db, id: number): Promise<{ quote: StoredQuote; planning: InterviewPlanning | null } | undefined> {
  const quote = await findQuote(db, id);
  if (!quote) return undefined;
  return { quote, planning: quote.interviewId === null ? null : ((await findInterviewPlanning(db, quote.interviewId)) ?? null) };
}

/** A consented quote ready for the review. */
export interface ReviewQuoteItem {
  id: number;
  text: string;
  consent: "anonymous" | "attributed";
  attribution: string | null;
  eventRef: string | null;
  markdown: string;
}

/** The quotes of an incident that may go into its review, each as ready Markdown. */
export async function reviewQuotes(db: Db, incidentId: number): Promise<ReviewQuoteItem[]> {
  return (await shareableQuotes(db, incidentId)).map((q) => ({ id: q.id, text: q.text, consent: q.consent, attribution: q.attribution, eventRef: q.eventRef, markdown: quoteMarkdown(q.text, q.attribution) }));
}

/** One key moment with what each account says about it. */
export interface SynthesisMomentItem {
  annotationId: number;
  eventRef: string;
  tags: string[];
  note: string;
  quote: string | null;
  at: number | null;
  accounts: { interviewId: number | null; source: string; notes: string[]; quotes: { text: string; consent: string }[] }[];
}

/**
 * The side-by-side view: for each annotation tagged key moment, decision, detection,
 * diagnosis or repair, what each interview says about its event. From interviews the
 * reader holds (or was shared), linked notes and every quote; from the others, only
 * consented quotes, anonymous ones without their interview. Audited when it showed the
 * reader confidential material.
 */
export async function interviewSynthesis(store: Store, incidentId: number, reader: Reader): Promise<SynthesisMomentItem[]> {
  return store.db.transaction().execute(async (trx) => {
    const moments = (await listAnnotations(trx, incidentId)).filter((a) => a.tags.some((t) => (KEY_MOMENT_TAGS as readonly string[]).includes(t)));
    const planning = await listInterviewPlanning(trx, incidentId);
    const names = new Map(planning.map((p) => [p.id, p.intervieweeName]));
    const readable = [...(await fullyReadableIds(trx, incidentId, reader.userId))];
    const links = await linksOfInterviews(trx, readable);
    const ownQuotes = new Map<number, StoredQuote[]>();
    for (const id of readable) ownQuotes.set(id, await quotesOfInterview(trx, id));
    const shared = (await shareableQuotes(trx, incidentId)).filter((q) => q.interviewId === null || !readable.includes(q.interviewId));
    const times = await eventTimes(trx, moments.map((m) => `${m.eventKind}:${m.eventId}`));
    const used = new Set<number>();
    const result = moments.map((m) => {
      const eventRef = `${m.eventKind}:${m.eventId}`;
      const accounts: SynthesisMomentItem["accounts"] = [];
      for (const id of readable) {
        const notes = (links.get(id) ?? []).filter((l: StoredLink) => l.eventRef === eventRef).map((l) => l.note);
        const quotes = (ownQuotes.get(id) ?? []).filter((q) => q.eventRef === eventRef).map((q) => ({ text: q.text, consent: q.consent }));
        if (notes.length === 0 && quotes.length === 0) continue;
        used.add(id);
        accounts.push({ interviewId: id, source: names.get(id) ?? "interview", notes, quotes });
      }
      const others = shared.filter((q) => q.eventRef === eventRef);
      const byKey = new Map<string, SynthesisMomentItem["accounts"][number]>();
      for (const q of others) {
        const key = q.interviewId === null ? "anonymous" : `interview:${q.interviewId}`;
        const account = byKey.get(key) ?? { interviewId: q.interviewId, source: q.attribution ?? "anonymous", notes: [], quotes: [] };
        account.quotes.push({ text: q.text, consent: q.consent });
        byKey.set(key, account);
      }
      accounts.push(...byKey.values());
      return { annotationId: m.id, eventRef, tags: m.tags, note: m.note, quote: m.quote, at: times.get(eventRef) ?? null, accounts };
    });
    if (used.size > 0) await recordAudit(trx, { actor: reader.actor, action: "interview.synthesis_read", subjectType: "incident", subjectId: incidentId, details: { interviewIds: [...used].sort((a, b) => a - b) } });
    return result;
  });
}

