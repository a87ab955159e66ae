import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSlackChannel, buildSlackMessage, writeSlackExport } from "../../../../test/factories/slack-export.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { startImportRunner } from "../../../commands/import-jobs.js";
import { buildTestApp, type Caller, multipartBody, type ServerFixture, signIn, startFixture, type UploadPart } from "../../../../test/server-harness.js";

interface JobBody {
  id: number;
  kind: string;
  status: string;
  originalName: string;
  progress: { done: number; total: number };
  summary: Record<string, unknown> | null;
  error: string | null;
}

for (const kind of testStoreKinds()) {
  describe(`import routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let uploadDir: string;
    beforeAll(async () => {
      uploadDir = mkdtempSync(join(tmpdir(), "debrief-uploads-"));
      f = await startFixture(kind, { uploadDir });
    });
    afterAll(async () => {
      await f.close();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    const upload = (fields: Record<string, string>, files: UploadPart[], caller: Caller = f.callers.analyst) => {
      const body = multipartBody(fields, files);
      return caller.request({ method: "POST", url: "/api/imports", payload: body.payload, headers: body.headers });
    };
    const storedFiles = () => readdirSync(uploadDir).sort();

    it("streams an upload to the upload folder and queues a job", async () => {
      const response = await upload({ kind: "slack" }, [{ field: "file", filename: "acme export.zip", content: "PK\u0003\u0004 pretend zip" }]);
      expect(response.statusCode, response.body).toBe(202);
      const { job } = response.json() as { job: JobBody };
      expect(job).toMatchObject({ kind: "slack", status: "queued", originalName: "acme export.zip", progress: { done: 0, total: 0 }, summary: null, error: null });
      const row = await f.store.db.selectFrom("importJobs").selectAll().where("id", "=", job.id).executeTakeFirstOrThrow();
      expect(row.filePath.startsWith(uploadDir)).toBe(true);
      expect(row.filePath.endsWith("-acme_export.zip")).toBe(true);
      expect(readFileSync(row.filePath, "utf8")).toBe("PK\u0003\u0004 pretend zip");
      expect(row.createdBy).toBe(f.world.users.analyst.id);
      expect((await f.callers.analyst.get(`/api/imports/${job.id}`)).json()).toEqual({ job: (response.json() as { job: JobBody }).job });
      expect(((await f.callers.admin.get("/api/imports")).json() as { jobs: JobBody[] }).jobs.map((j) => j.id)).toContain(job.id);
      const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "import.create").where("subjectId", "=", String(job.id)).executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ kind: "slack", file: "acme export.zip" });
    });

    it("passes a people import its team history file and a transcript its incident", async () => {
      const people = await upload({ kind: "people" }, [
        { field: "file", filename: "people.csv", content: "email,name\n" },
        { field: "teams", filename: "team_history.csv", content: "email,team,from\n" },
      ]);
      expect(people.statusCode, people.body).toBe(202);
      const peopleRow = await f.store.db.selectFrom("importJobs").select("options").where("id", "=", (people.json() as { job: JobBody }).job.id).executeTakeFirstOrThrow();
      const teamsPath = (JSON.parse(peopleRow.options ?? "{}") as { teamsFilePath: string }).teamsFilePath;
      expect(readFileSync(teamsPath, "utf8")).toBe("email,team,from\n");
      const transcript = await upload({ incidentId: String(f.world.incidents.draft), kind: "transcript" }, [{ field: "file", filename: "call.vtt", content: "WEBVTT\n" }]);
      expect(transcript.statusCode, transcript.body).toBe(202);
      const transcriptRow = await f.store.db.selectFrom("importJobs").select("options").where("id", "=", (transcript.json() as { job: JobBody }).job.id).executeTakeFirstOrThrow();
      expect(JSON.parse(transcriptRow.options ?? "{}")).toEqual({ incidentId: f.world.incidents.draft });
    });

    it("refuses bad uploads naming the field, and keeps nothing of them", async () => {
      const before = storedFiles();
      const file = { field: "file", filename: "x.zip", content: "data" };
      const cases: [Record<string, string>, UploadPart[], string, string][] = [
        [{ kind: "slack" }, [], "file", "required"],
        [{ kind: "email" }, [file], "kind", ""],
        [{}, [file], "kind", ""],
        [{ kind: "slack", channel: "x" }, [file], "channel", "unknown field"],
        [{ kind: "slack" }, [file, { field: "extra", filename: "y", content: "z" }], "extra", "unknown file field (expected file or teams)"],
        [{ kind: "slack" }, [file, { field: "teams", filename: "t.csv", content: "z" }], "teams", "only for kind people"],
        [{ kind: "slack", incidentId: "1" }, [file], "incidentId", "only for kind transcript"],
        [{ kind: "transcript" }, [file], "incidentId", "required for kind transcript"],
        [{ kind: "transcript", incidentId: "999999" }, [file], "incidentId", "no incident 999999"],
        [{ kind: "transcript", incidentId: "abc" }, [file], "incidentId", ""],
        [{ kind: "slack" }, [{ field: "file", filename: "empty.zip", content: "" }], "file", "the file is empty"],
        [{ kind: "slack" }, [file, file], "file", "given twice"],
      ];
      for (const [fields, files, field, message] of cases) {
        const response = await upload(fields, files);
        expect(response.statusCode, `${JSON.stringify(fields)} ${response.body}`).toBe(400);
        const body = response.json() as { error: string; details: { in: string; field: string; message: string }[] };
        expect(body.error).toBe(`invalid body: ${field}`);
        expect(body.details[0]?.field).toBe(field);
        if (message) expect(body.details[0]?.message).toBe(message);
      }
      expect(storedFiles()).toEqual(before);
    });

    it("refuses files over the limit with 413 and removes what was written", async () => {
      const small = await buildTestApp(f.store, { uploadDir, maxUploadBytes: 1024 });
      const caller = await signIn(small, "analyst@acme.example");
      const before = storedFiles();
      const body = multipartBody({ kind: "slack" }, [{ field: "file", filename: "big.zip", content: Buffer.alloc(4096, 1) }]);
      const response = await caller.request({ method: "POST", url: "/api/imports", payload: body.payload, headers: body.headers });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ error: "uploaded file is larger than the limit of 1 KiB" });
      expect(storedFiles()).toEqual(before);
      await small.close();
    });

    it("refuses callers who may not import before reading the upload, and non-multipart bodies", async () => {
      const before = storedFiles();
      const response = await upload({ kind: "slack" }, [{ field: "file", filename: "x.zip", content: "data" }], f.callers.member);
      expect(response.statusCode).toBe(403);
      expect(storedFiles()).toEqual(before);
      const json = await f.callers.analyst.post("/api/imports", { kind: "slack" });
      expect(json.statusCode).toBe(415);
      expect((await f.callers.analyst.get("/api/imports/999999")).statusCode).toBe(404);
    });

    it("runs a queued Slack export through the job runner to a new incident", async () => {
      const path = writeSlackExport({
        channels: [buildSlackChannel("C77", "inc-77-queue-backlog")],
        days: { "inc-77-queue-backlog": { "2023-11-14": [buildSlackMessage(0, "U1", "queue is backing up"), buildSlackMessage(60, "U2", "draining it")] } },
      });
      const response = await upload({ kind: "slack" }, [{ field: "file", filename: "slack.zip", content: readFileSync(path) }]);
      const { job } = response.json() as { job: JobBody };
      const runner = startImportRunner(f.store, { pollMs: 20 });
      let current = job;
      try {
        for (let i = 0; i < 300 && (current.status === "queued" || current.status === "running" || current.id !== job.id); i += 1) {
          await sleep(50);
          current = ((await f.callers.analyst.get(`/api/imports/${job.id}`)).json() as { job: JobBody }).job;
        }
      } finally {
        await runner.stop();
      }
      expect(current.status, current.error ?? "").toBe("succeeded");
      expect(current.summary).toMatchObject({ messages: 2 });
      const incidents = ((await f.callers.analyst.get("/api/incidents?q=queue")).json() as { incidents: { title: string; messages: number }[] }).incidents;
      expect(incidents).toHaveLength(1);
      expect(incidents[0]?.messages).toBe(2);
      const row = await f.store.db.selectFrom("importJobs").select("filePath").where("id", "=", job.id).executeTakeFirstOrThrow();
      expect(existsSync(row.filePath)).toBe(false);
    });

    it("runs a Backstage catalog upload through the job runner, and fails a broken one naming the uploaded file", async () => {
      const yaml = [
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: billing\nspec:\n  type: team\n  children: []\n",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger-upload\nspec:\n  type: service\n  lifecycle: production\n  owner: billing\n",
      ].join("---\n");
      const good = ((await upload({ kind: "catalog" }, [{ field: "file", filename: "catalog-info.yaml", content: yaml }])).json() as { job: JobBody }).job;
      const bad = ((await upload({ kind: "catalog" }, [{ field: "file", filename: "broken.yaml", content: "kind: Component\nmetadata: [\n" }])).json() as { job: JobBody }).job;
      expect(good.kind).toBe("catalog");
      const runner = startImportRunner(f.store, { pollMs: 20 });
      const finished = async (id: number): Promise<JobBody> => {
        let current = ((await f.callers.analyst.get(`/api/imports/${id}`)).json() as { job: JobBody }).job;
        for (let i = 0; i < 300 && (current.status === "queued" || current.status === "running"); i += 1) {
          await sleep(50);
          current = ((await f.callers.analyst.get(`/api/imports/${id}`)).json() as { job: JobBody }).job;
        }
        return current;
      };
      let done: JobBody;
      let failed: JobBody;
      try {
        done = await finished(good.id);
        failed = await finished(bad.id);
      } finally {
        await runner.stop();
      }
      expect(done.status, done.error ?? "").toBe("succeeded");
      expect(done.summary).toMatchObject({ components: 1, groups: 1, ignored: 0 });
      expect(done.summary).not.toHaveProperty("importId");
      const service = await f.store.db.selectFrom("services").select("name").where("name", "=", "ledger-upload").executeTakeFirst();
      expect(service?.name).toBe("ledger-upload");
      expect(failed.status).toBe("failed");
      expect(failed.error).toContain("broken.yaml");
      expect(failed.error).not.toContain(uploadDir);
    });
  });
}
