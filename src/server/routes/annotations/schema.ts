import { Annotation, AnnotationList, AnnotationResponse, ConflictBody, CreateAnnotationBody, DeleteAnnotationQuery, UpdateAnnotationBody } from "../../../core/annotations.js";
import { errorResponses, IdParams, NoContent } from "../common-schema.js";

export { Annotation, ConflictBody };

/** `GET /api/incidents/:id/annotations`. */
export const listAnnotationsSchema = {
  summary: "An incident's annotations, oldest first",
  tags: ["annotations"],
  params: IdParams,
  response: { 200: AnnotationList, ...errorResponses },
};

/** `POST /api/incidents/:id/annotations`. */
export const createAnnotationSchema = {
  summary: "Annotate a timeline event (members: tag question only)",
  tags: ["annotations"],
  params: IdParams,
  body: CreateAnnotationBody,
  response: { 201: AnnotationResponse, ...errorResponses },
};

/** `PATCH /api/annotations/:id`. */
export const updateAnnotationSchema = {
  summary: "Edit an annotation; 409 with the current one when version is stale",
  tags: ["annotations"],
  params: IdParams,
  body: UpdateAnnotationBody,
  response: { 200: AnnotationResponse, 409: ConflictBody, ...errorResponses },
};

/** `DELETE /api/annotations/:id?version=N`. */
export const deleteAnnotationSchema = {
  summary: "Delete an annotation; 409 with the current one when version is stale",
  tags: ["annotations"],
  params: IdParams,
  querystring: DeleteAnnotationQuery,
  response: { 204: NoContent, 409: ConflictBody, ...errorResponses },
};
