import { useEffect, useRef, useState } from "react";
import { ANNOTATION_TAGS, type Annotation, type AnnotationTag, type TimelineEvent, type User } from "../../../api/types";
import { ConflictError, isApiError } from "../../../api/client";
import { formatUtcDate, formatUtcTime, formatViewerLocal } from "../../../lib/format-time";
import { annotatableTags, mayChangeAnnotation, mayEditIncident } from "../../../lib/permissions";
import { FollowUpFromEvent } from "../../follow-ups/components/follow-up-from-event";
import { discardDraft, editDraftKey, newAnnotationDraftKey, writeDraft } from "../api/annotation-drafts";
import type { TextRange } from "../api/text-selection";
import { useAnnotationMutations } from "../queries/use-annotation-mutations";
import { AnnotationForm } from "./annotation-form";
import { TagChip } from "./tag-chip";

interface AnnotationPanelProps {
  incidentId: number;
  event: TimelineEvent;
  user: User;
  /** A selected span of the event's text to annotate, if any. */
  range: TextRange | null;
  onClearRange: () => void;
  onClose: () => void;
  /** Changes whenever the panel should take the keyboard focus (opened with Enter or a click). */
  focusToken: number;
}

/** What the server held when our edit or delete arrived too late. */
interface Conflict {
  annotationId: number;
  current: Annotation | null;
  /** What this user was trying to save, so it is not lost. */
  draft: { tags: AnnotationTag[]; note: string } | null;
}

function errorText(error: unknown): string {
  if (isApiError(error, 403)) return "Your role may not do that.";
  if (isApiError(error, 400)) return `The server refused it: ${(error as Error).message}`;
  if (error instanceof Error) return `It could not be saved: ${error.message}`;
  return "It could not be saved.";
}

/**
 * The side panel for one event: its annotations, and for those allowed, a form to add
 * one (to the whole event or to a selected span) and controls to edit or delete.
 */
export function AnnotationPanel({ incidentId, event, user, range, onClearRange, onClose, focusToken }: AnnotationPanelProps) {
  const { create, update, remove, showStored } = useAnnotationMutations(incidentId);
  const allowed = annotatableTags(user, ANNOTATION_TAGS);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [confirmDeleteId, setConfirmDeleteId] = useState<number | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [status, setStatus] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setEditingId(null);
    setConfirmDeleteId(null);
    setConflict(null);
    setFormError(null);
    setStatus("");
  }, [event.key]);

  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [focusToken]);

  const rangeForEvent = range && range.eventKey === event.key ? range : null;

  const add = (tags: AnnotationTag[], note: string) => {
    setFormError(null);
    // The draft goes with the save; it comes back if the save fails.
    const draftKey = newAnnotationDraftKey(incidentId, event.key);
    discardDraft(draftKey);
    create.mutate(
      {
        eventKey: event.key,
        input: {
          eventKind: event.kind,
          eventId: event.id,
          ...(rangeForEvent ? { rangeStart: rangeForEvent.rangeStart, rangeEnd: rangeForEvent.rangeEnd, quote: rangeForEvent.quote } : {}),
          tags,
          note,
        },
      },
      {
        onSuccess: () => {
          setStatus("Annotation saved.");
          onClearRange();
        },
        onError: (error) => {
          writeDraft(draftKey, { tags, note });
          setFormError(errorText(error));
        },
      },
    );
  };

  const save = (annotation: Annotation, tags: AnnotationTag[], note: string) => {
    setFormError(null);
    const draftKey = editDraftKey(incidentId, annotation.id);
    discardDraft(draftKey);
    update.mutate(
      { eventKey: event.key, id: annotation.id, change: { version: annotation.version, tags, note } },
      {
        onSuccess: () => {
          setEditingId(null);
          setStatus("Annotation updated.");
        },
        onError: (error) => {
          writeDraft(draftKey, { tags, note });
          if (error instanceof ConflictError) setConflict({ annotationId: annotation.id, current: error.current, draft: { tags, note } });
          else setFormError(errorText(error));
        },
      },
    );
  };

  const destroy = (annotation: Annotation) => {
    remove.mutate(
      { eventKey: event.key, id: annotation.id, version: annotation.version },
      {
        onSuccess: () => {
          setConfirmDeleteId(null);
          setStatus("Annotation deleted.");
        },
        onError: (error) => {
          setConfirmDeleteId(null);
          if (error instanceof ConflictError) setConflict({ annotationId: annotation.id, current: error.current, draft: null });
          else setFormError(errorText(error));
        },
      },
    );
  };

  const reloadConflict = () => {
    if (!conflict) return;
    showStored(event.key, conflict.current, conflict.annotationId);
    // Editing starts again from what is stored; the unsaved note was shown above.
    discardDraft(editDraftKey(incidentId, conflict.annotationId));
    // Keep editing on top of the stored version if it still exists.
    setEditingId(conflict.current ? conflict.annotationId : null);
    setConflict(null);
    setStatus("Reloaded the stored annotation.");
  };

  const author = event.author?.name ?? (event.source === "pagerduty" ? "PagerDuty" : "Unknown");

  return (
    <aside className="annotation-panel" aria-labelledby="annotation-panel-title">
      <div className="panel-head">
        <h2 id="annotation-panel-title" ref={headingRef} tabIndex={-1}>
          Annotations
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close the annotation panel (Escape)">
          Close
        </button>
      </div>
      <p className="panel-event-meta">
        <strong>{author}</strong> · {formatUtcDate(event.at)} {formatUtcTime(event.at)} UTC
        <br />
        <span className="muted">Your time: {formatViewerLocal(event.at)}</span>
      </p>
      <blockquote className="panel-event-text">{event.text || event.attachments.map((a) => a.fallback ?? a.title ?? "").join(" ") || "(no text)"}</blockquote>

      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>

      {conflict && (
        <div className="conflict" role="alert">
          <p>
            <strong>Someone else changed this annotation</strong> after you opened it
            {conflict.current ? ` (now version ${conflict.current.version}, by ${conflict.current.author.name})` : "; it has been deleted"}.
          </p>
          {conflict.current && (
            <p className="muted">
              Stored now: {conflict.current.tags.join(", ")} — “{conflict.current.note}”
            </p>
          )}
          {conflict.draft && <p className="muted">Your unsaved note: “{conflict.draft.note}”</p>}
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={reloadConflict}>
              Reload the annotation
            </button>
            <button type="button" className="button" onClick={() => setConflict(null)}>
              Dismiss
            </button>
          </div>
        </div>
      )}

      {event.annotations.length === 0 ? (
        <p className="muted">No annotations on this event yet.</p>
      ) : (
        <ul className="annotation-list">
          {event.annotations.map((annotation) => {
            const mayChange = mayChangeAnnotation(user, annotation);
            if (editingId === annotation.id && mayChange) {
              return (
                <li key={annotation.id} className="annotation-item annotation-editing">
                  {annotation.quote && <q className="annotation-quote">{annotation.quote}</q>}
                  <AnnotationForm
                    resetKey={`${annotation.id}:${annotation.version}`}
                    allowedTags={user.role === "member" ? annotation.tags.concat(allowed) : allowed}
                    initialTags={annotation.tags}
                    initialNote={annotation.note}
                    submitLabel="Save changes"
                    pending={update.isPending}
                    error={formError}
                    onSubmit={(tags, note) => save(annotation, tags, note)}
                    onCancel={() => {
                      discardDraft(editDraftKey(incidentId, annotation.id));
                      setEditingId(null);
                    }}
                    draftKey={editDraftKey(incidentId, annotation.id)}
                  />
                </li>
              );
            }
            return (
              <li key={annotation.id} className="annotation-item" data-testid="annotation">
                <div className="tag-row">
                  {annotation.tags.map((tag) => (
                    <TagChip key={tag} tag={tag} />
                  ))}
                </div>
                {annotation.quote && <q className="annotation-quote">{annotation.quote}</q>}
                {annotation.note && <p className="annotation-note">{annotation.note}</p>}
                <p className="annotation-byline">
                  {annotation.author.name} · version {annotation.version}
                </p>
                {mayChange && (
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        setFormError(null);
                        setEditingId(annotation.id);
                      }}
                    >
                      Edit
                    </button>
                    {confirmDeleteId === annotation.id ? (
                      <>
                        <button type="button" className="button button-small button-danger" onClick={() => destroy(annotation)} disabled={remove.isPending}>
                          Yes, delete
                        </button>
                        <button type="button" className="button button-small" onClick={() => setConfirmDeleteId(null)}>
                          Keep it
                        </button>
                      </>
                    ) : (
                      <button type="button" className="button button-small" onClick={() => setConfirmDeleteId(annotation.id)}>
                        Delete
                      </button>
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {allowed.length > 0 && editingId === null && (
        <section className="new-annotation" aria-labelledby="new-annotation-title">
          <h3 id="new-annotation-title">{rangeForEvent ? "Annotate the selected words" : "Annotate this event"}</h3>
          {rangeForEvent && (
            <div className="selected-quote">
              <q>{rangeForEvent.quote}</q>
              <button type="button" className="button button-small button-quiet" onClick={onClearRange}>
                Whole event instead
              </button>
            </div>
          )}
          {!rangeForEvent && event.text && <p className="hint">Tip: select words in the message to annotate just those.</p>}
          <AnnotationForm
            resetKey={`${event.key}:${rangeForEvent ? `${rangeForEvent.rangeStart}-${rangeForEvent.rangeEnd}` : "all"}:${event.annotations.length}`}
            allowedTags={allowed}
            initialTags={allowed.length === 1 ? allowed : []}
            initialNote=""
            submitLabel="Save annotation"
            pending={create.isPending}
            error={formError}
            onSubmit={add}
            draftKey={newAnnotationDraftKey(incidentId, event.key)}
          />
        </section>
      )}
      {allowed.length === 0 && <p className="hint">Your role can read annotations but not add them.</p>}
      {mayEditIncident(user.role) && <FollowUpFromEvent incidentId={incidentId} event={event} />}
    </aside>
  );
}
