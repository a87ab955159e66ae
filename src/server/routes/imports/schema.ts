import { IMPORT_KINDS, ImportFields, ImportJob, ImportJobList, ImportJobListQuery, ImportJobResponse, ImportUpload } from "../../../core/imports.js";
import { errorResponses, IdParams } from "../common-schema.js";

export { IMPORT_KINDS, ImportFields, ImportJob };

/** `POST /api/imports` (multipart/form-data). */
export const createImportSchema = {
  summary: "Upload a file to import in the background (multipart/form-data)",
  tags: ["imports"],
  consumes: ["multipart/form-data"],
  body: ImportUpload,
  response: { 202: ImportJobResponse, ...errorResponses },
};

/** `GET /api/imports`. */
export const listImportsSchema = {
  summary: "Import jobs, newest first",
  tags: ["imports"],
  querystring: ImportJobListQuery,
  response: { 200: ImportJobList, ...errorResponses },
};

/** `GET /api/imports/:id`. */
export const getImportSchema = {
  summary: "One import job with its progress",
  tags: ["imports"],
  params: IdParams,
  response: { 200: ImportJobResponse, ...errorResponses },
};
