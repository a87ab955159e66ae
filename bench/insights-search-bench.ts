import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { parseSearchQuery } from "../src/analysis/search-query.js";
import { createUser } from "../src/commands/accounts.js";
import { importCatalog } from "../src/commands/import-catalog.js";
import { importPagerduty } from "../src/commands/import-pagerduty.js";
import { importPeople } from "../src/commands/import-people.js";
import { importSlackExport } from "../src/commands/import-slack-export.js";
import { FULL_VISIBILITY, searchIncidents } from "../src/commands/search.js";
import { openStore, type Store } from "../src/db/connection.js";
import { rawFullTextQuery } from "../src/db/search/full-text.js";
import { setMessageIndexing } from "../src/db/search/search-index.js";
import { buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/server/auth/passwords.js";
import { cachedDemo } from "./demo-cache.js";

/*
 * `npm run bench:insights`: on a generated demo company (SQLite; `--pg <url>` for
 * PostgreSQL too: a server where it may create databases), measured in the same run:
 *  - indexing: the demo imported into fresh stores without the message index, with the
 *    per-row trigger it used to have, and as it is now, `--rounds` times in alternating
 *    order; medians of wall clock and CPU time (target: at most 25% more time);
 *  - search: p95 of `searchIncidents` (joins, filters, visibility, snippets, grouping)
 *    against the raw FTS query on the same words (target: at most 2×);
 *  - insights: each `/api/insights/…` answered by the server in-process (target: < 2 s).
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "100000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    runs: { type: "string", default: "40" },
    rounds: { type: "string", default: "3" },
    pg: { type: "string" },
  },
});
const messages = Number(values.messages);
const out = values.out ?? "bench/out";
const runs = Math.max(5, Number(values.runs));
const rounds = Math.max(1, Number(values.rounds));
const demo = cachedDemo({ seed: Number(values.seed), messages, out });
const QUERIES = ["pool", '"connection pool"', "deploy*", "latency -rollback", "disk full", "5xx", "timeout*", '"rolled back"'];

const p = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))] as number;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const signed = (percent: number) => `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}%`;

async function freshSqlite(name: string): Promise<Store> {
  const file = join(out, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  return openStore({ url: file });
}

/** Seconds of one demo load: wall clock and this process's CPU (both threads), whole and the Slack import alone. */
interface Timing {
  wall: number;
  cpu: number;
  slackWall: number;
  slackCpu: number;
}
const TIMING_LABELS: Record<keyof Timing, string> = { wall: "whole load, wall", cpu: "whole load, CPU", slackWall: "Slack import, wall", slackCpu: "Slack import, CPU" };

/** The demo load as `loadDemo` does it, step by step, timing the Slack import on its own. */
async function timedLoad(store: Store): Promise<Timing> {
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  await importPeople(store, { path: demo.peopleCsvPath, teamsPath: demo.teamHistoryCsvPath, actor: "bench" });
  await importCatalog(store, { paths: [demo.catalogPath], actor: "bench" });
  const slackStarted = performance.now();
  const slackCpu = process.cpuUsage();
  await importSlackExport(store, { path: demo.exportPath, actor: "bench" });
  const slack = { slackWall: (performance.now() - slackStarted) / 1000, slackCpu: cpuSeconds(slackCpu) };
  await importPagerduty(store, { path: demo.pagerdutyDir, actor: "bench" });
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds(startedCpu), ...slack };
}

/** Runs statements on the PostgreSQL server of `url`, on its own connection. */
async function onServer(url: string, statements: readonly string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Removes the benchmark's databases. */
function dropPostgres(url: string, names: readonly string[]): Promise<void> {
  return onServer(url, names.map((name) => `drop database if exists ${name} with (force)`));
}

/** A new, empty database on the PostgreSQL server of `url`. */
async function freshPostgres(url: string, name: string): Promise<Store> {
  await onServer(url, [`drop database if exists ${name} with (force)`, `create database ${name}`]);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return openStore({ url: target.toString() });
}

async function measure(store: Store, label: string): Promise<void> {
  // Search: the full path against the raw FTS query, interleaved so both see the same cache.
  const full: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    for (const query of QUERIES) {
      let t = performance.now();
      await rawFullTextQuery(store.db, store.dialect.name, parseSearchQuery(query), 50);
      raw.push(performance.now() - t);
      t = performance.now();
      await searchIncidents(store, { query, visibility: FULL_VISIBILITY, limit: 50 });
      full.push(performance.now() - t);
    }
  }
  const ratio = p(full, 0.95) / p(raw, 0.95);
  process.stdout.write(`${label} search p95 ${ms(p(full, 0.95))} vs raw FTS p95 ${ms(p(raw, 0.95))}: ${ratio.toFixed(2)}× (target ≤ 2×)\n`);

  // Insights at the server.
  const password = "bench-password-1";
  await createUser(store, { email: "bench-analyst@acme.test", name: "Bench", role: "analyst", passwordHash: await hashPassword(password, 1024), actor: "bench" }).catch(() => undefined);
  const app = await buildApp({ store, passwordCost: 1024, minLoginDelayMs: 0, maxLoginPenaltyMs: 0 });
  const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "bench-analyst@acme.test", password } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  for (const kind of ["silos", "fatigue", "drift", "services", "chaos"]) {
    const samples: number[] = [];
    let rows = 0;
    for (let r = 0; r < 5; r += 1) {
      const t = performance.now();
      const response = await app.inject({ method: "GET", url: `/api/insights/${kind}`, headers: { cookie } });
      samples.push(performance.now() - t);
      if (response.statusCode !== 200) throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
      rows = (response.json() as { rows: unknown[] }).rows.length;
    }
    process.stdout.write(`${label} insight ${kind.padEnd(8)} median ${ms(p(samples, 0.5))}, worst ${ms(Math.max(...samples))} (${rows} rows; target < 2000 ms)\n`);
  }
  await app.close();
}

// Indexing cost (SQLite): the same import into fresh stores without the message index,
// with the per-row trigger the index used to have, and as it is now (one statement per
// batch), in alternating order so drift on a shared machine falls on every arm alike.
type Arm = "without" | "trigger" | "batch";
async function armStore(arm: Arm, round: number): Promise<Store> {
  const store = await freshSqlite(`insights-bench-${arm}-${round}.db`);
  if (arm === "trigger") await sql.raw(`create trigger messages_fts_insert after insert on messages begin insert into messages_fts(rowid, text) values (new.id, new.text); end`).execute(store.db);
  return store;
}
const samples = new Map<Arm, Timing[]>([
  ["without", []],
  ["trigger", []],
  ["batch", []],
]);
const arms: Arm[] = ["without", "trigger", "batch"];
let store: Store | null = null;
for (let round = 0; round < rounds; round += 1) {
  const order = round % 2 === 0 ? arms : [...arms].reverse();
  for (const arm of order) {
    const s = await armStore(arm, round);
    setMessageIndexing(arm === "batch");
    samples.get(arm)?.push(await timedLoad(s));
    setMessageIndexing(true);
    if (arm === "batch" && round === rounds - 1) store = s;
    else {
      await s.close();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(join(out, `insights-bench-${arm}-${round}.db${suffix}`), { force: true });
    }
  }
}
if (!store) throw new Error("no indexed store");
const incidents = Number((await sql<{ n: number }>`select count(*) as n from incidents`.execute(store.db)).rows[0]?.n ?? 0);
process.stdout.write(`sqlite: ${messages.toLocaleString("en")} messages, ${incidents.toLocaleString("en")} incidents, ${rounds} rounds\n`);
const median = (values: number[]) => p(values, 0.5);
const figure = (arm: Arm, key: keyof Timing) => median((samples.get(arm) ?? []).map((t) => t[key]));
for (const key of ["wall", "cpu", "slackWall", "slackCpu"] as const) {
  const base = figure("without", key);
  const pct = (arm: Arm) => signed(((figure(arm, key) - base) / base) * 100);
  process.stdout.write(
    `sqlite import ${TIMING_LABELS[key].padEnd(24)} without the index ${base.toFixed(2)} s; per-row trigger ${figure("trigger", key).toFixed(2)} s (${pct("trigger")}); batch ${figure("batch", key).toFixed(2)} s (${pct("batch")}) (target ≤ 25%)\n`,
  );
}
await measure(store, "sqlite");
await store.close();

if (values.pg) {
  // PostgreSQL keeps a GIN index on the expression: the same import without that index, then with it.
  const pgSamples = new Map<"without" | "with", Timing[]>([
    ["without", []],
    ["with", []],
  ]);
  let pgStore: Store | null = null;
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (["without", "with"] as const) : (["with", "without"] as const);
    for (const arm of order) {
      const s = await freshPostgres(values.pg, `debrief_bench_${arm}`);
      if (arm === "without") await sql.raw("drop index messages_text_search_index").execute(s.db);
      pgSamples.get(arm)?.push(await timedLoad(s));
      if (arm === "with" && round === rounds - 1) pgStore = s;
      else await s.close();
    }
  }
  for (const key of ["wall", "slackWall"] as const) {
    const base = median((pgSamples.get("without") ?? []).map((t) => t[key]));
    const withIndex = median((pgSamples.get("with") ?? []).map((t) => t[key]));
    process.stdout.write(`postgres import ${TIMING_LABELS[key].padEnd(24)} without the GIN index ${base.toFixed(2)} s; with it ${withIndex.toFixed(2)} s (${signed(((withIndex - base) / base) * 100)}) (target ≤ 25%)\n`);
  }
  if (!pgStore) throw new Error("no PostgreSQL store");
  await sql`analyze`.execute(pgStore.db);
  await measure(pgStore, "postgres");
  await pgStore.close();
  await dropPostgres(values.pg, ["debrief_bench_without", "debrief_bench_with"]);
}
