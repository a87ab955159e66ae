/*
 * Full-text search across incidents: the request and answer of `GET /api/search` and
 * `debrief search`, and the error a malformed query raises.
 */
import { z } from "zod";

/** A query the search language cannot read; answered with 400, naming the place. */
export class SearchSyntaxError extends Error {
  override readonly name = "SearchSyntaxError";

  constructor(
    readonly reason: string,
    /** Character offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(`search query: ${reason} (at character ${position + 1})`);
  }
}

/** What can be searched; documents of other kinds join as their features store them. */
export const SEARCH_SOURCES = ["message", "transcript", "annotation", "review", "follow_up", "write_up", "input", "interview"] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

/** One piece of a snippet: matched words are `hit`. */
export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });

/** One matching event. */
export const SearchHit = z.object({
  source: z.enum(SEARCH_SOURCES),
  /** The timeline event to open: `message:<id>`, `cue:<transcriptId>:<position>`, `page:<id>`. */
  event: z.string().describe("kind:id of the timeline event, for /incidents/:id/timeline?event=…"),
  at: z.string().describe("ISO 8601"),
  author: z.object({ personId: z.number().int().nullable(), name: z.string().nullable() }),
  snippet: z.array(SnippetPart),
  rank: z.number().describe("higher is better"),
});

/** Hits of one incident, best first. */
export const SearchGroup = z.object({
  incident: z.object({ id: z.number().int(), title: z.string(), status: z.string(), channel: z.string().nullable() }),
  hits: z.array(SearchHit),
});

/** The answer. */
export const SearchResponse = z.object({
  query: z.string(),
  total: z.number().int().describe("hits returned (at most limit)"),
  groups: z.array(SearchGroup),
});

export type SnippetPart = z.infer<typeof SnippetPart>;
export type SearchHit = z.infer<typeof SearchHit>;
export type SearchGroup = z.infer<typeof SearchGroup>;
export type SearchResponse = z.infer<typeof SearchResponse>;

/** Filters beside the query. */
export interface SearchFilters {
  sources?: readonly SearchSource[];
  incidentId?: number;
  personId?: number;
  /** Team name: hits by people on that team at the time. */
  team?: string;
  /** Service name: hits in incidents involving it. */
  service?: string;
  /** Annotation tag on the hit's event (or on the annotation itself). */
  tag?: string;
  from?: number;
  to?: number;
}
