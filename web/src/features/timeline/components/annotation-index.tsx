import { useState } from "react";
import { ANNOTATION_TAGS, type AnnotationTag, type TimelineEvent } from "../../../api/types";
import { formatUtcDate, formatUtcTime } from "../../../lib/format-time";
import { TAG_LABELS } from "../../../lib/tags";
import { useAnnotatedEvents } from "../queries/use-timeline";
import { TagChip } from "./tag-chip";

interface AnnotationIndexProps {
  incidentId: number;
  /** Opens an event in the timeline, selected, with its annotations. */
  onOpenEvent: (eventKey: string) => void;
  onClose: () => void;
}

/** How much of an event's text the list quotes when the annotation has no quote of its own. */
const EXCERPT = 120;

function excerpt(event: TimelineEvent): string {
  const text = event.text || event.attachments.map((a) => a.title ?? a.fallback ?? "").join(" ");
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
}

/**
 * Every annotation of the incident in one list, in the time order of the events they
 * mark, narrowed to one tag if wanted; each entry opens its event. Notes are shown in
 * full, not only on hover.
 */
export function AnnotationIndex({ incidentId, onOpenEvent, onClose }: AnnotationIndexProps) {
  const annotated = useAnnotatedEvents(incidentId, true);
  const [tag, setTag] = useState<AnnotationTag | "">("");
  const events = annotated.data ?? [];
  const counts = new Map<AnnotationTag, number>();
  for (const event of events) for (const a of event.annotations) for (const t of a.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  const entries = events.flatMap((event) => event.annotations.filter((a) => tag === "" || a.tags.includes(tag)).map((annotation) => ({ event, annotation })));
  const total = events.reduce((n, e) => n + e.annotations.length, 0);

  return (
    <aside className="annotation-panel annotation-index" aria-labelledby="annotation-index-title" data-testid="annotation-index">
      <div className="panel-head">
        <h2 id="annotation-index-title">All annotations</h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close the list of annotations">
          Close
        </button>
      </div>
      {annotated.isPending ? (
        <p className="muted">Loading the annotations…</p>
      ) : annotated.isError ? (
        <p className="form-error" role="alert">
          The annotations could not be loaded: {annotated.error.message}
        </p>
      ) : total === 0 ? (
        <p className="muted">No annotations yet. Select an event and press Enter to mark it.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="annotation-index-tag">Tag</label>
            <select id="annotation-index-tag" value={tag} onChange={(e) => setTag(e.target.value as AnnotationTag | "")}>
              <option value="">All tags ({total})</option>
              {ANNOTATION_TAGS.filter((t) => counts.has(t)).map((t) => (
                <option key={t} value={t}>
                  {TAG_LABELS[t]} ({counts.get(t)})
                </option>
              ))}
            </select>
          </div>
          <ol className="annotation-index-list">
            {entries.map(({ event, annotation }) => (
              <li key={annotation.id}>
                <button type="button" className="annotation-index-entry" data-testid="annotation-index-entry" data-event-key={event.key} onClick={() => onOpenEvent(event.key)}>
                  <span className="annotation-index-when">
                    <time dateTime={event.at}>
                      {formatUtcDate(event.at)} {formatUtcTime(event.at)}
                    </time>{" "}
                    UTC · {event.author?.name ?? (event.source === "pagerduty" ? "PagerDuty" : "Unknown")}
                  </span>
                  <span className="tag-row">
                    {annotation.tags.map((t) => (
                      <TagChip key={t} tag={t} />
                    ))}
                  </span>
                  <q className="annotation-quote">{annotation.quote ?? excerpt(event)}</q>
                  {annotation.note && <span className="annotation-note">{annotation.note}</span>}
                  <span className="annotation-byline">{annotation.author.name}</span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
