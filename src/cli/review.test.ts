import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ReviewDraftOutput } from "../core/review.js";
import { describeWithSamples, samplePath } from "../../test/shared-data.js";

const HFARAN = samplePath("slack/hfaran_testarchive.zip");

function debrief(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeWithSamples(["slack/hfaran_testarchive.zip"], "debrief review", () => {
  const db = join(mkdtempSync(join(tmpdir(), "debrief-review-cli-")), "cli.db");

  it("drafts a review as the documented JSON, refreshes it in place, and publishes it, printing the version", () => {
    expect(debrief(["--db", db, "import", "slack", HFARAN, "--json"]).code).toBe(0);
    const created = debrief(["--db", db, "incidents", "create", "--title", "Planner stalls", "--channel", "enrique", "--json"]);
    const incident = (JSON.parse(created.stdout) as { id: number }).id;

    const drafted = debrief(["--db", db, "review", "draft", String(incident), "--json"]);
    expect(drafted.stderr).toBe("");
    expect(drafted.code).toBe(0);
    const output = ReviewDraftOutput.strict().parse(JSON.parse(drafted.stdout));
    expect(output).toMatchObject({ version: 1, status: "draft" });
    expect(output.sections.map((s) => s.key)).toContain("key_moments");
    expect(output.sections.find((s) => s.key === "summary")?.markdown).toMatch(/\[@\d{4}-\d\d-\d\dT[^\]]+\]\(\/incidents\/\d+\/timeline\?event=message%3A\d+\)/);
    const again = ReviewDraftOutput.parse(JSON.parse(debrief(["--db", db, "review", "draft", String(incident), "--json"]).stdout));
    expect(again.reviewId).toBe(output.reviewId);

    const published = debrief(["--db", db, "review", "publish", String(incident)]);
    expect(published.stderr).toBe("");
    expect(published.stdout).toBe("1\n");
    const twice = debrief(["--db", db, "review", "publish", String(incident)]);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toMatch(/already published/);
    // A refresh after publishing starts version 2; version 1 stays published.
    expect(ReviewDraftOutput.parse(JSON.parse(debrief(["--db", db, "review", "draft", String(incident), "--json"]).stdout)).version).toBe(2);
  });

  it("refuses an unknown incident with one line", () => {
    const result = debrief(["--db", db, "review", "draft", "9999"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/no incident 9999/);
  });
});
