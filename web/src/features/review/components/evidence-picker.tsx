import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TimelineEvent } from "../../../api/types";
import { formatViewerLocal } from "../../../lib/format-time";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { fetchTimelinePage } from "../../timeline/api/timeline-api";
import { quoteAnnotation, quoteEvent } from "../api/evidence-markdown";

/** Finds timeline events and inserts one as a quote, or one of its annotations with its note. */
export function EvidencePicker({ incidentId, onInsert, disabled }: { incidentId: number; onInsert(markdown: string): void; disabled: boolean }) {
  const [q, setQ] = useState("");
  const query = useDebouncedValue(q, 250);
  const events = useQuery({
    queryKey: ["review-evidence", incidentId, query],
    queryFn: ({ signal }) => fetchTimelinePage(incidentId, { sources: [], person: null, tag: null, q: query }, null, 40, signal),
  });
  const list: TimelineEvent[] = events.data?.events ?? [];
  // Annotated events first: they are what the analyst marked as mattering.
  const ordered = [...list.filter((e) => e.annotations.length > 0), ...list.filter((e) => e.annotations.length === 0)];
  return (
    <section className="review-panel" aria-labelledby="evidence-title">
      <h3 id="evidence-title">Evidence</h3>
      <label className="field">
        <span>Search the timeline</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="words from a message" />
      </label>
      {events.isError && <p className="form-error">{events.error.message}</p>}
      <ul className="evidence-list">
        {ordered.map((event) => (
          <li key={event.key} className="evidence-item">
            <p className="evidence-meta">
              <strong>{event.author?.name ?? "—"}</strong> <span className="muted">{formatViewerLocal(event.at)}</span>
            </p>
            <p className="evidence-text">{event.text.slice(0, 200)}</p>
            <div className="evidence-actions">
              <button type="button" className="button button-small" disabled={disabled} onClick={() => onInsert(quoteEvent(incidentId, event))} aria-label={`Quote ${event.author?.name ?? "event"}: ${event.text.slice(0, 40)}`}>
                Quote
              </button>
              {event.annotations.map((annotation) => (
                <button
                  key={annotation.id}
                  type="button"
                  className="button button-small button-quiet"
                  disabled={disabled}
                  onClick={() => onInsert(quoteAnnotation(incidentId, event, annotation))}
                  aria-label={`Insert annotation ${annotation.tags.join(", ")}: ${annotation.note.slice(0, 40)}`}
                >
                  + {annotation.tags.join(", ")}
                </button>
              ))}
            </div>
          </li>
        ))}
        {events.isSuccess && ordered.length === 0 && <li className="muted">No events match.</li>}
      </ul>
    </section>
  );
}
