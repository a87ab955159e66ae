import type { AnnotationTag } from "../../core/annotation-tags.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../test/stores.js";
import { createUser } from "../../commands/accounts.js";
import { type Role, ROLES } from "../../core/accounts.js";
import { enqueueImport } from "../../commands/import-jobs.js";
import type { Store } from "../../db/connection.js";
import { insertAnnotation } from "../../db/repositories/annotations.js";
import { insertApiToken } from "../../db/repositories/api-tokens.js";
import { insertInterview, insertQuote, putTranscript } from "../../db/repositories/interviews.js";
import { insertFollowUp } from "../../db/repositories/follow-ups.js";
import { upsertReviewReferences } from "../../db/repositories/reviews.js";
import { addReviewComment, dismissHint, readReview, reviewReferences } from "../../commands/review.js";
import { newApiToken } from "../auth/secrets.js";
import { addNotificationRule } from "../../commands/notify-published.js";
import { findMeeting, scheduleMeeting, setSurveyOpen } from "../../commands/review-meetings.js";
import { publishTestReview } from "../../../test/learning-world.js";
import { registeredApiRoutes } from "../app.js";
import { buildPagerdutyIncident, buildService } from "../../../test/factories/rows.js";
import { buildTestApp, Caller, multipartBody, seedWorld, signIn, TEST_PASSWORD, type World } from "../../../test/server-harness.js";

/** Who asks: nobody signed in, or an account of each role. */
type Who = "none" | Role;
const WHO: readonly Who[] = ["none", ...ROLES];

interface Context {
  app: FastifyInstance;
  store: Store;
  world: World;
  uploadDir: string;
  /** A user every admin PATCH renames. */
  targetUserId: number;
}

/** One request to make as `who`. */
interface Call {
  url: string;
  payload?: unknown;
  multipart?: { fields: Record<string, string>; files: { field: string; filename: string; content: string }[] };
  /** Use a session of its own (logout would end the shared one). */
  fresh?: boolean;
}

interface Row {
  /** `METHOD /path/:param` as registered: the coverage check compares these with the app's routes. */
  route: string;
  /** What this row checks, when a route has several. */
  variant?: string;
  call: (ctx: Context, who: Who) => Call | Promise<Call>;
  expect: Record<Who, number>;
  /** The viewer's 404 here is a policy denial (an unpublished incident), so it is audited. */
  hiddenFromViewer?: boolean;
  /** A POST that only computes an answer and stores nothing, so it leaves no audit event. */
  writesNothing?: boolean;
  /** A write deliberately kept out of the audit trail, and why. */
  unaudited?: string;
}

/** Expected statuses in the order none, admin, analyst, member, viewer. */
function statuses(none: number, admin: number, analyst: number, member: number, viewer: number): Record<Who, number> {
  return { none, admin, analyst, member, viewer };
}

const userOf = (ctx: Context, who: Who) => ctx.world.users[who === "none" ? "admin" : who];
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

async function annotationBy(ctx: Context, authorUserId: number, tags: AnnotationTag[]): Promise<number> {
  return insertAnnotation(ctx.store.db, { incidentId: ctx.world.incidents.draft, eventKind: "message", eventId: "1", rangeStart: null, rangeEnd: null, quote: null, tags, note: "prepared", authorUserId }, Date.now());
}

/** An interview held by the Target analyst: someone else's for every caller (interviews/routes.test.ts checks own ones). */
async function othersInterview(ctx: Context): Promise<number> {
  const id = await insertInterview(ctx.store.db, { incidentId: ctx.world.incidents.draft, personId: ctx.world.people.alice, intervieweeName: "Alice Example", scheduledAt: null, notes: "confidential", prompts: [], createdBy: ctx.targetUserId }, Date.now());
  await putTranscript(ctx.store.db, id, { name: "call.vtt", format: "vtt", cues: [] }, Date.now());
  return id;
}

async function othersQuote(ctx: Context): Promise<number> {
  return insertQuote(ctx.store.db, { incidentId: ctx.world.incidents.draft, interviewId: await othersInterview(ctx), anonymousInputId: null, text: "quoted", consent: "pending", eventRef: null }, Date.now());
}

async function anonymousToken(ctx: Context): Promise<string> {
  const response = await (await signIn(ctx.app, "analyst@acme.example")).post(`/api/incidents/${ctx.world.incidents.draft}/anonymous-links`, {});
  return (response.json() as { token: string }).token;
}

async function anonymousInputId(ctx: Context): Promise<number> {
  await new Caller(ctx.app).post("/api/anonymous/inputs", { token: await anonymousToken(ctx), surprised: "the cap on the pool" });
  const row = await ctx.store.db.selectFrom("anonymousInputs").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
  return row.id;
}

async function followUpOn(ctx: Context): Promise<number> {
  return insertFollowUp(ctx.store.db, { incidentId: ctx.world.incidents.draft, title: "prepared", kind: "recovery", status: "open", ownerPersonId: null, dueDate: null, trackerUrl: null, context: null, createdBy: null }, Date.now());
}

const MATRIX: Row[] = [
  { route: "GET /api/health", call: () => ({ url: "/api/health" }), expect: statuses(200, 200, 200, 200, 200) },
  { route: "GET /api/openapi.json", call: () => ({ url: "/api/openapi.json" }), expect: statuses(200, 200, 200, 200, 200) },
  {
    route: "POST /api/auth/login",
    call: (_ctx, who) => ({ url: "/api/auth/login", payload: { email: `${who === "none" ? "nobody" : who}@acme.example`, password: TEST_PASSWORD }, fresh: true }),
    expect: statuses(401, 200, 200, 200, 200),
  },
  { route: "GET /api/auth/methods", call: () => ({ url: "/api/auth/methods" }), expect: statuses(200, 200, 200, 200, 200) },
  // No identity provider is configured here: both answer 404 to everyone.
  { route: "GET /api/auth/oidc/start", call: () => ({ url: "/api/auth/oidc/start" }), expect: statuses(404, 404, 404, 404, 404) },
  { route: "GET /api/auth/oidc/callback", call: () => ({ url: "/api/auth/oidc/callback?state=x&code=y" }), expect: statuses(404, 404, 404, 404, 404) },
  { route: "POST /api/auth/logout", call: () => ({ url: "/api/auth/logout", fresh: true }), expect: statuses(401, 204, 204, 204, 204) },
  { route: "GET /api/me", call: () => ({ url: "/api/me" }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "GET /api/tokens", call: () => ({ url: "/api/tokens" }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "POST /api/tokens", call: () => ({ url: "/api/tokens", payload: { name: "script" } }), expect: statuses(401, 201, 201, 201, 201) },
  {
    route: "DELETE /api/tokens/:id",
    call: async (ctx, who) => {
      const { prefix, hash } = newApiToken();
      const id = await insertApiToken(ctx.store.db, { userId: userOf(ctx, who).id, name: "to revoke", tokenHash: hash, prefix, expiresAt: null }, Date.now());
      return { url: `/api/tokens/${id}` };
    },
    expect: statuses(401, 204, 204, 204, 204),
  },
  { route: "GET /api/users", call: () => ({ url: "/api/users" }), expect: statuses(401, 200, 403, 403, 403) },
  {
    route: "POST /api/users",
    call: () => ({ url: "/api/users", payload: { email: `new-${unique()}@acme.example`, name: "New Person", role: "member", password: "a long enough password" } }),
    expect: statuses(401, 201, 403, 403, 403),
  },
  { route: "PATCH /api/users/:id", call: (ctx) => ({ url: `/api/users/${ctx.targetUserId}`, payload: { name: `Renamed ${unique()}` } }), expect: statuses(401, 200, 403, 403, 403) },
  { route: "GET /api/analysts", call: () => ({ url: "/api/analysts" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/incidents", call: () => ({ url: "/api/incidents" }), expect: statuses(401, 200, 200, 200, 200) },
  {
    route: "POST /api/incidents",
    call: () => ({ url: "/api/incidents", payload: { title: `Made by hand ${unique()}`, channels: ["inc-2024-03-14-checkout"] } }),
    expect: statuses(401, 201, 201, 403, 403),
  },
  { route: "GET /api/incidents/:id", variant: "unpublished", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}` }), expect: statuses(401, 200, 200, 200, 404), hiddenFromViewer: true },
  { route: "GET /api/incidents/:id", variant: "published", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.published}` }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "PATCH /api/incidents/:id", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}`, payload: { severity: `SEV-${unique()}` } }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/incidents/:id/sources", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/sources`, payload: { channel: "inc-2024-02-01-login", from: "2024-01-01T00:00:00Z" } }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "DELETE /api/incidents/:id/sources/:sourceId",
    call: async (ctx) => {
      const source = await ctx.store.db
        .insertInto("incidentSources")
        .values({ incidentId: ctx.world.incidents.draft, kind: "pagerduty_incident", conversationId: null, externalId: `PX${unique()}`, fromAt: null, toAt: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { url: `/api/incidents/${ctx.world.incidents.draft}/sources/${source.id}` };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "POST /api/incidents/:id/pagerduty",
    call: async (ctx) => {
      const externalId = `PL${unique()}`;
      await ctx.store.db.insertInto("pagerdutyIncidents").values(buildPagerdutyIncident({ externalId, number: null })).execute();
      return { url: `/api/incidents/${ctx.world.incidents.published}/pagerduty`, payload: { pagerdutyId: externalId } };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "POST /api/incidents/:id/services",
    call: async (ctx) => {
      const service = await ctx.store.db.insertInto("services").values(buildService({ name: `svc-${unique()}` })).returning("id").executeTakeFirstOrThrow();
      return { url: `/api/incidents/${ctx.world.incidents.draft}/services`, payload: { serviceId: service.id } };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "DELETE /api/incidents/:id/services/:serviceId",
    call: async (ctx) => {
      const service = await ctx.store.db.insertInto("services").values(buildService({ name: `svc-${unique()}` })).returning("id").executeTakeFirstOrThrow();
      await ctx.store.db.insertInto("incidentServices").values({ incidentId: ctx.world.incidents.draft, serviceId: service.id, origin: "manual" }).execute();
      return { url: `/api/incidents/${ctx.world.incidents.draft}/services/${service.id}` };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  { route: "GET /api/services", call: () => ({ url: "/api/services" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/channels", call: () => ({ url: "/api/channels" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/incidents/:id/timeline", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/timeline` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/incidents/:id/timeline", variant: "published", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.published}/timeline` }), expect: statuses(401, 200, 200, 200, 403) },
  // The test world's messages are in no thread: a role that may read the timeline is told so (404).
  { route: "GET /api/incidents/:id/timeline/thread", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/timeline/thread?event=message:${ctx.world.messages[0]}` }), expect: statuses(401, 404, 404, 404, 403) },
  { route: "GET /api/incidents/:id/people", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/people` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/incidents/:id/guide", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/guide` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/incidents/:id/annotations", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/annotations` }), expect: statuses(401, 200, 200, 200, 403) },
  {
    route: "POST /api/incidents/:id/annotations",
    variant: "hypothesis",
    call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/annotations`, payload: { eventKind: "message", eventId: "2", tags: ["hypothesis"], note: "a theory" } }),
    expect: statuses(401, 201, 201, 403, 403),
  },
  {
    route: "POST /api/incidents/:id/annotations",
    variant: "question",
    call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/annotations`, payload: { eventKind: "message", eventId: "2", tags: ["question"], note: "why?" } }),
    expect: statuses(401, 201, 201, 201, 403),
  },
  {
    route: "PATCH /api/annotations/:id",
    variant: "someone else's",
    call: async (ctx) => ({ url: `/api/annotations/${await annotationBy(ctx, ctx.targetUserId, ["question"])}`, payload: { version: 1, note: "edited" } }),
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "PATCH /api/annotations/:id",
    variant: "own question",
    call: async (ctx, who) => ({ url: `/api/annotations/${await annotationBy(ctx, userOf(ctx, who).id, ["question"])}`, payload: { version: 1, note: "edited" } }),
    expect: statuses(401, 200, 200, 200, 403),
  },
  {
    route: "PATCH /api/annotations/:id",
    variant: "own, retagged beyond question",
    call: async (ctx, who) => ({ url: `/api/annotations/${await annotationBy(ctx, userOf(ctx, who).id, ["question"])}`, payload: { version: 1, tags: ["decision"] } }),
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "DELETE /api/annotations/:id",
    variant: "someone else's",
    call: async (ctx) => ({ url: `/api/annotations/${await annotationBy(ctx, ctx.targetUserId, ["question"])}?version=1` }),
    expect: statuses(401, 204, 204, 403, 403),
  },
  {
    route: "DELETE /api/annotations/:id",
    variant: "own",
    call: async (ctx, who) => ({ url: `/api/annotations/${await annotationBy(ctx, userOf(ctx, who).id, ["question"])}?version=1` }),
    expect: statuses(401, 204, 204, 204, 403),
  },
  { route: "GET /api/people", call: () => ({ url: "/api/people" }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/people/:id", call: (ctx) => ({ url: `/api/people/${ctx.world.people.alice}` }), expect: statuses(401, 200, 200, 200, 403) },
  // Members see insights for their own team; the seeded member's account is linked to no person, hence no team.
  ...(["silos", "fatigue", "drift", "services", "chaos"] as const).map((kind) => ({ route: `GET /api/insights/${kind}`, call: () => ({ url: `/api/insights/${kind}` }), expect: statuses(401, 200, 200, 403, 403) })),
  { route: "GET /api/search", call: () => ({ url: "/api/search?q=pool" }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "GET /api/insights/reading-list", call: () => ({ url: "/api/insights/reading-list?team=payments" }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "POST /api/imports",
    call: () => ({ url: "/api/imports", multipart: { fields: { kind: "slack" }, files: [{ field: "file", filename: "export.zip", content: "PK not really a zip" }] } }),
    expect: statuses(401, 202, 202, 403, 403),
  },
  { route: "GET /api/imports", call: () => ({ url: "/api/imports" }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "GET /api/imports/:id",
    call: async (ctx) => {
      const path = join(ctx.uploadDir, `prepared-${unique()}.zip`);
      writeFileSync(path, "x");
      const job = await enqueueImport(ctx.store, { kind: "slack", filePath: path, originalName: "prepared.zip", options: {}, userId: null });
      return { url: `/api/imports/${job.id}` };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  { route: "GET /api/slack-sync", call: () => ({ url: "/api/slack-sync" }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "POST /api/incidents/:id/slack-channels",
    call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/slack-channels`, payload: { channel: `war-room-${unique()}` } }),
    expect: statuses(401, 202, 202, 403, 403),
  },
  { route: "GET /api/audit", call: () => ({ url: "/api/audit" }), expect: statuses(401, 200, 403, 403, 403) },
  { route: "GET /api/incidents/:id/interview-suggestions", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/interview-suggestions` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/incidents/:id/interviews", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/interviews` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "POST /api/incidents/:id/interviews", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/interviews`, payload: { personId: ctx.world.people.bob } }), expect: statuses(401, 201, 201, 403, 403) },
  // A member does not learn that someone else's interview exists: 404, audited as a denial.
  { route: "GET /api/interviews/:id", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}` }), expect: statuses(401, 200, 200, 404, 403), hiddenFromViewer: true },
  { route: "PATCH /api/interviews/:id", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}`, payload: { version: 1, status: "done" } }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "POST /api/interviews/:id/shares", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}/shares`, payload: { userId: ctx.world.users.admin.id } }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "DELETE /api/interviews/:id/shares/:userId", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}/shares/${ctx.world.users.admin.id}` }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "PUT /api/interviews/:id/transcript", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}/transcript`, payload: { name: "a.vtt", content: "WEBVTT" } }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "DELETE /api/interviews/:id/transcript", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}/transcript` }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "POST /api/interviews/:id/quotes", call: async (ctx) => ({ url: `/api/interviews/${await othersInterview(ctx)}/quotes`, payload: { text: "x", consent: "pending" } }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "PATCH /api/quotes/:id", call: async (ctx) => ({ url: `/api/quotes/${await othersQuote(ctx)}`, payload: { version: 1, consent: "attributed" } }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "DELETE /api/quotes/:id", call: async (ctx) => ({ url: `/api/quotes/${await othersQuote(ctx)}` }), expect: statuses(401, 403, 403, 404, 403), hiddenFromViewer: true },
  { route: "GET /api/incidents/:id/review-quotes", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review-quotes` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/incidents/:id/interview-synthesis", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/interview-synthesis` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/incidents/:id/anonymous-links", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-links`, payload: {} }), expect: statuses(401, 201, 201, 403, 403) },
  { route: "GET /api/incidents/:id/anonymous-links", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-links` }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "DELETE /api/anonymous-links/:id",
    call: async (ctx) => {
      await anonymousToken(ctx);
      const row = await ctx.store.db.selectFrom("anonymousLinks").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
      return { url: `/api/anonymous-links/${row.id}` };
    },
    expect: statuses(401, 204, 204, 403, 403),
  },
  { route: "GET /api/incidents/:id/anonymous-inputs", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/anonymous-inputs` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/anonymous-inputs/:id/quotes", call: async (ctx) => ({ url: `/api/anonymous-inputs/${await anonymousInputId(ctx)}/quotes`, payload: { text: "the cap" } }), expect: statuses(401, 201, 201, 403, 403) },
  // Public: anyone holding a live link's token, signed in or not.
  { route: "POST /api/anonymous/link", call: async (ctx) => ({ url: "/api/anonymous/link", payload: { token: await anonymousToken(ctx) } }), expect: statuses(200, 200, 200, 200, 200), writesNothing: true },
  { route: "POST /api/anonymous/inputs", call: async (ctx) => ({ url: "/api/anonymous/inputs", payload: { token: await anonymousToken(ctx), madeItHard: "two dashboards" } }), expect: statuses(201, 201, 201, 201, 201) },
  { route: "GET /api/follow-ups", call: () => ({ url: "/api/follow-ups?overdue=true" }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/incidents/:id/follow-ups", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/follow-ups` }), expect: statuses(401, 200, 200, 200, 403) },
  {
    route: "POST /api/incidents/:id/follow-ups",
    call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/follow-ups`, payload: { title: `Follow-up ${unique()}`, kind: "prevention" } }),
    expect: statuses(401, 201, 201, 403, 403),
  },
  { route: "PATCH /api/follow-ups/:id", call: async (ctx) => ({ url: `/api/follow-ups/${await followUpOn(ctx)}`, payload: { version: 1, status: "done" } }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "DELETE /api/follow-ups/:id", call: async (ctx) => ({ url: `/api/follow-ups/${await followUpOn(ctx)}?version=1` }), expect: statuses(401, 204, 204, 403, 403) },
  { route: "POST /api/review-lint", call: () => ({ url: "/api/review-lint", payload: { text: "This was human error." } }), expect: statuses(401, 200, 200, 200, 200), unaudited: "computes hints and stores nothing" },
  // The review rows run in order: the first successful POST starts the draft incident's review.
  { route: "POST /api/incidents/:id/review", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review`, payload: {} }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/incidents/:id/review", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review` }), expect: statuses(401, 200, 200, 200, 404), hiddenFromViewer: true },
  {
    route: "PATCH /api/incidents/:id/review",
    call: async (ctx) => {
      const state = await readReview(ctx.store.db, ctx.world.incidents.draft);
      return { url: `/api/incidents/${ctx.world.incidents.draft}/review`, payload: { version: state?.version.number ?? 1, revision: state?.version.revision ?? 1, sections: [{ key: "summary", markdown: `Edited ${unique()}` }] } };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  {
    route: "POST /api/incidents/:id/review/transition",
    call: async (ctx) => {
      const state = await readReview(ctx.store.db, ctx.world.incidents.draft);
      const to = state?.version.status === "draft" ? "in_review" : "draft";
      return { url: `/api/incidents/${ctx.world.incidents.draft}/review/transition`, payload: { version: state?.version.number ?? 1, revision: state?.version.revision ?? 1, to } };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  // No model is configured in tests: the route exists and says so.
  { route: "POST /api/incidents/:id/review/proposal", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/proposal`, payload: { version: 1, revision: 1 } }), expect: statuses(401, 503, 503, 403, 403) },
  { route: "GET /api/incidents/:id/review/compare", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/compare?from=1&to=1` }), expect: statuses(401, 200, 200, 200, 404), hiddenFromViewer: true },
  { route: "GET /api/incidents/:id/review/comments", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/comments` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "POST /api/incidents/:id/review/comments", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/comments`, payload: { sectionKey: "impact", body: "how many?" } }), expect: statuses(401, 201, 201, 201, 403) },
  {
    route: "PATCH /api/incidents/:id/review/comments/:commentId",
    call: async (ctx) => {
      const comment = await addReviewComment(ctx.store, { incidentId: ctx.world.incidents.draft, sectionKey: "impact", body: "prepared", userId: ctx.world.users.member.id, actor: "test" });
      return { url: `/api/incidents/${ctx.world.incidents.draft}/review/comments/${comment?.id}`, payload: { resolved: true } };
    },
    expect: statuses(401, 200, 200, 200, 403),
  },
  { route: "GET /api/incidents/:id/review/references", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/references` }), expect: statuses(401, 200, 200, 403, 403) },
  {
    route: "PATCH /api/incidents/:id/review/references/:referenceId",
    call: async (ctx) => {
      const review = await readReview(ctx.store.db, ctx.world.incidents.draft);
      const key = `PREP-${(counter += 1)}`;
      await upsertReviewReferences(ctx.store.db, review?.review.id ?? 0, [{ kind: "jira", key, url: null, evidence: "message:1", seenAt: null, occurrences: 1 }], Date.now());
      const id = (await reviewReferences(ctx.store.db, ctx.world.incidents.draft)).find((r) => r.key === key)?.id;
      return { url: `/api/incidents/${ctx.world.incidents.draft}/review/references/${id}`, payload: { pruned: true } };
    },
    expect: statuses(401, 200, 200, 403, 403),
  },
  { route: "GET /api/incidents/:id/review/dismissals", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/dismissals` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/incidents/:id/review/dismissals", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/dismissals`, payload: { sectionKey: "narrative", category: "hindsight", text: `clearly ${unique()}`, occurrence: 0 } }), expect: statuses(401, 201, 201, 403, 403) },
  {
    route: "DELETE /api/incidents/:id/review/dismissals/:dismissalId",
    call: async (ctx) => {
      const dismissal = await dismissHint(ctx.store, { incidentId: ctx.world.incidents.draft, sectionKey: "narrative", category: "blame", text: `careless ${unique()}`, occurrence: 0, userId: null, actor: "test" });
      return { url: `/api/incidents/${ctx.world.incidents.draft}/review/dismissals/${dismissal?.id}` };
    },
    expect: statuses(401, 204, 204, 403, 403),
  },
  { route: "GET /api/review-templates", call: () => ({ url: "/api/review-templates" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/review-templates", call: () => ({ url: "/api/review-templates", payload: { name: `Template ${unique()}`, sections: [{ key: "summary", title: "Summary", help: "briefly" }] } }), expect: statuses(401, 201, 403, 403, 403) },
  { route: "PUT /api/review-templates/default", call: () => ({ url: "/api/review-templates/default", payload: { templateId: "builtin:how-we-got-here" } }), expect: statuses(401, 200, 403, 403, 403) },
  // After the review rows above started the draft incident's review.
  { route: "GET /api/incidents/:id/review/export", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/review/export?format=md` }), expect: statuses(401, 200, 200, 200, 404), hiddenFromViewer: true },
];

/** The learning side's fixtures, made once per store: a published review and a meeting the viewer attends. */
async function learning(ctx: Context): Promise<{ entryId: number; meetingId: number }> {
  const cached = learningFixtures.get(ctx.store);
  if (cached) return cached;
  const entryId = await publishTestReview(ctx.store, ctx.world);
  const meetingId = await scheduleMeeting(ctx.store, { incidentId: ctx.world.incidents.published, title: "review", scheduledAt: Date.now(), attendees: [{ userId: ctx.world.users.viewer.id }], createdBy: ctx.world.users.analyst.id, actor: "test" });
  const meeting = await findMeeting(ctx.store, meetingId);
  if (meeting) await setSurveyOpen(ctx.store, { meeting, open: true, actor: "test" });
  const fixture = { entryId, meetingId };
  learningFixtures.set(ctx.store, fixture);
  return fixture;
}
const learningFixtures = new WeakMap<Store, { entryId: number; meetingId: number }>();

const VTT = "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nAlice Example: the cache was cold\n";

const LEARNING_MATRIX: Row[] = [
  { route: "GET /api/library", call: () => ({ url: "/api/library" }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "GET /api/library/:id", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}` }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "POST /api/library/:id/questions", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}/questions`, payload: { sectionKey: "summary", body: "why?" } }), expect: statuses(401, 201, 201, 201, 201) },
  { route: "POST /api/library/:id/ahas", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}/ahas`, payload: { sectionKey: "summary", passage: "session cache" } }), expect: statuses(401, 201, 201, 201, 201) },
  { route: "POST /api/library/:id/reactions", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}/reactions`, payload: { sectionKey: "summary", reaction: "thanks" } }), expect: statuses(401, 200, 200, 200, 200) },
  {
    route: "POST /api/reads",
    call: async (ctx, who) => ({ url: "/api/reads", payload: { reports: [{ entryId: (await learning(ctx)).entryId, visitId: `matrix-${who}-${unique()}`, visibleMs: 1000, sectionsReached: ["summary"] }] } }),
    expect: statuses(401, 204, 204, 204, 204),
    unaudited: "who read what is the reader's own business: the audit trail is readable by admins",
  },
  { route: "GET /api/library/:id/readership", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}/readership` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/me/reading", call: () => ({ url: "/api/me/reading" }), expect: statuses(401, 200, 200, 200, 200) },
  { route: "GET /api/library/:id/notifications", call: async (ctx) => ({ url: `/api/library/${(await learning(ctx)).entryId}/notifications` }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/notifications/:id/retry", call: () => ({ url: "/api/notifications/999999/retry" }), expect: statuses(401, 404, 404, 403, 403) },
  { route: "GET /api/incidents/:id/meetings", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.published}/meetings` }), expect: statuses(401, 200, 200, 200, 403) },
  {
    route: "POST /api/incidents/:id/meetings",
    call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.published}/meetings`, payload: { title: "another", scheduledAt: new Date().toISOString(), attendees: [] } }),
    expect: statuses(401, 201, 201, 403, 403),
  },
  { route: "GET /api/meetings/:id", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}` }), expect: statuses(401, 200, 200, 200, 403) },
  {
    route: "PUT /api/meetings/:id/attendees",
    call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/attendees`, payload: { attendees: [{ userId: ctx.world.users.viewer.id }] } }),
    expect: statuses(401, 200, 200, 403, 403),
  },
  { route: "POST /api/meetings/:id/transcript", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/transcript`, payload: { name: "m.vtt", content: VTT } }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "POST /api/meetings/:id/marks", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/marks`, payload: { kind: "aha", text: "oh" } }), expect: statuses(401, 201, 201, 201, 403) },
  { route: "POST /api/meetings/:id/survey", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/survey`, payload: { open: true } }), expect: statuses(401, 204, 204, 403, 403) },
  // Only attendees see the survey; for anyone else the meeting's survey does not exist.
  { route: "GET /api/meetings/:id/survey", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/survey` }), expect: statuses(401, 404, 404, 404, 200) },
  { route: "POST /api/meetings/:id/survey/answers", call: async (ctx) => ({ url: `/api/meetings/${(await learning(ctx)).meetingId}/survey/answers`, payload: { answers: [4, 4, 4, 4] } }), expect: statuses(401, 404, 404, 404, 204) },
  { route: "GET /api/learning/dashboard", call: () => ({ url: "/api/learning/dashboard" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "GET /api/learning/settings", call: () => ({ url: "/api/learning/settings" }), expect: statuses(401, 200, 200, 403, 403) },
  { route: "PATCH /api/learning/settings", call: () => ({ url: "/api/learning/settings", payload: { unreadDays: 14 } }), expect: statuses(401, 200, 403, 403, 403) },
  { route: "GET /api/notification-rules", call: () => ({ url: "/api/notification-rules" }), expect: statuses(401, 200, 403, 403, 403) },
  { route: "POST /api/notification-rules", call: () => ({ url: "/api/notification-rules", payload: { name: "eng", channel: "email", audienceType: "department", audience: "Engineering" } }), expect: statuses(401, 201, 403, 403, 403) },
  {
    route: "DELETE /api/notification-rules/:id",
    call: async (ctx) => ({ url: `/api/notification-rules/${(await addNotificationRule(ctx.store, { name: "gone", channel: "email", audienceType: "everyone", actor: "test" })).id}` }),
    expect: statuses(401, 204, 403, 403, 403),
  },
];
MATRIX.push(...LEARNING_MATRIX);

async function auditCounts(store: Store): Promise<{ denied: number; other: number }> {
  const rows = await store.db.selectFrom("auditEvents").select("action").execute();
  const denied = rows.filter((r) => r.action === "access.denied").length;
  return { denied, other: rows.length - denied };
}

for (const kind of testStoreKinds()) {
  describe(`role matrix on ${kind.name}`, () => {
    const ctx = {} as Context;
    let app: FastifyInstance;
    const callers = {} as Record<Who, Caller>;

    beforeAll(async () => {
      ctx.store = await kind.open();
      ctx.world = await seedWorld(ctx.store);
      ctx.uploadDir = mkdtempSync(join(tmpdir(), "debrief-matrix-uploads-"));
      ctx.targetUserId = (await createUser(ctx.store, { email: "target@acme.example", name: "Target", role: "analyst", passwordHash: null, actor: "test" })).id;
      app = await buildTestApp(ctx.store, { uploadDir: ctx.uploadDir, slackSync: true });
      ctx.app = app;
      callers.none = new Caller(app);
      for (const role of ROLES) callers[role] = await signIn(app, `${role}@acme.example`);
    });

    afterAll(async () => {
      await app.close();
      await ctx.store.close();
      await kind.dispose();
      rmSync(ctx.uploadDir, { recursive: true, force: true });
    });

    for (const row of MATRIX) {
      for (const who of WHO) {
        const expected = row.expect[who];
        it(`${row.route}${row.variant ? ` (${row.variant})` : ""} as ${who} → ${expected}`, async () => {
          const call = await row.call(ctx, who);
          const caller = call.fresh && who !== "none" ? await signIn(app, `${who}@acme.example`) : callers[who];
          const method = row.route.split(" ")[0] as "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
          const before = await auditCounts(ctx.store);
          const body = call.multipart ? multipartBody(call.multipart.fields, call.multipart.files) : null;
          const response = await caller.request({
            method,
            url: call.url,
            ...(body ? { payload: body.payload, headers: body.headers } : call.payload === undefined ? {} : { payload: call.payload as Record<string, unknown> }),
          });
          expect(response.statusCode, response.body).toBe(expected);
          if (expected === 403) expect(response.json()).toEqual({ error: "forbidden" });
          if (expected === 401 && row.route !== "POST /api/auth/login") expect(response.json()).toEqual({ error: "authentication required" });
          const audited = expected === 401 || expected === 403 || (expected === 404 && row.hiddenFromViewer === true);
          const after = await auditCounts(ctx.store);
          // Failed logins are audited as auth.login_failed, not as a denied route.
          expect(after.denied - before.denied).toBe(audited && row.route !== "POST /api/auth/login" ? 1 : 0);
          // Every write that succeeded left a trace.
          if (method !== "GET" && expected < 300 && row.writesNothing !== true && !row.unaudited) expect(after.other - before.other).toBeGreaterThanOrEqual(1);
        });
      }
    }

    it("covers every route the app registers", () => {
      // HEAD answers as GET does: Fastify adds it to every GET route.
      const registered = new Set(registeredApiRoutes(app).filter((route) => !route.startsWith("HEAD ")));
      const covered = new Set(MATRIX.map((row) => row.route));
      expect([...registered].filter((route) => !covered.has(route))).toEqual([]);
      expect([...covered].filter((route) => !registered.has(route))).toEqual([]);
    });
  });
}
