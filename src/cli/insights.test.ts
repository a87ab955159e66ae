import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempDb } from "../../test/run-import-cli.js";
import { seedWorld, type World } from "../../test/server-harness.js";
import { openStore } from "../db/connection.js";
import { main } from "./main.js";

/** Runs `debrief …` in-process and returns its exit code and output. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  try {
    const code = await main(["node", "debrief", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("debrief insights and debrief search", () => {
  const db = tempDb();
  let world: World;
  beforeAll(async () => {
    const store = await openStore({ url: db });
    world = await seedWorld(store);
    await store.close();
  });
  afterAll(() => undefined);

  it("prints insight rows as JSON in the documented shape", async () => {
    const fatigue = await run(["--db", db, "insights", "fatigue", "--json", "--min-pages", "1"]);
    expect(fatigue.code).toBe(0);
    expect(JSON.parse(fatigue.stdout)).toEqual([
      expect.objectContaining({ person: { id: world.people.alice, name: "Alice Example", email: "alice@acme.example" }, week: "2024-W11", pages: 1, offHoursPages: 1, maxConsecutiveNights: 1 }),
    ]);
    expect(JSON.parse((await run(["--db", db, "insights", "fatigue", "--json"])).stdout)).toEqual([]);
    for (const kind of ["silos", "drift", "services", "chaos"]) {
      const result = await run(["--db", db, "insights", kind, "--json", "--from", "2024-01-01", "--to", "2024-12-31"]);
      expect(result.code, result.stderr).toBe(0);
      expect(Array.isArray(JSON.parse(result.stdout))).toBe(true);
    }
    expect((await run(["--db", db, "insights", "fatigue", "--min-pages", "1"])).stdout).toMatch(/2024-W11 +1 pages +1 off hours/);
  });

  it("refuses a bad date or page count with one clear line", async () => {
    const bad = await run(["--db", db, "insights", "silos", "--from", "someday"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('debrief: from: expected a date (YYYY-MM-DD) or an ISO 8601 time, got "someday"\n');
    expect((await run(["--db", db, "insights", "fatigue", "--min-pages", "0"])).code).toBe(1);
  });

  it("searches with exclusions typed as is, as text or JSON", async () => {
    const text = await run(["--db", db, "search", "pool", "-connection"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("raised the [pool] size");
    expect(text.stdout).not.toContain("connection");
    const json = JSON.parse((await run(["--db", db, "search", "pool", "--json", "--limit", "1"])).stdout) as { total: number };
    expect(json.total).toBe(1);
    const bad = await run(["--db", db, "search", '"pool']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^debrief: search query: a quote is not closed/);
  });
});
