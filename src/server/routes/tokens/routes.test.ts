import { expect, it } from "vitest";
import { snapshotStore } from "../../../../test/snapshot.js";
import { sha256Hex } from "../../auth/secrets.js";
import { describeEachServer, withToken } from "../../../../test/server-harness.js";

describeEachServer("API token routes", (f) => {

  async function createToken(name = "script", body: Record<string, unknown> = {}) {
    const response = await f.callers.analyst.post("/api/tokens", { name, ...body });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: number; name: string; prefix: string; token: string; createdAt: string; lastUsedAt: null; expiresAt: string | null };
  }

  it("shows a new token once and stores only its SHA-256", async () => {
    const created = await createToken("nightly export");
    expect(created.token).toMatch(/^dbf_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    expect(created).toMatchObject({ name: "nightly export", lastUsedAt: null, expiresAt: null });
    const row = await f.store.db.selectFrom("apiTokens").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(await snapshotStore(f.store))).not.toContain(created.token);
    const list = await f.callers.analyst.get("/api/tokens");
    const listed = (list.json() as { tokens: Record<string, unknown>[] }).tokens.find((t) => t.id === created.id);
    expect(listed).toEqual({ id: created.id, name: "nightly export", prefix: created.prefix, createdAt: created.createdAt, lastUsedAt: null, expiresAt: null });
    expect(list.body).not.toContain(created.token);
    // Someone else's list does not show it.
    expect((await f.callers.member.get("/api/tokens")).body).not.toContain(created.prefix);
  });

  it("authenticates with Authorization: Bearer, needs no CSRF header, carries the role and records use", async () => {
    const created = await createToken();
    const script = withToken(f.app, created.token);
    expect((await script.get("/api/me")).json()).toMatchObject({ user: { id: f.world.users.analyst.id, role: "analyst" } });
    const patched = await script.patch(`/api/incidents/${f.world.incidents.draft}`, { status: "in_analysis" });
    expect(patched.statusCode).toBe(200);
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "incident.update").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`token:${created.id}`);
    expect((await script.get("/api/audit")).statusCode).toBe(403);
    const row = await f.store.db.selectFrom("apiTokens").select("lastUsedAt").where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.lastUsedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("cannot mint more tokens with a token", async () => {
    const created = await createToken();
    const response = await withToken(f.app, created.token).post("/api/tokens", { name: "child" });
    expect(response.statusCode).toBe(403);
  });

  it("revokes a token: it stops working at once; revoking again or someone else's is 404", async () => {
    const created = await createToken();
    expect((await f.callers.member.delete(`/api/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await f.callers.analyst.delete(`/api/tokens/${created.id}`)).statusCode).toBe(204);
    const response = await withToken(f.app, created.token).get("/api/me");
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: "invalid API token" });
    expect((await f.callers.analyst.delete(`/api/tokens/${created.id}`)).statusCode).toBe(404);
    expect((await f.callers.analyst.get("/api/tokens")).body).not.toContain(`"id":${created.id},`);
  });

  it("expires tokens created with expiresInDays", async () => {
    const created = await createToken("short", { expiresInDays: 1 });
    expect(Date.parse(created.expiresAt ?? "")).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect((await withToken(f.app, created.token).get("/api/me")).statusCode).toBe(200);
    await f.store.db.updateTable("apiTokens").set({ expiresAt: Date.now() - 1 }).where("id", "=", created.id).execute();
    expect((await withToken(f.app, created.token).get("/api/me")).statusCode).toBe(401);
  });

  it("stops a disabled account's tokens", async () => {
    const response = await f.callers.viewer.post("/api/tokens", { name: "viewer script" });
    const { token } = response.json() as { token: string };
    expect((await withToken(f.app, token).get("/api/incidents")).statusCode).toBe(200);
    await f.store.db.updateTable("users").set({ disabled: 1 }).where("id", "=", f.world.users.viewer.id).execute();
    expect((await withToken(f.app, token).get("/api/incidents")).statusCode).toBe(401);
    await f.store.db.updateTable("users").set({ disabled: 0 }).where("id", "=", f.world.users.viewer.id).execute();
  });

  it("refuses bad token requests with a named field", async () => {
    const response = await f.callers.analyst.post("/api/tokens", { name: "", scope: "all" });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { details: { field: string }[] }).details.map((d) => d.field).sort()).toEqual(["name", "scope"]);
    expect((await f.callers.analyst.delete("/api/tokens/abc")).statusCode).toBe(400);
  });
});
