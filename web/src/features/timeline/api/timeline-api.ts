import { apiFetch } from "../../../api/client";
import type { Annotation, AnnotationChange, NewAnnotation, TimelineFilters, TimelinePage } from "../../../api/types";

/** `GET /api/incidents/:id/timeline`: one page of the merged stream. */
export function fetchTimelinePage(incidentId: number, filters: TimelineFilters, cursor: string | null, limit: number, signal?: AbortSignal): Promise<TimelinePage> {
  return apiFetch<TimelinePage>(`/incidents/${incidentId}/timeline`, {
    query: {
      cursor,
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
  const body = await apiFetch<{ annotation: Annotation }>(`/incidents/${incidentId}/annotations`, { method: "POST", body: input });
  return body.annotation;
}

/** `PATCH /api/annotations/:id`; throws ConflictError when `version` is stale. */
export async function updateAnnotation(id: number, change: AnnotationChange): Promise<Annotation> {
  const body = await apiFetch<{ annotation: Annotation }>(`/annotations/${id}`, { method: "PATCH", body: change });
  return body.annotation;
}

/** `DELETE /api/annotations/:id?version=N`; throws ConflictError when `version` is stale. */
export async function deleteAnnotation(id: number, version: number): Promise<void> {
  await apiFetch<void>(`/annotations/${id}`, { method: "DELETE", query: { version } });
}
