import { apiFetch } from "../../../api/client";
import { TimelinePage as TimelinePageSchema } from "../../../../../src/core/timeline.js";
import { AnnotationResponse } from "../../../../../src/core/annotations.js";
import type { Annotation, AnnotationChange, NewAnnotation, TimelineFilters, TimelinePage } from "../../../api/types";

/**
 * Where a page starts: the first page (null), just after a `nextCursor`, just before a
 * `prevCursor`, or around an event (`kind:id`).
 */
export type TimelineAnchor = { after: string } | { before: string } | { around: string } | null;

/** `GET /api/incidents/:id/timeline`: one page of the merged stream. */
export function fetchTimelinePage(incidentId: number, filters: TimelineFilters, anchor: TimelineAnchor, limit: number, signal?: AbortSignal): Promise<TimelinePage> {
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
    },
    signal,
  });
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
