import type { AnnotationTag, EventKind } from "../../commands/annotations.js";
import type { StoredAnnotation } from "../../db/repositories/annotations.js";
import { iso } from "./incidents.js";

/** An annotation with the event it marks, its author and version. */
export function presentAnnotation(annotation: StoredAnnotation) {
  return {
    id: annotation.id,
    incidentId: annotation.incidentId,
    // Kind and tags are checked when written; the response schema checks them again on the way out.
    eventKind: annotation.eventKind as EventKind,
    eventId: annotation.eventId,
    rangeStart: annotation.rangeStart,
    rangeEnd: annotation.rangeEnd,
    quote: annotation.quote,
    tags: annotation.tags as AnnotationTag[],
    note: annotation.note,
    version: annotation.version,
    author: annotation.author,
    createdAt: iso(annotation.createdAt) as string,
    updatedAt: iso(annotation.updatedAt) as string,
  };
}
