import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedWorld, type World } from "../../test/server-harness.js";
import { openStore } from "../db/connection.js";
import { insertAnnotation } from "../db/repositories/annotations.js";
import { insertInterview, putTranscript } from "../db/repositories/interviews.js";
import { main } from "./main.js";

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(["node", "debrief", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("debrief interviews", () => {
  const dir = mkdtempSync(join(tmpdir(), "debrief-cli-interviews-"));
  const db = join(dir, "cli.db");
  let world: World;
  let interviewId: number;
  beforeAll(async () => {
    const store = await openStore({ url: db });
    world = await seedWorld(store);
    await insertAnnotation(store.db, { incidentId: world.incidents.draft, eventKind: "message", eventId: String(world.messages[1]), rangeStart: null, rangeEnd: null, quote: null, tags: ["hypothesis"], note: "", authorUserId: world.users.analyst.id }, Date.now());
    interviewId = await insertInterview(store.db, { incidentId: world.incidents.draft, personId: world.people.bob, intervieweeName: "Bob Example", scheduledAt: null, notes: "", prompts: [], createdBy: world.users.analyst.id }, Date.now());
    await store.db.updateTable("interviews").set({ retentionUntil: Date.now() - 1000 }).where("id", "=", interviewId).execute();
    await putTranscript(store.db, interviewId, { name: "a.vtt", format: "vtt", cues: [] }, Date.now());
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("suggests interviewees with reasons and evidence ids, as JSON and as text", async () => {
    const json = await run(["--db", db, "interviews", "suggest", String(world.incidents.draft), "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const list = JSON.parse(json.stdout) as { person: { id: number; name: string }; reasons: { code: string; evidence: { kind: string; id: string }[] }[]; interviewIds: number[] }[];
    const bob = list.find((s) => s.person.id === world.people.bob);
    expect(bob?.reasons.find((r) => r.code === "tagged_moments")?.evidence).toContainEqual({ kind: "event", id: `message:${world.messages[1]}` });
    expect(bob?.interviewIds).toEqual([interviewId]);
    const text = await run(["--db", db, "interviews", "suggest", String(world.incidents.draft)]);
    expect(text.stdout).toMatch(/Bob Example \(person \d+\)\s+interview \d+ planned/);
    expect(text.stdout).toContain(`annotation:1 message:${world.messages[1]}]`);
    const missing = await run(["--db", db, "interviews", "suggest", "999"]);
    expect(missing).toMatchObject({ code: 1, stderr: "debrief: incident 999 not found\n" });
  });

  it("sweeps transcripts past their retention date", async () => {
    const first = await run(["--db", db, "interviews", "sweep", "--json"]);
    expect(JSON.parse(first.stdout)).toEqual({ deleted: [interviewId] });
    const again = await run(["--db", db, "interviews", "sweep"]);
    expect(again.stdout).toBe("No transcript past its retention date.\n");
  });
});
