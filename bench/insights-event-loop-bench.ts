import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runInsight } from "../src/commands/insights.js";
import { loadDemo } from "../src/commands/load-demo.js";
import { openStore, type Store } from "../src/db/connection.js";
import { INSIGHT_KINDS } from "../src/core/insights.js";
import { cachedDemo } from "./demo-cache.js";

/*
 * `npm run bench:insights-loop`: what the insight pages cost the server's event loop on
 * SQLite. A page asks for several insights at once; each reads every incident's
 * participation from the messages. On a generated demo company (default 1,000,000
 * messages; the store is kept under bench/out and reused), after a change to the data:
 *  - baseline: the five insights computed in the caller's thread, no cache (as before);
 *  - the server's path: the worker thread and the per-version cache;
 * each timed cold and again without a change, with the longest stall of a 10 ms timer
 * on the caller's event loop. Target: no stall of the event loop beyond a few hundred ms.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    rounds: { type: "string", default: "2" },
  },
});
const messages = Number(values.messages);
const out = values.out ?? "bench/out";
const demo = cachedDemo({ seed: Number(values.seed), messages, out });
const file = join(out, `insights-loop-${values.seed}-${messages}.db`);
let store: Store;
if (existsSync(file)) store = await openStore({ url: file });
else {
  for (const suffix of ["-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  store = await openStore({ url: file });
  process.stderr.write(`loading the demo into ${file} …\n`);
  await loadDemo(store, demo, "bench");
}
const incidents = Number((await store.db.selectFrom("incidents").select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
process.stdout.write(`SQLite, ${messages.toLocaleString("en")} messages, ${incidents.toLocaleString("en")} incidents\n`);

async function page(server: boolean): Promise<{ ms: number; stall: number }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  await Promise.all(INSIGHT_KINDS.map((kind) => runInsight(store.db, kind, { from: null, to: null, team: null }, server ? store : undefined)));
  clearInterval(timer);
  stall = Math.max(stall, performance.now() - last);
  return { ms: performance.now() - started, stall };
}

const rows: string[] = [];
for (let round = 0; round < Math.max(1, Number(values.rounds)); round += 1) {
  for (const server of [false, true]) {
    // A change to the data, so the server's cache starts cold.
    await store.db.updateTable("incidents").set({ updatedAt: Date.now() }).where("id", "=", 1).execute();
    const cold = await page(server);
    const again = await page(server);
    rows.push(
      `round ${round + 1}  ${(server ? "worker thread + cache" : "baseline: caller's thread").padEnd(26)} cold ${cold.ms.toFixed(0).padStart(6)} ms (event loop stalled up to ${cold.stall.toFixed(0)} ms), again ${again.ms.toFixed(0).padStart(6)} ms (up to ${again.stall.toFixed(0)} ms)`,
    );
  }
}
process.stdout.write(`${rows.join("\n")}\n`);
await store.close();
process.exit(0);
