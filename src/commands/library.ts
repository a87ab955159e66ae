import { median, round, suppressed } from "../analysis/learning.js";
import { type LibraryQuery, PublishedReviewInput, READERSHIP_PRIVACY_NOTE, type ReadReport, type Readership } from "../core/learning.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { loadPublishedReview } from "../db/repositories/published-reviews.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findIncident } from "../db/repositories/incidents.js";
import { type EntryWithCounts, entryCounts, findEntry, libraryFacets, listEntries, monthOf, type StoredEntry, upsertEntry } from "../db/repositories/library.js";
import { readersOfEntry, readingHistoryOf, recordReads } from "../db/repositories/readership.js";
import { findQuestion, insertAha, insertQuestion, listAhas, listQuestions, reactionsOf, toggleReaction } from "../db/repositories/review-feedback.js";
import type { StoredFollowUp } from "../db/repositories/follow-ups.js";
import { InputError } from "./create-incident.js";
import { followUps } from "./follow-ups.js";

const DAY = 86_400_000;

/**
 * Puts a published review version into the library: what the review's publish step
 * calls. Publishing the same version twice changes nothing. Older versions of the
 * review leave the library list.
 */
export async function recordPublication(store: Store, review: PublishedReviewInput, actor: string): Promise<{ entryId: number; created: boolean }> {
  return store.db.transaction().execute((trx) => addPublicationToLibrary(trx, review, actor));
}

/** {@link recordPublication} inside the caller's transaction (the publish transition's own). */
export async function addPublicationToLibrary(trx: Db, review: PublishedReviewInput, actor: string): Promise<{ entryId: number; created: boolean }> {
  const parsed = PublishedReviewInput.safeParse(review);
  if (!parsed.success) throw new InputError(`published review: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  const keys = parsed.data.sections.map((s) => s.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate) throw new InputError(`published review: sections: key ${JSON.stringify(duplicate)} appears twice`);
  if (!(await findIncident(trx, parsed.data.incidentId))) throw new InputError(`published review: incidentId: no incident ${parsed.data.incidentId}`);
  const { id, created } = await upsertEntry(trx, parsed.data);
  if (created) await recordAudit(trx, { actor, action: "library.publish", subjectType: "library_entry", subjectId: id, details: { incidentId: parsed.data.incidentId, version: parsed.data.version } });
  return { entryId: id, created };
}

/**
 * Adds a version the review model has just published to the library, in the publish
 * transaction, so a published review is never missing from it. Undefined when the
 * version is not published.
 */
export async function publishVersionToLibrary(trx: Db, incidentId: number, version: number, actor: string): Promise<{ entryId: number; created: boolean } | undefined> {
  const review = await loadPublishedReview(trx, incidentId, version);
  return review ? addPublicationToLibrary(trx, review, actor) : undefined;
}

/** The library list: current versions only, filtered and sorted. */
export async function browseLibrary(store: Store, query: LibraryQuery): Promise<{ items: EntryWithCounts[]; total: number; facets: Awaited<ReturnType<typeof libraryFacets>> }> {
  const fromAt = query.from ? Date.parse(`${query.from}T00:00:00Z`) : undefined;
  const toAt = query.to ? Date.parse(`${query.to}T00:00:00Z`) + DAY : undefined;
  const { items, total } = await listEntries(store.db, { q: query.q, service: query.service, team: query.team, tag: query.tag, fromAt, toAt, sort: query.sort, limit: query.limit });
  return { items, total, facets: await libraryFacets(store.db) };
}

/** Everything the reader page needs, before the presenter filters it for the caller. */
export interface ReaderData {
  entry: EntryWithCounts;
  questions: Awaited<ReturnType<typeof listQuestions>>;
  ahas: Awaited<ReturnType<typeof listAhas>>;
  reactions: Awaited<ReturnType<typeof reactionsOf>>;
  /** The follow-ups of the review's incident, as they stand now. */
  followUps: StoredFollowUp[];
}

/** Loads one entry for reading, or undefined when it does not exist. */
export async function readEntry(store: Store, entryId: number, userId: number): Promise<ReaderData | undefined> {
  const entry = await findEntry(store.db, entryId);
  if (!entry) return undefined;
  const counts = await entryCounts(store.db, entryId);
  return {
    entry: { ...entry, ...counts },
    questions: await listQuestions(store.db, entryId),
    ahas: await listAhas(store.db, entryId),
    reactions: await reactionsOf(store.db, entryId, userId),
    followUps: await followUps(store.db, { incidentId: entry.incidentId, limit: 1000 }),
  };
}

function requireSection(entry: StoredEntry, sectionKey: string): void {
  if (!entry.sections.some((s) => s.key === sectionKey)) throw new InputError(`sectionKey: the review has no section ${JSON.stringify(sectionKey)} (it has ${entry.sections.map((s) => s.key).join(", ")})`);
}

/** Asks a question on a section, or replies in a question's thread. */
export async function askQuestion(store: Store, input: { entry: StoredEntry; sectionKey: string; body: string; parentId?: number | undefined; userId: number; actor: string }): Promise<number> {
  requireSection(input.entry, input.sectionKey);
  return store.db.transaction().execute(async (trx) => {
    let parentId: number | null = null;
    if (input.parentId !== undefined) {
      const parent = await findQuestion(trx, input.parentId);
      if (!parent || parent.entryId !== input.entry.id) throw new InputError(`parentId: no question ${input.parentId} on this review`);
      // Threads are one level deep: a reply to a reply joins its question's thread.
      parentId = parent.parentId ?? parent.id;
      if (parent.sectionKey !== input.sectionKey) throw new InputError(`sectionKey: question ${input.parentId} is on section ${JSON.stringify(parent.sectionKey)}`);
    }
    const id = await insertQuestion(trx, { entryId: input.entry.id, sectionKey: input.sectionKey, parentId, authorUserId: input.userId, body: input.body }, Date.now());
    await recordAudit(trx, { actor: input.actor, action: parentId === null ? "library.question" : "library.answer", subjectType: "library_entry", subjectId: input.entry.id, details: { questionId: id, sectionKey: input.sectionKey, parentId } });
    return id;
  });
}

/** Marks a passage "I didn't know that". */
export async function markAha(store: Store, input: { entry: StoredEntry; sectionKey: string; passage: string; note?: string | undefined; userId: number; actor: string }): Promise<number> {
  requireSection(input.entry, input.sectionKey);
  const section = input.entry.sections.find((s) => s.key === input.sectionKey);
  const words = (text: string) => text.replace(/[*_`>#[\]()]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  if (section && !words(section.markdown).includes(words(input.passage))) throw new InputError(`passage: not found in section ${JSON.stringify(input.sectionKey)}`);
  return store.db.transaction().execute(async (trx) => {
    const id = await insertAha(trx, { entryId: input.entry.id, sectionKey: input.sectionKey, passage: input.passage, note: input.note ? input.note : null, authorUserId: input.userId }, Date.now());
    // The audit trail records that a mark was made, not by whom beyond the actor it must name.
    await recordAudit(trx, { actor: input.actor, action: "library.aha", subjectType: "library_entry", subjectId: input.entry.id, details: { ahaId: id, sectionKey: input.sectionKey } });
    return id;
  });
}

/** Toggles a reaction on a section. */
export async function react(store: Store, input: { entry: StoredEntry; sectionKey: string; reaction: string; userId: number; actor: string }): Promise<boolean> {
  requireSection(input.entry, input.sectionKey);
  return store.db.transaction().execute(async (trx) => {
    const on = await toggleReaction(trx, { entryId: input.entry.id, sectionKey: input.sectionKey, userId: input.userId, reaction: input.reaction }, Date.now());
    await recordAudit(trx, { actor: input.actor, action: on ? "library.react" : "library.unreact", subjectType: "library_entry", subjectId: input.entry.id, details: { sectionKey: input.sectionKey, reaction: input.reaction } });
    return on;
  });
}

/**
 * Stores a beacon's reports of reading visits. Not audited one by one: reads are the
 * reader's own business, and the audit trail is readable by admins.
 */
export async function recordReadBeacon(store: Store, userId: number, reports: readonly ReadReport[]): Promise<number> {
  const entryIds = [...new Set(reports.map((r) => r.entryId))];
  const keys = new Map<number, { keys: Set<string>; month: string }>();
  for (const id of entryIds) {
    const entry = await findEntry(store.db, id);
    if (entry) keys.set(id, { keys: new Set(entry.sections.map((s) => s.key)), month: monthOf(entry.publishedAt) });
  }
  return store.db.transaction().execute((trx) => recordReads(trx, userId, reports, (id) => keys.get(id), Date.now()));
}

/**
 * Readership of one entry, as aggregates only (docs/security.md, "Readership"): no
 * user id, name or single read leaves this function; groups of fewer than 3 readers
 * are shown as "fewer than 3".
 */
export async function readershipOf(store: Store, entry: StoredEntry): Promise<Readership> {
  const readers = await readersOfEntry(store.db, entry.id);
  const byDepartment = new Map<string, number>();
  const byTeam = new Map<string, number>();
  const days = new Map<number, number>();
  const reached = new Map<string, number>();
  for (const reader of readers) {
    const department = reader.department ?? "not in the directory";
    byDepartment.set(department, (byDepartment.get(department) ?? 0) + 1);
    for (const team of reader.teams.length > 0 ? reader.teams : ["no team in the directory"]) byTeam.set(team, (byTeam.get(team) ?? 0) + 1);
    const day = Math.max(0, Math.floor((reader.firstReadAt - entry.publishedAt) / DAY));
    days.set(day, (days.get(day) ?? 0) + 1);
    for (const key of reader.sections) reached.set(key, (reached.get(key) ?? 0) + 1);
  }
  const groups = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name, count]) => ({ name, readers: suppressed(count) }));
  const questions = await listQuestions(store.db, entry.id);
  const ahas = await listAhas(store.db, entry.id);
  const sectionCount = entry.sections.length;
  const medianMs = median(readers.map((r) => r.visibleMs));
  const medianShare = median(readers.map((r) => r.sections.size / sectionCount));
  return {
    entryId: entry.id,
    uniqueReaders: readers.length,
    byDepartment: groups(byDepartment),
    byTeam: groups(byTeam),
    medianVisibleSeconds: medianMs === null ? null : Math.round(medianMs / 1000),
    medianShareReached: medianShare === null ? null : round(medianShare, 2),
    // A day with fewer than 3 first reads is shown as such too: a single late reader is recognisable.
    daysToFirstRead: [...days.entries()].sort((a, b) => a[0] - b[0]).map(([d, count]) => ({ days: d, readers: suppressed(count) })),
    sections: entry.sections.map((s) => ({
      key: s.key,
      title: s.title,
      reached: reached.get(s.key) ?? 0,
      questions: questions.filter((q) => q.sectionKey === s.key && q.parentId === null).length,
      ahas: ahas.filter((a) => a.sectionKey === s.key).length,
    })),
    privacy: READERSHIP_PRIVACY_NOTE,
  };
}

/** The caller's own reading history. */
export async function myReading(store: Store, userId: number): ReturnType<typeof readingHistoryOf> {
  return readingHistoryOf(store.db, userId);
}

/** One library entry, or undefined. */
export async function findLibraryEntry(store: Store, entryId: number): Promise<StoredEntry | undefined> {
  return findEntry(store.db, entryId);
}

/** One incident, for the policy check of routes about it. */
export async function findIncidentById(store: Store, id: number): ReturnType<typeof findIncident> {
  return findIncident(store.db, id);
}
