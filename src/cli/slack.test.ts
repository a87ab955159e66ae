import { afterEach, describe, expect, it, vi } from "vitest";
import { openStore } from "../db/connection.js";
import { buildSlackChannel, buildSlackUser } from "../../test/factories/slack-export.js";
import { startFakeSlack } from "../../test/fake-slack-server.js";
import { tempDb } from "../../test/run-import-cli.js";
import { main } from "./main.js";

async function debrief(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture(out));
  vi.spyOn(process.stderr, "write").mockImplementation(capture(err));
  try {
    return { code: await main(["node", "debrief", ...args]), stdout: out.join(""), stderr: err.join("") };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("debrief sync slack", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("syncs a channel with SLACK_BOT_TOKEN and prints a JSON summary; says what is missing without a token", async () => {
    const fake = await startFakeSlack({
      token: "xoxb-cli-test",
      users: [buildSlackUser("U1", "alice")],
      channels: [{ ...buildSlackChannel("C1", "inc-checkout"), created: 1_700_000_000 }],
      messages: { C1: [{ type: "message", user: "U1", text: "checkout is down", ts: "1700000100.000100" }] },
    });
    const db = tempDb();
    try {
      const missing = await debrief(["--db", db, "sync", "slack", "--channel", "inc-checkout", "--api-url", fake.url]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^debrief: SLACK_BOT_TOKEN is not set/);

      vi.stubEnv("SLACK_BOT_TOKEN", "xoxb-cli-test");
      const run = await debrief(["--db", db, "sync", "slack", "--channel", "#inc-checkout", "--until", "2023-11-20", "--api-url", fake.url, "--json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ added: 1, incidents: 1, channels: [{ id: "C1", name: "inc-checkout", fetched: 1 }] });
      const store = await openStore({ url: db });
      expect(await store.db.selectFrom("incidents").select("title").execute()).toHaveLength(1);
      await store.close();
    } finally {
      await fake.close();
    }
  });
});
