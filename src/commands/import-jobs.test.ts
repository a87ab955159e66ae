import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../db/connection.js";
import { listIncidents } from "../db/repositories/incidents.js";
import { ZipWriter } from "../importers/zip/zip-writer.js";
import { externalSample, itWithSamples } from "../../test/shared-data.js";
import { testStoreKinds } from "../../test/stores.js";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { enqueueImport, failAbandonedJobs, getImportJob, type ImportJobView, listImportJobs, startImportRunner } from "./import-jobs.js";

const dir = mkdtempSync(join(tmpdir(), "debrief-jobs-"));
let n = 0;
/** A copy of a file, as an upload would be: the runner deletes it when done. */
function upload(source: string): string {
  const path = join(dir, `upload-${(n += 1)}`);
  copyFileSync(source, path);
  return path;
}

async function waitFor(store: Store, id: number): Promise<ImportJobView> {
  for (let i = 0; i < 600; i += 1) {
    const job = await getImportJob(store, id);
    if (job && (job.status === "succeeded" || job.status === "failed")) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

for (const kind of testStoreKinds()) {
  describe(`import jobs on ${kind.name}`, () => {
    let store: Store;
    let runner: { stop(): Promise<void> };
    beforeEach(async () => {
      store = await kind.open();
      runner = startImportRunner(store, { pollMs: 20 });
    });
    afterEach(async () => {
      await runner.stop();
      await store.close();
    });
    afterAll(() => kind.dispose());

    itWithSamples(["slack/hfaran_testarchive.zip"], "runs a Slack export upload in a worker thread and removes the upload", async () => {
      const path = upload(externalSample("slack/hfaran_testarchive.zip"));
      const queued = await enqueueImport(store, { kind: "slack", filePath: path, originalName: "hfaran.zip", options: {}, userId: null });
      expect(queued.status).toBe("queued");
      const job = await waitFor(store, queued.id);
      expect(job).toMatchObject({ status: "succeeded", originalName: "hfaran.zip", error: null, summary: { messages: 158, added: 158 } });
      expect(job.progress.total).toBe(17);
      expect(existsSync(path)).toBe(false);
      expect(await store.db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst()).toMatchObject({ n: 158 });
      const audit = await store.db.selectFrom("auditEvents").select("action").where("action", "like", "import_job.%").execute();
      expect(audit).toEqual([{ action: "import_job.succeeded" }]);
    });

    it("reports a failed import by the uploaded file's own name, and changes nothing", async () => {
      const bad = join(dir, "bad.zip");
      const writer = new ZipWriter(bad);
      writer.add("users.json", "[]");
      writer.add("general/2024-01-01.json", "[{");
      writer.close();
      const job = await waitFor(store, (await enqueueImport(store, { kind: "slack", filePath: upload(bad), originalName: "acme-export.zip", options: {}, userId: null })).id);
      expect(job.status).toBe("failed");
      expect(job.error).toMatch(/^acme-export\.zip: entry general\/2024-01-01\.json: malformed JSON/);
      expect(await store.db.selectFrom("messages").selectAll().execute()).toEqual([]);
    });

    it("reports a channel id listed twice by file and id, with no internal text", async () => {
      const bad = join(dir, "twice.zip");
      const writer = new ZipWriter(bad);
      writer.add("users.json", "[]");
      writer.add("channels.json", JSON.stringify([{ id: "C1", name: "general" }, { id: "C1", name: "general-2" }]));
      writer.close();
      const job = await waitFor(store, (await enqueueImport(store, { kind: "slack", filePath: upload(bad), originalName: "acme-export.zip", options: {}, userId: null })).id);
      expect(job.status).toBe("failed");
      expect(job.error).toBe('acme-export.zip: entry channels.json: item 2: conversation id "C1" is already listed at acme-export.zip: entry channels.json: item 1');
    });

    itWithSamples(["pagerduty/api-schema_openapi_GET_examples.json", "slack/hfaran_testarchive.zip", "transcripts/zoom_GMT20240124-202901_Recording.transcript.vtt"], "imports a zipped PagerDuty folder and a transcript", async () => {
      const examples = JSON.parse(readFileSync(externalSample("pagerduty/api-schema_openapi_GET_examples.json"), "utf8")) as Record<string, Record<string, { value: unknown }>>;
      const zipPath = join(dir, "pd.zip");
      const writer = new ZipWriter(zipPath);
      writer.add("pagerduty/incidents.json", JSON.stringify(examples["/incidents"]?.response?.value));
      writer.add("pagerduty/oncalls.json", JSON.stringify(examples["/oncalls"]?.response?.value));
      writer.close();
      const pd = await waitFor(store, (await enqueueImport(store, { kind: "pagerduty", filePath: upload(zipPath), originalName: "pd.zip", options: {}, userId: null })).id);
      expect(pd.status, pd.error ?? "").toBe("succeeded");
      expect(await store.db.selectFrom("pagerdutyIncidents").select("externalId").execute()).toEqual([{ externalId: "PT4KHLK" }]);

      const slack = await waitFor(store, (await enqueueImport(store, { kind: "slack", filePath: upload(externalSample("slack/hfaran_testarchive.zip")), originalName: "a.zip", options: {}, userId: null })).id);
      expect(slack.status).toBe("succeeded");
      await store.db.insertInto("incidents").values({ title: "review", severity: null, status: "new", origin: "manual", startedAt: 1, detectedAt: null, resolvedAt: null, createdAt: 1, updatedAt: 1 }).execute();
      const incident = (await listIncidents(store.db))[0]!.incident;
      const transcript = await waitFor(
        store,
        (await enqueueImport(store, { kind: "transcript", filePath: upload(externalSample("transcripts/zoom_GMT20240124-202901_Recording.transcript.vtt")), originalName: "call.vtt", options: { incidentId: incident.id }, userId: null })).id,
      );
      expect(transcript.status, transcript.error ?? "").toBe("succeeded");
      expect(transcript.summary).toMatchObject({ cues: 102 });
      expect((await listImportJobs(store)).map((j) => j.kind)).toEqual(["transcript", "slack", "pagerduty"]);
    });

    itWithSamples(["slack/hfaran_testarchive.zip"], "fails jobs whose runner died, and leaves live ones alone", async () => {
      await runner.stop();
      const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
      const now = Date.now();
      const job = (runnerId: string, heartbeatAt: number) =>
        store.db
          .insertInto("importJobs")
          .values({ kind: "slack", status: "running", filePath: upload(externalSample("slack/hfaran_testarchive.zip")), originalName: "x.zip", options: "{}", progressDone: 0, progressTotal: 0, summary: null, error: null, createdBy: null, createdAt: now, startedAt: now, finishedAt: null, runnerId, heartbeatAt })
          .returning("id")
          .executeTakeFirstOrThrow();
      const crashed = await job(`${hostname()}:${dead}:aaaa`, now);
      const alive = await job(`${hostname()}:${process.pid}:bbbb`, now);
      const silentElsewhere = await job("another-host:1:cccc", now - 10 * 60_000);
      const failed = await failAbandonedJobs(store, now);
      const status = async (id: number) => (await getImportJob(store, id))?.status;
      expect(await status(crashed.id)).toBe("failed");
      expect((await getImportJob(store, crashed.id))?.error).toMatch(/^interrupted/);
      expect(await status(alive.id)).toBe("running");
      // Only PostgreSQL has heartbeats to go by; on SQLite another machine cannot share the file.
      expect(await status(silentElsewhere.id)).toBe(kind.name === "postgres" ? "failed" : "running");
      expect(failed).toBe(kind.name === "postgres" ? 2 : 1);
      runner = startImportRunner(store, { pollMs: 20 });
    });

    it("imports a people CSV with its team history", async () => {
      const people = join(dir, "people.csv");
      writeFileSync(people, "email,name,timezone,start_date\r\nana@acme.example,Ana Ruiz,Europe/Madrid,2020-01-06\r\n");
      const teams = join(dir, "teams.csv");
      writeFileSync(teams, "email,team,from,to\r\nana@acme.example,payments,2020-01-06,\r\n");
      const teamsUpload = upload(teams);
      const job = await waitFor(store, (await enqueueImport(store, { kind: "people", filePath: upload(people), originalName: "people.csv", options: { teamsFilePath: teamsUpload }, userId: null })).id);
      expect(job.status, job.error ?? "").toBe("succeeded");
      expect(await store.db.selectFrom("teamMemberships").select("fromAt").execute()).toEqual([{ fromAt: Date.parse("2020-01-06T00:00:00Z") }]);
      expect(existsSync(teamsUpload)).toBe(false);
    });
  });
}
