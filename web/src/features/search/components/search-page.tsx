import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import { formatUtcDateTime } from "../../../lib/format-time";
import { fetchSearch, type SearchHit } from "../api/search-api";

const SOURCE_LABELS: Record<string, string> = { message: "Message", transcript: "Transcript", annotation: "Annotation", review: "Review", follow_up: "Follow-up", write_up: "Write-up", input: "Input", interview: "Interview" };

/** Where a hit's source lives when it is not a timeline event. */
const SOURCE_TABS: Record<string, string> = { review: "review", write_up: "review", follow_up: "follow-ups", input: "interviews", interview: "interviews" };

function hitPath(incidentId: number, hit: SearchHit): string {
  if (hit.event && !hit.event.startsWith("interview:")) return `/incidents/${incidentId}/timeline?event=${encodeURIComponent(hit.event)}`;
  const tab = SOURCE_TABS[hit.source];
  return tab ? `/incidents/${incidentId}/${tab}` : `/incidents/${incidentId}`;
}

/** Search results, grouped by incident; each hit opens its event in the timeline. */
export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const result = useQuery({ queryKey: ["search", q], queryFn: ({ signal }) => fetchSearch(q, 100, signal), enabled: q !== "" });
  useEffect(() => {
    document.title = q ? `“${q}” · Search · Debrief` : "Search · Debrief";
  }, [q]);
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>Search</h1>
        {result.data && (
          <p className="muted" data-testid="search-total">
            {result.data.total} {result.data.total === 1 ? "hit" : "hits"} in {result.data.groups.length} {result.data.groups.length === 1 ? "incident" : "incidents"}
          </p>
        )}
      </div>
      {q === "" && <p className="empty">Type in the search box above: all words must appear; "quoted words" in that order; deploy* for words starting so; -staging to leave a word out.</p>}
      {result.isPending && q !== "" && <p className="page-status">Searching…</p>}
      {result.isError && (
        <p className="form-error" role="alert" data-testid="search-error">
          {isApiError(result.error, 400) ? result.error.message : "The search failed; try again."}
        </p>
      )}
      {result.data && result.data.groups.length === 0 && <p className="empty">Nothing found for “{q}”.</p>}
      {result.data?.groups.map((group) => (
        <section key={group.incident.id} className="search-group" data-testid="search-group">
          <h2>
            <Link to={`/incidents/${group.incident.id}`}>{group.incident.title}</Link> <span className="muted">#{group.incident.channel ?? group.incident.id}</span>
          </h2>
          <ul className="search-hits">
            {group.hits.map((hit, i) => (
              <li key={`${hit.source}:${hit.event}:${i}`}>
                <Link to={hitPath(group.incident.id, hit)} className="search-hit" data-testid="search-hit" data-event={hit.event}>
                  <span className="search-hit-meta">
                    {SOURCE_LABELS[hit.source] ?? hit.source} · {hit.author.name ?? "unknown"} · {formatUtcDateTime(hit.at)}
                  </span>
                  <span className="search-snippet">
                    {hit.snippet.map((part, j) => (part.hit ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
