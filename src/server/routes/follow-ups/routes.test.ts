import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";
import type { FollowUp } from "../../../core/follow-ups.js";

for (const kind of testStoreKinds()) {
  describe(`follow-up routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let base: string;
    beforeAll(async () => {
      f = await startFixture(kind);
      base = `/api/incidents/${f.world.incidents.draft}/follow-ups`;
    });
    afterAll(() => f.close());

    async function create(body: Record<string, unknown>): Promise<FollowUp> {
      const response = await f.callers.analyst.post(base, { kind: "prevention", ...body });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { followUp: FollowUp }).followUp;
    }

    it("creates a follow-up with an owner, due date and a recognised tracker key, and audits it", async () => {
      const followUp = await create({ title: "Alert on pool saturation", ownerPersonId: f.world.people.alice, dueDate: "2030-01-31", trackerUrl: "https://acme.atlassian.net/browse/PAY-123" });
      expect(followUp).toMatchObject({
        incident: { id: f.world.incidents.draft, title: "Checkout failing" },
        title: "Alert on pool saturation",
        kind: "prevention",
        status: "open",
        owner: { id: f.world.people.alice, name: "Alice Example", team: { id: expect.any(Number), name: "payments" } },
        dueDate: "2030-01-31",
        overdue: false,
        tracker: { url: "https://acme.atlassian.net/browse/PAY-123", system: "jira", key: "PAY-123" },
        context: null,
        version: 1,
        createdBy: { id: f.world.users.analyst.id, name: "Analyst User" },
      });
      const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "follow_up.create").where("subjectId", "=", String(followUp.id)).execute();
      expect(audit).toHaveLength(1);
    });

    it("carries the context of a timeline event or an annotation: quote, author, time and link", async () => {
      const messageId = f.world.messages[1] as number;
      const fromEvent = await create({ title: "Size the pool from load", kind: "recovery", context: { eventKey: `message:${messageId}` } });
      expect(fromEvent.context).toEqual({
        source: "event",
        eventKey: `message:${messageId}`,
        annotationId: null,
        quote: "I think it's the connection pool",
        author: "Bob Example",
        at: "2024-03-14T02:02:00.000Z",
        link: `/incidents/${f.world.incidents.draft}/timeline?event=${encodeURIComponent(`message:${messageId}`)}`,
      });
      const annotated = await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/annotations`, { eventKind: "message", eventId: String(messageId), rangeStart: 17, rangeEnd: 32, quote: "connection pool", tags: ["hypothesis"], note: "first theory" });
      expect(annotated.statusCode, annotated.body).toBe(201);
      const annotationId = (annotated.json() as { annotation: { id: number } }).annotation.id;
      const fromAnnotation = await create({ title: "Document pool limits", context: { annotationId } });
      expect(fromAnnotation.context).toMatchObject({ source: "annotation", annotationId, quote: "connection pool", eventKey: `message:${messageId}`, at: "2024-03-14T02:02:00.000Z" });
    });

    it("refuses an unknown owner, an event of another incident and a bad date, naming the field, and writes nothing", async () => {
      const before = (await f.callers.member.get(base)).json() as { followUps: FollowUp[] };
      const owner = await f.callers.analyst.post(base, { title: "x", kind: "recovery", ownerPersonId: 999_999 });
      expect(owner.statusCode).toBe(400);
      expect(owner.json()).toEqual({ error: "ownerPersonId: no person 999999" });
      const event = await f.callers.analyst.post(base, { title: "x", kind: "recovery", context: { eventKey: "message:999999" } });
      expect(event.statusCode).toBe(400);
      expect((event.json() as { error: string }).error).toMatch(/^context\.eventKey: no event message:999999/);
      const date = await f.callers.analyst.post(base, { title: "x", kind: "recovery", dueDate: "2030-02-30" });
      expect(date.statusCode).toBe(400);
      expect(JSON.stringify(date.json())).toContain("dueDate");
      const tracker = await f.callers.analyst.post(base, { title: "x", kind: "recovery", trackerUrl: "javascript:alert(1)" });
      expect(tracker.statusCode).toBe(400);
      const after = (await f.callers.member.get(base)).json() as { followUps: FollowUp[] };
      expect(after.followUps.length).toBe(before.followUps.length);
    });

    it("edits with the version it was based on, and answers 409 with the current one when stale", async () => {
      const followUp = await create({ title: "Runbook for pool resize", trackerUrl: "https://github.com/acme/payments-api/issues/42" });
      expect(followUp.tracker).toEqual({ url: "https://github.com/acme/payments-api/issues/42", system: "github", key: "acme/payments-api#42" });
      const edited = await f.callers.analyst.request({ method: "PATCH", url: `/api/follow-ups/${followUp.id}`, payload: { version: 1, status: "in_progress", ownerPersonId: f.world.people.bob } });
      expect(edited.statusCode, edited.body).toBe(200);
      expect((edited.json() as { followUp: FollowUp }).followUp).toMatchObject({ status: "in_progress", version: 2, owner: { id: f.world.people.bob, team: null } });
      const stale = await f.callers.analyst.request({ method: "PATCH", url: `/api/follow-ups/${followUp.id}`, payload: { version: 1, status: "done" } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: "conflict", current: { status: "in_progress", version: 2 } });
      expect((await f.callers.analyst.request({ method: "DELETE", url: `/api/follow-ups/${followUp.id}?version=1` })).statusCode).toBe(409);
      expect((await f.callers.analyst.request({ method: "DELETE", url: `/api/follow-ups/${followUp.id}?version=2` })).statusCode).toBe(204);
      expect((await f.callers.analyst.request({ method: "PATCH", url: `/api/follow-ups/${followUp.id}`, payload: { version: 2, title: "gone" } })).statusCode).toBe(404);
    });

    it("lists across incidents, filtered by owner, team, status and overdue", async () => {
      const late = await create({ title: "Overdue one", ownerPersonId: f.world.people.alice, dueDate: "2020-01-01" });
      const closedLate = await create({ title: "Closed late one", ownerPersonId: f.world.people.bob, dueDate: "2020-01-01", status: "done" });
      const other = await f.callers.analyst.post(`/api/incidents/${f.world.incidents.published}/follow-ups`, { title: "On the other incident", kind: "recovery", ownerPersonId: f.world.people.bob });
      expect(other.statusCode).toBe(201);
      const list = async (query: string) => ((await f.callers.member.get(`/api/follow-ups${query}`)).json() as { followUps: FollowUp[] }).followUps;
      const all = await list("");
      expect(new Set(all.map((x) => x.incident.id))).toEqual(new Set([f.world.incidents.draft, f.world.incidents.published]));
      // Soonest due first, undated last.
      expect(all[0]?.dueDate).toBe("2020-01-01");
      expect(all.at(-1)?.dueDate).toBeNull();
      const overdue = await list("?overdue=true");
      expect(overdue.map((x) => x.id)).toEqual([late.id]);
      expect(overdue[0]?.overdue).toBe(true);
      expect((await list("?overdue=false")).map((x) => x.id)).toContain(closedLate.id);
      expect((await list(`?owner=${f.world.people.bob}`)).every((x) => x.owner?.id === f.world.people.bob)).toBe(true);
      const team = await f.store.db.selectFrom("teams").select("id").where("name", "=", "payments").executeTakeFirstOrThrow();
      const byTeam = await list(`?team=${team.id}`);
      expect(byTeam.length).toBeGreaterThan(0);
      expect(byTeam.every((x) => x.owner?.team?.id === team.id)).toBe(true);
      expect((await list("?status=done")).map((x) => x.id)).toEqual([closedLate.id]);
      expect((await list("?status=open,in_progress")).some((x) => x.id === closedLate.id)).toBe(false);
      const bad = await f.callers.member.get("/api/follow-ups?status=finished");
      expect(bad.statusCode).toBe(400);
    });

    it("lets members read but not write, and keeps viewers out", async () => {
      expect((await f.callers.member.get(base)).statusCode).toBe(200);
      expect((await f.callers.member.post(base, { title: "x", kind: "recovery" })).statusCode).toBe(403);
      expect((await f.callers.viewer.get("/api/follow-ups")).statusCode).toBe(403);
    });
  });
}
