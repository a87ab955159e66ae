import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotStore } from "../../../../test/snapshot.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

interface AnnotationBody {
  id: number;
  incidentId: number;
  eventKind: string;
  eventId: string;
  tags: string[];
  note: string;
  version: number;
  author: { id: number; name: string };
}

for (const kind of testStoreKinds()) {
  describe(`annotation routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let base: string;
    beforeAll(async () => {
      f = await startFixture(kind);
      base = `/api/incidents/${f.world.incidents.draft}/annotations`;
    });
    afterAll(() => f.close());

    async function annotate(body: Record<string, unknown>, who: "analyst" | "member" | "admin" = "analyst"): Promise<AnnotationBody> {
      const response = await f.callers[who].post(base, { eventKind: "message", eventId: "2", tags: ["hypothesis"], note: "first theory", ...body });
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { annotation: AnnotationBody }).annotation;
    }

    it("annotates a message, a range of it, a page and a cue, at version 1, and lists them", async () => {
      const whole = await annotate({});
      expect(whole).toMatchObject({ incidentId: f.world.incidents.draft, eventKind: "message", eventId: "2", tags: ["hypothesis"], note: "first theory", version: 1, rangeStart: null, rangeEnd: null, quote: null, author: { id: f.world.users.analyst.id, name: "Analyst User" } });
      const range = await annotate({ rangeStart: 10, rangeEnd: 32, quote: "the connection pool", tags: ["hypothesis", "key_moment", "hypothesis"] });
      expect(range).toMatchObject({ rangeStart: 10, rangeEnd: 32, quote: "the connection pool", tags: ["hypothesis", "key_moment"] });
      await annotate({ eventKind: "page", eventId: String(f.world.pageId), tags: ["detection"] });
      await annotate({ eventKind: "cue", eventId: f.world.cueId, tags: ["decision"] });
      const listed = (await f.callers.member.get(base)).json() as { annotations: AnnotationBody[] };
      expect(listed.annotations.map((a) => `${a.eventKind}:${a.eventId}`)).toEqual(["message:2", "message:2", `page:${f.world.pageId}`, `cue:${f.world.cueId}`]);
      const audit = await f.store.db.selectFrom("auditEvents").select("action").where("action", "=", "annotation.create").execute();
      expect(audit).toHaveLength(4);
    });

    it("refuses events that are not on the incident's timeline and ranges outside the text", async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ eventId: "4" }, `eventId: no message "4" on incident ${f.world.incidents.draft}'s timeline`],
        [{ eventId: "999" }, `eventId: no message "999" on incident ${f.world.incidents.draft}'s timeline`],
        [{ eventKind: "cue", eventId: "nonsense" }, `eventId: no cue "nonsense" on incident ${f.world.incidents.draft}'s timeline`],
        [{ rangeStart: 3 }, "rangeStart and rangeEnd go together: give both or neither"],
        [{ rangeStart: 5, rangeEnd: 2 }, "rangeEnd is before rangeStart"],
        [{ rangeStart: 0, rangeEnd: 500 }, "rangeEnd 500 is past the end of the event's text (32 characters)"],
      ];
      const before = await snapshotStore(f.store);
      for (const [body, error] of cases) {
        const response = await f.callers.analyst.post(base, { eventKind: "message", eventId: "2", tags: ["hypothesis"], note: "x", ...body });
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json()).toEqual({ error });
      }
      for (const body of [{ tags: [] }, { tags: ["blame"] }, { note: 5 }, { eventKind: "email" }, { author: 1 }]) {
        const response = await f.callers.analyst.post(base, { eventKind: "message", eventId: "2", tags: ["hypothesis"], note: "x", ...body });
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
      }
      expect(await snapshotStore(f.store)).toEqual(before);
      expect((await f.callers.analyst.post("/api/incidents/999999/annotations", { eventKind: "message", eventId: "2", tags: ["question"], note: "" })).statusCode).toBe(404);
    });

    it("edits with the current version and moves it on", async () => {
      const created = await annotate({});
      const response = await f.callers.admin.patch(`/api/annotations/${created.id}`, { version: 1, note: "confirmed", tags: ["diagnosis"] });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { annotation: AnnotationBody }).annotation).toMatchObject({ version: 2, note: "confirmed", tags: ["diagnosis"], author: { id: f.world.users.analyst.id } });
      const noteOnly = await f.callers.analyst.patch(`/api/annotations/${created.id}`, { version: 2, note: "confirmed twice" });
      expect((noteOnly.json() as { annotation: AnnotationBody }).annotation).toMatchObject({ version: 3, tags: ["diagnosis"] });
    });

    it("answers a stale version with 409 and the current annotation, overwriting nothing", async () => {
      const created = await annotate({});
      await f.callers.analyst.patch(`/api/annotations/${created.id}`, { version: 1, note: "mine" });
      const before = await snapshotStore(f.store);
      const stale = await f.callers.admin.patch(`/api/annotations/${created.id}`, { version: 1, note: "theirs" });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: "conflict", current: { id: created.id, version: 2, note: "mine" } });
      const staleDelete = await f.callers.admin.delete(`/api/annotations/${created.id}?version=1`);
      expect(staleDelete.statusCode).toBe(409);
      expect(staleDelete.json()).toMatchObject({ error: "conflict", current: { version: 2 } });
      expect(await snapshotStore(f.store)).toEqual(before);
    });

    it("lets exactly one of two simultaneous edits of one version win", async () => {
      const created = await annotate({});
      const [a, b] = await Promise.all([
        f.callers.admin.patch(`/api/annotations/${created.id}`, { version: 1, note: "from admin" }),
        f.callers.analyst.patch(`/api/annotations/${created.id}`, { version: 1, note: "from analyst" }),
      ]);
      expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
      const winner = (a?.statusCode === 200 ? a : b)?.json() as { annotation: AnnotationBody };
      const stored = await f.store.db.selectFrom("annotations").select(["note", "version"]).where("id", "=", created.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ note: winner.annotation.note, version: 2 });
    });

    it("deletes with the current version", async () => {
      const created = await annotate({});
      expect((await f.callers.analyst.delete(`/api/annotations/${created.id}?version=1`)).statusCode).toBe(204);
      expect((await f.callers.analyst.delete(`/api/annotations/${created.id}?version=1`)).statusCode).toBe(404);
      expect((await f.callers.analyst.patch(`/api/annotations/${created.id}`, { version: 1, note: "x" })).statusCode).toBe(404);
      expect((await f.callers.analyst.delete(`/api/annotations/${created.id}`)).statusCode).toBe(400);
      const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "annotation.delete").where("subjectId", "=", String(created.id)).executeTakeFirstOrThrow();
      expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ version: 1, note: "first theory" });
    });

    it("lets members ask questions and change only their own", async () => {
      const refused = await f.callers.member.post(base, { eventKind: "message", eventId: "1", tags: ["question", "confusion"], note: "hm" });
      expect(refused.statusCode).toBe(403);
      const question = await annotate({ tags: ["question"], note: "why the pool?" }, "member");
      expect((await f.callers.member.patch(`/api/annotations/${question.id}`, { version: 1, note: "why that pool size?" })).statusCode).toBe(200);
      expect((await f.callers.member.patch(`/api/annotations/${question.id}`, { version: 2, tags: ["aha"] })).statusCode).toBe(403);
      const analysts = await annotate({ tags: ["question"] });
      expect((await f.callers.member.patch(`/api/annotations/${analysts.id}`, { version: 1, note: "mine now" })).statusCode).toBe(403);
      expect((await f.callers.member.delete(`/api/annotations/${analysts.id}?version=1`)).statusCode).toBe(403);
      expect((await f.callers.member.delete(`/api/annotations/${question.id}?version=2`)).statusCode).toBe(204);
      // An analyst may tidy up a member's question.
      const another = await annotate({ tags: ["question"] }, "member");
      expect((await f.callers.analyst.patch(`/api/annotations/${another.id}`, { version: 1, tags: ["confusion"] })).statusCode).toBe(200);
      // Re-tagged, it is part of the analysis: its author can neither delete it nor turn it back into a question.
      expect((await f.callers.member.delete(`/api/annotations/${another.id}?version=2`)).statusCode).toBe(403);
      expect((await f.callers.member.patch(`/api/annotations/${another.id}`, { version: 2, tags: ["question"] })).statusCode).toBe(403);
      const kept = await f.store.db.selectFrom("annotations").select(["tags", "version"]).where("id", "=", another.id).executeTakeFirstOrThrow();
      expect(kept.version).toBe(2);
    });
  });
}
