import type { StoredAnnotation } from "../db/repositories/annotations.js";
import { iso } from "./time.js";

/** An annotation with the event it marks, its author and version. */
export function presentAnnotation(annotation: StoredAnnotation) {
  return {
    id: annotation.id,
    incidentId: annotation.incidentId,
    eventKind: annotation.eventKind,
    eventId: annotation.eventId,
    rangeStart: annotation.rangeStart,
    rangeEnd: annotation.rangeEnd,
    quote: annotation.quote,
    tags: annotation.tags,
    note: annotation.note,
    version: annotation.version,
    author: annotation.author,
    createdAt: iso(annotation.createdAt),
    updatedAt: iso(annotation.updatedAt),
  };
}
