import { sql } from "kysely";
import type { PublishedReviewInput } from "../../core/learning.js";
import type { Db } from "../dialect.js";
import { containsPattern } from "./incident-views.js";

/** A library entry as stored, JSON columns decoded. */
export interface StoredEntry {
  id: number;
  incidentId: number;
  version: number;
  title: string;
  sections: { key: string; title: string; markdown: string }[];
  authors: { userId: number; name: string }[];
  tags: string[];
  services: string[];
  teams: string[];
  publishedAt: number;
  superseded: boolean;
}

/** An entry with its counts, for lists. */
export interface EntryWithCounts extends StoredEntry {
  readers: number;
  questions: number;
  ahas: number;
}

/** `YYYY-MM` of an instant, UTC. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/**
 * Writes a published version into the library (once: publishing the same version again
 * changes nothing) and marks older versions of the review superseded. Returns the
 * entry id and whether it was new.
 */
export async function upsertEntry(trx: Db, review: PublishedReviewInput): Promise<{ id: number; created: boolean }> {
  const existing = await trx.selectFrom("libraryEntries").select("id").where("incidentId", "=", review.incidentId).where("version", "=", review.version).executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const publishedAt = Date.parse(review.publishedAt);
  const searchText = [review.title, ...review.sections.flatMap((s) => [s.title, s.markdown]), ...review.tags, ...review.services, ...review.teams].join("\n").toLowerCase();
  const row = await trx
    .insertInto("libraryEntries")
    .values({
      incidentId: review.incidentId,
      version: review.version,
      title: review.title,
      sections: JSON.stringify(review.sections),
      authors: JSON.stringify(review.authors),
      tags: JSON.stringify(review.tags),
      services: JSON.stringify(review.services),
      teams: JSON.stringify(review.teams),
      searchText,
      publishedAt,
      publishedMonth: monthOf(publishedAt),
      superseded: 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const teams = [...new Set(review.teams)];
  if (teams.length > 0) await trx.insertInto("libraryEntryTeams").values(teams.map((team) => ({ entryId: row.id, team }))).execute();
  const authors = [...new Set(review.authors.map((a) => a.userId))];
  if (authors.length > 0) await trx.insertInto("libraryEntryAuthors").values(authors.map((userId) => ({ entryId: row.id, userId }))).execute();
  await trx.updateTable("libraryEntries").set({ superseded: 1 }).where("incidentId", "=", review.incidentId).where("version", "<", review.version).execute();
  return { id: row.id, created: true };
}

type EntryRow = {
  id: number;
  incidentId: number;
  version: number;
  title: string;
  sections: string;
  authors: string;
  tags: string;
  services: string;
  teams: string;
  publishedAt: number;
  superseded: number;
};

function decode(row: EntryRow): StoredEntry {
  return {
    id: row.id,
    incidentId: row.incidentId,
    version: row.version,
    title: row.title,
    sections: JSON.parse(row.sections) as StoredEntry["sections"],
    authors: JSON.parse(row.authors) as StoredEntry["authors"],
    tags: JSON.parse(row.tags) as string[],
    services: JSON.parse(row.services) as string[],
    teams: JSON.parse(row.teams) as string[],
    publishedAt: Number(row.publishedAt),
    superseded: row.superseded === 1,
  };
}

const ENTRY_COLUMNS = ["e.id", "e.incidentId", "e.version", "e.title", "e.sections", "e.authors", "e.tags", "e.services", "e.teams", "e.publishedAt", "e.superseded"] as const;

/** One entry, or undefined. */
export async function findEntry(db: Db, id: number): Promise<StoredEntry | undefined> {
  const row = await db.selectFrom("libraryEntries as e").select(ENTRY_COLUMNS).where("e.id", "=", id).executeTakeFirst();
  return row ? decode(row) : undefined;
}

/** The current library entry of an incident's review, if published. */
export async function findCurrentEntryOfIncident(db: Db, incidentId: number): Promise<StoredEntry | undefined> {
  const row = await db.selectFrom("libraryEntries as e").select(ENTRY_COLUMNS).where("e.incidentId", "=", incidentId).where("e.superseded", "=", 0).executeTakeFirst();
  return row ? decode(row) : undefined;
}

/** What the library list is filtered by. */
export interface LibraryFilter {
  q?: string | undefined;
  service?: string | undefined;
  team?: string | undefined;
  tag?: string | undefined;
  fromAt?: number | undefined;
  toAt?: number | undefined;
  sort: "newest" | "most_read";
  limit: number;
}

// A JSON string array column contains the value: `"value"` with JSON's escaping, as LIKE.
function jsonArrayContains(value: string): string {
  return containsPattern(JSON.stringify(value));
}

/** The current entries matching the filter, with counts, and how many match in all. */
export async function listEntries(db: Db, filter: LibraryFilter): Promise<{ items: EntryWithCounts[]; total: number }> {
  let query = db.selectFrom("libraryEntries as e").where("e.superseded", "=", 0);
  if (filter.q) {
    for (const word of filter.q.split(/\s+/).filter(Boolean)) query = query.where(sql<boolean>`e.search_text like ${containsPattern(word)} escape '\\'`);
  }
  if (filter.service) query = query.where(sql<boolean>`lower(e.services) like ${jsonArrayContains(filter.service)} escape '\\'`);
  if (filter.tag) query = query.where(sql<boolean>`lower(e.tags) like ${jsonArrayContains(filter.tag)} escape '\\'`);
  if (filter.team) {
    const team = filter.team;
    query = query.where((eb) => eb.exists(eb.selectFrom("libraryEntryTeams as t").select("t.entryId").whereRef("t.entryId", "=", "e.id").where("t.team", "=", team)));
  }
  if (filter.fromAt !== undefined) query = query.where("e.publishedAt", ">=", filter.fromAt);
  if (filter.toAt !== undefined) query = query.where("e.publishedAt", "<", filter.toAt);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  let listed = query.select(ENTRY_COLUMNS).select((eb) => [
    eb.selectFrom("reviewReads as r").whereRef("r.entryId", "=", "e.id").select((x) => x.fn.count<number>("r.userId").distinct().as("n")).as("readers"),
    eb.selectFrom("reviewQuestions as q").whereRef("q.entryId", "=", "e.id").where("q.parentId", "is", null).select((x) => x.fn.countAll<number>().as("n")).as("questions"),
    eb.selectFrom("reviewAhas as a").whereRef("a.entryId", "=", "e.id").select((x) => x.fn.countAll<number>().as("n")).as("ahas"),
  ]);
  listed = filter.sort === "most_read" ? listed.orderBy("readers", "desc").orderBy("e.publishedAt", "desc") : listed.orderBy("e.publishedAt", "desc").orderBy("e.id", "desc");
  const rows = await listed.limit(filter.limit).execute();
  return {
    total: Number(total.n),
    items: rows.map((row) => ({ ...decode(row), readers: Number(row.readers ?? 0), questions: Number(row.questions ?? 0), ahas: Number(row.ahas ?? 0) })),
  };
}

/** Counts of one entry, as {@link listEntries} gives them. */
export async function entryCounts(db: Db, id: number): Promise<{ readers: number; questions: number; ahas: number }> {
  const readers = await db.selectFrom("reviewReads").where("entryId", "=", id).select((eb) => eb.fn.count<number>("userId").distinct().as("n")).executeTakeFirstOrThrow();
  const questions = await db.selectFrom("reviewQuestions").where("entryId", "=", id).where("parentId", "is", null).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const ahas = await db.selectFrom("reviewAhas").where("entryId", "=", id).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { readers: Number(readers.n), questions: Number(questions.n), ahas: Number(ahas.n) };
}

/** Every service, team and tag of the current entries, sorted. */
export async function libraryFacets(db: Db): Promise<{ services: string[]; teams: string[]; tags: string[] }> {
  const rows = await db.selectFrom("libraryEntries").select(["services", "tags"]).where("superseded", "=", 0).execute();
  const services = new Set<string>();
  const tags = new Set<string>();
  for (const row of rows) {
    for (const s of JSON.parse(row.services) as string[]) services.add(s);
    for (const t of JSON.parse(row.tags) as string[]) tags.add(t);
  }
  const teams = await db
    .selectFrom("libraryEntryTeams as t")
    .innerJoin("libraryEntries as e", "e.id", "t.entryId")
    .where("e.superseded", "=", 0)
    .select("t.team")
    .distinct()
    .orderBy("t.team")
    .execute();
  const sort = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
  return { services: sort(services), teams: teams.map((t) => t.team), tags: sort(tags) };
}
