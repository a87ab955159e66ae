import { expect, it } from "vitest";
import { snapshotStore } from "../../../../test/snapshot.js";
import { createUser } from "../../../commands/accounts.js";
import { hashPassword } from "../../auth/passwords.js";
import { sha256Hex } from "../../auth/secrets.js";
import { buildTestApp, Caller, describeEachServer, signIn, TEST_PASSWORD, TEST_PASSWORD_COST } from "../../../../test/server-harness.js";

describeEachServer("auth routes", (f) => {

  it("logs in with an HttpOnly, SameSite=Lax session cookie and a readable CSRF cookie, stored only as hashes", async () => {
    const response = await f.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "Analyst@ACME.example", password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: { id: f.world.users.analyst.id, email: "analyst@acme.example", name: "Analyst User", role: "analyst" } });
    const session = response.cookies.find((c) => c.name === "debrief_session");
    const csrf = response.cookies.find((c) => c.name === "debrief_csrf");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(session?.secure).toBeFalsy();
    expect(csrf?.httpOnly).toBeFalsy();
    expect(csrf).toMatchObject({ sameSite: "Lax", path: "/" });
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await f.store.db.selectFrom("sessions").selectAll().where("tokenHash", "=", sha256Hex(session?.value ?? "")).executeTakeFirstOrThrow();
    expect(row.csrfHash).toBe(sha256Hex(csrf?.value ?? ""));
    expect(row.userId).toBe(f.world.users.analyst.id);
    expect(row.expiresAt - row.createdAt).toBe(14 * 86_400_000);
    const everything = JSON.stringify(await snapshotStore(f.store));
    expect(everything).not.toContain(session?.value);
    expect(everything).not.toContain(csrf?.value);
  });

  it("marks cookies Secure when the app is told it is behind HTTPS", async () => {
    const secure = await buildTestApp(f.store, { secureCookies: true });
    const response = await secure.inject({ method: "POST", url: "/api/auth/login", payload: { email: "member@acme.example", password: TEST_PASSWORD } });
    expect(response.cookies.every((c) => c.secure === true)).toBe(true);
    await secure.close();
  });

  it("stores passwords only as scrypt hashes", async () => {
    const rows = await f.store.db.selectFrom("users").select(["email", "passwordHash"]).execute();
    for (const row of rows) if (row.passwordHash) expect(row.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(await snapshotStore(f.store))).not.toContain(TEST_PASSWORD);
  });

  it("answers a wrong password and a missing account alike, both after the minimum delay", async () => {
    const slow = await buildTestApp(f.store, { minLoginDelayMs: 300 });
    const attempt = async (email: string) => {
      const started = performance.now();
      const response = await slow.inject({ method: "POST", url: "/api/auth/login", payload: { email, password: "not the password" } });
      return { ms: performance.now() - started, status: response.statusCode, body: response.body, cookies: response.cookies.length };
    };
    const wrong = await attempt("viewer@acme.example");
    const missing = await attempt("nobody-here@acme.example");
    for (const result of [wrong, missing]) {
      expect(result.status).toBe(401);
      expect(result.body).toBe('{"error":"invalid email or password"}');
      expect(result.cookies).toBe(0);
      expect(result.ms).toBeGreaterThanOrEqual(299);
    }
    const failures = await f.store.db.selectFrom("loginFailures").select("keyHash").execute();
    expect(failures.map((r) => r.keyHash)).toEqual(expect.arrayContaining([sha256Hex("viewer@acme.example"), sha256Hex("nobody-here@acme.example")]));
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "auth.login_failed").execute();
    expect(audit.some((a) => a.subjectId === String(f.world.users.viewer.id))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain("nobody-here");
    await slow.close();
  });

  it("slows repeated failures for one e-mail, up to the cap, and forgets them after a success", async () => {
    const capped = await buildTestApp(f.store, { minLoginDelayMs: 0, maxLoginPenaltyMs: 400 });
    const user = await createUser(f.store, { email: "guesser@acme.example", name: "Guess Target", role: "member", passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), actor: "test" });
    const attempt = async (password: string) => {
      const started = performance.now();
      const response = await capped.inject({ method: "POST", url: "/api/auth/login", payload: { email: user.email, password } });
      return { ms: performance.now() - started, status: response.statusCode };
    };
    for (let i = 0; i < 3; i += 1) expect((await attempt("wrong")).status).toBe(401);
    const fourth = await attempt("wrong");
    expect(fourth.ms).toBeGreaterThanOrEqual(249);
    const fifth = await attempt("wrong");
    expect(fifth.ms).toBeGreaterThanOrEqual(399);
    const right = await attempt(TEST_PASSWORD);
    expect(right.status).toBe(200);
    expect(right.ms).toBeGreaterThanOrEqual(399);
    const left = await f.store.db.selectFrom("loginFailures").select("id").where("keyHash", "=", sha256Hex(user.email)).execute();
    expect(left).toEqual([]);
    expect((await attempt(TEST_PASSWORD)).ms).toBeLessThan(250);
    await capped.close();
  });

  it("slows parallel guesses at one account as much as guesses in a row", async () => {
    const app = await buildTestApp(f.store, { minLoginDelayMs: 40, maxLoginPenaltyMs: 150 });
    const make = async (email: string) => createUser(f.store, { email, name: email, role: "member", passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), actor: "test" });
    const guess = (email: string) => app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password: "wrong" } });
    const GUESSES = 12;
    const inRow = await make("in-a-row@acme.example");
    let started = performance.now();
    for (let i = 0; i < GUESSES; i += 1) expect((await guess(inRow.email)).statusCode).toBe(401);
    const sequentialMs = performance.now() - started;
    const atOnce = await make("all-at-once@acme.example");
    started = performance.now();
    const answers = await Promise.all(Array.from({ length: GUESSES }, () => guess(atOnce.email)));
    const parallelMs = performance.now() - started;
    expect(answers.map((a) => a.statusCode)).toEqual(Array(GUESSES).fill(401));
    // 3 free failures at 40 ms, then 40 + 150 ms each: about 1.8 s either way.
    expect(sequentialMs).toBeGreaterThan(3 * 40 + (GUESSES - 3) * 190 - 50);
    expect(parallelMs).toBeGreaterThan(sequentialMs * 0.9);
    expect((await f.store.db.selectFrom("loginFailures").select("id").where("keyHash", "=", sha256Hex(atOnce.email)).execute()).length).toBe(GUESSES);
    await app.close();
  });

  it("turns attempts away with 429 once an account's queue is a minute long, without checking them", async () => {
    const app = await buildTestApp(f.store, { minLoginDelayMs: 20_000, maxLoginPenaltyMs: 0 });
    const user = await createUser(f.store, { email: "queued@acme.example", name: "Queued", role: "member", passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), actor: "test" });
    const pending = [0, 1, 2].map(() => app.inject({ method: "POST", url: "/api/auth/login", payload: { email: user.email, password: "wrong" } }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const turnedAway = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: user.email, password: TEST_PASSWORD } });
    expect(turnedAway.statusCode).toBe(429);
    expect(turnedAway.json()).toEqual({ error: "too many login attempts for this account are waiting; try again in a minute" });
    expect(performance.now() - started).toBeLessThan(1000);
    await app.close().catch(() => undefined);
    void Promise.allSettled(pending);
  });

  it("refuses a disabled account with the same answer", async () => {
    const user = await createUser(f.store, { email: "gone@acme.example", name: "Gone", role: "analyst", passwordHash: await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST), actor: "test" });
    await f.store.db.updateTable("users").set({ disabled: 1 }).where("id", "=", user.id).execute();
    const response = await f.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: user.email, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: "invalid email or password" });
  });

  it("answers GET /api/me for the signed-in account and 401 without one", async () => {
    expect((await f.callers.member.get("/api/me")).json()).toEqual({ user: { id: f.world.users.member.id, email: "member@acme.example", name: "Member User", role: "member" } });
    const anonymous = await f.anonymous.get("/api/me");
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: "authentication required" });
    const forged = await new Caller(f.app, { cookies: { debrief_session: "A".repeat(43) } }).get("/api/me");
    expect(forged.statusCode).toBe(401);
  });

  it("refuses cookie writes without the matching CSRF header, and audits it", async () => {
    const caller = await signIn(f.app, "analyst@acme.example");
    const url = `/api/incidents/${f.world.incidents.draft}`;
    const missing = await caller.request({ method: "PATCH", url, payload: { severity: "SEV3" }, csrf: false });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual({ error: "csrf token missing or invalid" });
    const wrong = await caller.request({ method: "PATCH", url, payload: { severity: "SEV3" }, headers: { "x-csrf-token": "A".repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    // Another session's CSRF token does not fit this session.
    const other = await signIn(f.app, "analyst@acme.example");
    const crossed = await caller.request({ method: "PATCH", url, payload: { severity: "SEV3" }, headers: { "x-csrf-token": other.csrf ?? "" } });
    expect(crossed.statusCode).toBe(403);
    const incident = await f.store.db.selectFrom("incidents").select("severity").where("id", "=", f.world.incidents.draft).executeTakeFirstOrThrow();
    expect(incident.severity).not.toBe("SEV3");
    const denials = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "access.denied").execute();
    expect(denials.filter((d) => JSON.parse(d.details ?? "{}").attempted === "csrf")).toHaveLength(3);
    expect((await caller.request({ method: "PATCH", url, payload: { severity: "SEV3" } })).statusCode).toBe(200);
    expect((await caller.get(url)).statusCode).toBe(200);
  });

  it("logs out: the session row is deleted, cookies cleared, and the cookie no longer works", async () => {
    const caller = await signIn(f.app, "member@acme.example");
    expect((await caller.request({ method: "POST", url: "/api/auth/logout", csrf: false })).statusCode).toBe(403);
    const response = await caller.post("/api/auth/logout");
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(response.cookies.map((c) => [c.name, c.value])).toEqual(expect.arrayContaining([["debrief_session", ""], ["debrief_csrf", ""]]));
    expect((await caller.get("/api/me")).statusCode).toBe(401);
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "auth.logout").execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("ends idle sessions and slides the expiry of used ones at most once a minute", async () => {
    const caller = await signIn(f.app, "viewer@acme.example");
    const me = await caller.get("/api/me");
    expect(me.statusCode).toBe(200);
    const [row] = await f.store.db.selectFrom("sessions").selectAll().orderBy("id", "desc").limit(1).execute();
    if (!row) throw new Error("no session");
    const old = Date.now() - 5 * 60_000;
    await f.store.db.updateTable("sessions").set({ lastSeenAt: old, expiresAt: old + 1000 + 14 * 86_400_000 - 5 * 60_000 }).where("id", "=", row.id).execute();
    await caller.get("/api/me");
    const touched = await f.store.db.selectFrom("sessions").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(touched.lastSeenAt).toBeGreaterThan(old);
    expect(touched.expiresAt).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    await caller.get("/api/me");
    const again = await f.store.db.selectFrom("sessions").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(again.lastSeenAt).toBe(touched.lastSeenAt);
    await f.store.db.updateTable("sessions").set({ expiresAt: Date.now() - 1 }).where("id", "=", row.id).execute();
    expect((await caller.get("/api/me")).statusCode).toBe(401);
  });

  it("judges a request that names a token by the token alone", async () => {
    const caller = await signIn(f.app, "admin@acme.example");
    const response = await caller.request({ method: "GET", url: "/api/me", headers: { authorization: "Bearer dbf_nottherightlength" } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: "invalid API token" });
  });

  it("validates the login body before doing any work", async () => {
    const response = await f.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "admin@acme.example" } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid body: password", details: [{ in: "body", field: "password" }] });
  });
});
