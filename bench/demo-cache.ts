import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DemoResult, generateDemo } from "../src/demo/index.js";
import { type RealisticExportStats, writeRealisticSlackExport } from "../src/demo/realistic-export.js";

/**
 * A generated demo company for benchmarks, kept under `out/demo-<seed>-<messages>/` and
 * reused by later runs (generating a million messages takes a while). Regenerated when
 * missing or written by an older generator without the catalog.
 */
export function cachedDemo(options: { seed: number; messages: number; out: string }): DemoResult {
  const dir = join(options.out, `demo-${options.seed}-${options.messages}`);
  mkdirSync(dir, { recursive: true });
  const resultFile = join(dir, "demo-result.json");
  if (existsSync(resultFile)) {
    const cached = JSON.parse(readFileSync(resultFile, "utf8")) as DemoResult;
    if (existsSync(cached.catalogPath) && existsSync(cached.exportPath)) return cached;
  }
  process.stderr.write(`generating a ${options.messages.toLocaleString("en")}-message demo in ${dir} …\n`);
  const started = performance.now();
  const demo = generateDemo({ seed: options.seed, messages: options.messages, outDir: dir });
  writeFileSync(resultFile, JSON.stringify(demo));
  process.stderr.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return demo;
}

/**
 * A Slack export with a real workspace's mix (see `src/demo/realistic-export.ts`),
 * kept under `out/realistic-<seed>-<messages>/` and reused by later runs.
 */
export function cachedRealisticExport(options: { seed: number; messages: number; out: string }): { exportPath: string; stats: RealisticExportStats } {
  const dir = join(options.out, `realistic-${options.seed}-${options.messages}`);
  mkdirSync(dir, { recursive: true });
  const statsFile = join(dir, "stats.json");
  const exportPath = join(dir, "slack-export.zip");
  if (existsSync(statsFile) && existsSync(exportPath)) return { exportPath, stats: JSON.parse(readFileSync(statsFile, "utf8")) as RealisticExportStats };
  process.stderr.write(`generating a ${options.messages.toLocaleString("en")}-message export with a real workspace's mix in ${dir} …\n`);
  const started = performance.now();
  const stats = writeRealisticSlackExport({ seed: options.seed, messages: options.messages, path: exportPath });
  writeFileSync(statsFile, JSON.stringify(stats));
  process.stderr.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s (${Math.round(stats.dayFileBytes / stats.messages)} bytes a message)\n`);
  return { exportPath, stats };
}

/** The export a benchmark imports: the demo company's, or one with a real workspace's mix. */
export function cachedExport(profile: "demo" | "realistic", options: { seed: number; messages: number; out: string }): string {
  return profile === "realistic" ? cachedRealisticExport(options).exportPath : cachedDemo(options).exportPath;
}
