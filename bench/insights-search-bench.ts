import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { parseSearchQuery } from "../src/analysis/search-query.js";
import { createUser } from "../src/commands/accounts.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { FULL_VISIBILITY, searchIncidents } from "../src/commands/search.js";
import { openStore, type Store } from "../src/db/connection.js";
import { rawFullTextQuery } from "../src/db/search/full-text.js";
import { buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/server/auth/passwords.js";
import { cachedDemo } from "./demo-cache.js";

/*
 * `npm run bench:insights`: on a generated demo company (SQLite; `--pg <url>` for
 * PostgreSQL too), measured in the same run:
 *  - indexing: the demo imported with the full-text index against the same import with
 *    the index's triggers removed (target: at most 25% more time);
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
    pg: { type: "string" },
  },
});
const messages = Number(values.messages);
const out = values.out ?? "bench/out";
const runs = Math.max(5, Number(values.runs));
const demo = cachedDemo({ seed: Number(values.seed), messages, out });
const QUERIES = ["pool", '"connection pool"', "deploy*", "latency -rollback", "disk full", "5xx", "timeout*", '"rolled back"'];

const p = (samples: number[], q: number) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))] as number;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function freshSqlite(name: string): Promise<Store> {
  const file = join(out, name);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  return openStore({ url: file });
}

async function timedLoad(store: Store): Promise<number> {
  const started = performance.now();
  await loadDemo(store, demo, "bench");
  return (performance.now() - started) / 1000;
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

// Indexing cost: the same import with and without the FTS triggers (SQLite).
const plain = await freshSqlite("insights-bench-plain.db");
for (const trigger of ["messages_fts_insert", "messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger ${trigger}`).execute(plain.db);
const plainSeconds = await timedLoad(plain);
await plain.close();
const store = await freshSqlite("insights-bench.db");
const indexedSeconds = await timedLoad(store);
const incidents = Number((await sql<{ n: number }>`select count(*) as n from incidents`.execute(store.db)).rows[0]?.n ?? 0);
process.stdout.write(`sqlite: ${messages.toLocaleString("en")} messages, ${incidents.toLocaleString("en")} incidents\n`);
process.stdout.write(`sqlite import ${plainSeconds.toFixed(2)} s without the index, ${indexedSeconds.toFixed(2)} s with it: +${(((indexedSeconds - plainSeconds) / plainSeconds) * 100).toFixed(1)}% (target ≤ 25%)\n`);
await measure(store, "sqlite");
await store.close();

if (values.pg) {
  const pgStore = await openStore({ url: values.pg });
  const pgSeconds = await timedLoad(pgStore);
  process.stdout.write(`postgres import ${pgSeconds.toFixed(2)} s (index maintained by the GIN expression index)\n`);
  await measure(pgStore, "postgres");
  await pgStore.close();
}
