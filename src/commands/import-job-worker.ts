import { mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { openStore } from "../db/connection.js";
import { ImportError } from "../core/errors.js";
import { extractZip } from "../importers/zip/extract.js";
import { InputError } from "../core/errors.js";
import { importCatalog } from "./import-catalog.js";
import { importPagerduty } from "./import-pagerduty.js";
import { importPeople } from "./import-people.js";
import { importSlackExport } from "./import-slack-export.js";
import { importTranscript } from "./import-transcript.js";
import { runSlackChannelSync } from "./slack-channel-sync.js";
import type { ImportJobWork, ImportJobWorkerMessage } from "./import-jobs.js";

// Worker thread: runs one import job on its own connection, so the server's event loop
// keeps answering while a large export is stored.
const work = workerData as ImportJobWork;
const port = parentPort;
if (!port) throw new Error("import-job-worker must run in a worker thread");
const post = (message: ImportJobWorkerMessage): void => port.postMessage(message);
const progress = (done: number, total: number): void => post({ type: "progress", done, total });

/**
 * The import is background work: on Linux this thread (and the parse thread it starts,
 * which inherits it) runs at a lower priority, so on a busy machine the server's event
 * loop gets the CPU first. Best effort: elsewhere nothing changes.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not permitted: run at normal priority.
  }
}

async function run(): Promise<Record<string, unknown>> {
  lowerThreadPriority();
  const store = await openStore({ url: work.storeUrl, writeTurn: work.writeTurn ?? undefined });
  try {
    const actor = work.userId === null ? "import-job" : `user:${work.userId}`;
    switch (work.kind) {
      case "slack": {
        const { importId: _id, ...summary } = await importSlackExport(store, {
          path: work.filePath,
          actor,
          owner: work.owner,
          onProgress: ({ done, total }) => progress(done, total),
        });
        return summary;
      }
      case "pagerduty": {
        const folder = mkdtempSync(join(tmpdir(), "debrief-pagerduty-"));
        try {
          extractZip(work.filePath, folder);
          const summary = await importPagerduty(store, { path: folder, actor, onProgress: ({ done, total }) => progress(done, total) });
          return { ...summary };
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      }
      case "people": {
        const teams = typeof work.options.teamsFilePath === "string" ? work.options.teamsFilePath : undefined;
        const { importId: _id, ...summary } = await importPeople(store, { path: work.filePath, teamsPath: teams, actor });
        return summary;
      }
      case "transcript": {
        const incidentId = Number(work.options.incidentId);
        const startedAt = typeof work.options.startedAt === "string" ? work.options.startedAt : undefined;
        const summary = await importTranscript(store, { path: work.filePath, incidentId, actor, startedAt, name: work.originalName });
        // The incident it belongs to, so the outcome can link to its timeline.
        return { ...summary, incidentId };
      }
      case "catalog": {
        // One Backstage YAML file, dated now: owners that changed since the last catalog change today.
        const { importId: _id, ...summary } = await importCatalog(store, { paths: [work.filePath], actor });
        return summary;
      }
      case "slack-sync":
        return await runSlackChannelSync(store, { options: work.options, token: work.slack.token, apiUrl: work.slack.apiUrl, actor, onProgress: progress });
    }
  } finally {
    await store.close();
  }
}

run().then(
  (summary) => post({ type: "done", summary }),
  (error: unknown) => {
    // Input problems are shown to the person who uploaded; anything else is a bug, and says so.
    const expected = error instanceof ImportError || error instanceof InputError;
    // Messages name the uploaded file as its owner knows it, not the server's temp path.
    let message = error instanceof Error ? error.message : String(error);
    if (work.filePath) message = message.split(work.filePath).join(work.originalName);
    // Belt and braces: whatever went wrong, the bot token never reaches the job row.
    const token = work.slack.token?.trim();
    if (token) message = message.split(token).join("[token]");
    if (expected) {
      post({ type: "failed", error: message });
      return;
    }
    // A bug, not the upload's fault: its text (SQL, paths) is for the server's log, not the job.
    process.stderr.write(`import job: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    post({ type: "failed", error: "import failed unexpectedly; the server log has the details" });
  },
);
