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
import { newApiToken } from "../auth/secrets.js";
import { registeredApiRoutes } from "../app.js";
import { buildTestApp, Caller, multipartBody, seedWorld, signIn, TEST_PASSWORD, type World } from "../../../test/server-harness.js";

/** Who asks: nobody signed in, or an account of each role. */
type Who = "none" | Role;
const WHO: readonly Who[] = ["none", ...ROLES];

interface Context {
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
  { route: "GET /api/incidents/:id/timeline", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.draft}/timeline` }), expect: statuses(401, 200, 200, 200, 403) },
  { route: "GET /api/incidents/:id/timeline", variant: "published", call: (ctx) => ({ url: `/api/incidents/${ctx.world.incidents.published}/timeline` }), expect: statuses(401, 200, 200, 200, 403) },
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
  { route: "GET /api/audit", call: () => ({ url: "/api/audit" }), expect: statuses(401, 200, 403, 403, 403) },
];

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
      app = await buildTestApp(ctx.store, { uploadDir: ctx.uploadDir });
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
          const method = row.route.split(" ")[0] as "GET" | "POST" | "PATCH" | "DELETE";
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
          if (method !== "GET" && expected < 300) expect(after.other - before.other).toBeGreaterThanOrEqual(1);
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
