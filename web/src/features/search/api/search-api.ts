import { apiFetch } from "../../../api/client";
import type { SearchResponse } from "../../../../../src/core/search.js";

export type { SearchGroup, SearchHit, SearchResponse } from "../../../../../src/core/search.js";

/** `GET /api/search`: hits grouped by incident. */
export function fetchSearch(q: string, limit: number, signal?: AbortSignal): Promise<SearchResponse> {
  return apiFetch<SearchResponse>("/search", { query: { q, limit }, signal });
}
