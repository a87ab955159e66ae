import { z } from "zod";
import { decimalText, idText, isoTime } from "./common.js";

/*
 * Imports: what can be uploaded and where a job is.
 */

/** What can be uploaded. */
export const IMPORT_KINDS = ["slack", "pagerduty", "people", "transcript", "catalog"] as const;

/** One kind of upload. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a background job can be: an upload of one of {@link IMPORT_KINDS}, or a Slack channel synced for an incident. */
export const IMPORT_JOB_KINDS = [...IMPORT_KINDS, "slack-sync"] as const;

/** One kind of import job. */
export type ImportJobKind = (typeof IMPORT_JOB_KINDS)[number];

/** Where an import job is. */
export const IMPORT_JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;

/** An import job's status. */
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** An import job and how far it got. */
export const ImportJob = z
  .object({
    id: z.number().int(),
    kind: z.enum(IMPORT_JOB_KINDS),
    status: z.enum(IMPORT_JOB_STATUSES),
    originalName: z.string().describe("the uploaded file's name, or the synced channel (#name)"),
    progress: z.object({ done: z.number(), total: z.number() }),
    summary: z.record(z.string(), z.unknown()).nullable().describe("what the import added, once it succeeded"),
    error: z.string().nullable().describe("why it failed, naming the file and place"),
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
  })
  .meta({ id: "ImportJob" });

/** An import job and how far it got. */
export type ImportJob = z.infer<typeof ImportJob>;

/** `{job}`. */
export const ImportJobResponse = z.object({ job: ImportJob });

/** `GET /api/imports`. */
export const ImportJobList = z.object({ jobs: z.array(ImportJob) });

/** Query of `GET /api/imports`. */
export const ImportJobListQuery = z.strictObject({ limit: decimalText(1, 200).optional().describe("default 50") });

/**
 * The multipart fields of an upload, checked by the handler once the files are on
 * disk (multipart bodies are streamed, not parsed up front).
 */
export const ImportFields = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  incidentId: idText.optional(),
});

/** The multipart body of `POST /api/imports`, as the OpenAPI document describes it. */
export const ImportUpload = z.object({
  kind: z.enum(IMPORT_KINDS).describe("slack (export zip), pagerduty (a zip of the saved API folder), people (CSV or SCIM JSON), transcript (WebVTT), catalog (Backstage catalog YAML)"),
  file: z.string().meta({ format: "binary" }).describe("the file to import, up to 2 GiB"),
  teams: z.string().meta({ format: "binary" }).optional().describe("people only: team_history.csv"),
  incidentId: z.string().optional().describe("transcript only: the incident it belongs to"),
});
