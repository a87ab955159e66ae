/*
 * The interview store. Confidential columns (notes, prompts, links, the transcript,
 * quotes) are read by their own functions only: the planning reads select an explicit
 * column list without them, so a listing can never carry them by accident. Which
 * interviews a user may read in full is decided here too ({@link fullyReadableIds}),
 * from the interviewer and share tables, the same rule the policy layer applies.
 */
import "../interview-schema.js";
import type { Db } from "../dialect.js";
import { incidentChannelMessages } from "./incidents.js";

/** What anyone allowed to plan interviews may see of one. */
export interface InterviewPlanning {
  id: number;
  incidentId: number;
  personId: number | null;
  intervieweeName: string;
  scheduledAt: number | null;
  status: string;
  consent: string | null;
  position: number;
  version: number;
  createdAt: number;
  updatedAt: number;
  interviewers: { id: number; name: string }[];
  sharedWithIds: number[];
}

/** A stored prompt. */
export interface StoredPrompt {
  text: string;
  eventRef: string | null;
}

/** A stored note link. */
export interface StoredLink {
  eventRef: string;
  note: string;
}

/** A stored transcript cue. */
export interface StoredCue {
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}

/** A stored quote. */
export interface StoredQuote {
  id: number;
  incidentId: number;
  interviewId: number | null;
  anonymousInputId: number | null;
  text: string;
  consent: string;
  eventRef: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** The confidential part of an interview: only for its interviewers and named shares. */
export interface InterviewConfidential {
  notes: string;
  prompts: StoredPrompt[];
  links: StoredLink[];
  retentionUntil: number | null;
  transcript: { name: string; format: string; uploadedAt: number; cues: StoredCue[] } | null;
  quotes: StoredQuote[];
  sharedWith: { id: number; name: string }[];
}

const PLANNING_COLUMNS = ["id", "incidentId", "personId", "intervieweeName", "scheduledAt", "status", "consent", "position", "version", "createdAt", "updatedAt"] as const;

async function withPeople(db: Db, rows: Omit<InterviewPlanning, "interviewers" | "sharedWithIds">[]): Promise<InterviewPlanning[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const interviewers = await db
    .selectFrom("interviewInterviewers as ii")
    .innerJoin("users as u", "u.id", "ii.userId")
    .select(["ii.interviewId", "u.id", "u.name"])
    .where("ii.interviewId", "in", ids)
    .orderBy("u.name")
    .execute();
  const shares = await db.selectFrom("interviewShares").select(["interviewId", "userId"]).where("interviewId", "in", ids).execute();
  return rows.map((row) => ({
    ...row,
    interviewers: interviewers.filter((i) => i.interviewId === row.id).map((i) => ({ id: i.id, name: i.name })),
    sharedWithIds: shares.filter((s) => s.interviewId === row.id).map((s) => s.userId),
  }));
}

/** One interview's planning fields, or undefined. */
export async function findInterviewPlanning(db: Db, id: number): Promise<InterviewPlanning | undefined> {
  const row = await db.selectFrom("interviews").select(PLANNING_COLUMNS).where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  return (await withPeople(db, [row]))[0];
}

/** An incident's interviews, planning fields only, in the analyst's order. */
export async function listInterviewPlanning(db: Db, incidentId: number): Promise<InterviewPlanning[]> {
  const rows = await db.selectFrom("interviews").select(PLANNING_COLUMNS).where("incidentId", "=", incidentId).orderBy("position").orderBy("id").execute();
  return withPeople(db, rows);
}

/** Of an incident's interviews, the ids `userId` may read in full: theirs as interviewer, or shared with them by name. */
export async function fullyReadableIds(db: Db, incidentId: number, userId: number): Promise<Set<number>> {
  const own = await db
    .selectFrom("interviews as iv")
    .innerJoin("interviewInterviewers as ii", "ii.interviewId", "iv.id")
    .select("iv.id")
    .where("iv.incidentId", "=", incidentId)
    .where("ii.userId", "=", userId)
    .execute();
  const shared = await db
    .selectFrom("interviews as iv")
    .innerJoin("interviewShares as sh", "sh.interviewId", "iv.id")
    .select("iv.id")
    .where("iv.incidentId", "=", incidentId)
    .where("sh.userId", "=", userId)
    .execute();
  return new Set([...own, ...shared].map((r) => r.id));
}

/** The confidential part of one interview. Callers must have checked who asks. */
export async function readInterviewConfidential(db: Db, id: number): Promise<InterviewConfidential | undefined> {
  const row = await db.selectFrom("interviews").select(["notes", "prompts", "links", "retentionUntil"]).where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const transcript = await db.selectFrom("interviewTranscripts").select(["name", "format", "uploadedAt", "cues"]).where("interviewId", "=", id).executeTakeFirst();
  const sharedWith = await db
    .selectFrom("interviewShares as sh")
    .innerJoin("users as u", "u.id", "sh.userId")
    .select(["u.id", "u.name"])
    .where("sh.interviewId", "=", id)
    .orderBy("u.name")
    .execute();
  return {
    notes: row.notes,
    prompts: JSON.parse(row.prompts) as StoredPrompt[],
    links: JSON.parse(row.links) as StoredLink[],
    retentionUntil: row.retentionUntil,
    transcript: transcript ? { name: transcript.name, format: transcript.format, uploadedAt: transcript.uploadedAt, cues: JSON.parse(transcript.cues) as StoredCue[] } : null,
    quotes: await quotesOfInterview(db, id),
    sharedWith,
  };
}

/** The note links of several interviews (for the synthesis view). Callers must have checked who asks. */
export async function linksOfInterviews(db: Db, ids: readonly number[]): Promise<Map<number, StoredLink[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("interviews").select(["id", "links"]).where("id", "in", [...ids]).execute();
  return new Map(rows.map((r) => [r.id, JSON.parse(r.links) as StoredLink[]]));
}

/** What a new interview is made of. */
export interface NewInterview {
  incidentId: number;
  personId: number | null;
  intervieweeName: string;
  scheduledAt: number | null;
  notes: string;
  prompts: StoredPrompt[];
  createdBy: number;
}

/** Stores an interview at version 1, last in the incident's order, with its creator as interviewer; returns its id. */
export async function insertInterview(db: Db, input: NewInterview, now: number): Promise<number> {
  const last = await db.selectFrom("interviews").select((eb) => eb.fn.max<number>("position").as("position")).where("incidentId", "=", input.incidentId).executeTakeFirst();
  const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
  const row = await db
    .insertInto("interviews")
    .values({
      incidentId: input.incidentId,
      personId: input.personId,
      intervieweeName: input.intervieweeName,
      scheduledAt: input.scheduledAt,
      status: "planned",
      consent: null,
      position,
      notes: input.notes,
      prompts: JSON.stringify(input.prompts),
      links: "[]",
      retentionUntil: null,
      version: 1,
      createdBy: input.createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("interviewInterviewers").values({ interviewId: row.id, userId: input.createdBy }).execute();
  return row.id;
}

/** Fields an interviewer may change. */
export interface InterviewChanges {
  intervieweeName?: string;
  scheduledAt?: number | null;
  status?: string;
  consent?: string | null;
  position?: number;
  notes?: string;
  prompts?: StoredPrompt[];
  links?: StoredLink[];
  retentionUntil?: number | null;
}

/** Writes the changes only if the stored version is still `version` (checked in the statement); returns whether it did. */
export async function updateInterviewIfVersion(db: Db, id: number, version: number, changes: InterviewChanges, now: number): Promise<boolean> {
  const { prompts, links, ...plain } = changes;
  const result = await db
    .updateTable("interviews")
    .set({
      ...plain,
      ...(prompts === undefined ? {} : { prompts: JSON.stringify(prompts) }),
      ...(links === undefined ? {} : { links: JSON.stringify(links) }),
      version: version + 1,
      updatedAt: now,
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the interviewers of an interview. */
export async function setInterviewers(db: Db, id: number, userIds: readonly number[]): Promise<void> {
  await db.deleteFrom("interviewInterviewers").where("interviewId", "=", id).execute();
  await db.insertInto("interviewInterviewers").values(userIds.map((userId) => ({ interviewId: id, userId }))).execute();
}

/** Shares an interview with one account; returns false when it already was. */
export async function insertShare(db: Db, id: number, userId: number, sharedBy: number, now: number): Promise<boolean> {
  const existing = await db.selectFrom("interviewShares").select("userId").where("interviewId", "=", id).where("userId", "=", userId).executeTakeFirst();
  if (existing) return false;
  await db.insertInto("interviewShares").values({ interviewId: id, userId, sharedBy, sharedAt: now }).execute();
  return true;
}

/** Ends a share; returns whether there was one. */
export async function deleteShare(db: Db, id: number, userId: number): Promise<boolean> {
  const result = await db.deleteFrom("interviewShares").where("interviewId", "=", id).where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Stores (or replaces) an interview's transcript. */
export async function putTranscript(db: Db, id: number, transcript: { name: string; format: string; cues: StoredCue[] }, now: number): Promise<void> {
  await db.deleteFrom("interviewTranscripts").where("interviewId", "=", id).execute();
  await db.insertInto("interviewTranscripts").values({ interviewId: id, name: transcript.name, format: transcript.format, cues: JSON.stringify(transcript.cues), uploadedAt: now }).execute();
}

/** Deletes an interview's transcript; returns whether there was one. */
export async function deleteTranscript(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("interviewTranscripts").where("interviewId", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Interviews whose transcript is past its retention date at `now`, optionally only `id`. */
export async function expiredTranscriptIds(db: Db, now: number, id?: number): Promise<number[]> {
  let query = db
    .selectFrom("interviewTranscripts as t")
    .innerJoin("interviews as iv", "iv.id", "t.interviewId")
    .select("t.interviewId")
    .where("iv.retentionUntil", "is not", null)
    .where("iv.retentionUntil", "<=", now);
  if (id !== undefined) query = query.where("t.interviewId", "=", id);
  return (await query.execute()).map((r) => r.interviewId);
}

function quoteSelect(db: Db) {
  return db.selectFrom("interviewQuotes").select(["id", "incidentId", "interviewId", "anonymousInputId", "text", "consent", "eventRef", "version", "createdAt", "updatedAt"]);
}

/** Every quote of one interview, oldest first. Callers must have checked who asks. */
export async function quotesOfInterview(db: Db, interviewId: number): Promise<StoredQuote[]> {
  return quoteSelect(db).where("interviewId", "=", interviewId).orderBy("id").execute();
}

/** One quote. Callers must have checked who asks. */
export async function findQuote(db: Db, id: number): Promise<StoredQuote | undefined> {
  return quoteSelect(db).where("id", "=", id).executeTakeFirst();
}

/**
 * Every quote of an incident that may leave its interview, with its interviewee's name
 * for attributed ones only: an anonymous quote comes back without its interview.
 */
export async function shareableQuotes(db: Db, incidentId: number): Promise<{ id: number; text: string; consent: "anonymous" | "attributed"; attribution: string | null; eventRef: string | null; interviewId: number | null }[]> {
  const rows = await db
    .selectFrom("interviewQuotes as q")
    .leftJoin("interviews as iv", "iv.id", "q.interviewId")
    .select(["q.id", "q.text", "q.consent", "q.eventRef", "q.interviewId", "iv.intervieweeName"])
    .where("q.incidentId", "=", incidentId)
    .where("q.consent", "in", ["anonymous", "attributed"])
    .orderBy("q.id")
    .execute();
  return rows.map((r) => {
    const attributed = r.consent === "attributed" && r.intervieweeName !== null;
    return { id: r.id, text: r.text, consent: attributed ? "attributed" : "anonymous", attribution: attributed ? r.intervieweeName : null, eventRef: r.eventRef, interviewId: attributed ? r.interviewId : null };
  });
}

/** What a new quote is made of. */
export interface NewQuote {
  incidentId: number;
  interviewId: number | null;
  anonymousInputId: number | null;
  text: string;
  consent: string;
  eventRef: string | null;
}

/** Stores a quote at version 1; returns its id. */
export async function insertQuote(db: Db, input: NewQuote, now: number): Promise<number> {
  const row = await db
    .insertInto("interviewQuotes")
    .values({ ...input, version: 1, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Edits a quote if its version is still `version`; returns whether it did. */
export async function updateQuoteIfVersion(db: Db, id: number, version: number, changes: { text?: string; consent?: string; eventRef?: string | null }, now: number): Promise<boolean> {
  const result = await db
    .updateTable("interviewQuotes")
    .set({ ...changes, version: version + 1, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a quote; returns whether it did. */
export async function deleteQuoteRow(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("interviewQuotes").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** A person's messages in an incident's channels (for prompts). */
export async function personMessages(db: Db, incidentId: number, personId: number): Promise<{ id: number; at: number; text: string; subtype: string | null }[]> {
  return incidentChannelMessages(db)
    .innerJoin("identities as i", "i.id", "m.authorIdentityId")
    .where("s.incidentId", "=", incidentId)
    .where("i.personId", "=", personId)
    .select(["m.id", "m.at", "m.text", "m.subtype"])
    .orderBy("m.at")
    .execute();
}

/** A person's transcript cues on an incident (for prompts). */
export async function personCues(db: Db, incidentId: number, personId: number): Promise<{ transcriptId: number; position: number; at: number; text: string }[]> {
  const rows = await db
    .selectFrom("transcriptCues as c")
    .innerJoin("transcripts as t", "t.id", "c.transcriptId")
    .where("t.incidentId", "=", incidentId)
    .where("c.personId", "=", personId)
    .select(["c.transcriptId", "c.position", "c.startMs", "c.text", "t.startedAt", "t.importedAt"])
    .orderBy("c.transcriptId")
    .orderBy("c.position")
    .execute();
  return rows.map((r) => ({ transcriptId: r.transcriptId, position: r.position, at: (r.startedAt ?? r.importedAt) + r.startMs, text: r.text }));
}

/** Event times of messages and log entries by ref, for the synthesis view. */
export async function eventTimes(db: Db, refs: readonly string[]): Promise<Map<string, number>> {
  const messageIds = refs.filter((r) => r.startsWith("message:")).map((r) => Number(r.slice(8)));
  const pageIds = refs.filter((r) => r.startsWith("page:")).map((r) => Number(r.slice(5)));
  const times = new Map<string, number>();
  if (messageIds.length > 0) for (const m of await db.selectFrom("messages").select(["id", "at"]).where("id", "in", messageIds).execute()) times.set(`message:${m.id}`, m.at);
  if (pageIds.length > 0) for (const p of await db.selectFrom("pagerdutyLogEntries").select(["id", "at"]).where("id", "in", pageIds).execute()) times.set(`page:${p.id}`, p.at);
  return times;
}

/**
 * What the search index keeps of one interview: its notes and the notes of its links,
 * and who holds it (each interviewer gets a copy only they can find). Called only by
 * the search index's writer, in the transaction of the change.
 */
export async function interviewSearchText(db: Db, id: number): Promise<{ incidentId: number; personId: number | null; at: number; text: string; interviewerIds: number[] } | undefined> {
  const row = await db.selectFrom("interviews").select(["incidentId", "personId", "scheduledAt", "createdAt", "notes", "links"]).where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const interviewers = await db.selectFrom("interviewInterviewers").select("userId").where("interviewId", "=", id).orderBy("userId").execute();
  const links = JSON.parse(row.links) as StoredLink[];
  return {
    incidentId: row.incidentId,
    personId: row.personId,
    at: Number(row.scheduledAt ?? row.createdAt),
    text: [row.notes, ...links.map((l) => l.note)].filter((t) => t.trim() !== "").join("\n\n"),
    interviewerIds: interviewers.map((i) => i.userId),
  };
}
