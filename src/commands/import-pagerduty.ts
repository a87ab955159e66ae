import { ImportError } from "../importers/import-error.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { PagerdutyWriter } from "../db/repositories/pagerduty.js";
import { openPagerdutyFolder, type PagerdutyFile } from "../importers/pagerduty/pagerduty-folder.js";
import { linkPagerdutyIncidents } from "./link-pagerduty.js";

/** What a PagerDuty import or sync did. The object counts are objects read. */
export interface PagerdutyImportSummary {
  /** JSON files read (API responses, for a sync). */
  files: number;
  /** Files that hold no PagerDuty data, by name. */
  skippedFiles: string[];
  incidents: number;
  logEntries: number;
  oncalls: number;
  users: number;
  services: number;
  escalationPolicies: number;
  schedules: number;
  /** Rows newly stored. */
  added: number;
  /** Objects already stored (refreshed if they changed). */
  skipped: number;
  /** PagerDuty incidents newly linked to Debrief incidents. */
  linked: number;
  importId: number;
}

/** Progress after each file or response stored. */
export type PagerdutyProgress = (progress: { done: number; total: number; added: number }) => void;

/** How to store a stream of parsed PagerDuty bodies; see {@link storePagerdutyFiles}. */
export interface PagerdutyStoreJob {
  /** Names the source in the `imports` journal: a folder path, or the API and window. */
  sourceName: string;
  actor: string;
  /** The audit action: `import.pagerduty` or `sync.pagerduty`. */
  auditAction: string;
  files: Iterable<PagerdutyFile> | AsyncIterable<PagerdutyFile>;
  /** How many files there are, for progress. */
  total: number;
  onProgress?: PagerdutyProgress | undefined;
  /** Refuse (and roll back) when no file held a PagerDuty record: a folder import of nothing. */
  requireRecords?: boolean;
}

/**
 * Stores parsed PagerDuty bodies in one transaction — the one path both the folder
 * import and the live sync take — then links PagerDuty incidents to Debrief incidents,
 * journals the import and records an audit event. Files are consumed one at a time;
 * any error (a bad file, a database error) rolls everything back.
 */
export async function storePagerdutyFiles(store: Store, job: PagerdutyStoreJob): Promise<PagerdutyImportSummary> {
  const now = Date.now();
  return store.db.transaction().execute(async (trx) => {
    await store.dialect.lockImports(trx);
    const record = await trx
      .insertInto("imports")
      .values({ kind: "pagerduty", sourceName: job.sourceName, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const summary: PagerdutyImportSummary = {
      files: 0,
      skippedFiles: [],
      incidents: 0,
      logEntries: 0,
      oncalls: 0,
      users: 0,
      services: 0,
      escalationPolicies: 0,
      schedules: 0,
      added: 0,
      skipped: 0,
      linked: 0,
      importId: record.id,
    };
    const writer = new PagerdutyWriter(trx, now);
    for await (const file of job.files) {
      summary.files += 1;
      if (file.document.kind === "skipped") {
        summary.skippedFiles.push(file.name);
      } else {
        const batch = file.document.batch;
        summary.incidents += batch.incidents.length;
        summary.logEntries += batch.logEntries.length;
        summary.oncalls += batch.oncalls.length;
        summary.users += batch.users.length;
        summary.services += batch.services.length;
        summary.escalationPolicies += batch.escalationPolicies.length;
        summary.schedules += batch.schedules.length;
        await writer.add(batch);
      }
      job.onProgress?.({ done: summary.files, total: job.total, added: writer.counts.added });
    }
    const records = summary.incidents + summary.logEntries + summary.oncalls + summary.users + summary.services + summary.escalationPolicies + summary.schedules;
    if (job.requireRecords && records === 0) {
      const skipped = summary.skippedFiles.length > 0 ? `; skipped ${summary.skippedFiles.join(", ")}` : "";
      throw new ImportError(`${job.sourceName}: found nothing to import (no PagerDuty records in ${summary.files} JSON file${summary.files === 1 ? "" : "s"}${skipped})`);
    }
    const counts = await writer.finish();
    summary.added = counts.added;
    summary.skipped = counts.skipped;
    summary.linked = await linkPagerdutyIncidents(trx, now);
    const { importId: _importId, ...journal } = summary;
    await trx.updateTable("imports").set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify(journal) }).where("id", "=", record.id).execute();
    await recordAudit(trx, { actor: job.actor, action: job.auditAction, subjectType: "import", subjectId: record.id, details: { source: job.sourceName, ...journal } }, now);
    return summary;
  });
}

/** Options for {@link importPagerduty}. */
export interface PagerdutyImportOptions {
  /** A folder of saved REST API v2 responses and webhook v3 payloads (`*.json`, any depth). */
  path: string;
  /** Who runs the import, for the audit trail. */
  actor: string;
  onProgress?: PagerdutyProgress | undefined;
}

/**
 * `debrief import pagerduty <folder>`: imports every PagerDuty body in a folder —
 * incidents, log entries, on-call shifts, users, services, escalation policies,
 * schedules, webhook events — in one transaction, file by file. Idempotent by
 * PagerDuty's ids: a second run adds nothing and changes nothing.
 */
export async function importPagerduty(store: Store, options: PagerdutyImportOptions): Promise<PagerdutyImportSummary> {
  const folder = openPagerdutyFolder(options.path);
  try {
    return await storePagerdutyFiles(store, {
      sourceName: options.path,
      actor: options.actor,
      auditAction: "import.pagerduty",
      files: folder.read(),
      total: folder.files.length,
      onProgress: options.onProgress,
      requireRecords: true,
    });
  } finally {
    folder.close();
  }
}

/** The `--json` summary: exactly the documented fields, in order. */
export function presentPagerdutySummary(summary: PagerdutyImportSummary): Record<string, unknown> {
  return {
    files: summary.files,
    skippedFiles: summary.skippedFiles,
    incidents: summary.incidents,
    logEntries: summary.logEntries,
    oncalls: summary.oncalls,
    users: summary.users,
    services: summary.services,
    escalationPolicies: summary.escalationPolicies,
    schedules: summary.schedules,
    added: summary.added,
    skipped: summary.skipped,
  };
}
