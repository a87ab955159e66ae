import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

for (const kind of testStoreKinds()) {
  describe(`search route on ${kind.name}`, () => {
    let f: ServerFixture;
    beforeAll(async () => {
      f = await startFixture(kind);
    });
    afterAll(() => f.close());

    it("answers grouped hits that open their event in context", async () => {
      const response = await f.callers.member.get("/api/search?q=pool&source=message");
      expect(response.statusCode).toBe(200);
      const body = response.json() as { total: number; groups: { incident: { id: number }; hits: { event: string; snippet: { text: string; hit: boolean }[] }[] }[] };
      expect(body.total).toBe(2);
      expect(body.groups.map((g) => g.incident.id)).toEqual([f.world.incidents.draft]);
      expect(body.groups[0]?.hits.map((h) => h.event).sort()).toEqual([`message:${f.world.messages[1]}`, `message:${f.world.messages[2]}`].sort());
      expect(body.groups[0]?.hits[0]?.snippet.some((p) => p.hit && p.text.toLowerCase() === "pool")).toBe(true);
    });

    it("shows viewers nothing from timelines they may not read", async () => {
      expect((await f.callers.viewer.get("/api/search?q=pool")).json()).toMatchObject({ total: 0, groups: [] });
      expect((await f.callers.viewer.get("/api/search?q=slow")).json()).toMatchObject({ total: 0 });
      expect((await f.callers.member.get("/api/search?q=slow")).json()).toMatchObject({ total: 1 });
    });

    it("answers bad syntax and bad filters with a clear 400, never a 500", async () => {
      for (const q of ['"pool', "-pool", "po*ol", "*", "-"]) {
        const response = await f.callers.member.get(`/api/search?q=${encodeURIComponent(q)}`);
        expect(response.statusCode, q).toBe(400);
        expect((response.json() as { error: string }).error).toMatch(/^search query: /);
      }
      for (const q of ["NEAR(pool", "pool OR", "a:b", "'; drop table messages; --", "(((", "^pool"]) {
        expect((await f.callers.member.get(`/api/search?q=${encodeURIComponent(q)}`)).statusCode, q).toBeLessThan(500);
      }
      expect((await f.callers.member.get("/api/search?q=pool&source=email")).statusCode).toBe(400);
      expect((await f.callers.member.get("/api/search?q=pool&from=soon")).statusCode).toBe(400);
      expect((await f.callers.member.get("/api/search")).statusCode).toBe(400);
    });
  });
}
