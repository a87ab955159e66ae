import { z } from "zod";
import { ANNOTATION_TAGS } from "./annotation-tags.js";
import { decimalText, isoTime, MAX_ID, UserRef } from "./common.js";
import { EVENT_KINDS } from "./timeline.js";

/*
 * Annotations: what an analyst marks on a timeline event, and the requests that
 * create, edit and delete them.
 */

const Tag = z.enum(ANNOTATION_TAGS);
const Tags = z.array(Tag).min(1).max(ANNOTATION_TAGS.length).describe("at least one tag; members may use only question");
const Version = z.number().int().min(1).max(MAX_ID).describe("the version the change is based on");

/** An annotation on a timeline event. */
export const Annotation = z
  .object({
    id: z.number().int(),
    incidentId: z.number().int(),
    eventKind: z.enum(EVENT_KINDS),
    eventId: z.string(),
    rangeStart: z.number().int().nullable().describe("UTF-16 offset into the event's text; null for the whole event"),
    rangeEnd: z.number().int().nullable().describe("end offset, exclusive"),
    quote: z.string().nullable(),
    tags: z.array(Tag),
    note: z.string(),
    version: z.number().int(),
    author: UserRef,
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Annotation" });

/** An annotation on a timeline event. */
export type Annotation = z.infer<typeof Annotation>;

/** `409`: the annotation changed since the version the request was based on. */
export const ConflictBody = z.object({ error: z.literal("conflict"), current: Annotation });

/** `GET /api/incidents/:id/annotations`. */
export const AnnotationList = z.object({ annotations: z.array(Annotation) });

/** `{annotation}`. */
export const AnnotationResponse = z.object({ annotation: Annotation });

/** Body of `POST /api/incidents/:id/annotations`. */
export const CreateAnnotationBody = z.strictObject({
  eventKind: z.enum(EVENT_KINDS),
  eventId: z.string().min(1).max(40).describe("the event's id as the timeline gives it"),
  rangeStart: z.number().int().min(0).max(MAX_ID).nullable().optional(),
  rangeEnd: z.number().int().min(0).max(MAX_ID).nullable().optional(),
  quote: z.string().max(5000).nullable().optional().describe("the text the range covers, as the author saw it"),
  tags: Tags,
  note: z.string().max(20_000),
});

/** Body of `POST /api/incidents/:id/annotations`. */
export type CreateAnnotationBody = z.infer<typeof CreateAnnotationBody>;

/** Body of `PATCH /api/annotations/:id`. */
export const UpdateAnnotationBody = z.strictObject({ version: Version, tags: Tags.optional(), note: z.string().max(20_000).optional() });

/** Body of `PATCH /api/annotations/:id`. */
export type UpdateAnnotationBody = z.infer<typeof UpdateAnnotationBody>;

/** Query of `DELETE /api/annotations/:id`. */
export const DeleteAnnotationQuery = z.strictObject({ version: decimalText(1, MAX_ID).describe("the version the deletion is based on") });
