import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { registeredApiRoutes } from "../../app.js";
import { buildTestApp, describeEachServer } from "../../../../test/server-harness.js";

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown>; requestBody?: { content?: Record<string, unknown> }; security?: unknown[] }>>;
  components: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

describeEachServer("system routes", (f) => {

  it("answers health without signing in", async () => {
    const response = await f.anonymous.get("/api/health");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("serves an OpenAPI 3.1 document that lists every route with a summary and its responses", async () => {
    const response = await f.anonymous.get("/api/openapi.json");
    expect(response.statusCode).toBe(200);
    const document = response.json() as OpenApiDocument;
    expect(document.openapi).toBe("3.1.0");
    const documented = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(operation.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    const registered = registeredApiRoutes(f.app).filter((r) => !r.startsWith("HEAD "));
    expect(registered.length).toBeGreaterThanOrEqual(23);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
    expect(document.paths["/api/imports"]?.post?.requestBody?.content).toHaveProperty("multipart/form-data");
    expect(document.paths["/api/auth/login"]?.post?.security).toEqual([]);
    expect(Object.keys(document.components.securitySchemes ?? {})).toEqual(["session", "token"]);
    expect(Object.keys(document.components.schemas ?? {})).toEqual(expect.arrayContaining(["Error", "User", "Annotation", "TimelineEvent", "ImportJob"]));
  });

  it("answers unknown API paths with JSON 404, and known paths with the wrong method with 405", async () => {
    const missing = await f.callers.admin.get("/api/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: "not found" });
    expect((await f.anonymous.get("/api/nothing-here")).statusCode).toBe(404);
    const wrong = await f.callers.admin.request({ method: "PUT", url: `/api/incidents/${f.world.incidents.draft}` });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe("GET, HEAD, PATCH");
    expect(wrong.json()).toEqual({ error: "method PUT not allowed; use GET, HEAD, PATCH" });
    expect((await f.anonymous.get("/")).statusCode).toBe(404);
  });

  it("serves the web UI when it is built: files, index.html for app routes, 404 for missing files, never for /api", async () => {
    const webRoot = mkdtempSync(join(tmpdir(), "debrief-web-"));
    mkdirSync(join(webRoot, "assets"));
    writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>Debrief</title>");
    writeFileSync(join(webRoot, "assets", "app-1234.js"), "console.log('hi')");
    const app = await buildTestApp(f.store, { webRoot });
    try {
      const index = await app.inject({ method: "GET", url: "/incidents/12/timeline" });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain("<title>Debrief</title>");
      expect(index.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(index.headers["x-frame-options"]).toBe("DENY");
      const root = await app.inject({ method: "GET", url: "/" });
      expect(root.body).toContain("<title>Debrief</title>");
      const asset = await app.inject({ method: "GET", url: "/assets/app-1234.js" });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers["cache-control"]).toContain("immutable");
      expect((await app.inject({ method: "GET", url: "/assets/missing.js" })).statusCode).toBe(404);
      const api = await app.inject({ method: "GET", url: "/api/nothing-here" });
      expect(api.statusCode).toBe(404);
      expect(api.json()).toEqual({ error: "not found" });
      expect((await app.inject({ method: "GET", url: "/api/incidents" })).statusCode).toBe(401);
      expect((await app.inject({ method: "POST", url: "/incidents" })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
