import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buildSlackChannel, buildSlackMessage, writeSlackExport } from "../../test/factories/slack-export.js";
import { describeWithSamples, samplePath } from "../../test/shared-data.js";

const HFARAN = samplePath("slack/hfaran_testarchive.zip");

/** Runs the CLI from source in a child process, as a person would from a shell. */
function debrief(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// The later tests work on the store the first one fills from the real export.
describeWithSamples(["slack/hfaran_testarchive.zip"], "debrief CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-cli-"));
  let stores = 0;
  /** A database file of its own for each test, so no test depends on what another left behind. */
  const freshDb = () => join(dir, `cli-${(stores += 1)}.db`);

  it("imports a Slack export and prints exactly the documented JSON summary", () => {
    const db = freshDb();
    const result = debrief(["--db", db, "import", "slack", HFARAN, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, number>;
    expect(summary).toMatchObject({ users: 4, conversations: 2, messages: 158, added: 158, skipped: 0 });
    const again = JSON.parse(debrief(["--db", db, "import", "slack", HFARAN, "--json"]).stdout) as Record<string, number>;
    expect(again).toMatchObject({ messages: 158, added: 0, skipped: 158 });
  });

  it("creates an incident by hand and lists it with its channels and message count", () => {
    const db = freshDb();
    expect(debrief(["--db", db, "import", "slack", HFARAN, "--json"]).code).toBe(0);
    const created = debrief(["--db", db, "incidents", "create", "--title", "Planner stalls", "--channel", "enrique", "--from", "2016-03-26T00:00:00Z", "--to", "2016-03-28T23:59:59Z", "--json"]);
    expect(created.code).toBe(0);
    const incident = JSON.parse(created.stdout) as { id: number };
    const list = JSON.parse(debrief(["--db", db, "incidents", "list", "--json"]).stdout) as Record<string, unknown>[];
    const found = list.find((i) => i.id === incident.id);
    expect(found).toMatchObject({ title: "Planner stalls", channels: ["enrique"], startedAt: expect.stringMatching(/^2016-03-2[678]T/) });
    expect(Object.keys(found ?? {})).toEqual(expect.arrayContaining(["id", "title", "channels", "startedAt", "messages"]));
    expect(found?.messages).toBeGreaterThan(0);
  });

  it("prints people with only a Slack export as 'no on-call data' and 'no directory', never as a no", () => {
    const db = freshDb();
    expect(debrief(["--db", db, "import", "slack", HFARAN, "--json"]).code).toBe(0);
    const created = JSON.parse(debrief(["--db", db, "incidents", "create", "--title", "Planner stalls", "--channel", "enrique", "--json"]).stdout) as { id: number };
    const result = debrief(["--db", db, "incidents", "people", String(created.id)]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain("no on-call data");
      expect(row).toContain("no directory");
      expect(row).not.toContain("NOT on call");
    }
  });

  it("prints an incident's timeline in time order with authors, threads and references", () => {
    const dirExport = mkdtempSync(join(tmpdir(), "debrief-cli-export-"));
    const path = writeSlackExport(
      {
        channels: [buildSlackChannel("C9", "inc-9-login")],
        days: {
          "inc-9-login": {
            "2023-11-14": [
              buildSlackMessage(30, "U2", "fixed by <https://github.com/acme/auth/pull/3|auth#3>", { thread_ts: "1700000000.000100", parent_user_id: "U1" }),
              buildSlackMessage(0, "U1", "logins failing, AUTH-7", { thread_ts: "1700000000.000100", reply_count: 1 }),
            ],
          },
        },
      },
      dirExport,
    );
    const fresh = freshDb();
    expect(debrief(["--db", fresh, "import", "slack", path, "--json"]).code).toBe(0);
    const [incident] = JSON.parse(debrief(["--db", fresh, "incidents", "list", "--json"]).stdout) as { id: number }[];
    const timeline = JSON.parse(debrief(["--db", fresh, "incidents", "timeline", String(incident?.id), "--json"]).stdout) as Record<string, unknown>[];
    expect(timeline.map((e) => e.text)).toEqual(["logins failing, AUTH-7", "fixed by auth#3"]);
    expect(timeline[0]).toMatchObject({ kind: "message", source: "slack", author: { name: "Alice", isBot: false }, references: [{ kind: "jira", key: "AUTH-7" }] });
    expect(timeline[1]).toMatchObject({
      author: { name: "Bob" },
      thread: { parentTs: "1700000000.000100", isReply: true },
      references: [{ kind: "github_pr", key: "acme/auth#3", url: "https://github.com/acme/auth/pull/3" }],
    });
  });

  it("fails with one clear line and a non-zero exit on bad input", () => {
    const bad = writeSlackExport({ days: { general: { "2023-11-14": "[{]" } } });
    const db = freshDb();
    const result = debrief(["--db", db, "import", "slack", bad, "--json"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^debrief: .*entry general\/2023-11-14\.json: malformed JSON at line 1, column 3/);
  });

  it("refuses an unknown channel and an unknown incident", () => {
    const db = freshDb();
    const noChannel = debrief(["--db", db, "incidents", "create", "--title", "x", "--channel", "nope"]);
    expect(noChannel.code).toBe(1);
    expect(noChannel.stderr).toBe('debrief: no imported Slack channel is named "nope"\n');
    const noIncident = debrief(["--db", db, "incidents", "timeline", "999", "--json"]);
    expect(noIncident.code).toBe(1);
    expect(noIncident.stderr).toBe("debrief: no incident 999\n");
  });
});
