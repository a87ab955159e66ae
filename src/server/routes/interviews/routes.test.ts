import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, Caller, seedWorld, signIn, type World } from "../../../../test/server-harness.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { createUser } from "../../../commands/accounts.js";
import type { Store } from "../../../db/connection.js";
import { insertAnnotation } from "../../../db/repositories/annotations.js";
import { insertInterview, insertQuote, insertShare, putTranscript, setInterviewers } from "../../../db/repositories/interviews.js";
import { registeredApiRoutes } from "../../app.js";

/** Who asks: the five accounts of the brief, and nobody. */
const WHO = ["none", "admin", "analyst", "analyst2", "member", "viewer"] as const;
type Who = (typeof WHO)[number];
type Holding = "own" | "other";

const VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Alice Example>I saw the pool graph flatten first\n\n00:00:05.000 --> 00:00:07.000\n<v Analyst User>What did you expect then?\n";

interface Ctx {
  store: Store;
  world: World;
  app: FastifyInstance;
  callers: Record<Who, Caller>;
  userIds: Record<Exclude<Who, "none">, number>;
  /** An analyst outside every caller, holding the "other" interviews. */
  holderId: number;
}

/** An interview on the draft incident held by `holderId`, with a share, a transcript and a quote ready for the delete routes. */
async function prepareInterview(ctx: Ctx, holderId: number): Promise<{ interviewId: number; quoteId: number }> {
  const now = Date.now();
  const interviewId = await insertInterview(ctx.store.db, { incidentId: ctx.world.incidents.draft, personId: ctx.world.people.alice, intervieweeName: "Alice Example", scheduledAt: null, notes: "prepared notes", prompts: [], createdBy: holderId }, now);
  await setInterviewers(ctx.store.db, interviewId, [holderId]);
  await insertShare(ctx.store.db, interviewId, ctx.userIds.admin, holderId, now);
  await putTranscript(ctx.store.db, interviewId, { name: "call.vtt", format: "teams", cues: [{ startMs: 0, endMs: 1000, speaker: "Alice", text: "prepared" }] }, now);
  const quoteId = await insertQuote(ctx.store.db, { incidentId: ctx.world.incidents.draft, interviewId, anonymousInputId: null, text: "prepared quote", consent: "pending", eventRef: null }, now);
  return { interviewId, quoteId };
}

async function anonymousLink(ctx: Ctx): Promise<{ id: number; token: string }> {
  const response = await ctx.callers.analyst.post(`/api/incidents/${ctx.world.incidents.draft}/anonymous-links`, {});
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json() as { link: { id: number }; token: string };
  return { id: body.link.id, token: body.token };
}

interface Call {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  payload?: Record<string, unknown>;
}

interface Row {
  route: string;
  /** Whether own/other matters; incident-level routes run once. */
  held: boolean;
  call: (ctx: Ctx, prepared: { interviewId: number; quoteId: number }, who: Who) => Call | Promise<Call>;
  expect: (who: Who, holding: Holding) => number;
}

const planner = (who: Who) => who === "admin" || who === "analyst" || who === "analyst2";
/** Reading one interview: its holder (any role from member up), planners see planning fields, members nothing, viewers are below the line. */
const readStatus = (who: Who, holding: Holding) => (who === "none" ? 401 : who === "viewer" ? 403 : holding === "own" || planner(who) ? 200 : 404);
/** Changing one: only its interviewers; planners learn it exists (403), members do not (404). */
const changeStatus = (ok: number) => (who: Who, holding: Holding) => (who === "none" ? 401 : who === "viewer" ? 403 : holding === "own" ? ok : planner(who) ? 403 : 404);
const plannersOnly = (ok: number) => (who: Who) => (who === "none" ? 401 : planner(who) ? ok : 403);

const ROWS: Row[] = [
  { route: "GET /api/incidents/:id/interview-suggestions", held: false, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/interview-suggestions` }), expect: plannersOnly(200) },
  { route: "GET /api/incidents/:id/interviews", held: true, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/interviews` }), expect: (who) => (who === "none" ? 401 : who === "viewer" ? 403 : 200) },
  { route: "POST /api/incidents/:id/interviews", held: false, call: (ctx) => ({ method: "POST", url: `/api/incidents/${ctx.world.incidents.draft}/interviews`, payload: { personId: ctx.world.people.bob } }), expect: plannersOnly(201) },
  { route: "GET /api/interviews/:id", held: true, call: (_ctx, p) => ({ method: "GET", url: `/api/interviews/${p.interviewId}` }), expect: readStatus },
  { route: "PATCH /api/interviews/:id", held: true, call: (_ctx, p) => ({ method: "PATCH", url: `/api/interviews/${p.interviewId}`, payload: { version: 1, status: "done" } }), expect: changeStatus(200) },
  { route: "POST /api/interviews/:id/shares", held: true, call: (ctx, p) => ({ method: "POST", url: `/api/interviews/${p.interviewId}/shares`, payload: { userId: ctx.userIds.analyst2 } }), expect: changeStatus(200) },
  { route: "DELETE /api/interviews/:id/shares/:userId", held: true, call: (ctx, p) => ({ method: "DELETE", url: `/api/interviews/${p.interviewId}/shares/${ctx.userIds.admin}` }), expect: changeStatus(204) },
  { route: "PUT /api/interviews/:id/transcript", held: true, call: (_ctx, p) => ({ method: "PUT", url: `/api/interviews/${p.interviewId}/transcript`, payload: { name: "call.vtt", content: VTT } }), expect: changeStatus(200) },
  { route: "DELETE /api/interviews/:id/transcript", held: true, call: (_ctx, p) => ({ method: "DELETE", url: `/api/interviews/${p.interviewId}/transcript` }), expect: changeStatus(204) },
  { route: "POST /api/interviews/:id/quotes", held: true, call: (_ctx, p) => ({ method: "POST", url: `/api/interviews/${p.interviewId}/quotes`, payload: { text: "it looked fine", consent: "attributed" } }), expect: changeStatus(201) },
  { route: "PATCH /api/quotes/:id", held: true, call: (_ctx, p) => ({ method: "PATCH", url: `/api/quotes/${p.quoteId}`, payload: { version: 1, consent: "anonymous" } }), expect: changeStatus(200) },
  { route: "DELETE /api/quotes/:id", held: true, call: (_ctx, p) => ({ method: "DELETE", url: `/api/quotes/${p.quoteId}` }), expect: changeStatus(204) },
  { route: "GET /api/incidents/:id/review-quotes", held: false, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/review-quotes` }), expect: plannersOnly(200) },
  { route: "GET /api/incidents/:id/interview-synthesis", held: false, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/interview-synthesis` }), expect: plannersOnly(200) },
  { route: "POST /api/incidents/:id/anonymous-links", held: false, call: (ctx) => ({ method: "POST", url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-links`, payload: { expiresInDays: 3 } }), expect: plannersOnly(201) },
  { route: "GET /api/incidents/:id/anonymous-links", held: false, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-links` }), expect: plannersOnly(200) },
  { route: "DELETE /api/anonymous-links/:id", held: false, call: async (ctx) => ({ method: "DELETE", url: `/api/anonymous-links/${(await anonymousLink(ctx)).id}` }), expect: plannersOnly(204) },
  { route: "GET /api/incidents/:id/anonymous-inputs", held: false, call: (ctx) => ({ method: "GET", url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-inputs` }), expect: plannersOnly(200) },
  {
    route: "POST /api/anonymous-inputs/:id/quotes",
    held: false,
    call: async (ctx) => {
      const { token } = await anonymousLink(ctx);
      await new Caller(ctx.app).post("/api/anonymous/inputs", { token, surprised: "nobody knew the pool had a hard cap" });
      const inputs = (await ctx.callers.analyst.get(`/api/incidents/${ctx.world.incidents.draft}/anonymous-inputs`)).json() as { inputs: { id: number }[] };
      return { method: "POST", url: `/api/anonymous-inputs/${inputs.inputs.at(-1)?.id}/quotes`, payload: { text: "the pool had a hard cap" } };
    },
    expect: plannersOnly(201),
  },
  { route: "POST /api/anonymous/link", held: false, call: async (ctx) => ({ method: "POST", url: "/api/anonymous/link", payload: { token: (await anonymousLink(ctx)).token } }), expect: () => 200 },
  { route: "POST /api/anonymous/inputs", held: false, call: async (ctx) => ({ method: "POST", url: "/api/anonymous/inputs", payload: { token: (await anonymousLink(ctx)).token, madeItHard: "the dashboards disagreed" } }), expect: () => 201 },
];

async function openCtx(kind: ReturnType<typeof testStoreKinds>[number], logSink?: string[]): Promise<Ctx> {
  const store = await kind.open();
  const world = await seedWorld(store);
  const analyst2 = await createUser(store, { email: "analyst2@acme.example", name: "Second Analyst", role: "analyst", passwordHash: world.users.analyst.id ? (await store.db.selectFrom("users").select("passwordHash").where("id", "=", world.users.analyst.id).executeTakeFirstOrThrow()).passwordHash : null, actor: "test" });
  const holder = await createUser(store, { email: "holder@acme.example", name: "Holding Analyst", role: "analyst", passwordHash: null, actor: "test" });
  const logger = logSink
    ? {
        level: "info",
        stream: new Writable({
          write(chunk, _encoding, done) {
            logSink.push(String(chunk));
            done();
          },
        }),
      }
    : false;
  const app = await buildTestApp(store, { logger });
  const callers = { none: new Caller(app) } as Record<Who, Caller>;
  for (const who of ["admin", "analyst", "member", "viewer"] as const) callers[who] = await signIn(app, `${who}@acme.example`);
  callers.analyst2 = await signIn(app, "analyst2@acme.example");
  const userIds = { admin: world.users.admin.id, analyst: world.users.analyst.id, analyst2: analyst2.id, member: world.users.member.id, viewer: world.users.viewer.id };
  return { store, world, app, callers, userIds, holderId: holder.id };
}

for (const kind of testStoreKinds()) {
  describe(`interview routes on ${kind.name}`, () => {
    let ctx: Ctx;
    beforeAll(async () => {
      ctx = await openCtx(kind);
    });
    afterAll(async () => {
      await ctx.app.close();
      await ctx.store.close();
      await kind.dispose();
    });

    it("plans an interview with prompts quoting the interviewee, keeps notes to the interviewer, and refuses a stale edit", async () => {
      const draft = ctx.world.incidents.draft;
      await insertAnnotation(ctx.store.db, { incidentId: draft, eventKind: "message", eventId: String(ctx.world.messages[1]), rangeStart: null, rangeEnd: null, quote: null, tags: ["hypothesis", "key_moment"], note: "first theory", authorUserId: ctx.userIds.analyst }, Date.now());
      const suggestions = (await ctx.callers.analyst.get(`/api/incidents/${draft}/interview-suggestions`)).json() as { suggestions: { person: { id: number }; reasons: { code: string; evidence: { kind: string; id: string }[] }[] }[] };
      const bob = suggestions.suggestions.find((s) => s.person.id === ctx.world.people.bob);
      expect(bob?.reasons.map((r) => r.code)).toContain("tagged_moments");
      expect(bob?.reasons.find((r) => r.code === "tagged_moments")?.evidence).toContainEqual({ kind: "event", id: `message:${ctx.world.messages[1]}` });

      const created = await ctx.callers.analyst.post(`/api/incidents/${draft}/interviews`, { personId: ctx.world.people.bob, scheduledAt: "2024-03-20T10:00:00Z", notes: "# Before\nask about the pool" });
      expect(created.statusCode, created.body).toBe(201);
      const interview = (created.json() as { interview: { id: number; access: string; notes: string; prompts: { text: string; eventRef: string | null }[]; interviewers: { id: number }[]; version: number } }).interview;
      expect(interview).toMatchObject({ access: "full", notes: "# Before\nask about the pool", interviewers: [{ id: ctx.userIds.analyst }], version: 1 });
      expect(interview.prompts[0]).toEqual({ text: expect.stringContaining("you wrote “I think it's the connection pool”") as unknown as string, eventRef: `message:${ctx.world.messages[1]}` });
      expect(interview.prompts[0]?.text).toContain("your time");

      const other = (await ctx.callers.analyst2.get(`/api/interviews/${interview.id}`)).json() as { interview: Record<string, unknown> };
      expect(other.interview.access).toBe("planning");
      expect(other.interview).not.toHaveProperty("notes");
      expect(other.interview).not.toHaveProperty("prompts");

      const edit = await ctx.callers.analyst.patch(`/api/interviews/${interview.id}`, { version: 1, notes: "she means the second graph", status: "done", consent: "yes", links: [{ eventRef: `message:${ctx.world.messages[1]}`, note: "he had seen the pool graph flatten" }] });
      expect(edit.statusCode, edit.body).toBe(200);
      expect((edit.json() as { interview: { version: number; consent: string } }).interview).toMatchObject({ version: 2, consent: "yes" });
      const elsewhere = await ctx.callers.analyst.patch(`/api/interviews/${interview.id}`, { version: 2, links: [{ eventRef: "message:3999", note: "not this incident" }] });
      expect(elsewhere.statusCode).toBe(400);
      expect(elsewhere.json()).toEqual({ error: `links.0.eventRef: message:3999 is not on incident ${draft}'s timeline` });
      const stale = await ctx.callers.analyst.patch(`/api/interviews/${interview.id}`, { version: 1, notes: "lost update" });
      expect(stale.statusCode).toBe(409);
      expect((stale.json() as { current: { version: number; notes: string } }).current).toMatchObject({ version: 2, notes: "she means the second graph" });

      const audit = await ctx.store.db.selectFrom("auditEvents").select(["action", "details"]).where("subjectType", "=", "interview").where("subjectId", "=", String(interview.id)).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["interview.create", "interview.update"]));
      // The other analyst's read saw planning fields only: no confidential read was recorded for them.
      const reads = await ctx.store.db.selectFrom("auditEvents").select("actor").where("action", "=", "interview.read").where("subjectId", "=", String(interview.id)).execute();
      expect(reads.map((r) => r.actor)).not.toContain(`user:${ctx.userIds.analyst2}`);
    });

    it("describes the interview routes in the OpenAPI document, public anonymous routes without security", async () => {
      const doc = (await ctx.callers.none.get("/api/openapi.json")).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
      expect(Object.keys(doc.paths["/api/incidents/{id}/interviews"] ?? {}).sort()).toEqual(["get", "post"]);
      expect(Object.keys(doc.paths["/api/interviews/{id}"] ?? {}).sort()).toEqual(["get", "patch"]);
      expect(doc.paths["/api/anonymous/inputs"]?.post?.security).toEqual([]);
    });

    it("makes the guide's interview step real: done once an interview was held, with counts and a link to the tab", async () => {
      const guide = (await ctx.callers.member.get(`/api/incidents/${ctx.world.incidents.draft}/guide`)).json() as { steps: { key: string; done: boolean; detail: string; link: string }[] };
      const step = guide.steps.find((s) => s.key === "interview");
      expect(step).toMatchObject({ done: true, detail: "1 interview held.", link: `/incidents/${ctx.world.incidents.draft}/interviews` });
      const published = (await ctx.callers.member.get(`/api/incidents/${ctx.world.incidents.published}/guide`)).json() as { steps: { key: string; done: boolean; detail: string }[] };
      expect(published.steps.find((s) => s.key === "interview")).toMatchObject({ done: false, detail: expect.stringContaining("No interview planned yet") as unknown as string });
    });

    it("shares an interview with a named account, audited, and that account then reads it in full", async () => {
      const id = ((await ctx.callers.analyst.post(`/api/incidents/${ctx.world.incidents.draft}/interviews`, { personId: ctx.world.people.alice, notes: "shared notes" })).json() as { interview: { id: number } }).interview.id;
      expect(((await ctx.callers.admin.get(`/api/interviews/${id}`)).json() as { interview: { access: string } }).interview.access).toBe("planning");
      const shared = await ctx.callers.analyst.post(`/api/interviews/${id}/shares`, { userId: ctx.userIds.admin });
      expect((shared.json() as { interview: { sharedWith: { id: number }[] } }).interview.sharedWith).toEqual([{ id: ctx.userIds.admin, name: "Admin User" }]);
      const read = (await ctx.callers.admin.get(`/api/interviews/${id}`)).json() as { interview: { access: string; notes: string } };
      expect(read.interview).toMatchObject({ access: "full", notes: "shared notes" });
      // A shared reader reads; only interviewers change.
      expect((await ctx.callers.admin.patch(`/api/interviews/${id}`, { version: 1, notes: "admin edit" })).statusCode).toBe(403);
      const trail = await ctx.store.db.selectFrom("auditEvents").select(["action", "actor", "details"]).where("subjectType", "=", "interview").where("subjectId", "=", String(id)).orderBy("id").execute();
      expect(trail.map((t) => [t.action, t.actor])).toEqual(expect.arrayContaining([["interview.share", `user:${ctx.userIds.analyst}`], ["interview.read", `user:${ctx.userIds.admin}`]]));
      expect(JSON.stringify(trail)).not.toContain("shared notes");
    });

    it("names a person with no record, uploads a transcript with speakers, and deletes it after its retention date", async () => {
      const created = await ctx.callers.analyst.post(`/api/incidents/${ctx.world.incidents.draft}/interviews`, { intervieweeName: "Dana from support" });
      expect(created.statusCode, created.body).toBe(201);
      const id = (created.json() as { interview: { id: number; interviewee: unknown } }).interview.id;
      expect((created.json() as { interview: { interviewee: unknown } }).interview.interviewee).toEqual({ personId: null, name: "Dana from support" });
      const bad = await ctx.callers.analyst.request({ method: "PUT", url: `/api/interviews/${id}/transcript`, payload: { name: "broken.vtt", content: "not a transcript" } });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: string }).error).toContain("broken.vtt");
      const put = await ctx.callers.analyst.request({ method: "PUT", url: `/api/interviews/${id}/transcript`, payload: { name: "call.vtt", content: VTT } });
      expect(put.statusCode, put.body).toBe(200);
      const transcript = (put.json() as { interview: { transcript: { speakers: string[]; cues: unknown[] } } }).interview.transcript;
      expect(transcript.speakers).toEqual(["Alice Example", "Analyst User"]);
      expect(transcript.cues).toHaveLength(2);
      const past = await ctx.callers.analyst.patch(`/api/interviews/${id}`, { version: 1, retentionUntil: "2020-01-01T00:00:00Z" });
      expect(past.statusCode, past.body).toBe(200);
      const after = (await ctx.callers.analyst.get(`/api/interviews/${id}`)).json() as { interview: { transcript: unknown } };
      expect(after.interview.transcript).toBeNull();
      const swept = await ctx.store.db.selectFrom("auditEvents").select("details").where("action", "=", "interview.transcript_delete").where("subjectId", "=", String(id)).execute();
      expect(swept.map((s) => JSON.parse(s.details ?? "{}") as { reason: string })).toEqual([{ reason: "retention" }]);
    });

    it("lets only consented quotes out, attributed or anonymous as agreed, and puts accounts side by side per key moment", async () => {
      const draft = ctx.world.incidents.draft;
      const moment = `message:${ctx.world.messages[2]}`;
      await insertAnnotation(ctx.store.db, { incidentId: draft, eventKind: "message", eventId: String(ctx.world.messages[2]), rangeStart: null, rangeEnd: null, quote: null, tags: ["repair"], note: "pool raised", authorUserId: ctx.userIds.analyst }, Date.now());
      const a = ((await ctx.callers.analyst.post(`/api/incidents/${draft}/interviews`, { personId: ctx.world.people.alice })).json() as { interview: { id: number } }).interview.id;
      const b = ((await ctx.callers.analyst2.post(`/api/incidents/${draft}/interviews`, { intervieweeName: "Bob Example" })).json() as { interview: { id: number } }).interview.id;
      const quote = async (who: Who, id: number, text: string, consent: string) => {
        const r = await ctx.callers[who].post(`/api/interviews/${id}/quotes`, { text, consent, eventRef: moment });
        expect(r.statusCode, r.body).toBe(201);
      };
      await quote("analyst", a, "I raised it because the graph looked capped", "attributed");
      await quote("analyst", a, "I was half asleep", "declined");
      await quote("analyst2", b, "we had raised it before and it did nothing", "anonymous");
      await quote("analyst2", b, "not for the record", "pending");
      await ctx.callers.analyst.patch(`/api/interviews/${a}`, { version: 1, links: [{ eventRef: moment, note: "she was watching the pool dashboard" }] });

      const listed = (await ctx.callers.admin.get(`/api/incidents/${draft}/review-quotes`)).json() as { quotes: { text: string; attribution: string | null; markdown: string }[] };
      const texts = listed.quotes.map((q) => q.text);
      expect(texts).toContain("I raised it because the graph looked capped");
      expect(texts).toContain("we had raised it before and it did nothing");
      expect(texts).not.toContain("I was half asleep");
      expect(texts).not.toContain("not for the record");
      expect(listed.quotes.find((q) => q.text.startsWith("I raised"))?.markdown).toBe("> I raised it because the graph looked capped\n>\n> — Alice Example");
      expect(listed.quotes.find((q) => q.text.startsWith("we had"))?.attribution).toBeNull();
      expect(JSON.stringify(listed)).not.toContain("Bob Example");

      const synthesis = (await ctx.callers.analyst.get(`/api/incidents/${draft}/interview-synthesis`)).json() as { moments: { eventRef: string; accounts: { interviewId: number | null; source: string; notes: string[]; quotes: { text: string }[] }[] }[] };
      const repair = synthesis.moments.find((m) => m.eventRef === moment);
      const own = repair?.accounts.find((x) => x.interviewId === a);
      expect(own?.notes).toEqual(["she was watching the pool dashboard"]);
      expect(own?.quotes.map((q) => q.text)).toEqual(["I raised it because the graph looked capped", "I was half asleep"]);
      const theirs = repair?.accounts.find((x) => x.source === "anonymous");
      expect(theirs).toEqual({ interviewId: null, source: "anonymous", notes: [], quotes: [{ text: "we had raised it before and it did nothing", consent: "anonymous" }] });
      expect(JSON.stringify(synthesis)).not.toContain("not for the record");
    });

    it("takes anonymous input without storing who sent it, limits each link per hour, and stops at revocation", async () => {
      const { id, token } = await anonymousLink(ctx);
      const anonymous = new Caller(ctx.app);
      const described = await anonymous.post("/api/anonymous/link", { token });
      expect(described.json()).toMatchObject({ incidentTitle: "Checkout failing" });
      const sent = await anonymous.request({ method: "POST", url: "/api/anonymous/inputs", payload: { token, madeItHard: "two dashboards, two answers" }, headers: { "user-agent": "UA-FINGERPRINT", "x-forwarded-for": "203.0.113.77" } });
      expect(sent.statusCode, sent.body).toBe(201);
      const row = await ctx.store.db.selectFrom("anonymousInputs").selectAll().where("linkId", "=", id).executeTakeFirstOrThrow();
      expect(Object.keys(row).sort()).toEqual(["id", "incidentId", "linkId", "madeItHard", "othersShouldKnow", "receivedOn", "surprised"]);
      const dump = JSON.stringify(await ctx.store.db.selectFrom("auditEvents").selectAll().execute());
      expect(dump).not.toContain("UA-FINGERPRINT");
      expect(dump).not.toContain("203.0.113.77");
      expect(dump).not.toContain("127.0.0.1\",\"attempted\":\"anonymous");
      let last = 0;
      for (let i = 0; i < 25; i += 1) last = (await anonymous.post("/api/anonymous/inputs", { token, surprised: `note ${i}` })).statusCode;
      expect(last).toBe(429);
      // The refused answers were not stored, and only the current hour's count is kept.
      const rates = await ctx.store.db.selectFrom("anonymousInputRate").selectAll().where("linkId", "=", id).execute();
      expect(rates).toHaveLength(1);
      expect(await ctx.store.db.selectFrom("anonymousInputs").select("id").where("linkId", "=", id).execute()).toHaveLength(20);
      const other = await anonymousLink(ctx);
      expect((await anonymous.post("/api/anonymous/inputs", { token: other.token, surprised: "still open" })).statusCode).toBe(201);
      expect((await ctx.callers.analyst.delete(`/api/anonymous-links/${other.id}`)).statusCode).toBe(204);
      const gone = await anonymous.post("/api/anonymous/inputs", { token: other.token, surprised: "too late" });
      expect(gone.statusCode).toBe(404);
      expect((await anonymous.post("/api/anonymous/inputs", { token: "anon_made-up-token-000000000000", surprised: "x" })).json()).toEqual(gone.json());
      const quoted = await ctx.callers.analyst.post(`/api/anonymous-inputs/${row.id}/quotes`, { text: "a quote nobody wrote" });
      expect(quoted.statusCode).toBe(400);
    });

    describe("every route × every role × own and someone else's interview", () => {
      for (const row of ROWS) {
        for (const holding of row.held ? (["own", "other"] as const) : (["other"] as const)) {
          for (const who of WHO) {
            const expected = row.expect(who, holding);
            it(`${row.route}${row.held ? ` (${holding})` : ""} as ${who} → ${expected}`, async () => {
              const holder = holding === "own" && who !== "none" ? ctx.userIds[who] : ctx.holderId;
              const prepared = await prepareInterview(ctx, holder);
              const call = await row.call(ctx, prepared, who);
              const before = await ctx.store.db.selectFrom("auditEvents").select("id").where("action", "=", "access.denied").execute();
              const response = await ctx.callers[who].request({ method: call.method, url: call.url, ...(call.payload ? { payload: call.payload } : {}) });
              expect(response.statusCode, response.body).toBe(expected);
              const after = await ctx.store.db.selectFrom("auditEvents").select("id").where("action", "=", "access.denied").execute();
              if (expected === 401 || expected === 403 || (expected === 404 && row.held)) expect(after.length - before.length).toBe(1);
              if (row.route === "GET /api/interviews/:id" && expected === 200) {
                const body = response.json() as { interview: Record<string, unknown> };
                // Full access follows holding (or a named share: admin is shared on every prepared interview), never the role.
                const full = holding === "own" || who === "admin";
                expect(body.interview.access).toBe(full ? "full" : "planning");
                expect("notes" in body.interview).toBe(full);
              }
              if (row.route === "GET /api/incidents/:id/interviews" && expected === 200) {
                const ids = (response.json() as { interviews: { id: number; notes?: string }[] }).interviews;
                expect(ids.some((i) => i.id === prepared.interviewId)).toBe(holding === "own" || planner(who));
                expect(ids.every((i) => i.notes === undefined)).toBe(true);
              }
            });
          }
        }
      }

      it("covers every interview route the app registers", () => {
        const mine = registeredApiRoutes(ctx.app).filter((r) => !r.startsWith("HEAD ") && /interview|quotes|anonymous/.test(r));
        expect(mine.sort()).toEqual(ROWS.map((r) => r.route).sort());
      });
    });
  });

  describe(`interview notes canary on ${kind.name}`, () => {
    const CANARY = `CANARY-${Math.random().toString(36).slice(2, 12)}`;
    const logs: string[] = [];
    let ctx: Ctx;
    let interviewId: number;
    beforeAll(async () => {
      ctx = await openCtx(kind, logs);
      const draft = ctx.world.incidents.draft;
      const created = await ctx.callers.analyst.post(`/api/incidents/${draft}/interviews`, { personId: ctx.world.people.alice, notes: `She mentioned the flux capacitor ${CANARY}` });
      interviewId = (created.json() as { interview: { id: number } }).interview.id;
      const a = ctx.callers.analyst;
      await a.patch(`/api/interviews/${interviewId}`, {
        version: 1,
        prompts: [{ text: `Ask about ${CANARY}`, eventRef: null }],
        links: [{ eventRef: `message:${ctx.world.messages[0]}`, note: `linked ${CANARY}` }],
        intervieweeName: "Alice Example",
      });
      await a.request({ method: "PUT", url: `/api/interviews/${interviewId}/transcript`, payload: { name: "call.vtt", content: `WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Alice>transcript ${CANARY}\n` } });
      await a.post(`/api/interviews/${interviewId}/quotes`, { text: `pending ${CANARY}`, consent: "pending", eventRef: `message:${ctx.world.messages[0]}` });
      await a.post(`/api/interviews/${interviewId}/quotes`, { text: `declined ${CANARY}`, consent: "declined", eventRef: `message:${ctx.world.messages[0]}` });
      await a.post(`/api/interviews/${interviewId}/quotes`, { text: "the pool looked fine to me", consent: "attributed", eventRef: `message:${ctx.world.messages[0]}` });
      await insertAnnotation(ctx.store.db, { incidentId: draft, eventKind: "message", eventId: String(ctx.world.messages[0]), rangeStart: null, rangeEnd: null, quote: null, tags: ["detection"], note: "noticed", authorUserId: ctx.userIds.analyst }, Date.now());
      // A bad edit whose body holds the canary: the error must not echo it.
      await a.patch(`/api/interviews/${interviewId}`, { version: 99, notes: `${CANARY} `.repeat(30_000) });
      await a.patch(`/api/interviews/${interviewId}`, { version: 99, notes: CANARY, unknownField: CANARY });
    });
    afterAll(async () => {
      await ctx.app.close();
      await ctx.store.close();
      await kind.dispose();
    });

    it("reaches the interviewer", async () => {
      const body = (await ctx.callers.analyst.get(`/api/interviews/${interviewId}`)).body;
      expect(body).toContain(`flux capacitor ${CANARY}`);
      expect(body).toContain(`transcript ${CANARY}`);
    });

    it("never reaches any other account from any GET route", async () => {
      const routes = registeredApiRoutes(ctx.app).filter((r) => r.startsWith("GET ")).map((r) => r.slice(4));
      expect(routes).toContain("/api/interviews/:id");
      const maxId = Math.max(interviewId, ctx.world.incidents.draft, ctx.world.incidents.published, ctx.world.people.alice, ctx.world.people.bob, ...Object.values(ctx.userIds)) + 2;
      const tokenCaller = await (async () => {
        const r = await ctx.callers.admin.post("/api/tokens", { name: "canary" });
        return new Caller(ctx.app, { bearer: (r.json() as { token: string }).token });
      })();
      const others: [string, Caller][] = [
        ["admin", ctx.callers.admin],
        ["admin token", tokenCaller],
        ["analyst2", ctx.callers.analyst2],
        ["member", ctx.callers.member],
        ["viewer", ctx.callers.viewer],
        ["anonymous", ctx.callers.none],
      ];
      let requests = 0;
      for (const route of routes) {
        const ids = route.includes(":") ? Array.from({ length: maxId }, (_, i) => i + 1) : [0];
        for (const id of ids) {
          const url = route.replace(/:[A-Za-z]+/g, String(id));
          for (const query of ["", "?q=capacitor", "?q=flux%20capacitor&limit=500"]) {
            for (const [name, caller] of others) {
              const response = await caller.get(`${url}${query}`);
              requests += 1;
              expect(response.body.includes(CANARY), `${name} GET ${url}${query}`).toBe(false);
            }
          }
        }
      }
      expect(requests).toBeGreaterThan(100);
    });

    it("stays out of the audit trail, the store's other tables, error messages and the logs", async () => {
      const audit = JSON.stringify(await ctx.store.db.selectFrom("auditEvents").selectAll().execute());
      expect(audit).not.toContain(CANARY);
      expect(audit).toContain("interview.read");
      const auditApi = await ctx.callers.admin.get("/api/audit?limit=500");
      expect(auditApi.statusCode).toBe(200);
      expect(auditApi.body).not.toContain(CANARY);
      const bad = await ctx.callers.analyst.patch(`/api/interviews/${interviewId}`, { version: 1, notes: CANARY, status: CANARY });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).not.toContain(CANARY);
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join("")).not.toContain(CANARY);
    });
  });
}
