import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureFirstAdmin, prepareDemo } from "../src/cli/serve.js";
import { openStore } from "../src/db/connection.js";

/*
 * `tsx bench/demo-prepare-bench.ts [db-path]`: times what `npm start` does before it
 * listens (the first admin, then `prepareDemo` on an empty SQLite store) and prints
 * the seconds. Keeps the store when a path is given, to look at afterwards.
 */

const keep = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), "debrief-demo-bench-"));
const store = await openStore({ url: keep ?? join(dir, "debrief.db") });
const started = performance.now();
await ensureFirstAdmin(store);
await prepareDemo(store, join(dir, "demo"), { onStep: (step, ms) => process.stdout.write(`  ${step}: ${(ms / 1000).toFixed(1)} s\n`) });
const seconds = (performance.now() - started) / 1000;
await store.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`prepareDemo: ${seconds.toFixed(1)} s\n`);
