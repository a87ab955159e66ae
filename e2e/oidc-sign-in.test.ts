import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../src/db/connection.js";
import { buildApp } from "../src/server/app.js";
import { OIDC_CALLBACK_PATH } from "../src/server/auth/oidc.js";
import { startOidcProvider, type TestOidcProvider } from "../test/oidc-provider.js";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { buildWebUi } from "./support/web-build.js";

/*
 * Signing in through the company's identity provider, in Chromium: the login page's
 * button, the provider's own login and consent pages (a real OpenID Connect provider,
 * the oidc-provider library, on 127.0.0.1), back into Debrief signed in; then out.
 */

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

describe("sign-in with the identity provider, in Chromium", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let idp: TestOidcProvider;
  let browser: Browser;
  let url: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "debrief-oidc-e2e-"));
    const webRoot = await buildWebUi(join(dir, "web"));
    store = await openStore({ url: join(dir, "e2e.db") });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    idp = await startOidcProvider({ ana: { email: "ana@acme.example", email_verified: true, name: "Ana Ruiz", groups: ["incident-review"] } }, `${url}${OIDC_CALLBACK_PATH}`);
    app = await buildApp({
      store,
      webRoot,
      minLoginDelayMs: 0,
      passwordLogin: false,
      oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, publicUrl: url, defaultRole: "viewer", label: "Sign in with Acme SSO", roleGroups: { analyst: ["incident-review"] } },
    });
    await app.listen({ port, host: "127.0.0.1" });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("signs in through the provider, lands where it started, and signs out", async () => {
    const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB" });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // The signed-out probe of /api/me answers 401 by design; any other console error counts.
      if (message.type() === "error" && page.url().startsWith(url) && !/status of 401/.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${url}/imports`);
    await page.waitForURL(/\/login/);
    const button = page.getByRole("link", { name: "Sign in with Acme SSO" });
    await button.waitFor();
    // Local passwords are off: the form is not offered.
    expect(await page.getByLabel("Password").count()).toBe(0);
    await button.click();

    await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill("ana");
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: "Continue" }).click();

    await page.waitForURL(`${url}/imports`);
    await page.getByRole("button", { name: /sign out/i }).waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me).toMatchObject({ user: { email: "ana@acme.example", name: "Ana Ruiz", role: "analyst" } });

    await page.getByRole("button", { name: /sign out/i }).click();
    await page.waitForURL(/\/login/);
    const after = await page.evaluate(async () => (await fetch("/api/me")).status);
    expect(after).toBe(401);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows the reason on the login page when the provider's answer is refused", async () => {
    const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${url}${OIDC_CALLBACK_PATH}?code=forged&state=forged`);
    await page.waitForURL(/\/login\?error=/);
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/expired or was already used/);
    await context.close();
  });
});
