import { useEffect, useState } from "react";
import type { TimelineEvent } from "../../../api/types";
import { FollowUpForm } from "./follow-up-form";

interface FollowUpFromEventProps {
  incidentId: number;
  event: TimelineEvent;
}

type Source = { kind: "event" } | { kind: "annotation"; id: number; quote: string | null };

/**
 * "Create follow-up" for the selected timeline event or one of its annotations: the
 * follow-up keeps the quote, author, time and a link back.
 */
export function FollowUpFromEvent({ incidentId, event }: FollowUpFromEventProps) {
  const [source, setSource] = useState<Source | null>(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    setSource(null);
    setStatus("");
  }, [event.key]);

  const author = event.author?.name ?? (event.source === "pagerduty" ? "PagerDuty" : null);
  return (
    <section className="follow-up-from-event" aria-label="Follow-up from this event">
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {source ? (
        <FollowUpForm
          incidentId={incidentId}
          context={source.kind === "event" ? { eventKey: event.key } : { annotationId: source.id }}
          contextPreview={{ quote: source.kind === "annotation" && source.quote ? source.quote : event.text, author }}
          onDone={(message) => {
            setSource(null);
            setStatus(message);
          }}
          onCancel={() => setSource(null)}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-small" onClick={() => setSource({ kind: "event" })}>
            Create follow-up from this event
          </button>
          {event.annotations.map((annotation) => (
            <button key={annotation.id} type="button" className="button button-small" onClick={() => setSource({ kind: "annotation", id: annotation.id, quote: annotation.quote })}>
              Follow-up from {annotation.author.name}'s annotation{annotation.note ? `: “${annotation.note.slice(0, 40)}${annotation.note.length > 40 ? "…" : ""}”` : ""}
            </button>
          ))}
          {status && (
            <span className="muted" aria-hidden="true">
              {status}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
