import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cachedDemo } from "./demo-cache.js";
import { createUser } from "../src/commands/accounts.js";
import { createIncident } from "../src/commands/create-incident.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore } from "../src/db/connection.js";
import { buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/commands/passwords.js";

/*
 * `npm run bench:timeline`: the first page of the timeline API for an incident of about
 * 20,000 events (the busiest channels of a generated demo company), timed at the server
 * (Fastify in-process: routing, authentication, policy, queries, response validation,
 * serialisation). The baseline, in the same run, is `GET /api/me`: the same pipeline
 * with no data work. Target: < 50 ms.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "200000" },
    events: { type: "string", default: "20000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    runs: { type: "string", default: "40" },
  },
});
const count = Number(values.messages);
const seed = Number(values.seed);
const out = values.out ?? "bench/out";
const demo = cachedDemo({ seed, messages: count, out });
const db = join(out, "timeline-bench.db");
for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
const store = await openStore({ url: db });
await loadDemo(store, demo, "bench");

// An incident spanning the busiest channels until it holds the wanted number of events.
const channels = await store.db
  .selectFrom("messages as m")
  .innerJoin("conversations as c", "c.id", "m.conversationId")
  .where("c.kind", "in", ["channel", "private_channel"])
  .select(["c.name", (eb) => eb.fn.countAll<number>().as("n")])
  .groupBy("c.name")
  .orderBy("n", "desc")
  .execute();
const wanted = Number(values.events);
const picked: string[] = [];
let events = 0;
for (const channel of channels) {
  if (events >= wanted) break;
  picked.push(channel.name);
  events += Number(channel.n);
}
const incidentId = await createIncident(store, { title: "Timeline benchmark", channels: picked, actor: "bench" });
await createUser(store, { email: "bench@debrief.local", name: "Bench", role: "analyst", passwordHash: await hashPassword("bench-password-123", 1024), actor: "bench" });

const app = await buildApp({ store, minLoginDelayMs: 0 });
const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "bench@debrief.local", password: "bench-password-123" } });
if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const time = async (url: string): Promise<number[]> => {
  const samples: number[] = [];
  for (let i = 0; i < Number(values.runs); i += 1) {
    const started = performance.now();
    const response = await app.inject({ method: "GET", url, cookies });
    samples.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  }
  return samples;
};
const timelineUrl = `/api/incidents/${incidentId}/timeline?limit=200`;
const first = await app.inject({ method: "GET", url: timelineUrl, cookies });
const total = (JSON.parse(first.body) as { total: number }).total;
const timeline: number[] = [];
const baseline: number[] = [];
// Alternate blocks so both see the same machine noise.
for (let block = 0; block < 3; block += 1) {
  timeline.push(...(await time(timelineUrl)));
  baseline.push(...(await time("/api/me")));
}
await app.close();
await store.close();

const t = median(timeline);
const b = median(baseline);
const p95 = [...timeline].sort((x, y) => x - y)[Math.floor(timeline.length * 0.95)] as number;
process.stdout.write(
  [
    `incident            ${total.toLocaleString("en")} timeline events across ${picked.length} channels`,
    `timeline first page median ${t.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (200 events, ${timeline.length} runs)`,
    `baseline /api/me    median ${b.toFixed(1)} ms`,
    `timeline / baseline ${(t / b).toFixed(1)}×`,
    `target              < 50 ms: ${t < 50 ? "met" : "MISSED"}`,
  ].join("\n") + "\n",
);
writeFileSync(join(out, "timeline-bench.json"), JSON.stringify({ at: new Date().toISOString(), events: total, medianMs: t, p95Ms: p95, baselineMs: b }, null, 2));
