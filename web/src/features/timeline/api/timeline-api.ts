import { apiFetch } from "../../../api/client";
import { ThreadReplies as ThreadRepliesSchema, TimelinePage as TimelinePageSchema, type ThreadReplies } from "../../../../../src/core/timeline.js";
import { AnnotationResponse } from "../../../../../src/core/annotations.js";
import type { Annotation, AnnotationChange, NewAnnotation, TimelineEvent, TimelineFilters, TimelinePage } from "../../../api/types";

/** How the timeline lays out Slack threads: folded under their parent, or every event in time order. */
export type TimelineView = "threads" | "time";

/**
 * Where a page starts: the first page (null), just after a `nextCursor`, just before a
 * `prevCursor`, or around an event (`kind:id`).
 */
export type TimelineAnchor = { after: string } | { before: string } | { around: string } | null;

/** `GET /api/incidents/:id/timeline`: one page of the merged stream. */
export function fetchTimelinePage(incidentId: number, filters: TimelineFilters, anchor: TimelineAnchor, limit: number, signal?: AbortSignal, view: TimelineView = "time"): Promise<TimelinePage> {
  return apiFetch(`/incidents/${incidentId}/timeline`, {
    schema: TimelinePageSchema,
    query: {
      cursor: anchor && "after" in anchor ? anchor.after : null,
      before: anchor && "before" in anchor ? anchor.before : null,
      around: anchor && "around" in anchor ? anchor.around : null,
      limit,
      source: filters.sources,
      person: filters.person,
      tag: filters.tag,
      q: filters.q.trim(),
      view: view === "threads" ? "threads" : null,
    },
    signal,
  });
}

/** `GET /api/incidents/:id/timeline/thread`: the replies of the thread `eventKey` (parent or reply) belongs to. */
export function fetchThread(incidentId: number, eventKey: string, signal?: AbortSignal): Promise<ThreadReplies> {
  return apiFetch(`/incidents/${incidentId}/timeline/thread`, { schema: ThreadRepliesSchema, query: { event: eventKey }, signal });
}

/** Every annotated event of the incident, in time order, with its annotations (read page by page). */
export async function fetchAnnotatedEvents(incidentId: number, signal?: AbortSignal): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: TimelinePage = await apiFetch(`/incidents/${incidentId}/timeline`, { schema: TimelinePageSchema, query: { annotated: "1", limit: 1000, cursor }, signal });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return events;
}

/** `POST /api/incidents/:id/annotations`. */
export async function createAnnotation(incidentId: number, input: NewAnnotation): Promise<Annotation> {
  const body = await apiFetch(`/incidents/${incidentId}/annotations`, { schema: AnnotationResponse, method: "POST", body: input });
  return body.annotation;
}

/** `PATCH /api/annotations/:id`; throws ConflictError when `version` is stale. */
export async function updateAnnotation(id: number, change: AnnotationChange): Promise<Annotation> {
  const body = await apiFetch(`/annotations/${id}`, { schema: AnnotationResponse, method: "PATCH", body: change });
  return body.annotation;
}

/** `DELETE /api/annotations/:id?version=N`; throws ConflictError when `version` is stale. */
export async function deleteAnnotation(id: number, version: number): Promise<void> {
  await apiFetch<void>(`/annotations/${id}`, { method: "DELETE", query: { version } });
}
