import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it, type TestContext } from "vitest";

/*
 * Real third-party sample inputs (a Slack export, PagerDuty's API examples and webhook
 * payloads, a Zoom transcript) live in `shared/data/external/`, beside the repository and
 * never copied into it. Tests that need them are declared with {@link itWithSamples} or
 * {@link describeWithSamples}: on a machine without the samples they are reported as
 * skipped with the reason; when `CI` is set, where `.ci/run` has them, a missing sample
 * is a failure.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where `shared/` is: `DEBRIEF_SHARED_DIR`, else beside the checkout (or beside the folder of worktrees holding it). */
export function sharedDir(): string {
  const configured = process.env.DEBRIEF_SHARED_DIR;
  if (configured) return configured;
  const candidates = [join(repoRoot, "..", "shared"), join(repoRoot, "..", "..", "shared")];
  return candidates.find((dir) => existsSync(join(dir, "data", "external"))) ?? (candidates[0] as string);
}

/** The path of a sample, whether or not it is there (for constants at the top of a file). */
export function samplePath(relative: string): string {
  return join(sharedDir(), "data", "external", relative);
}

/** Why the samples cannot be used, or null when they are all there. */
export function missingSamples(relatives: readonly string[]): string | null {
  const missing = relatives.map(samplePath).filter((path) => !existsSync(path));
  if (missing.length === 0) return null;
  return `sample input missing: ${missing.join(", ")} (set DEBRIEF_SHARED_DIR to the folder holding data/external)`;
}

/** The path of a sample that must be there: inside a test declared with {@link itWithSamples} or {@link describeWithSamples}. */
export function externalSample(relative: string): string {
  const reason = missingSamples([relative]);
  if (reason !== null) throw new Error(reason);
  return samplePath(relative);
}

const inCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
};

/** A test body standing in for tests whose samples are missing: skipped with the reason, or failing in CI. */
function missing(reason: string): (context: TestContext) => void {
  return (context) => {
    if (inCi()) throw new Error(`${reason}; CI must have every sample`);
    context.skip(reason);
  };
}

/** `it`, for a test that reads the given samples (paths under `data/external/`). */
export function itWithSamples(relatives: readonly string[], name: string, fn: (context: TestContext) => unknown, timeout?: number): void {
  const reason = missingSamples(relatives);
  if (reason === null) it(name, fn, timeout);
  else it(name, missing(reason));
}

/** `describe`, for a group whose tests (or setup) read the given samples: one skipped (or, in CI, failing) test when they are missing. */
export function describeWithSamples(relatives: readonly string[], name: string, fn: () => void): void {
  const reason = missingSamples(relatives);
  if (reason === null) describe(name, fn);
  else describe(name, () => it("has its sample inputs", missing(reason)));
}
