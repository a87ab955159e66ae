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

/*
 * What a finished job's `summary` holds, per kind, for showing what an import created.
 * Every field is optional: a summary written by an older version may lack some.
 */

const count = z.number().int().optional();

/** A Slack export's summary. */
export const SlackJobSummary = z.object({
  users: count,
  conversations: count,
  messages: count,
  added: count,
  skipped: count,
  updated: count,
  incidents: count,
  incidentIds: z.array(z.number().int()).optional().describe("incidents created from incident channels"),
  channels: z.array(z.string()).optional().describe("the channels the export holds"),
});

/** A PagerDuty import's summary. */
export const PagerdutyJobSummary = z.object({ incidents: count, logEntries: count, oncalls: count, users: count, services: count, added: count, skipped: count, linked: count });

/** A people directory import's summary. */
export const PeopleJobSummary = z.object({ people: count, created: count, updated: count, merged: count, identities: count, teams: count, memberships: count });

/** A catalog import's summary. */
export const CatalogJobSummary = z.object({ components: count, systems: count, groups: count, ownersChanged: count, warnings: z.array(z.string()).optional() });

/** A transcript import's summary. */
export const TranscriptJobSummary = z.object({ incidentId: z.number().int().optional(), cues: count, added: z.boolean().optional(), unmatchedSpeakers: z.array(z.string()).optional() });

/** A Slack channel sync's summary. */
export const SlackSyncJobSummary = z.object({ fetched: count, added: count, updated: count, incidents: count, channels: z.array(z.object({ name: z.string(), added: z.number() })).optional() });
