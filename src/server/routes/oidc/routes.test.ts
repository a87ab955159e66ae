import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, updateUserAccount } from "../../../commands/accounts.js";
import type { Store } from "../../../db/connection.js";
import { buildTestApp } from "../../../../test/server-harness.js";
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from "../../../../test/oidc-provider.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { OIDC_CALLBACK_PATH, parseRoleGroups, safeReturnPath } from "../../auth/oidc.js";

const PUBLIC_URL = "http://debrief.test";

for (const kind of testStoreKinds()) {
  describe(`sign-in with OpenID Connect on ${kind.name}`, () => {
    let store: Store;
    let idp: TestOidcProvider;
    let app: FastifyInstance;
    let passwordless: FastifyInstance;

    beforeAll(async () => {
      store = await kind.open();
      idp = await startOidcProvider(
        {
          ana: { email: "Ana@Acme.example", email_verified: true, name: "Ana Ruiz", groups: ["staff"] },
          lead: { email: "lead@acme.example", email_verified: true, name: "Lea Lead", groups: ["staff", "incident-review"] },
          unverified: { email: "eve@acme.example", email_verified: false, name: "Eve" },
          gone: { email: "gone@acme.example", email_verified: true, name: "Gone" },
        },
        `${PUBLIC_URL}${OIDC_CALLBACK_PATH}`,
      );
      const oidc = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, publicUrl: PUBLIC_URL, defaultRole: "viewer" as const, label: "Sign in with Acme SSO", roleGroups: { analyst: ["incident-review"] } };
      app = await buildTestApp(store, { oidc });
      passwordless = await buildTestApp(store, { oidc, passwordLogin: false });
    });
    afterAll(async () => {
      await app.close();
      await passwordless.close();
      await idp.close();
      await store.close();
      await kind.dispose();
    });

    /** The whole round trip: start at Debrief, sign in at the provider, come back to the callback. */
    async function roundTrip(login: string, returnTo = "/incidents/3", on = app) {
      const start = await on.inject({ method: "GET", url: `/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}` });
      expect(start.statusCode).toBe(302);
      const authorize = new URL(start.headers.location as string);
      expect(authorize.origin).toBe(idp.issuer);
      expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
      expect(authorize.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}${OIDC_CALLBACK_PATH}`);
      const back = await signInAtProvider(authorize.href, login);
      expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}${OIDC_CALLBACK_PATH}`);
      const callback = await on.inject({ method: "GET", url: `${back.pathname}${back.search}` });
      return { callback, callbackPath: `${back.pathname}${back.search}` };
    }

    const sessionCookie = (response: { cookies: { name: string; value: string }[] }) => response.cookies.find((c) => c.name === "debrief_session")?.value;

    it("creates the account at the first sign-in, with the default role, matched by verified e-mail in any case", async () => {
      const { callback } = await roundTrip("ana");
      expect(callback.statusCode).toBe(302);
      expect(callback.headers.location).toBe("/incidents/3");
      const cookie = sessionCookie(callback);
      expect(cookie).toBeTruthy();
      const me = await app.inject({ method: "GET", url: "/api/me", cookies: { debrief_session: cookie as string } });
      expect(me.json()).toMatchObject({ user: { email: "ana@acme.example", name: "Ana Ruiz", role: "viewer" } });
      const audit = await store.db.selectFrom("auditEvents").select(["action", "details"]).where("action", "in", ["user.create", "auth.login"]).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(["auth.login", "user.create"]);

      // A second sign-in finds the same account.
      const again = await roundTrip("ana");
      expect(again.callback.statusCode).toBe(302);
      expect(await store.db.selectFrom("users").select("id").where("email", "=", "ana@acme.example").execute()).toHaveLength(1);
    });

    it("gives the role a mapped group names, at every sign-in", async () => {
      const { callback } = await roundTrip("lead");
      const me = await app.inject({ method: "GET", url: "/api/me", cookies: { debrief_session: sessionCookie(callback) as string } });
      expect(me.json()).toMatchObject({ user: { email: "lead@acme.example", role: "analyst" } });
      expect(parseRoleGroups("admin=debrief-admins; analyst=sre,incident-review")).toEqual({ admin: ["debrief-admins"], analyst: ["sre", "incident-review"] });
      expect(() => parseRoleGroups("boss=all")).toThrow(/DEBRIEF_OIDC_ROLE_GROUPS/);
    });

    it("refuses an unverified e-mail, a disabled account and a replayed callback, each with a reason on the login page", async () => {
      const unverified = await roundTrip("unverified");
      expect(unverified.callback.statusCode).toBe(302);
      expect(decodeURIComponent(unverified.callback.headers.location as string)).toMatch(/^\/login\?error=the identity provider did not give a verified e-mail/);
      expect(sessionCookie(unverified.callback)).toBeUndefined();

      const gone = await createUser(store, { email: "gone@acme.example", name: "Gone", role: "member", passwordHash: null, actor: "test" });
      await updateUserAccount(store, { id: gone.id, disabled: true, actor: "test" });
      const disabled = await roundTrip("gone");
      expect(decodeURIComponent(disabled.callback.headers.location as string)).toMatch(/disabled/);
      expect(sessionCookie(disabled.callback)).toBeUndefined();

      const ok = await roundTrip("ana");
      expect(ok.callback.statusCode).toBe(302);
      const replay = await app.inject({ method: "GET", url: ok.callbackPath });
      expect(decodeURIComponent(replay.headers.location as string)).toMatch(/expired or was already used/);
      expect(sessionCookie(replay)).toBeUndefined();

      const forged = await app.inject({ method: "GET", url: `${OIDC_CALLBACK_PATH}?code=abc&state=not-ours` });
      expect(decodeURIComponent(forged.headers.location as string)).toMatch(/expired or was already used/);
    });

    it("returns only to a path of the app", async () => {
      const { callback } = await roundTrip("ana", "//evil.example/steal");
      expect(callback.headers.location).toBe("/");
      expect(safeReturnPath("https://evil.example")).toBe("/");
      expect(safeReturnPath("/api/tokens")).toBe("/");
      expect(safeReturnPath("/incidents/4/people")).toBe("/incidents/4/people");
    });

    it("can turn local passwords off, and says so to the login page", async () => {
      const methods = await passwordless.inject({ method: "GET", url: "/api/auth/methods" });
      expect(methods.json()).toEqual({ password: false, oidc: { label: "Sign in with Acme SSO", startUrl: "/api/auth/oidc/start" } });
      expect((await app.inject({ method: "GET", url: "/api/auth/methods" })).json()).toMatchObject({ password: true });
      await createUser(store, { email: "pw@acme.example", name: "Pw", role: "admin", passwordHash: null, actor: "test" });
      const login = await passwordless.inject({ method: "POST", url: "/api/auth/login", payload: { email: "pw@acme.example", password: "whatever it is" } });
      expect(login.statusCode).toBe(403);
      expect(login.json()).toEqual({ error: "password sign-in is turned off: Sign in with Acme SSO" });
      const { callback } = await roundTrip("ana", "/", passwordless);
      expect(sessionCookie(callback)).toBeTruthy();
    });

    it("ends the Debrief session at logout", async () => {
      const { callback } = await roundTrip("ana");
      const session = sessionCookie(callback) as string;
      const csrf = callback.cookies.find((c) => c.name === "debrief_csrf")?.value as string;
      const logout = await app.inject({ method: "POST", url: "/api/auth/logout", cookies: { debrief_session: session, debrief_csrf: csrf }, headers: { "x-csrf-token": csrf } });
      expect(logout.statusCode).toBe(204);
      const me = await app.inject({ method: "GET", url: "/api/me", cookies: { debrief_session: session } });
      expect(me.statusCode).toBe(401);
    });
  });
}

describe("sign-in with OpenID Connect, unconfigured", () => {
  it("answers 404 at the start and offers only passwords", async () => {
    const [kind] = testStoreKinds();
    if (!kind) throw new Error("no store kind");
    const store = await kind.open();
    const app = await buildTestApp(store);
    try {
      expect((await app.inject({ method: "GET", url: "/api/auth/oidc/start" })).statusCode).toBe(404);
      expect((await app.inject({ method: "GET", url: "/api/auth/methods" })).json()).toEqual({ password: true, oidc: null });
    } finally {
      await app.close();
      await store.close();
      await kind.dispose();
    }
  });
});
