import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openStore } from "../db/connection.js";
import { createUser } from "../commands/accounts.js";
import { tempDb } from "../../test/run-import-cli.js";
import { main } from "./main.js";

/** Runs the whole `debrief` command line in-process and returns its exit code and output. */
async function debrief(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture(out));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture(err));
  try {
    const code = await main(["node", "debrief", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("debrief backup, restore and db copy", () => {
  afterEach(() => vi.restoreAllMocks());

  it("backs up a store, restores it into a new file, and refuses to restore over data", async () => {
    const source = tempDb();
    const store = await openStore({ url: source });
    await createUser(store, { email: "ana@acme.example", name: "Ana", role: "admin", passwordHash: null, actor: "test" });
    await store.close();
    const file = join(dirname(source), "store.backup");

    const backup = await debrief(["--db", source, "backup", "--out", file, "--json"]);
    expect(backup.code).toBe(0);
    const summary = JSON.parse(backup.stdout) as { tables: { name: string; rows: number }[] };
    expect(summary.tables.find((t) => t.name === "users")?.rows).toBe(1);

    const target = tempDb();
    const restore = await debrief(["--db", target, "restore", file]);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/restored from .*store\.backup: \d+ rows in \d+ tables/);
    const restored = await openStore({ url: target });
    expect(await restored.db.selectFrom("users").select("email").execute()).toEqual([{ email: "ana@acme.example" }]);
    await restored.close();

    const again = await debrief(["--db", target, "restore", file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^debrief: sqlite:.* is not empty \(.*users: 1.*\): restore into a new store\n$/);

    const copyTarget = tempDb();
    const copy = await debrief(["--db", source, "db", "copy", "--to", copyTarget]);
    expect(copy.code).toBe(0);
    const copied = await openStore({ url: copyTarget });
    expect(await copied.db.selectFrom("users").select("email").execute()).toEqual([{ email: "ana@acme.example" }]);
    await copied.close();
  });
});
