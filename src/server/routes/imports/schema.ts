import { z } from "zod";
import { decimalText, errorResponses, IdParams, idText, isoTime } from "../common-schema.js";

/** What can be uploaded. */
export const IMPORT_KINDS = ["slack", "pagerduty", "people", "transcript"] as const;

/** An import job and how far it got. */
export const ImportJob = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    originalName: z.string().describe("the uploaded file's name"),
    progress: z.object({ done: z.number(), total: z.number() }),
    summary: z.record(z.string(), z.unknown()).nullable().describe("what the import added, once it succeeded"),
    error: z.string().nullable().describe("why it failed, naming the file and place"),
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
  })
  .meta({ id: "ImportJob" });

/**
 * The multipart fields of an upload, checked by the handler once the files are on
 * disk (multipart bodies are streamed, not parsed up front).
 */
export const ImportFields = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  incidentId: idText.optional(),
});

/** `POST /api/imports` (multipart/form-data). */
export const createImportSchema = {
  summary: "Upload a file to import in the background (multipart/form-data)",
  tags: ["imports"],
  consumes: ["multipart/form-data"],
  body: z.object({
    kind: z.enum(IMPORT_KINDS).describe("slack (export zip), pagerduty (a zip of the saved API folder), people (CSV or SCIM JSON), transcript (WebVTT)"),
    file: z.string().meta({ format: "binary" }).describe("the file to import, up to 2 GiB"),
    teams: z.string().meta({ format: "binary" }).optional().describe("people only: team_history.csv"),
    incidentId: z.string().optional().describe("transcript only: the incident it belongs to"),
  }),
  response: { 202: z.object({ job: ImportJob }), ...errorResponses },
};

/** `GET /api/imports`. */
export const listImportsSchema = {
  summary: "Import jobs, newest first",
  tags: ["imports"],
  querystring: z.strictObject({ limit: decimalText(1, 200).optional().describe("default 50") }),
  response: { 200: z.object({ jobs: z.array(ImportJob) }), ...errorResponses },
};

/** `GET /api/imports/:id`. */
export const getImportSchema = {
  summary: "One import job with its progress",
  tags: ["imports"],
  params: IdParams,
  response: { 200: z.object({ job: ImportJob }), ...errorResponses },
};
