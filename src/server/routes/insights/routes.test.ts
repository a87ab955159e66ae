import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLogEntry } from "../../../../test/factories/rows.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { runInsight } from "../../../commands/insights.js";
import { openStore } from "../../../db/connection.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

for (const kind of testStoreKinds()) {
  describe(`insight routes on ${kind.name}`, () => {
    let f: ServerFixture;
    beforeAll(async () => {
      f = await startFixture(kind);
      // The member's account is Alice, on payments.
      await f.store.db.updateTable("users").set({ personId: f.world.people.alice }).where("id", "=", f.world.users.member.id).execute();
    });
    afterAll(() => f.close());

    it("gives analysts every team's rows, with the page that paged Alice as evidence", async () => {
      const response = await f.callers.analyst.get("/api/insights/fatigue?minPages=1");
      expect(response.statusCode).toBe(200);
      const body = response.json() as { team: string | null; rows: { person: { id: number }; week: string; pages: number; evidence: { logEntryId: number; incidentIds: number[] }[] }[] };
      expect(body.team).toBeNull();
      expect(body.rows).toEqual([expect.objectContaining({ person: expect.objectContaining({ id: f.world.people.alice }), week: "2024-W11", pages: 1, offHoursPages: 1, maxConsecutiveNights: 1 })]);
      expect(body.rows[0]?.evidence[0]).toMatchObject({ logEntryId: f.world.pageId, incidentIds: [f.world.incidents.draft] });
      for (const kind of ["silos", "drift", "services", "chaos"]) expect((await f.callers.admin.get(`/api/insights/${kind}`)).statusCode).toBe(200);
    });

    it("answers again from its cache only until the data changes, through this connection or another", async () => {
      const pagesOfAlice = async () => ((await f.callers.analyst.get("/api/insights/fatigue?minPages=1")).json() as { rows: { week: string; pages: number }[] }).rows.find((r) => r.week === "2024-W11")?.pages;
      expect(await pagesOfAlice()).toBe(1);
      expect(await pagesOfAlice()).toBe(1);
      // Another process (an import worker, a second instance) pages Alice again that week.
      const other = await openStore({ url: f.store.url });
      const at = Date.parse("2024-03-13T23:30:00Z");
      await other.db.insertInto("pagerdutyLogEntries").values(buildLogEntry({ externalId: "L-other", incidentExternalId: "PINC-2", at, agentType: "service_reference", agentExternalId: "PSVC", targetUserIds: JSON.stringify(["PALICE"]), summary: "Notified Alice by phone" })).execute();
      await other.close();
      expect(await pagesOfAlice()).toBe(2);
      // And this connection takes it away again.
      await f.store.db.deleteFrom("pagerdutyLogEntries").where("externalId", "=", "L-other").execute();
      expect(await pagesOfAlice()).toBe(1);
    });

    it("computes the same answers in its worker thread (SQLite) or cache as in the caller's thread", async () => {
      for (const kind of ["silos", "fatigue", "drift", "services", "chaos"] as const) {
        for (const query of [{ from: null, to: null, team: null, minPages: 1 }, { from: Date.parse("2024-03-01T00:00:00Z"), to: null, team: "payments", minPages: 1 }]) {
          expect(await runInsight(f.store.db, kind, query, f.store)).toEqual(await runInsight(f.store.db, kind, query));
        }
      }
      await expect(runInsight(f.store.db, "silos", { from: 2, to: 1, team: null }, f.store)).rejects.toThrow("--from must not be after --to");
    });

    it("narrows members to their own team and refuses other teams and viewers", async () => {
      const own = await f.callers.member.get("/api/insights/fatigue?minPages=1");
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ team: "payments", rows: [expect.anything()] });
      expect((await f.callers.member.get("/api/insights/drift?team=platform")).statusCode).toBe(403);
      expect((await f.callers.viewer.get("/api/insights/silos")).statusCode).toBe(403);
      expect((await f.callers.analyst.get("/api/insights/fatigue?minPages=1&team=platform")).json()).toMatchObject({ team: "platform", rows: [] });
    });

    it("filters by time range and answers bad dates with 400", async () => {
      expect((await f.callers.analyst.get("/api/insights/fatigue?minPages=1&from=2024-03-15")).json()).toMatchObject({ rows: [] });
      expect((await f.callers.analyst.get("/api/insights/fatigue?minPages=1&to=2024-03-14")).json()).toMatchObject({ rows: [expect.anything()] });
      const bad = await f.callers.analyst.get("/api/insights/silos?from=yesterday");
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ details: [expect.objectContaining({ field: "from" })] });
      expect((await f.callers.analyst.get("/api/insights/silos?from=2024-03-15&to=2024-03-01")).statusCode).toBe(400);
    });

    it("gives a reading list of published incidents for a team", async () => {
      const response = await f.callers.member.get("/api/insights/reading-list");
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ team: "payments" });
      expect((await f.callers.analyst.get("/api/insights/reading-list")).statusCode).toBe(400);
      expect((await f.callers.analyst.get("/api/insights/reading-list?team=nobody")).statusCode).toBe(404);
    });

    it("is in the OpenAPI document", async () => {
      const doc = (await f.callers.admin.get("/api/openapi.json")).json() as { paths: Record<string, unknown> };
      for (const kind of ["silos", "fatigue", "drift", "services", "chaos", "reading-list"]) expect(doc.paths[`/api/insights/${kind}`]).toBeDefined();
    });
  });
}
