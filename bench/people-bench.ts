import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cachedDemo } from "./demo-cache.js";
import { incidentPeople } from "../src/commands/incident-people.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore } from "../src/db/connection.js";
import { listIncidents } from "../src/commands/incident-views.js";
import { readWholeTimeline } from "../src/commands/timeline.js";

/*
 * `npm run bench:people`: the people breakdown of the largest incident of a generated
 * demo company (people, catalog, Slack and PagerDuty all imported into SQLite), timed
 * end to end (queries + analysis) over many runs. The baseline, measured in the same
 * run on the same incident, is reading its whole merged timeline (`incidents timeline`):
 * the cost of just fetching its events. Target: under 200 ms.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    runs: { type: "string", default: "30" },
  },
});

const count = Number(values.messages);
const seed = Number(values.seed);
const out = values.out ?? "bench/out";
const runs = Math.max(3, Number(values.runs));
const demo = cachedDemo({ seed, messages: count, out });

const db = join(out, "people-bench.db");
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
const store = await openStore({ url: db });
const loadStarted = performance.now();
await loadDemo(store, demo, "bench");
const loadSeconds = (performance.now() - loadStarted) / 1000;

const listings = await listIncidents(store);
const largest = listings.reduce((a, b) => (b.messages > a.messages ? b : a));
const id = largest.incident.id;

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const time = async (work: () => Promise<unknown>): Promise<number[]> => {
  await work(); // warm the page cache and the statement cache once
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
};
// Alternate the two measurements in blocks so both see the same machine noise.
const breakdownSamples: number[] = [];
const timelineSamples: number[] = [];
for (let block = 0; block < 3; block += 1) {
  breakdownSamples.push(...(await time(() => incidentPeople(store.db, id))));
  timelineSamples.push(...(await time(() => readWholeTimeline(store, id))));
}
const breakdown = await incidentPeople(store.db, id);
await store.close();

const b = median(breakdownSamples);
const t = median(timelineSamples);
const p95 = [...breakdownSamples].sort((x, y) => x - y)[Math.floor(breakdownSamples.length * 0.95)] as number;
const lines = [
  `demo                ${count.toLocaleString("en")} messages, ${listings.length} incidents (loaded in ${loadSeconds.toFixed(1)} s)`,
  `largest incident    #${id} "${largest.incident.title}": ${largest.messages.toLocaleString("en")} messages, ${breakdown?.participants.length ?? 0} people`,
  `people breakdown    median ${b.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${breakdownSamples.length} runs`,
  `baseline: timeline  median ${t.toFixed(1)} ms (reading the same incident's whole timeline)`,
  `breakdown/timeline  ${(b / t).toFixed(2)}×`,
  `target              < 200 ms: ${b < 200 ? "met" : "MISSED"}`,
];
process.stdout.write(`${lines.join("\n")}\n`);
writeFileSync(
  join(out, "people-bench.json"),
  JSON.stringify({ at: new Date().toISOString(), messages: count, incidentId: id, incidentMessages: largest.messages, people: breakdown?.participants.length ?? 0, medianMs: b, p95Ms: p95, timelineMedianMs: t, loadSeconds }, null, 2),
);
