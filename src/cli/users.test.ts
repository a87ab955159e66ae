import { afterEach, describe, expect, it, vi } from "vitest";
import { tempDb } from "../../test/run-import-cli.js";
import { main } from "./main.js";

/** Runs `debrief …` in-process and returns the exit code and what it printed. */
async function debrief(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  try {
    const code = await main(["node", "debrief", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("debrief users create --password", () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts characters as the API does", async () => {
    const db = tempDb("debrief-cli-users-");
    const short = await debrief(["--db", db, "users", "create", "--email", "a@acme.example", "--name", "A", "--role", "viewer", "--password", "🔑".repeat(11)]);
    expect(short).toMatchObject({ code: 1, stderr: "debrief: --password must be at least 12 characters\n" });
    const accented = await debrief(["--db", db, "users", "create", "--email", "a@acme.example", "--name", "A", "--role", "viewer", "--password", "e\u0301".repeat(12), "--json"]);
    expect(accented.code, accented.stderr).toBe(0);
    expect(JSON.parse(accented.stdout)).toMatchObject({ user: { email: "a@acme.example" } });
  });
});
