import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";

/*
 * The admin screens in Chromium, end to end: accounts (create, change role, new
 * password, disable), the audit trail with its filters, and one's own API tokens.
 */

let server: DemoServer;
let browser: Browser;
const pageErrors: string[] = [];

async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "UTC" });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, account);
  return { context, page };
}

const me = (page: Page) => page.evaluate(async () => {
  const response = await fetch("/api/me");
  return { status: response.status, body: response.status === 200 ? ((await response.json()) as { user: { role: string } }) : null };
});

describe("admin screens", () => {
  beforeAll(async () => {
    server = await startDemoServer({ messages: 400 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("creates an account, changes its role, gives it a new password and disables it, each taking effect", async () => {
    const { context, page } = await signedIn(ACCOUNTS.admin);
    await page.getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(/\/admin\/accounts$/);
    await page.getByText("Create an account").click();
    await page.getByLabel("Name").fill("Nia New");
    await page.getByLabel("E-mail").fill("nia@acme.test");
    await page.getByLabel("Role", { exact: true }).selectOption("analyst");
    await page.getByLabel("First password").fill("nia-first-password");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("status").filter({ hasText: "Nia New (nia@acme.test) can sign in as analyst" }).waitFor();

    const nia: TestAccount = { email: "nia@acme.test", password: "nia-first-password", name: "Nia New", role: "analyst" };
    const niaSession = await signedIn(nia);
    expect((await me(niaSession.page)).body?.user.role).toBe("analyst");

    const row = page.locator('tr[data-account="nia@acme.test"]');
    await row.getByLabel("Role of Nia New").selectOption("member");
    await page.getByRole("status").filter({ hasText: "Nia New is now member" }).waitFor();
    expect((await me(niaSession.page)).body?.user.role).toBe("member");

    await row.getByRole("button", { name: "Reset password" }).click();
    await row.getByLabel("New password for Nia New").fill("nia-second-password");
    await row.getByRole("button", { name: "Set password" }).click();
    await page.getByRole("status").filter({ hasText: "has a new password" }).waitFor();
    expect((await me(niaSession.page)).status).toBe(401);
    await niaSession.context.close();
    const again = await signedIn({ ...nia, password: "nia-second-password" });
    await again.context.close();

    await row.getByRole("button", { name: "Disable" }).click();
    await page.getByRole("status").filter({ hasText: "Nia New is disabled" }).waitFor();
    await expect(row.locator("td").nth(3).textContent()).resolves.toBe("Disabled");
    const refused = await page.evaluate(async () => (await fetch("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "nia@acme.test", password: "nia-second-password" }) })).status);
    expect(refused).toBe(401);
    await context.close();
  });

  it("shows the audit trail, filtered by action family and by who", async () => {
    const { context, page } = await signedIn(ACCOUNTS.admin);
    await page.goto(`${server.url}/audit`);
    await page.waitForURL(/\/admin\/audit$/);
    await page.locator("tr[data-audit-id]").first().waitFor();
    await page.getByLabel("Action").fill("user.");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/action=user\./);
    await page.locator("tr[data-audit-id]").first().waitFor();
    const actions = await page.locator("tr[data-audit-id] td:nth-child(3)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a.startsWith("user."))).toBe(true);
    expect(actions).toContain("user.create");
    expect(actions).toContain("user.update");

    await page.getByRole("button", { name: "Clear" }).click();
    await page.locator("tr[data-audit-id]").first().waitFor();
    const actor = (await page.locator("tr[data-audit-id] td:nth-child(2) button").first().textContent()) ?? "";
    await page.locator("tr[data-audit-id] td:nth-child(2) button").first().click();
    await page.waitForURL(/actor=/);
    const actors = await page.locator("tr[data-audit-id] td:nth-child(2)").allTextContents();
    expect(actors.every((a) => a === actor)).toBe(true);
    await context.close();
  });

  it("creates an API token shown once, which works as a Bearer token until revoked", async () => {
    const { context, page } = await signedIn(ACCOUNTS.analyst);
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("What it is for").fill("nightly sync");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = ((await page.getByTestId("new-token").textContent()) ?? "").trim();
    expect(token).toMatch(/^dbf_/);
    const status = async () => (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;
    expect(await status()).toBe(200);
    await page.getByRole("row", { name: /nightly sync/ }).getByRole("button", { name: "Revoke" }).click();
    await page.getByText("You have no API tokens.").waitFor();
    expect(await status()).toBe(401);
    await page.reload();
    expect(await page.getByTestId("new-token").count()).toBe(0);
    // Not an admin: the admin pages say so instead of showing anything.
    await page.goto(`${server.url}/admin/accounts`);
    await page.getByText("Accounts and the audit trail are for admins.").waitFor();
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
