import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";

/*
 * Follow-ups in a real browser: made from a selected timeline event (it keeps the
 * quote and links back), shown in the incident's tab, and in the list across incidents
 * with its filters.
 */

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let incidentId = 0;
let owner = { id: 0, name: "" };
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000 });
  browser = await launchChromium();
  const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const { incidents } = await admin.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  incidentId = incidents[0]?.id ?? 0;
  // A review to export at the end.
  await admin.expect(200, "POST", `/api/incidents/${incidentId}/review`, {});
  const { people } = await admin.expect<{ people: { id: number; name: string }[] }>(200, "GET", "/api/people?limit=1");
  owner = people[0] ?? owner;
  context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, ACCOUNTS.analyst);
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("follow-ups", () => {
  it("creates a follow-up from a selected timeline event, with an owner, due date and tracker key", async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/timeline`);
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    // A plain message with a few words (not a join, topic change or bot card).
    let key = "";
    for (let attempt = 0; attempt < 80 && key === ""; attempt += 1) {
      key = await page
        .locator("article.event-message:not(.event-compact)")
        .evaluateAll((nodes) => nodes.find((node) => (node.querySelector(".event-text")?.textContent ?? "").trim().split(/\s+/).length >= 4 && !node.querySelector(".attachment"))?.getAttribute("data-event-key") ?? "");
      if (key === "") {
        await page.locator(".timeline-scroll").evaluate((element) => {
          element.scrollTop += 250;
        });
        await page.waitForTimeout(30);
      }
    }
    expect(key).not.toBe("");
    await page.locator(`article[data-event-key="${key}"]`).scrollIntoViewIfNeeded();
    const row = page.locator(`article[data-event-key="${key}"]`);
    const text = ((await row.locator(".event-text").textContent()) ?? "").trim();
    await row.locator(".event-time").click();
    await page.keyboard.press("Enter");
    const panel = page.locator(".annotation-panel");
    await panel.getByRole("button", { name: "Create follow-up from this event" }).click();
    const form = panel.getByRole("form", { name: "New follow-up" });
    await expect.poll(() => form.locator(".follow-up-context").textContent()).toContain(text.slice(0, 20));
    await form.getByLabel("Title").fill("Alert before the pool runs out");
    await form.getByLabel("Owner").fill(owner.name.slice(0, 4));
    await form.getByRole("button", { name: new RegExp(`^${owner.name}`) }).first().click();
    await form.getByLabel("Due").fill("2020-01-15");
    await form.getByLabel("Tracker link").fill("https://acme.atlassian.net/browse/PAY-321");
    await form.getByRole("button", { name: "Add follow-up" }).click();
    await expect.poll(() => panel.getByRole("status").filter({ hasText: "Follow-up “Alert before the pool runs out” added." }).count()).toBe(1);
  });

  it("shows it in the incident's Follow-ups tab with its key, owner, overdue mark and a link back to the event", async () => {
    await page.getByRole("link", { name: "Follow-ups", exact: true }).first().click();
    const item = page.locator("[data-testid=follow-up]").filter({ hasText: "Alert before the pool runs out" });
    await item.waitFor();
    await expect.poll(() => item.locator(".tracker-key").textContent()).toBe("PAY-321");
    await expect.poll(() => item.textContent()).toContain(owner.name);
    await expect.poll(() => item.locator(".overdue-badge").count()).toBe(1);
    expect(await item.getByRole("link", { name: /From the timeline/ }).getAttribute("href")).toMatch(new RegExp(`^/incidents/${incidentId}/timeline\\?event=message`));
  });

  it("lists it across incidents and filters by overdue and status", async () => {
    await page.goto(`${server.url}/follow-ups`);
    await page.getByRole("heading", { name: "Follow-ups", level: 1 }).waitFor();
    const rows = page.locator("[data-testid=follow-up]");
    await rows.first().waitFor();
    // The box follows the address, which the router updates a moment after the click: wait for it, not for the click.
    await page.getByLabel("Overdue only").click();
    await expect.poll(() => page.url()).toContain("overdue=true");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Status of Alert before the pool runs out").selectOption("done");
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByLabel("Overdue only").click();
    await expect.poll(() => page.url()).not.toContain("overdue=true");
    await page.getByLabel("Filter by status").selectOption("done");
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => page.url()).toContain("status=done");
    await page.getByLabel("Filter by owner").selectOption(String(owner.id));
    await expect.poll(() => rows.count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

describe("review export", () => {
  it("downloads the review on screen as a PDF from the Review tab", async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/review`);
    const link = page.getByRole("link", { name: "PDF", exact: true });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^incident-${incidentId}-.+-v1\\.pdf$`));
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
