import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
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
