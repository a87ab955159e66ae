import { parseSearchQuery } from "../analysis/search-query.js";
import { SEARCH_SOURCES, type SearchFilters, type SearchGroup, type SearchResponse, type SnippetPart } from "../core/search.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { HIT_END, HIT_START, type SearchVisibility, searchStore } from "../db/search/full-text.js";

/** Who sees everything: the command line on the machine that holds the store. */
export const FULL_VISIBILITY: SearchVisibility = { userId: null, publishedOnly: false, sources: SEARCH_SOURCES.filter((s) => s !== "interview"), seesAnalystDocuments: true, seesDrafts: true };

/** The default and largest number of hits. */
export const SEARCH_LIMIT = { default: 50, max: 500 } as const;

/**
 * Full-text search over what the caller may see: parses the query (a
 * `SearchSyntaxError` for bad syntax), finds the best `limit` hits, and groups them by
 * incident, the incident with the best hit first.
 */
export async function searchIncidents(
  store: Store,
  input: { query: string; filters?: SearchFilters; visibility: SearchVisibility; limit?: number; /** Who asks, for the audit trail of confidential reads. */ actor?: string },
): Promise<SearchResponse> {
  const parsed = parseSearchQuery(input.query);
  const limit = Math.min(Math.max(1, input.limit ?? SEARCH_LIMIT.default), SEARCH_LIMIT.max);
  const hits = await searchStore(store.db, store.dialect.name, parsed, input.filters ?? {}, input.visibility, limit);
  // A snippet of one's own interview notes is a read of confidential material: audited
  // like opening the interview (which parts, never what they say).
  const interviews = new Map(hits.filter((h) => h.source === "interview").map((h) => [h.eventId, h.incidentId]));
  if (interviews.size > 0 && input.actor !== undefined) {
    const actor = input.actor;
    await store.db.transaction().execute(async (trx) => {
      for (const [id, incidentId] of interviews) await recordAudit(trx, { actor, action: "interview.read", subjectType: "interview", subjectId: id, details: { incidentId, parts: ["notes"], via: "search" } });
    });
  }
  const incidentIds = [...new Set(hits.map((h) => h.incidentId))];
  const channels = new Map<number, string>();
  if (incidentIds.length > 0) {
    const rows = await store.db
      .selectFrom("incidentSources as s")
      .innerJoin("conversations as c", "c.id", "s.conversationId")
      .where("s.incidentId", "in", incidentIds)
      .where("s.kind", "=", "slack_channel")
      .select(["s.incidentId", "c.name"])
      .orderBy("s.id")
      .execute();
    for (const row of rows) if (!channels.has(row.incidentId)) channels.set(row.incidentId, row.name);
  }
  const groups = new Map<number, SearchGroup>();
  for (const hit of hits) {
    let group = groups.get(hit.incidentId);
    if (!group) {
      group = { incident: { id: hit.incidentId, title: hit.incidentTitle, status: hit.incidentStatus, channel: channels.get(hit.incidentId) ?? null }, hits: [] };
      groups.set(hit.incidentId, group);
    }
    group.hits.push({
      source: hit.source,
      event: hit.eventKind && hit.eventId ? `${hit.eventKind}:${hit.eventId}` : "",
      at: new Date(hit.at).toISOString(),
      author: { personId: hit.personId, name: hit.personName },
      snippet: snippetParts(hit.snippet),
      rank: Math.round(hit.rank * 1e6) / 1e6,
    });
  }
  return { query: input.query, total: hits.length, groups: [...groups.values()] };
}

/** Splits marked snippet text into plain and matched parts (never HTML). */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = marked;
  while (rest.length > 0) {
    const start = rest.indexOf(HIT_START);
    if (start < 0) {
      parts.push({ text: rest, hit: false });
      break;
    }
    if (start > 0) parts.push({ text: rest.slice(0, start), hit: false });
    const end = rest.indexOf(HIT_END, start + 1);
    const stop = end < 0 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), hit: true });
    rest = end < 0 ? "" : rest.slice(end + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}
