import { type RawBuilder, sql } from "kysely";
import type { ParsedSearch, SearchClause } from "../../analysis/search-query.js";
import type { SearchFilters, SearchSource } from "../../core/search.js";
import type { Db, DialectName } from "../dialect.js";

/*
 * Full-text search's read side, and the one place where SQLite and PostgreSQL differ
 * for it: how a parsed query becomes an FTS5 MATCH or a tsquery, how hits are ranked
 * (FTS5's bm25, PostgreSQL's ts_rank) and how snippets are cut (snippet(), ts_headline).
 * Everything else — joins to incidents, filters, visibility — is shared SQL.
 */

/** Marks around matched words in snippets; split into parts before leaving the server. */
export const HIT_START = "\u27e6";
export const HIT_END = "\u27e7";

/**
 * What the caller may see, decided by the policy layer (src/server/policies) and
 * applied in SQL: which sources, only published incidents or all, and which search
 * documents by audience. `documentRule` lets a feature add its own rule over the
 * documents alias `d` (for example interview notes visible to their interviewer).
 */
export interface SearchVisibility {
  userId: number | null;
  publishedOnly: boolean;
  sources: readonly SearchSource[];
  /** Analysts and admins see documents meant for analysts (anonymous input). */
  seesAnalystDocuments: boolean;
  /** Members and up see documents meant for members (review drafts); absent is no. */
  seesDrafts?: boolean;
  documentRule?: RawBuilder<boolean>;
}

/** One hit before presentation. */
export interface StoredHit {
  source: SearchSource;
  incidentId: number;
  incidentTitle: string;
  incidentStatus: string;
  eventKind: string;
  eventId: string;
  at: number;
  personId: number | null;
  personName: string | null;
  /** Higher is better, comparable across sources of one query. */
  rank: number;
  /** Text with {@link HIT_START}/{@link HIT_END} around matched words. */
  snippet: string;
}

/** FTS5 query text: every clause quoted, so no user input is read as FTS5 syntax. */
export function fts5Query(query: ParsedSearch): string {
  const clause = (c: SearchClause) => (c.kind === "term" ? `"${c.word}"` : c.kind === "prefix" ? `"${c.word}"*` : `"${c.words.join(" ")}"`);
  const must = query.must.map(clause).join(" AND ");
  return query.not.length === 0 ? must : `(${must})${query.not.map((c) => ` NOT ${clause(c)}`).join("")}`;
}

/** PostgreSQL tsquery text (for `to_tsquery('english', …)`); words hold only letters and digits. */
export function tsQuery(query: ParsedSearch): string {
  const clause = (c: SearchClause) => (c.kind === "term" ? `'${c.word}'` : c.kind === "prefix" ? `'${c.word}':*` : `(${c.words.map((w) => `'${w}'`).join(" <-> ")})`);
  return [...query.must.map(clause), ...query.not.map((c) => `!${clause(c)}`)].join(" & ");
}

/** Searches messages and documents; best `limit` hits, best first. */
export async function searchStore(db: Db, dialect: DialectName, query: ParsedSearch, filters: SearchFilters, visibility: SearchVisibility, limit: number): Promise<StoredHit[]> {
  const allowed = (source: SearchSource) => visibility.sources.includes(source) && (!filters.sources || filters.sources.includes(source));
  const documentKinds = visibility.sources.filter((s) => s !== "message" && allowed(s));
  const [messages, documents] = await Promise.all([
    allowed("message") ? messageHits(db, dialect, query, filters, visibility, limit) : Promise.resolve([]),
    documentKinds.length > 0 ? documentHits(db, dialect, query, filters, visibility, documentKinds, limit) : Promise.resolve([]),
  ]);
  return [...messages, ...documents].sort((a, b) => b.rank - a.rank || b.at - a.at).slice(0, limit);
}

function commonFilters(filters: SearchFilters, visibility: SearchVisibility, refs: { incident: string; at: string; person: string }): RawBuilder<unknown>[] {
  const incident = sql.ref(refs.incident);
  const at = sql.ref(refs.at);
  const person = sql.ref(refs.person);
  const where: RawBuilder<unknown>[] = [];
  if (visibility.publishedOnly) where.push(sql`i.status = 'published'`);
  if (filters.incidentId !== undefined) where.push(sql`${incident} = ${filters.incidentId}`);
  if (filters.personId !== undefined) where.push(sql`${person} = ${filters.personId}`);
  if (filters.from !== undefined) where.push(sql`${at} >= ${filters.from}`);
  if (filters.to !== undefined) where.push(sql`${at} <= ${filters.to}`);
  if (filters.team !== undefined) {
    where.push(sql`exists (select 1 from team_memberships tm join teams t on t.id = tm.team_id
      where tm.person_id = ${person} and t.name = ${filters.team} and tm.from_at <= ${at} and (tm.to_at is null or tm.to_at > ${at}))`);
  }
  if (filters.service !== undefined) {
    where.push(sql`exists (select 1 from incident_services isv join services sv on sv.id = isv.service_id where isv.incident_id = ${incident} and sv.name = ${filters.service})`);
  }
  return where;
}

/**
 * Runs a ranked query on the best few candidates first (the FTS index's own top-k,
 * which is what makes the raw query fast), and on every match only when filters or
 * visibility left fewer than `limit` of them. Exact either way: when `limit` hits
 * survive among the best candidates, nothing outside them can rank higher.
 */
async function bestFirst<T>(run: (candidates: number | null) => Promise<T[]>, limit: number): Promise<T[]> {
  const first = await run(limit * 4);
  return first.length >= limit ? first : run(null);
}

const tagPattern = (tag: string) => `%${JSON.stringify(tag)}%`;

async function messageHits(db: Db, dialect: DialectName, query: ParsedSearch, filters: SearchFilters, visibility: SearchVisibility, limit: number): Promise<StoredHit[]> {
  const where = commonFilters(filters, visibility, { incident: "s.incident_id", at: "m.at", person: "a.person_id" });
  if (filters.tag !== undefined) {
    where.push(sql`exists (select 1 from annotations an where an.incident_id = s.incident_id and an.event_kind = 'message' and an.event_id = cast(m.id as text) and an.tags like ${tagPattern(filters.tag)})`);
  }
  const conditions = where.length > 0 ? sql`and ${sql.join(where, sql` and `)}` : sql``;
  const joins = sql`join messages m on m.id = h.id
    join incident_sources s on s.kind = 'slack_channel' and s.conversation_id = m.conversation_id and (s.from_at is null or m.at >= s.from_at) and (s.to_at is null or m.at <= s.to_at)
    join incidents i on i.id = s.incident_id
    left join identities a on a.id = m.author_identity_id
    left join people p on p.id = a.person_id`;
  type Row = { id: number; score: number; at: number; incidentId: number; title: string; status: string; personId: number | null; personName: string | null; authorName: string | null };
  let rows: Row[];
  let snippets: Map<number, string>;
  if (dialect === "sqlite") {
    const match = fts5Query(query);
    // On the fast path the snippets are cut in the same pass over the best candidates
    // (FTS5 hands them out in rank order); the full path cuts them afterwards.
    const run = async (candidates: number | null) =>
      (
        await sql<Row & { snippet: string | null }>`with h as (select rowid as id, bm25(messages_fts) as score,
            ${candidates === null ? sql`null` : sql`snippet(messages_fts, 0, ${HIT_START}, ${HIT_END}, '…', 24)`} as snippet
            from messages_fts where messages_fts match ${match} ${candidates === null ? sql`` : sql`order by rank limit ${candidates}`})
          select h.id, h.score, h.snippet, m.at, s.incident_id, i.title, i.status, a.person_id, p.name as person_name, coalesce(a.display_name, m.author_name) as author_name
          from h ${joins} where 1 = 1 ${conditions} order by h.score, m.at desc limit ${limit}`.execute(db)
      ).rows;
    const found = await bestFirst(run, limit);
    rows = found;
    const cut = found.filter((r) => r.snippet !== null);
    snippets = cut.length === found.length ? new Map(cut.map((r) => [Number(r.id), r.snippet as string])) : await sqliteSnippets(db, "messages_fts", match, found.map((r) => Number(r.id)));
  } else {
    const tsq = tsQuery(query);
    const run = async (candidates: number | null) =>
      (
        await sql<Row>`with q as (select to_tsquery('english', ${tsq}) as q),
          h as (select mm.id, -ts_rank(to_tsvector('english', mm.text), q.q) as score from messages mm, q where to_tsvector('english', mm.text) @@ q.q ${candidates === null ? sql`` : sql`order by 2 limit ${candidates}`})
          select h.id, h.score, m.at, s.incident_id, i.title, i.status, a.person_id, p.name as person_name, coalesce(a.display_name, m.author_name) as author_name
          from h ${joins} where 1 = 1 ${conditions} order by h.score, m.at desc limit ${limit}`.execute(db)
      ).rows;
    rows = await bestFirst(run, limit);
    snippets = await postgresSnippets(db, sql`select id, text as body from messages`, tsq, rows.map((r) => Number(r.id)));
  }
  return rows.map((r) => ({
    source: "message" as const,
    incidentId: Number(r.incidentId),
    incidentTitle: r.title,
    incidentStatus: r.status,
    eventKind: "message",
    eventId: String(r.id),
    at: Number(r.at),
    personId: r.personId === null ? null : Number(r.personId),
    personName: r.personName ?? r.authorName,
    rank: -Number(r.score),
    snippet: snippets.get(Number(r.id)) ?? "",
  }));
}

async function documentHits(db: Db, dialect: DialectName, query: ParsedSearch, filters: SearchFilters, visibility: SearchVisibility, kinds: readonly SearchSource[], limit: number): Promise<StoredHit[]> {
  const where = commonFilters(filters, visibility, { incident: "d.incident_id", at: "d.at", person: "d.person_id" });
  where.push(sql`d.kind in (${sql.join(kinds)})`);
  // Audience: everyone who may read the incident, members and up, analysts only, or the owner only.
  const audience = [sql`d.audience = 'incident'`];
  if (visibility.seesDrafts === true) audience.push(sql`d.audience = 'members'`);
  if (visibility.seesAnalystDocuments) audience.push(sql`d.audience = 'analysts'`);
  if (visibility.userId !== null) audience.push(sql`(d.audience = 'owner' and d.owner_user_id = ${visibility.userId})`);
  where.push(sql`(${sql.join(audience, sql` or `)})`);
  if (visibility.documentRule) where.push(visibility.documentRule);
  if (filters.tag !== undefined) {
    const pattern = tagPattern(filters.tag);
    where.push(sql`(d.tags like ${pattern} or exists (select 1 from annotations an where an.incident_id = d.incident_id and an.event_kind = d.event_kind and an.event_id = d.event_id and an.tags like ${pattern}))`);
  }
  const conditions = sql`and ${sql.join(where, sql` and `)}`;
  const joins = sql`join search_documents d on d.id = h.id join incidents i on i.id = d.incident_id left join people p on p.id = d.person_id`;
  type Row = { id: number; score: number; at: number; incidentId: number; title: string; status: string; personId: number | null; personName: string | null; kind: string; eventKind: string | null; eventId: string | null };
  let rows: Row[];
  let snippets: Map<number, string>;
  const select = sql`select h.id, h.score, d.at, d.incident_id, i.title, i.status, d.person_id, p.name as person_name, d.kind, d.event_kind, d.event_id`;
  if (dialect === "sqlite") {
    const match = fts5Query(query);
    rows = (
      await sql<Row>`with h as (select rowid as id, bm25(search_documents_fts) as score from search_documents_fts where search_documents_fts match ${match})
        ${select} from h ${joins} where 1 = 1 ${conditions} order by h.score, d.at desc limit ${limit}`.execute(db)
    ).rows;
    snippets = await sqliteSnippets(db, "search_documents_fts", match, rows.map((r) => Number(r.id)));
  } else {
    const tsq = tsQuery(query);
    rows = (
      await sql<Row>`with q as (select to_tsquery('english', ${tsq}) as q),
        h as (select dd.id, -ts_rank(dd.tsv, q.q) as score from search_documents dd, q where dd.tsv @@ q.q)
        ${select} from h ${joins} where 1 = 1 ${conditions} order by h.score, d.at desc limit ${limit}`.execute(db)
    ).rows;
    snippets = await postgresSnippets(db, sql`select id, body from search_documents`, tsq, rows.map((r) => Number(r.id)));
  }
  return rows.map((r) => ({
    source: r.kind as SearchSource,
    incidentId: Number(r.incidentId),
    incidentTitle: r.title,
    incidentStatus: r.status,
    eventKind: r.eventKind ?? "",
    eventId: r.eventId ?? "",
    at: Number(r.at),
    personId: r.personId === null ? null : Number(r.personId),
    personName: r.personName,
    rank: -Number(r.score),
    snippet: snippets.get(Number(r.id)) ?? "",
  }));
}

/** Snippets for the returned rows only: FTS5's snippet() needs the MATCH again. */
async function sqliteSnippets(db: Db, table: "messages_fts" | "search_documents_fts", match: string, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (
    await sql<{ id: number; snippet: string }>`select rowid as id, snippet(${sql.table(table)}, 0, ${HIT_START}, ${HIT_END}, '…', 24) as snippet
      from ${sql.table(table)} where ${sql.table(table)} match ${match} and rowid in (${sql.join(ids)})`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [Number(r.id), r.snippet]));
}

/** ts_headline is costly: it runs on the returned rows only. */
async function postgresSnippets(db: Db, from: RawBuilder<unknown>, tsq: string, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const options = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=24, MinWords=10, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`;
  const rows = (
    await sql<{ id: number; snippet: string }>`select x.id, ts_headline('english', x.body, to_tsquery('english', ${tsq}), ${options}) as snippet
      from (${from}) x where x.id in (${sql.join(ids)})`.execute(db)
  ).rows;
  return new Map(rows.map((r) => [Number(r.id), r.snippet]));
}

/** The raw FTS query alone (no joins, filters or snippets): the benchmark's baseline. */
export async function rawFullTextQuery(db: Db, dialect: DialectName, query: ParsedSearch, limit: number): Promise<number[]> {
  if (dialect === "sqlite") {
    const rows = (await sql<{ id: number }>`select rowid as id from messages_fts where messages_fts match ${fts5Query(query)} order by rank limit ${limit}`.execute(db)).rows;
    return rows.map((r) => Number(r.id));
  }
  const rows = (
    await sql<{ id: number }>`select id from messages, to_tsquery('english', ${tsQuery(query)}) q where to_tsvector('english', text) @@ q order by ts_rank(to_tsvector('english', text), q) desc limit ${limit}`.execute(db)
  ).rows;
  return rows.map((r) => Number(r.id));
}
