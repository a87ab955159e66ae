import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cachedDemo } from "./demo-cache.js";
import { incidentPeople, incidentsPeople } from "../src/commands/incident-people.js";
import { listIncidents } from "../src/commands/incident-views.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore } from "../src/db/connection.js";
import { countingDb } from "../test/query-counter.js";

/*
 * `npm run bench:people-batch`: the people breakdowns of 1,000 incidents, as insights
 * across incidents will need them. A demo company is imported into SQLite, and its
 * incidents are copied (same channels, PagerDuty incidents and services) until there
 * are `--incidents` of them. The baseline, measured in the same run on the same
 * incidents, loads the breakdowns one incident at a time; the batch loads them all with
 * loadBreakdownInputs. Both the queries run and the time taken are printed.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "20000" },
    incidents: { type: "string", default: "1000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
  },
});
const messages = Number(values.messages);
const wanted = Number(values.incidents);
const out = values.out ?? "bench/out";
const demo = cachedDemo({ seed: Number(values.seed), messages, out });

const path = join(out, "people-batch-bench.db");
rmSync(path, { force: true });
const store = await openStore({ url: path });
await loadDemo(store, demo, "bench");
const originals = (await listIncidents(store)).map((l) => l.incident);
const now = Date.now();
for (let i = originals.length; i < wanted; i += 1) {
  const source = originals[i % originals.length];
  if (!source) break;
  const { id } = await store.db
    .insertInto("incidents")
    .values({ title: `${source.title} (copy ${i})`, severity: source.severity, status: "new", origin: "manual", startedAt: source.startedAt, detectedAt: null, resolvedAt: null, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sources = await store.db.selectFrom("incidentSources").select(["kind", "conversationId", "externalId", "fromAt", "toAt"]).where("incidentId", "=", source.id).execute();
  if (sources.length > 0) await store.db.insertInto("incidentSources").values(sources.map((s) => ({ ...s, incidentId: id }))).execute();
  const services = await store.db.selectFrom("incidentServices").select(["serviceId", "origin"]).where("incidentId", "=", source.id).execute();
  if (services.length > 0) await store.db.insertInto("incidentServices").values(services.map((s) => ({ ...s, incidentId: id }))).execute();
}
const ids = (await store.db.selectFrom("incidents").select("id").orderBy("id").execute()).map((r) => r.id).slice(0, wanted);

// Warm the page cache once, then measure the baseline and the batch on the same incidents.
await incidentsPeople(store.db, ids);
const single = countingDb(store.db);
let started = performance.now();
let people = 0;
for (const id of ids) people += (await incidentPeople(single.db, id))?.participants.length ?? 0;
const singleMs = performance.now() - started;
const batch = countingDb(store.db);
started = performance.now();
const breakdowns = await incidentsPeople(batch.db, ids);
const batchMs = performance.now() - started;
const batchPeople = [...breakdowns.values()].reduce((sum, b) => sum + b.participants.length, 0);
await store.close();
if (batchPeople !== people) throw new Error(`the batch found ${batchPeople} participants, one by one ${people}`);

const lines = [
  `incidents            ${ids.length.toLocaleString("en")} (${originals.length} from a ${messages.toLocaleString("en")}-message demo, the rest copies), ${people.toLocaleString("en")} participants`,
  `baseline: one by one ${single.counter.count.toLocaleString("en")} queries, ${singleMs.toFixed(0)} ms`,
  `batch                ${batch.counter.count.toLocaleString("en")} queries, ${batchMs.toFixed(0)} ms`,
  `batch/baseline       ${(batch.counter.count / single.counter.count).toFixed(4)}× the queries, ${(batchMs / singleMs).toFixed(2)}× the time`,
];
process.stdout.write(`${lines.join("\n")}\n`);
writeFileSync(
  join(out, "people-batch-bench.json"),
  JSON.stringify({ at: new Date().toISOString(), incidents: ids.length, participants: people, singleQueries: single.counter.count, singleMs, batchQueries: batch.counter.count, batchMs }, null, 2),
);
