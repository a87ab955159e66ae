import { z } from "zod";
import { ANNOTATION_TAGS, EVENT_KINDS } from "../../../commands/annotations.js";
import { decimalText, errorResponses, IdParams, isoTime, MAX_ID, NoContent, UserRef } from "../common-schema.js";

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

/** `409`: the annotation changed since the version the request was based on. */
export const ConflictBody = z.object({ error: z.literal("conflict"), current: Annotation });

/** `GET /api/incidents/:id/annotations`. */
export const listAnnotationsSchema = {
  summary: "An incident's annotations, oldest first",
  tags: ["annotations"],
  params: IdParams,
  response: { 200: z.object({ annotations: z.array(Annotation) }), ...errorResponses },
};

/** `POST /api/incidents/:id/annotations`. */
export const createAnnotationSchema = {
  summary: "Annotate a timeline event (members: tag question only)",
  tags: ["annotations"],
  params: IdParams,
  body: z
    .strictObject({
      eventKind: z.enum(EVENT_KINDS),
      eventId: z.string().min(1).max(40).describe("the event's id as the timeline gives it"),
      rangeStart: z.number().int().min(0).max(MAX_ID).nullable().optional(),
      rangeEnd: z.number().int().min(0).max(MAX_ID).nullable().optional(),
      quote: z.string().max(5000).nullable().optional().describe("the text the range covers, as the author saw it"),
      tags: Tags,
      note: z.string().max(20_000),
    }),
  response: { 201: z.object({ annotation: Annotation }), ...errorResponses },
};

/** `PATCH /api/annotations/:id`. */
export const updateAnnotationSchema = {
  summary: "Edit an annotation; 409 with the current one when version is stale",
  tags: ["annotations"],
  params: IdParams,
  body: z.strictObject({ version: Version, tags: Tags.optional(), note: z.string().max(20_000).optional() }),
  response: { 200: z.object({ annotation: Annotation }), 409: ConflictBody, ...errorResponses },
};

/** `DELETE /api/annotations/:id?version=N`. */
export const deleteAnnotationSchema = {
  summary: "Delete an annotation; 409 with the current one when version is stale",
  tags: ["annotations"],
  params: IdParams,
  querystring: z.strictObject({ version: decimalText(1, MAX_ID).describe("the version the deletion is based on") }),
  response: { 204: NoContent, 409: ConflictBody, ...errorResponses },
};
