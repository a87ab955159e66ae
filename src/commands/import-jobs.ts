import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { hostname } from "node:os";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import type { Db } from "../db/dialect.js";
import { startWorker } from "../importers/worker.js";
import type { ImportJob, ImportJobKind, ImportKind } from "../core/imports.js";
import type { WriteTurn } from "../db/sqlite-driver.js";
import { importOwner } from "../db/import-owner.js";
import { undoInterruptedImports } from "./import-unit.js";

// The job's shape is the API contract, defined once in src/core/imports.ts.
export type { ImportJobKind, ImportKind };

/** An import job as the API shows it. */
export type ImportJobView = ImportJob;

/** What the job worker thread is started with. */
export interface ImportJobWork {
  jobId: number;
  kind: ImportJobKind;
  storeUrl: string;
  filePath: string;
  originalName: string;
  options: Record<string, unknown>;
  userId: number | null;
  /** Recorded on a batched import, so the runner can undo it if the worker dies. */
  owner: string;
  /** The server's count of writers waiting for SQLite's lock: the import lets them go first. */
  writeTurn: WriteTurn | null;
  /** For `slack-sync`: the server's bot token and API URL, handed over in memory only (never in the job row). */
  slack: SlackCredentials;
}

/** How the runner reaches Slack: from `SLACK_BOT_TOKEN` and `SLACK_API_URL` unless given. */
export interface SlackCredentials {
  token: string | undefined;
  apiUrl: string | undefined;
}

/** Messages from the job worker thread. */
export type ImportJobWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; summary: Record<string, unknown> }
  | { type: "failed"; error: string };

/**
 * Live progress of the jobs running in this process, kept here and also written to the
 * job row about once a second so every app instance (PostgreSQL) or process (SQLite)
 * can show it.
 */
const live = new Map<number, { done: number; total: number }>();

/** This process's runner, as recorded on the jobs it claims. */
const RUNNER_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
/** How often a running job says it is alive (PostgreSQL), and when silence means it died. */
const HEARTBEAT_MS = 30_000;
const ABANDONED_AFTER_MS = 5 * 60_000;

/** Queues an uploaded file for import; the runner picks it up. */
export async function enqueueImport(
  store: Store,
  input: { kind: ImportJobKind; filePath: string; originalName: string; options: Record<string, unknown>; userId: number | null },
): Promise<ImportJobView> {
  const now = Date.now();
  const row = await store.db
    .insertInto("importJobs")
    .values({
      kind: input.kind,
      status: "queued",
      filePath: input.filePath,
      originalName: input.originalName,
      options: JSON.stringify(input.options),
      progressDone: 0,
      progressTotal: 0,
      summary: null,
      error: null,
      createdBy: input.userId,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const job = await getImportJob(store, row.id);
  if (!job) throw new Error(`import job ${row.id} vanished`);
  return job;
}

/** The newest jobs first. */
export async function listImportJobs(store: Store, limit = 50): Promise<ImportJobView[]> {
  const rows = await store.db.selectFrom("importJobs").selectAll().orderBy("createdAt", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(present);
}

/** One job, with live progress when it runs in this process. */
export async function getImportJob(store: Store, id: number): Promise<ImportJobView | undefined> {
  const row = await store.db.selectFrom("importJobs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? present(row) : undefined;
}

type JobRow = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(db: Db, id: number) {
  return db.selectFrom("importJobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function present(row: JobRow): ImportJobView {
  const progress = live.get(row.id) ?? { done: row.progressDone, total: row.progressTotal };
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    originalName: row.originalName,
    progress,
    summary: row.summary ? (JSON.parse(row.summary) as Record<string, unknown>) : null,
    error: row.error,
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

/**
 * Runs queued import jobs one at a time, each in a worker thread with its own
 * connection. Jobs are claimed with a conditional update, so several app instances on
 * one PostgreSQL can run the same queue without running a job twice.
 */
export function startImportRunner(store: Store, options: { pollMs?: number; slack?: Partial<SlackCredentials> } = {}): { stop(): Promise<void> } {
  const pollMs = options.pollMs ?? 500;
  // Read once, kept in memory: the token goes to the job's worker thread and nowhere else.
  const slack: SlackCredentials = {
    token: options.slack?.token ?? process.env.SLACK_BOT_TOKEN,
    apiUrl: options.slack?.apiUrl ?? process.env.SLACK_API_URL,
  };
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let reclaimedAt = 0;
  const tick = async (): Promise<void> => {
    if (stopped) return;
    try {
      if (Date.now() - reclaimedAt > 60_000) {
        reclaimedAt = Date.now();
        await failAbandonedJobs(store);
      }
      const job = await claimNext(store);
      if (job) await runJob(store, job, slack);
    } catch (error) {
      process.stderr.write(`import runner: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), pollMs);
  };
  running = tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

async function claimNext(store: Store): Promise<JobRow | null> {
  const next = await store.db.selectFrom("importJobs").select("id").where("status", "=", "queued").orderBy("createdAt").orderBy("id").limit(1).executeTakeFirst();
  if (!next) return null;
  const claimed = await store.db
    .updateTable("importJobs")
    .set({ status: "running", startedAt: Date.now(), runnerId: RUNNER_ID, heartbeatAt: Date.now() })
    .where("id", "=", next.id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  return loadRow(store.db, next.id);
}

async function runJob(store: Store, job: JobRow, slack: SlackCredentials): Promise<void> {
  const work: ImportJobWork = {
    jobId: job.id,
    kind: job.kind,
    storeUrl: store.url,
    filePath: job.filePath,
    originalName: job.originalName,
    options: job.options ? (JSON.parse(job.options) as Record<string, unknown>) : {},
    userId: job.createdBy,
    owner: importOwner(),
    writeTurn: store.writeTurn,
    slack,
  };
  live.set(job.id, { done: 0, total: 0 });
  let writtenAt = 0;
  // Only PostgreSQL needs heartbeats: a dead runner on SQLite is recognised by its
  // process being gone (same machine).
  const heartbeat =
    store.dialect.name === "postgres"
      ? setInterval(() => {
          void store.db.updateTable("importJobs").set({ heartbeatAt: Date.now() }).where("id", "=", job.id).execute();
        }, HEARTBEAT_MS)
      : null;
  const outcome = await new Promise<{ summary: Record<string, unknown> | null; error: string | null }>((resolve) => {
    const worker = startWorker(new URL(`./import-job-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url), work);
    let settled = false;
    const settle = (value: { summary: Record<string, unknown> | null; error: string | null }): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    worker.on("message", (message: ImportJobWorkerMessage) => {
      if (message.type === "progress") {
        live.set(job.id, { done: message.done, total: message.total });
        if (Date.now() - writtenAt > 1000) {
          writtenAt = Date.now();
          void store.db.updateTable("importJobs").set({ progressDone: message.done, progressTotal: message.total }).where("id", "=", job.id).execute();
        }
      } else if (message.type === "done") settle({ summary: message.summary, error: null });
      else settle({ summary: null, error: message.error });
    });
    worker.on("error", (error) => {
      process.stderr.write(`import job ${job.id}: unexpected error: ${error.stack ?? error.message}\n`);
      settle({ summary: null, error: "import failed unexpectedly; the server log has the details" });
    });
    worker.on("exit", (code) => settle({ summary: null, error: `import stopped (exit code ${code})` }));
  });
  if (heartbeat) clearInterval(heartbeat);
  // A worker that died mid-import (not one that failed: that one undid its batches)
  // leaves a running import behind: undo it before saying the job failed.
  if (outcome.error !== null) await undoInterruptedImports(store, { owner: work.owner });
  const progress = live.get(job.id) ?? { done: 0, total: 0 };
  live.delete(job.id);
  const now = Date.now();
  await store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("importJobs")
      .set({
        status: outcome.error === null ? "succeeded" : "failed",
        summary: outcome.summary ? JSON.stringify(outcome.summary) : null,
        error: outcome.error,
        finishedAt: now,
        progressDone: outcome.error === null ? Math.max(progress.done, progress.total) : progress.done,
        progressTotal: progress.total,
      })
      .where("id", "=", job.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: job.createdBy === null ? "import-job" : `user:${job.createdBy}`,
        action: outcome.error === null ? "import_job.succeeded" : "import_job.failed",
        subjectType: "import_job",
        subjectId: job.id,
        details: { kind: job.kind, file: job.originalName, error: outcome.error },
      },
      now,
    );
  });
  // The upload was only needed for the import: do not keep people's data lying around.
  // A sync has no upload (its path is empty).
  if (job.filePath) rmSync(job.filePath, { force: true });
  const teams = work.options.teamsFilePath;
  if (typeof teams === "string") rmSync(teams, { force: true });
}

/**
 * Marks as failed the jobs whose runner died while running them: on this machine, a
 * runner whose process is gone; anywhere, on PostgreSQL, one silent for five minutes.
 * Returns how many were failed.
 */
export async function failAbandonedJobs(store: Store, now = Date.now()): Promise<number> {
  // Batches of imports a dead process left behind (SQLite) are undone first.
  await undoInterruptedImports(store);
  const running = await store.db.selectFrom("importJobs").select(["id", "runnerId", "heartbeatAt", "filePath", "options", "kind", "originalName", "createdBy"]).where("status", "=", "running").execute();
  let failed = 0;
  for (const job of running) {
    if (job.runnerId === RUNNER_ID) continue;
    const [host, pid] = (job.runnerId ?? "").split(":");
    const deadHere = host === hostname() && pid !== undefined && !processAlive(Number(pid));
    const silent = store.dialect.name === "postgres" && (job.heartbeatAt ?? 0) < now - ABANDONED_AFTER_MS;
    if (!deadHere && !silent && job.runnerId !== null) continue;
    const error = "interrupted: the server running this import stopped before it finished; nothing was imported, upload the file again";
    const result = await store.db
      .updateTable("importJobs")
      .set({ status: "failed", error, finishedAt: now })
      .where("id", "=", job.id)
      .where("status", "=", "running")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    await recordAudit(store.db, { actor: "import-runner", action: "import_job.failed", subjectType: "import_job", subjectId: job.id, details: { kind: job.kind, file: job.originalName, error } }, now);
    if (job.filePath) rmSync(job.filePath, { force: true });
    failed += 1;
  }
  return failed;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
