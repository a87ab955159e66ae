import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

interface EventBody {
  id: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown> | null;
}

for (const kind of testStoreKinds()) {
  describe(`audit routes on ${kind.name}`, () => {
    let f: ServerFixture;
    beforeAll(async () => {
      f = await startFixture(kind);
    });
    afterAll(() => f.close());

    const events = async (query = "") => ((await f.callers.admin.get(`/api/audit${query}`)).json() as { events: EventBody[] }).events;

    it("lists events newest first with parsed details, and pages back with before", async () => {
      await f.callers.analyst.patch(`/api/incidents/${f.world.incidents.draft}`, { status: "in_review" });
      await f.callers.member.get("/api/audit");
      const latest = await events("?limit=2");
      expect(latest).toHaveLength(2);
      expect(latest[0]).toMatchObject({ actor: `user:${f.world.users.member.id}`, action: "access.denied", details: { attempted: "audit.read", status: 403, method: "GET", path: "/api/audit" } });
      expect(latest[1]).toMatchObject({ actor: `user:${f.world.users.analyst.id}`, action: "incident.update", subjectType: "incident", subjectId: String(f.world.incidents.draft) });
      expect(Date.parse(latest[0]?.at ?? "")).toBeGreaterThan(Date.now() - 60_000);
      const older = await events(`?limit=3&before=${latest[1]?.id}`);
      expect(older.every((e) => e.id < (latest[1]?.id ?? 0))).toBe(true);
      const all = await events("?limit=500");
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
      expect(all.filter((e) => e.action === "auth.login")).toHaveLength(4);
    });

    it("records denials of anonymous callers too", async () => {
      await f.anonymous.get("/api/incidents");
      const [latest] = await events("?limit=1");
      expect(latest).toMatchObject({ actor: "anonymous", action: "access.denied", details: { attempted: "auth.required", status: 401, path: "/api/incidents" } });
    });

    it("narrows by actor, action (or a family with a trailing dot), subject and time", async () => {
      await f.callers.analyst.patch(`/api/incidents/${f.world.incidents.draft}`, { status: "in_analysis" });
      const analyst = `user:${f.world.users.analyst.id}`;
      const byActor = await events(`?actor=${encodeURIComponent(analyst)}&limit=500`);
      expect(byActor.length).toBeGreaterThan(0);
      expect(byActor.every((e) => e.actor === analyst)).toBe(true);
      const logins = await events("?action=auth.&limit=500");
      expect(logins.length).toBeGreaterThanOrEqual(4);
      expect(logins.every((e) => e.action.startsWith("auth."))).toBe(true);
      expect((await events("?action=auth&limit=500")).length).toBe(0);
      const subject = await events(`?subjectType=incident&subjectId=${f.world.incidents.draft}&limit=500`);
      expect(subject.length).toBeGreaterThan(0);
      expect(subject.every((e) => e.subjectType === "incident" && e.subjectId === String(f.world.incidents.draft))).toBe(true);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await events(`?from=${encodeURIComponent(future)}`)).toEqual([]);
      const past = await events(`?to=${encodeURIComponent(future)}&limit=1`);
      expect(past).toHaveLength(1);
      expect((await f.callers.admin.get("/api/audit?from=yesterday")).statusCode).toBe(400);
    });

    it("refuses bad paging parameters", async () => {
      expect((await f.callers.admin.get("/api/audit?limit=501")).statusCode).toBe(400);
      expect((await f.callers.admin.get("/api/audit?before=-1")).statusCode).toBe(400);
    });
  });
}
