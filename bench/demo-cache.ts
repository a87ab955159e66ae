import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DemoResult, generateDemo } from "../src/demo/index.js";

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
