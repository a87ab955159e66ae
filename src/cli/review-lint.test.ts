import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReviewLintResponse } from "../core/review-hints.js";

/** Runs the CLI from source in a child process, as a person would from a shell. */
function debrief(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { encoding: "utf8", input, env: { ...process.env, DATABASE_URL: "" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("debrief review lint", () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-lint-"));

  it("prints the documented JSON with 1-based line and column in the file, and exits 0", () => {
    const file = join(dir, "review.md");
    writeFileSync(file, "# Summary\n\nWe should add an alert.\nThe operator should have checked the lag.\n");
    const result = debrief(["review", "lint", file, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parsed = ReviewLintResponse.parse(JSON.parse(result.stdout));
    expect(parsed.hints).toHaveLength(1);
    expect(Object.keys(parsed.hints[0] ?? {}).sort()).toEqual(["category", "column", "end", "line", "message", "start", "suggestion"]);
    expect(parsed.hints[0]).toMatchObject({ line: 4, column: 14, start: 48, end: 67, category: "counterfactual" });
  });

  it("reads stdin with -, shows file:line:column, and exits 0 when nothing is found", () => {
    const flagged = debrief(["review", "lint", "-"], "All good.\nThis was human error.\n");
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toContain('<stdin>:2:10: blame: "human error"');
    const clean = debrief(["review", "lint", "-"], "The health check failed.\n");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe("<stdin>: no hints\n");
  });

  it("names the file it cannot read", () => {
    const result = debrief(["review", "lint", join(dir, "missing.md")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^debrief: .*missing\.md: cannot read/);
  });
});
