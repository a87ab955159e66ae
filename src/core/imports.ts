/*
 * Imports: what can be uploaded and where a job is.
 */

/** What can be uploaded. */
export const IMPORT_KINDS = ["slack", "pagerduty", "people", "transcript"] as const;

/** One kind of upload. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Where an import job is. */
export const IMPORT_JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;

/** An import job's status. */
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];
