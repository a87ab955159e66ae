import { execFileSync } from "node:child_process";
import { rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cachedExport } from "./demo-cache.js";
import { importSlackExport } from "../src/commands/import-slack-export.js";
import { openStore } from "../src/db/connection.js";
import { ZipReader } from "../src/importers/zip/zip-reader.js";

/*
 * `npm run bench:import`: imports a generated Slack export into a fresh SQLite store
 * and compares it with a floor measured on the same archive in the same run: reading
 * and JSON-parsing every entry, nothing else. Each phase runs in its own process so
 * its peak RSS is its own. Targets: ≥ 80,000 messages/s, within 2× of the floor,
 * peak RSS under 400 MB.
 */

interface PhaseResult {
  messages: number;
  seconds: number;
  peakRssMb: number;
}

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    seed: { type: "string", default: "7" },
    out: { type: "string", default: "bench/out" },
    phase: { type: "string" },
    export: { type: "string" },
    db: { type: "string" },
    rounds: { type: "string", default: "2" },
    profile: { type: "string", default: "realistic" },
  },
});

if (values.phase === "floor") {
  report(floor(required(values.export)));
} else if (values.phase === "import") {
  report(await importPhase(required(values.export), required(values.db)));
} else {
  await orchestrate();
}

function floor(path: string): PhaseResult {
  const started = performance.now();
  const zip = ZipReader.open(path);
  let messages = 0;
  for (const entry of zip.entries) {
    const value: unknown = JSON.parse(zip.read(entry).toString("utf8"));
    if (/\/\d{4}-\d{2}-\d{2}\.json$/.test(entry.name) && Array.isArray(value)) messages += value.length;
  }
  zip.close();
  return { messages, seconds: (performance.now() - started) / 1000, peakRssMb: peakRss() };
}

async function importPhase(path: string, db: string): Promise<PhaseResult> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${db}${suffix}`, { force: true });
  const store = await openStore({ url: db });
  const started = performance.now();
  const summary = await importSlackExport(store, { path, actor: "bench" });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return { messages: summary.added, seconds, peakRssMb: peakRss() };
}

async function orchestrate(): Promise<void> {
  const count = Number(values.messages);
  const seed = Number(values.seed);
  const out = values.out ?? "bench/out";
  const profile = values.profile === "demo" ? "demo" : "realistic";
  const exportPath = cachedExport(profile, { seed, messages: count, out });
  const self = fileURLToPath(import.meta.url);
  const run = (phase: string, extra: string[] = []): PhaseResult =>
    JSON.parse(execFileSync(process.execPath, [self, "--phase", phase, "--export", exportPath, ...extra], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })) as PhaseResult;
  const rounds = Math.max(1, Number(values.rounds));
  const floors: PhaseResult[] = [];
  const imports: PhaseResult[] = [];
  // Alternate the phases so both see the same machine noise; keep each one's best round.
  for (let round = 0; round < rounds; round += 1) {
    floors.push(run("floor"));
    imports.push(run("import", ["--db", join(out, "bench.db")]));
  }
  const best = (list: PhaseResult[]): PhaseResult => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const f = best(floors);
  const i = best(imports);
  const rate = (r: PhaseResult): number => Math.round(r.messages / r.seconds);
  const ratio = i.seconds / f.seconds;
  const peak = Math.max(...imports.map((r) => r.peakRssMb));
  const lines = [
    `messages            ${i.messages.toLocaleString("en")} (${profile} profile, ${(statSync(exportPath).size / 1e6).toFixed(0)} MB zip)`,
    `floor (read+parse)  ${rate(f).toLocaleString("en")} msg/s  (${f.seconds.toFixed(2)} s, peak RSS ${f.peakRssMb} MB)`,
    `import into SQLite  ${rate(i).toLocaleString("en")} msg/s  (${i.seconds.toFixed(2)} s, peak RSS ${peak} MB)`,
    `import / floor      ${ratio.toFixed(2)}× the floor's time`,
    `targets             ≥ 80,000 msg/s: ${rate(i) >= 80_000 ? "met" : "MISSED"}; within 2× of floor: ${ratio <= 2 ? "met" : "MISSED"}; peak RSS < 400 MB: ${peak < 400 ? "met" : "MISSED"}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  writeFileSync(
    join(out, "import-bench.json"),
    JSON.stringify({ at: new Date().toISOString(), profile, messages: i.messages, floor: f, import: i, importPeakRssMb: peak, ratio, rounds: { floors, imports } }, null, 2),
  );
}

function peakRss(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function report(result: PhaseResult): void {
  process.stdout.write(JSON.stringify(result));
}

function required(value: string | undefined): string {
  if (!value) throw new Error("missing argument");
  return value;
}
