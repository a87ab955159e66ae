import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReadBeacon } from "../../../commands/library.js";
import { EVIDENCE_MARKDOWN, publishTestReview, readerIn } from "../../../../test/learning-world.js";
import { snapshotStore } from "../../../../test/snapshot.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

interface Page {
  entry: { id: number; title: string; readers: number; questions: number; ahas: number };
  sections: { key: string; markdown: string; questions: number; ahas: number; reactions: Record<string, number>; myReactions: string[] }[];
  questions: { id: number; sectionKey: string; body: string; author: { id: number }; replies: { body: string }[] }[];
  ahas: { passage: string; note: string | null; mine: boolean }[];
  followUps: unknown;
  canOpenEvidence: boolean;
}

for (const kind of testStoreKinds()) {
  describe(`library routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let entryId: number;
    beforeAll(async () => {
      f = await startFixture(kind);
      entryId = await publishTestReview(f.store, f.world);
    });
    afterAll(() => f.close());

    it("lists published reviews for every signed-in role, and nobody else", async () => {
      for (const role of ["viewer", "member", "analyst", "admin"] as const) {
        const response = await f.callers[role].get("/api/library");
        expect(response.statusCode, role).toBe(200);
        const body = response.json() as { items: { id: number; title: string; excerpt: string }[]; total: number; facets: { teams: string[] } };
        expect(body.items.map((i) => i.id)).toEqual([entryId]);
        expect(body.facets.teams).toEqual(["identity"]);
        // The excerpt is plain text without the evidence link.
        expect(body.items[0]?.excerpt).not.toContain("/incidents/");
      }
      expect((await f.anonymous.get("/api/library")).statusCode).toBe(401);
      expect((await f.anonymous.get(`/api/library/${entryId}`)).statusCode).toBe(401);
    });

    it("searches by words, service, team, tag and date", async () => {
      const ids = async (query: string) => ((await f.callers.viewer.get(`/api/library?${query}`)).json() as { items: { id: number }[] }).items.map((i) => i.id);
      expect(await ids("q=session%20cache")).toEqual([entryId]);
      expect(await ids("q=kafka")).toEqual([]);
      expect(await ids("service=login-api")).toEqual([entryId]);
      expect(await ids("service=billing")).toEqual([]);
      expect(await ids("team=identity")).toEqual([entryId]);
      expect(await ids("team=payments")).toEqual([]);
      expect(await ids("tag=cache")).toEqual([entryId]);
      expect(await ids("tag=cach")).toEqual([]);
      expect(await ids(`from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`)).toEqual([entryId]);
      expect(await ids(`from=${new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10)}`)).toEqual([entryId].slice(1));
      expect(await ids("sort=most_read")).toEqual([entryId]);
      expect((await f.callers.viewer.get("/api/library?sort=oldest")).statusCode).toBe(400);
    });

    it("keeps quotes but removes their evidence links for viewers; members and up get the links", async () => {
      const viewer = (await f.callers.viewer.get(`/api/library/${entryId}`)).json() as Page;
      expect(viewer.canOpenEvidence).toBe(false);
      expect(viewer.sections[0]?.markdown).toContain('"the cache looked cold to me" \u2014 Bob, 02:14');
      expect(viewer.sections[0]?.markdown).not.toContain("/timeline");
      expect(viewer.followUps).toBeNull();
      const member = (await f.callers.member.get(`/api/library/${entryId}`)).json() as Page;
      expect(member.canOpenEvidence).toBe(true);
      expect(member.sections[0]?.markdown).toBe(EVIDENCE_MARKDOWN);
      expect((await f.callers.viewer.get("/api/library/999999")).statusCode).toBe(404);
    });

    it("lets a viewer ask a question, an analyst answer it in the thread, and audits both", async () => {
      const asked = await f.callers.viewer.post(`/api/library/${entryId}/questions`, { sectionKey: "summary", body: "Why is the cache rebuilt on deploy?" });
      expect(asked.statusCode, asked.body).toBe(201);
      const questionId = (asked.json() as { id: number }).id;
      const answered = await f.callers.analyst.post(`/api/library/${entryId}/questions`, { sectionKey: "summary", body: "It is kept in process memory.", parentId: questionId });
      expect(answered.statusCode).toBe(201);
      const page = (await f.callers.member.get(`/api/library/${entryId}`)).json() as Page;
      expect(page.questions).toHaveLength(1);
      expect(page.questions[0]).toMatchObject({ sectionKey: "summary", body: "Why is the cache rebuilt on deploy?", author: { id: f.world.users.viewer.id }, replies: [{ body: "It is kept in process memory." }] });
      expect(page.sections[0]?.questions).toBe(1);
      const audit = await f.store.db.selectFrom("auditEvents").select("action").where("action", "in", ["library.question", "library.answer"]).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(["library.answer", "library.question"]);
    });

    it("refuses questions and a-ha marks on unknown sections or passages, writing nothing", async () => {
      const before = await snapshotStore(f.store);
      const cases: [string, unknown, string][] = [
        ["questions", { sectionKey: "nope", body: "x" }, 'sectionKey: the review has no section "nope" (it has summary, narrative)'],
        ["questions", { sectionKey: "summary", body: "x", parentId: 999999 }, "parentId: no question 999999 on this review"],
        ["ahas", { sectionKey: "summary", passage: "words that are not there" }, 'passage: not found in section "summary"'],
      ];
      for (const [path, body, error] of cases) {
        const response = await f.callers.viewer.post(`/api/library/${entryId}/${path}`, body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json()).toEqual({ error });
      }
      expect((await f.callers.viewer.post(`/api/library/${entryId}/ahas`, { sectionKey: "summary", passage: "cache", note: "x".repeat(201) })).statusCode).toBe(400);
      expect(await snapshotStore(f.store)).toEqual(before);
    });

    it("records a-ha marks without showing others who made them, and toggles reactions", async () => {
      const marked = await f.callers.viewer.post(`/api/library/${entryId}/ahas`, { sectionKey: "summary", passage: "the session cache is rebuilt on every deploy", note: "I thought it lived in Redis" });
      expect(marked.statusCode, marked.body).toBe(201);
      const mine = (await f.callers.viewer.get(`/api/library/${entryId}`)).json() as Page;
      expect(mine.ahas).toEqual([expect.objectContaining({ passage: "the session cache is rebuilt on every deploy", note: "I thought it lived in Redis", mine: true })]);
      const other = await f.callers.admin.get(`/api/library/${entryId}`);
      const theirs = other.json() as Page;
      expect(theirs.ahas[0]?.mine).toBe(false);
      expect(other.body).not.toContain(`"authorUserId"`);
      const on = await f.callers.viewer.post(`/api/library/${entryId}/reactions`, { sectionKey: "narrative", reaction: "insightful" });
      expect(on.json()).toEqual({ on: true });
      const page = (await f.callers.viewer.get(`/api/library/${entryId}`)).json() as Page;
      expect(page.sections[1]).toMatchObject({ reactions: { insightful: 1 }, myReactions: ["insightful"] });
      expect((await f.callers.viewer.post(`/api/library/${entryId}/reactions`, { sectionKey: "narrative", reaction: "insightful" })).json()).toEqual({ on: false });
      expect((await f.callers.viewer.post(`/api/library/${entryId}/reactions`, { sectionKey: "narrative", reaction: "angry" })).statusCode).toBe(400);
    });

    it("takes reading beacons with the CSRF token in the body, keeps the largest figures of a visit, and audits no read", async () => {
      const auditBefore = (await f.store.db.selectFrom("auditEvents").select("id").execute()).length;
      const csrf = f.callers.viewer.csrf as string;
      const send = (reports: unknown[], token: string | null = csrf) =>
        f.callers.viewer.request({ method: "POST", url: "/api/reads", headers: { "content-type": "text/plain;charset=UTF-8" }, payload: JSON.stringify(token === null ? { reports } : { csrf: token, reports }), csrf: false });
      expect((await send([{ entryId, visitId: "visit-aaaa-1", visibleMs: 4000, sectionsReached: ["summary"] }])).statusCode).toBe(204);
      expect((await send([{ entryId, visitId: "visit-aaaa-1", visibleMs: 9000, sectionsReached: ["narrative", "made-up"] }, { entryId: 999999, visitId: "visit-bbbb-2", visibleMs: 1, sectionsReached: [] }])).statusCode).toBe(204);
      expect((await send([{ entryId, visitId: "visit-aaaa-1", visibleMs: 2000, sectionsReached: [] }])).statusCode).toBe(204);
      const rows = await f.store.db.selectFrom("reviewReads").select(["visibleMs", "sections", "sectionsReached"]).where("userId", "=", f.world.users.viewer.id).execute();
      expect(rows).toEqual([{ visibleMs: 9000, sections: JSON.stringify(["summary", "narrative"]), sectionsReached: 2 }]);
      expect((await send([{ entryId, visitId: "visit-cccc-3", visibleMs: 1, sectionsReached: [] }], null)).statusCode).toBe(403);
      expect((await send([{ entryId, visitId: "visit-cccc-3", visibleMs: 1, sectionsReached: [] }], "wrong")).statusCode).toBe(403);
      expect((await f.anonymous.request({ method: "POST", url: "/api/reads", payload: { reports: [{ entryId, visitId: "visit-dddd-4", visibleMs: 1, sectionsReached: [] }] } })).statusCode).toBe(401);
      // Only the refusals (two CSRF, one unauthenticated) are in the audit trail; the reads are not.
      const audit = await f.store.db.selectFrom("auditEvents").select(["action", "details"]).orderBy("id").execute();
      expect(audit.slice(auditBefore).map((a) => a.action)).toEqual(["access.denied", "access.denied", "access.denied"]);
      expect(JSON.stringify(audit.slice(auditBefore))).not.toContain("visit-");
    });

    it("shows readership aggregates to analysts and admins only, with small groups as \u201cfewer than 3\u201d and no person in them", async () => {
      const engineers = [await readerIn(f.store, "e1@acme.example", "Engineering", "identity"), await readerIn(f.store, "e2@acme.example", "Engineering", "identity"), await readerIn(f.store, "e3@acme.example", "Engineering", "identity")];
      const sales = await readerIn(f.store, "s1@acme.example", "Sales");
      for (const [i, userId] of [...engineers, sales].entries()) await recordReadBeacon(f.store, userId, [{ entryId, visitId: `visit-reader-${i}`, visibleMs: (i + 1) * 60_000, sectionsReached: i === 3 ? ["summary"] : ["summary", "narrative"] }]);
      for (const role of ["viewer", "member"] as const) {
        const response = await f.callers[role].get(`/api/library/${entryId}/readership`);
        expect(response.statusCode, role).toBe(403);
      }
      for (const role of ["analyst", "admin"] as const) {
        const response = await f.callers[role].get(`/api/library/${entryId}/readership`);
        expect(response.statusCode).toBe(200);
        const body = response.json() as { uniqueReaders: number; byDepartment: { name: string; readers: number | string }[]; byTeam: { name: string; readers: number | string }[]; medianVisibleSeconds: number; sections: { key: string; reached: number; questions: number; ahas: number }[]; privacy: string };
        // The viewer account of the world (no directory person) read too: five readers.
        expect(body.uniqueReaders).toBe(5);
        expect(body.byDepartment).toEqual([
          { name: "Engineering", readers: 3 },
          { name: "not in the directory", readers: "fewer than 3" },
          { name: "Sales", readers: "fewer than 3" },
        ]);
        expect(body.byTeam).toEqual([
          { name: "identity", readers: 3 },
          { name: "no team in the directory", readers: "fewer than 3" },
        ]);
        expect(body.sections).toEqual([
          { key: "summary", title: "Summary", reached: 5, questions: 1, ahas: 1 },
          { key: "narrative", title: "How we got here", reached: 4, questions: 0, ahas: 0 },
        ]);
        expect(body.privacy).toContain("fewer than 3");
        for (const secret of ["e1@acme.example", "s1@acme.example", "userId", `"id":${sales}`, "visit-reader"]) expect(response.body).not.toContain(secret);
      }
    });

    it("shows each reader their own reading history, and nobody else's", async () => {
      const own = (await f.callers.viewer.get("/api/me/reading")).json() as { reads: { entryId: number; visibleSeconds: number; sectionsReached: number }[] };
      expect(own.reads).toEqual([expect.objectContaining({ entryId, visibleSeconds: 9, sectionsReached: 2 })]);
      const admin = (await f.callers.admin.get("/api/me/reading")).json() as { reads: unknown[] };
      expect(admin.reads).toEqual([]);
      // No route takes a user to read someone else's history.
      expect((await f.callers.admin.get(`/api/me/reading?userId=${f.world.users.viewer.id}`)).statusCode).toBe(400);
      expect((await f.callers.admin.get(`/api/users/${f.world.users.viewer.id}/reading`)).statusCode).toBe(404);
    });

    it("makes the guide's last step follow the library: done once others read it and asked or marked something", async () => {
      const response = await f.callers.member.get(`/api/incidents/${f.world.incidents.published}/guide`);
      const steps = (response.json() as { steps: { key: string; done: boolean; detail: string; link: string }[] }).steps;
      const learn = steps.at(-1);
      expect(learn).toMatchObject({ key: "learn", done: true, link: `/library/${entryId}` });
      expect(learn?.detail).toBe("5 readers besides its authors, 1 question, 1 a-ha mark.");
      // The meeting is a step of its own now, not yet done here.
      expect(steps.find((s) => s.key === "meeting")).toMatchObject({ done: false, detail: "No review meeting recorded." });
    });

    it("lists notifications of a publication to analysts and admins", async () => {
      expect((await f.callers.analyst.get(`/api/library/${entryId}/notifications`)).json()).toEqual({ deliveries: [] });
      expect((await f.callers.member.get(`/api/library/${entryId}/notifications`)).statusCode).toBe(403);
      expect((await f.callers.analyst.post("/api/notifications/999999/retry")).statusCode).toBe(404);
    });
  });
}
