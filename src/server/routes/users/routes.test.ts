import { expect, it } from "vitest";
import { snapshotStore } from "../../../../test/snapshot.js";
import { verifyPassword } from "../../auth/passwords.js";
import { describeEachServer, signIn, withToken } from "../../../../test/server-harness.js";

const PASSWORD = "a long enough password";

describeEachServer("user routes", (f) => {

  it("lists accounts for admins, without password hashes", async () => {
    const response = await f.callers.admin.get("/api/users");
    expect(response.statusCode).toBe(200);
    const { users } = response.json() as { users: Record<string, unknown>[] };
    expect(users.map((u) => u.email)).toEqual(expect.arrayContaining(["admin@acme.example", "viewer@acme.example"]));
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(["createdAt", "disabled", "email", "id", "name", "personId", "role", "updatedAt"]);
    expect(response.body).not.toContain("scrypt");
  });

  it("creates an account that can sign in; the password is stored hashed; the audit names no password", async () => {
    const response = await f.callers.admin.post("/api/users", { email: " Dana@Acme.Example ", name: "Dana", role: "analyst", password: PASSWORD });
    expect(response.statusCode).toBe(201);
    const { user } = response.json() as { user: { id: number; email: string; role: string } };
    expect(user).toMatchObject({ email: "dana@acme.example", role: "analyst", disabled: false });
    const row = await f.store.db.selectFrom("users").select("passwordHash").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(PASSWORD, row.passwordHash ?? "")).toBe(true);
    expect(JSON.stringify(await snapshotStore(f.store))).not.toContain(PASSWORD);
    expect((await (await signIn(f.app, "dana@acme.example", PASSWORD)).get("/api/me")).json()).toMatchObject({ user: { role: "analyst" } });
  });

  it("refuses a second account with the same address (any case) with 409", async () => {
    const response = await f.callers.admin.post("/api/users", { email: "ADMIN@acme.example", name: "Again", role: "viewer", password: PASSWORD });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ error: "an account with e-mail admin@acme.example already exists" });
  });

  it("refuses short passwords, unknown roles and unknown fields, naming them", async () => {
    const response = await f.callers.admin.post("/api/users", { email: "x@acme.example", name: "X", role: "owner", password: "short", admin: true });
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { details: { field: string }[] }).details.map((d) => d.field).sort();
    expect(fields).toEqual(["admin", "password", "role"]);
  });

  it("changes a role with effect on the next request, and disabling ends the account's sessions", async () => {
    await f.callers.admin.post("/api/users", { email: "erin@acme.example", name: "Erin", role: "member", password: PASSWORD });
    const erin = await signIn(f.app, "erin@acme.example", PASSWORD);
    const { users } = (await f.callers.admin.get("/api/users")).json() as { users: { id: number; email: string }[] };
    const id = users.find((u) => u.email === "erin@acme.example")?.id;
    expect((await erin.get("/api/audit")).statusCode).toBe(403);
    const promoted = await f.callers.admin.patch(`/api/users/${id}`, { role: "admin", name: "Erin Admin" });
    expect(promoted.json()).toMatchObject({ user: { role: "admin", name: "Erin Admin" } });
    expect((await erin.get("/api/audit")).statusCode).toBe(200);
    expect((await f.callers.admin.patch(`/api/users/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await erin.get("/api/me")).statusCode).toBe(401);
    const sessions = await f.store.db.selectFrom("sessions").select("id").where("userId", "=", id ?? 0).execute();
    expect(sessions).toEqual([]);
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "user.update").where("subjectId", "=", String(id)).execute();
    expect(audit.map((a) => JSON.parse(a.details ?? "{}").changes)).toEqual([{ role: { from: "member", to: "admin" }, name: { from: "Erin", to: "Erin Admin" } }, { disabled: { from: false, to: true } }]);
  });

  it("ends the account's sessions and API tokens when an admin sets its password", async () => {
    await f.callers.admin.post("/api/users", { email: "fay@acme.example", name: "Fay", role: "analyst", password: PASSWORD });
    const fay = await signIn(f.app, "fay@acme.example", PASSWORD);
    const created = (await fay.post("/api/tokens", { name: "nightly" })).json() as { token: string };
    const script = withToken(f.app, created.token);
    expect((await script.get("/api/me")).statusCode).toBe(200);
    const id = ((await fay.get("/api/me")).json() as { user: { id: number } }).user.id;
    expect((await f.callers.admin.patch(`/api/users/${id}`, { password: "a brand new passphrase" })).statusCode).toBe(200);
    expect((await fay.get("/api/me")).statusCode).toBe(401);
    expect((await script.get("/api/me")).statusCode).toBe(401);
    const audit = await f.store.db.selectFrom("auditEvents").select("details").where("action", "=", "user.update").where("subjectId", "=", String(id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({ changes: { password: "changed" }, endedSessions: 1, revokedTokens: 1 });
  });

  it("counts password length in characters, as the command line does", async () => {
    // Eleven emoji are 22 UTF-16 units but 11 characters: too short.
    const short = await f.callers.admin.post("/api/users", { email: "gus@acme.example", name: "Gus", role: "viewer", password: "🔑".repeat(11) });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ details: [{ field: "password", message: "password must be at least 12 characters" }] });
    // Twelve characters written with combining accents (24 units) are twelve characters.
    const accented = await f.callers.admin.post("/api/users", { email: "gus@acme.example", name: "Gus", role: "viewer", password: "e\u0301".repeat(12) });
    expect(accented.statusCode, accented.body).toBe(201);
  });

  it("keeps at least one enabled admin", async () => {
    const { users } = (await f.callers.admin.get("/api/users")).json() as { users: { id: number; role: string; disabled: boolean }[] };
    for (const user of users.filter((u) => u.role === "admin" && u.id !== f.world.users.admin.id && !u.disabled)) {
      await f.callers.admin.patch(`/api/users/${user.id}`, { disabled: true });
    }
    const response = await f.callers.admin.patch(`/api/users/${f.world.users.admin.id}`, { role: "viewer" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "the last enabled admin cannot be demoted or disabled" });
  });

  it("lists the enabled admins and analysts that can be assigned to incidents", async () => {
    const response = await f.callers.analyst.get("/api/analysts");
    expect(response.statusCode).toBe(200);
    const { analysts } = response.json() as { analysts: { id: number; name: string }[] };
    expect(analysts).toContainEqual({ id: f.world.users.analyst.id, name: "Analyst User" });
    expect(analysts.map((a) => a.id)).not.toContain(f.world.users.member.id);
    expect(Object.keys(analysts[0] ?? {})).toEqual(["id", "name"]);
  });

  it("answers 404 for an unknown account", async () => {
    expect((await f.callers.admin.patch("/api/users/999999", { name: "Nobody" })).statusCode).toBe(404);
  });
});
