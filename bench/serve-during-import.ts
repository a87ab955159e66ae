import { type ChildProcess, spawn } from "node:child_process";
import { openAsBlob, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cachedDemo, cachedExport } from "./demo-cache.js";
import { createUser } from "../src/commands/accounts.js";
import { startImportRunner } from "../src/commands/import-jobs.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore } from "../src/db/connection.js";
import { buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/server/auth/passwords.js";
import { CSRF_COOKIE, SESSION_COOKIE } from "../src/server/auth/sessions.js";

/*
 * `npm run bench:serve-during-import`: a server on SQLite (its own process, with its
 * import runner) answers 50 concurrent clients reading the incident list, timelines and
 * people breakdowns and writing annotations — first with nothing else going on, then
 * while a generated 1,000,000-message Slack export uploaded through the API is imported
 * in its worker thread. Same run, same load: the figure is p95 during the import ÷ p95
 * without it. Targets: no errors, no lost audit rows, that ratio ≤ 3.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    base: { type: "string", default: "20000" },
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "20" },
    profile: { type: "string", default: "realistic" },
    out: { type: "string", default: "bench/out" },
    phase: { type: "string" },
    db: { type: "string" },
  },
});

const PASSWORD = "bench-password-123";

if (values.phase === "serve") await serve(required(values.db));
else await orchestrate();

/** The server under test: the app and its import runner, on 127.0.0.1, until SIGTERM. */
async function serve(db: string): Promise<void> {
  const store = await openStore({ url: db });
  const app = await buildApp({ store, minLoginDelayMs: 0, passwordCost: 1024, uploadDir: join(values.out ?? "bench/out", "uploads") });
  const runner = startImportRunner(store, { pollMs: 200 });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`${JSON.stringify({ address })}\n`);
  process.on("SIGTERM", () => {
    void (async () => {
      await runner.stop();
      await app.close();
      await store.close();
      process.exit(0);
    })();
  });
}

interface Sample {
  op: string;
  ms: number;
  ok: boolean;
}

interface Client {
  cookie: string;
  csrf: string;
}

async function orchestrate(): Promise<void> {
  const out = values.out ?? "bench/out";
  const profile = values.profile === "demo" ? "demo" : "realistic";
  const uploadPath = cachedExport(profile, { seed: 7, messages: Number(values.messages), out });
  const base = cachedDemo({ seed: 42, messages: Number(values.base), out });
  const db = join(out, "serve-during-import.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
  {
    const store = await openStore({ url: db });
    await loadDemo(store, base, "bench");
    const passwordHash = await hashPassword(PASSWORD, 1024);
    await createUser(store, { email: "admin@bench.local", name: "Admin", role: "admin", passwordHash, actor: "bench" });
    for (let i = 0; i < Number(values.clients); i += 1) {
      await createUser(store, { email: `analyst${i}@bench.local`, name: `Analyst ${i}`, role: "analyst", passwordHash, actor: "bench" });
    }
    await store.close();
  }

  const self = fileURLToPath(import.meta.url);
  const server = spawn(process.execPath, [self, "--phase", "serve", "--db", db, "--out", out], { stdio: ["ignore", "pipe", "inherit"] });
  const address = await new Promise<string>((resolve, reject) => {
    let text = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve((JSON.parse(line) as { address: string }).address);
    });
    server.on("exit", (code) => reject(new Error(`server exited (${code})`)));
  });
  try {
    const admin = await login(address, "admin@bench.local");
    const clients = await Promise.all(Array.from({ length: Number(values.clients) }, (_, i) => login(address, `analyst${i}@bench.local`)));
    const incidents = ((await (await call(address, admin, "GET", "/api/incidents")).json()) as { incidents: { id: number }[] }).incidents.map((i) => i.id);
    const targets: { incident: number; events: { kind: string; id: string }[] }[] = [];
    for (const incident of incidents.slice(0, 20)) {
      const page = (await (await call(address, admin, "GET", `/api/incidents/${incident}/timeline?limit=50`)).json()) as { events: { kind: string; id: string }[] };
      if (page.events.length > 0) targets.push({ incident, events: page.events });
    }
    if (targets.length === 0) throw new Error("the base demo has no incident with a timeline");

    const created: number[] = [];
    const baseline = await load(address, clients, targets, created, { seconds: Number(values.seconds) });

    const form = new FormData();
    form.set("kind", "slack");
    form.set("file", await openAsBlob(uploadPath), "slack-export.zip");
    const uploadStarted = performance.now();
    const queued = (await (await call(address, admin, "POST", "/api/imports", form)).json()) as { job: { id: number } };
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;
    type Job = { status: string; startedAt: string | null; finishedAt: string | null; summary: Record<string, unknown> | null; error: string | null };
    const watch = (async (): Promise<Job> => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const job = ((await (await call(address, admin, "GET", `/api/imports/${queued.job.id}`)).json()) as { job: Job }).job;
        if (job.status === "succeeded" || job.status === "failed") return job;
      }
    })();
    const during = await load(address, clients, targets, created, { until: watch.then(() => undefined) });
    const finished = await watch;

    // Every annotation the server said it created has its audit row.
    const store = await openStore({ url: db });
    const audited = new Set(
      (await store.db.selectFrom("auditEvents").select("subjectId").where("action", "=", "annotation.create").execute()).map((r) => Number(r.subjectId)),
    );
    await store.close();
    const lost = created.filter((id) => !audited.has(id)).length;

    const stats = (samples: Sample[]) => {
      const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
      const at = (q: number): number => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0;
      return { requests: samples.length, errors: samples.filter((s) => !s.ok).length, p50: at(0.5), p95: at(0.95), max: at(1) };
    };
    const a = stats(baseline.samples);
    const b = stats(during.samples);
    const ratio = b.p95 / a.p95;
    const importSeconds = finished.startedAt && finished.finishedAt ? (Date.parse(finished.finishedAt) - Date.parse(finished.startedAt)) / 1000 : NaN;
    const messages = Number((finished.summary as { messages?: number } | null)?.messages ?? 0);
    const line = (name: string, s: ReturnType<typeof stats>, seconds: number) =>
      `${name.padEnd(16)} ${s.requests.toString().padStart(6)} requests  ${(s.requests / seconds).toFixed(0).padStart(4)} req/s  p50 ${s.p50.toFixed(1)} ms  p95 ${s.p95.toFixed(1)} ms  max ${s.max.toFixed(0)} ms  errors ${s.errors}`;
    const lines = [
      `clients          ${clients.length} (incident list, timelines, people, annotations)`,
      line("without import", a, baseline.seconds),
      line("during import", b, during.seconds),
      `import           ${finished.status}${finished.error ? ` (${finished.error})` : ""}: ${messages.toLocaleString("en")} messages (${profile} profile) in ${importSeconds.toFixed(1)} s after a ${uploadSeconds.toFixed(1)} s upload`,
      `annotations      ${created.length} created, ${lost} without their audit row`,
      `p95 during ÷ without  ${ratio.toFixed(2)}×`,
      `targets          0 errors: ${a.errors + b.errors === 0 ? "met" : "MISSED"}; 0 lost audit rows: ${lost === 0 ? "met" : "MISSED"}; p95 ≤ 3×: ${ratio <= 3 ? "met" : "MISSED"}; import succeeded: ${finished.status === "succeeded" ? "yes" : "NO"}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    writeFileSync(
      join(out, "serve-during-import.json"),
      JSON.stringify({ at: new Date().toISOString(), clients: clients.length, profile, messages, baseline: a, during: b, ratio, lost, created: created.length, importSeconds, uploadSeconds, job: finished }, null, 2),
    );
  } finally {
    await stop(server);
  }
}

/** Runs every client in a loop until `seconds` pass or `until` settles. */
async function load(
  address: string,
  clients: Client[],
  targets: { incident: number; events: { kind: string; id: string }[] }[],
  created: number[],
  end: { seconds?: number; until?: Promise<void> },
): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  let done = false;
  const started = performance.now();
  if (end.seconds !== undefined) setTimeout(() => (done = true), end.seconds * 1000);
  void end.until?.then(() => (done = true));
  let n = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      while (!done) {
        n += 1;
        const target = targets[(n + c) % targets.length] as (typeof targets)[number];
        const pick = (n * 7 + c) % 20;
        let op: string;
        let run: () => Promise<Response>;
        if (pick < 5) {
          op = "incidents";
          run = () => call(address, client, "GET", "/api/incidents");
        } else if (pick < 12) {
          op = "timeline";
          run = () => call(address, client, "GET", `/api/incidents/${target.incident}/timeline?limit=100`);
        } else if (pick < 17) {
          op = "people";
          run = () => call(address, client, "GET", `/api/incidents/${target.incident}/people`);
        } else {
          op = "annotate";
          const event = target.events[n % target.events.length] as { kind: string; id: string };
          run = () => call(address, client, "POST", `/api/incidents/${target.incident}/annotations`, { eventKind: event.kind, eventId: event.id, tags: ["question"], note: `load ${n}` });
        }
        const t0 = performance.now();
        let ok = false;
        try {
          const response = await run();
          const body = await response.text();
          ok = response.ok;
          if (ok && op === "annotate") created.push((JSON.parse(body) as { annotation: { id: number } }).annotation.id);
          if (!ok && samples.filter((s) => !s.ok).length < 5) process.stderr.write(`${op}: ${response.status} ${body.slice(0, 200)}\n`);
        } catch (error) {
          if (samples.filter((s) => !s.ok).length < 5) process.stderr.write(`${op}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        samples.push({ op, ms: performance.now() - t0, ok });
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function login(address: string, email: string): Promise<Client> {
  const response = await fetch(`${address}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const cookies = Object.fromEntries(response.headers.getSetCookie().map((c) => (c.split(";")[0] ?? "").split("=") as [string, string]));
  return { cookie: `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]}; ${CSRF_COOKIE}=${cookies[CSRF_COOKIE]}`, csrf: cookies[CSRF_COOKIE] ?? "" };
}

function call(address: string, client: Client, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { cookie: client.cookie };
  if (method !== "GET") headers["x-csrf-token"] = client.csrf;
  let payload: FormData | string | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  return fetch(`${address}${path}`, { method, headers, body: payload });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

function required(value: string | undefined): string {
  if (!value) throw new Error("missing argument");
  return value;
}
