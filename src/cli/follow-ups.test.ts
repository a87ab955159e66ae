import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDb } from "../../test/run-import-cli.js";
import { seedWorld } from "../../test/server-harness.js";
import { createFollowUp } from "../commands/follow-ups.js";
import { FollowUpList } from "../core/follow-ups.js";
import { openStore } from "../db/connection.js";

function debrief(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("debrief follow-ups list", () => {
  const db = tempDb("debrief-follow-ups-");
  let alice = 0;

  beforeAll(async () => {
    const store = await openStore({ url: db });
    const world = await seedWorld(store);
    alice = world.people.alice;
    await createFollowUp(store, { incidentId: world.incidents.draft, title: "Alert on pool saturation", kind: "prevention", ownerPersonId: alice, dueDate: "2020-01-01", trackerUrl: "https://linear.app/acme/issue/ENG-12/pool", createdBy: null, actor: "test" });
    await createFollowUp(store, { incidentId: world.incidents.draft, title: "Resize the pool", kind: "recovery", dueDate: "2020-01-01", status: "done", createdBy: null, actor: "test" });
    await store.close();
  });

  it("prints the overdue ones as JSON, with owner, team and tracker key", () => {
    const result = debrief(["--db", db, "follow-ups", "list", "--overdue", "--json"]);
    expect(result.stderr).toBe("");
    const { followUps } = FollowUpList.parse(JSON.parse(result.stdout));
    expect(followUps.map((f) => [f.title, f.overdue, f.owner?.id, f.owner?.team?.name, f.tracker?.key])).toEqual([["Alert on pool saturation", true, alice, "payments", "ENG-12"]]);
  });

  it("prints one line per follow-up, and names a bad status", () => {
    const result = debrief(["--db", db, "follow-ups", "list", "--status", "done"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Resize the pool/);
    expect(result.stdout).toMatch(/1 follow-up\n$/);
    const bad = debrief(["--db", db, "follow-ups", "list", "--status", "finished"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--status: unknown status "finished"');
  });
});
