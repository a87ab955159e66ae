import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReadBeacon } from "../../../commands/library.js";
import { readerReach, rebuildTeamReaders, recountTeamReach } from "../../../db/repositories/learning-dashboard.js";
import { publishTestReview, readerIn } from "../../../../test/learning-world.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

interface Dashboard {
  teams: { team: string; month: string; uniqueReaders: number; departmentsReached: number }[];
}

for (const kind of testStoreKinds()) {
  describe(`the per-team reader rollup on ${kind.name}`, () => {
    let f: ServerFixture;
    let entryId: number;
    beforeAll(async () => {
      f = await startFixture(kind);
      entryId = await publishTestReview(f.store, f.world);
    });
    afterAll(() => f.close());

    it("equals a recount from the raw reads, as the beacon records them and after a rebuild", async () => {
      const ed = await readerIn(f.store, "ed.rollup@acme.example", "Engineering");
      const sue = await readerIn(f.store, "sue.rollup@acme.example", "Support");
      const sam = await readerIn(f.store, "sam.rollup@acme.example", "Sales");
      await f.store.db.updateTable("people").set({ department: null }).where("email", "=", "sam.rollup@acme.example").execute();
      // Two visits by the same reader, a repeated report of one visit, a reader with no department.
      await recordReadBeacon(f.store, ed, [{ entryId, visitId: "r-1", visibleMs: 10_000, sectionsReached: ["summary"] }]);
      await recordReadBeacon(f.store, ed, [{ entryId, visitId: "r-2", visibleMs: 20_000, sectionsReached: ["summary"] }]);
      await recordReadBeacon(f.store, ed, [{ entryId, visitId: "r-2", visibleMs: 30_000, sectionsReached: ["narrative"] }]);
      await recordReadBeacon(f.store, sue, [{ entryId, visitId: "r-3", visibleMs: 10_000, sectionsReached: ["summary"] }]);
      await recordReadBeacon(f.store, sam, [{ entryId, visitId: "r-4", visibleMs: 10_000, sectionsReached: ["summary"] }]);

      const recount = await recountTeamReach(f.store.db);
      const reach = await readerReach(f.store.db, "2000-01", "2999-12");
      expect(recount.size).toBeGreaterThan(0);
      expect(reach.teams).toEqual(recount);
      const identity = [...recount.entries()].find(([key]) => key.startsWith("identity\u0000"))?.[1];
      expect(identity).toEqual({ readers: 3, departments: 2 });

      const dashboard = (await f.callers.admin.get("/api/learning/dashboard")).json() as Dashboard;
      const shown = dashboard.teams.filter((t) => t.team === "identity" && t.uniqueReaders > 0);
      expect(shown.map((t) => [t.uniqueReaders, t.departmentsReached])).toEqual([[3, 2]]);

      // The migration's backfill (the same statement) gives the same rollup.
      await rebuildTeamReaders(f.store.db);
      expect((await readerReach(f.store.db, "2000-01", "2999-12")).teams).toEqual(recount);
    });
  });
}
