import { expect, it } from "vitest";
import { snapshotStore } from "../../../test/snapshot.js";
import type { Store } from "../../db/connection.js";
import { buildTestApp, Caller, describeEachServer, type ServerFixture } from "../../../test/server-harness.js";

interface BadCase {
  name: string;
  method: "POST" | "PATCH";
  url: (f: ServerFixture) => string;
  payload: string | Buffer;
  contentType?: string;
  status: number;
  error: string | RegExp;
  /** Fields the details must name. */
  fields?: string[];
}

const json = (value: unknown) => JSON.stringify(value);
const incidentUrl = (f: ServerFixture) => `/api/incidents/${f.world.incidents.draft}`;
const annotationsUrl = (f: ServerFixture) => `/api/incidents/${f.world.incidents.draft}/annotations`;

const CASES: BadCase[] = [
  { name: "malformed JSON", method: "POST", url: () => "/api/incidents", payload: '{"title": "x", ', status: 400, error: "malformed JSON body" },
  { name: "JSON that is not an object", method: "POST", url: () => "/api/incidents", payload: "[1,2]", status: 400, error: /^invalid body/ },
  { name: "an empty JSON body", method: "POST", url: () => "/api/incidents", payload: "", status: 400, error: "empty JSON body" },
  { name: "a prototype-polluting key", method: "PATCH", url: incidentUrl, payload: '{"__proto__": {"admin": true}}', status: 400, error: "malformed JSON body" },
  { name: "an unknown field", method: "PATCH", url: incidentUrl, payload: json({ title: "ok", owner: "me" }), status: 400, error: "invalid body: owner", fields: ["owner"] },
  { name: "wrong types", method: "PATCH", url: incidentUrl, payload: json({ title: 5, analystIds: ["1"], status: true }), status: 400, error: /^invalid body: /, fields: ["title", "analystIds.0", "status"] },
  { name: "a nested wrong type", method: "POST", url: annotationsUrl, payload: json({ eventKind: "message", eventId: "1", tags: ["question", 7], note: "x" }), status: 400, error: "invalid body: tags.1", fields: ["tags.1"] },
  { name: "a missing field", method: "POST", url: annotationsUrl, payload: json({ eventKind: "message", eventId: "1", tags: ["question"] }), status: 400, error: "invalid body: note", fields: ["note"] },
  { name: "an out-of-range id", method: "PATCH", url: incidentUrl, payload: json({ analystIds: [1e12] }), status: 400, error: "invalid body: analystIds.0", fields: ["analystIds.0"] },
  { name: "a too-long string", method: "POST", url: () => "/api/incidents", payload: json({ title: "x".repeat(501), channels: ["a"] }), status: 400, error: "invalid body: title", fields: ["title"] },
  { name: "a body over 1 MiB", method: "POST", url: annotationsUrl, payload: json({ eventKind: "message", eventId: "1", tags: ["question"], note: "x".repeat(1024 * 1024 + 10) }), status: 413, error: "request body is too large (the limit for JSON is 1 MiB)" },
  { name: "a text body", method: "POST", url: () => "/api/incidents", payload: "title", contentType: "text/plain", status: 415, error: "unsupported content type: send application/json" },
  { name: "a form body", method: "POST", url: () => "/api/incidents", payload: "title=x", contentType: "application/x-www-form-urlencoded", status: 415, error: "unsupported content type: send application/json" },
  { name: "a bad login body", method: "POST", url: () => "/api/auth/login", payload: json({ email: ["a"], password: "x", remember: true }), status: 400, error: /^invalid body/, fields: ["email", "remember"] },
];

describeEachServer("bad requests", (f) => {

  for (const c of CASES) {
    it(`answers ${c.name} with ${c.status} and a clear message, changing nothing`, async () => {
      const before = await snapshotStore(f.store);
      const response = await f.callers.admin.request({ method: c.method, url: c.url(f), payload: c.payload, headers: { "content-type": c.contentType ?? "application/json" } });
      expect(response.statusCode, response.body).toBe(c.status);
      const body = response.json() as { error: string; details?: { in: string; field: string; message: string }[] };
      if (typeof c.error === "string") expect(body.error).toBe(c.error);
      else expect(body.error).toMatch(c.error);
      for (const field of c.fields ?? []) expect(body.details?.map((d) => d.field)).toContain(field);
      for (const detail of body.details ?? []) expect(detail.message.length).toBeGreaterThan(0);
      expect(response.body).not.toMatch(/node_modules|\bat .*\.(ts|js):\d+|stack/i);
      expect(await snapshotStore(f.store)).toEqual(before);
    });
  }

  for (const id of ["0x10", "+1", "1e3", "%201", "1%20", "01", "1.0", "-1", "0", "Infinity", "2147483648"]) {
    it(`answers the id ${id} in a path with 400, reading it as no number`, async () => {
      const response = await f.callers.admin.get(`/api/incidents/${id}`);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ error: "invalid params: id" });
    });
  }

  it("answers canonical decimal ids and numbers in the query string", async () => {
    expect((await f.callers.admin.get(`/api/incidents/${f.world.incidents.draft}`)).statusCode).toBe(200);
    expect((await f.callers.admin.get("/api/audit?limit=0x10")).statusCode).toBe(400);
    expect((await f.callers.admin.get("/api/audit?limit=16")).statusCode).toBe(200);
  });

  it("refuses control characters in search text instead of matching everything", async () => {
    const all = (await f.callers.admin.get("/api/incidents")).json() as { incidents: unknown[] };
    expect(all.incidents.length).toBeGreaterThan(0);
    for (const url of ["/api/incidents?q=%00", "/api/people?q=%00", `/api/incidents/${f.world.incidents.draft}/timeline?q=a%00b`]) {
      const response = await f.callers.admin.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({ error: "invalid querystring: q" });
    }
    expect(((await f.callers.admin.get("/api/incidents?q=zzz-no-such-title")).json() as { incidents: unknown[] }).incidents).toEqual([]);
  });

  it("never leaks an unexpected error's details", async () => {
    // A store whose every query fails: the answer is a bare 500.
    const failing = new Proxy(f.store.db, {
      get: () => () => {
        throw new Error("secret internals at /srv/db.ts:12");
      },
    });
    const broken = await buildTestApp({ ...f.store, db: failing } as Store);
    const caller = new Caller(broken, { bearer: `dbf_${"A".repeat(43)}` });
    const response = await caller.get("/api/incidents");
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: "internal error" });
    await broken.close();
  });
});
