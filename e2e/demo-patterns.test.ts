import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedLearningDemo } from "../src/commands/learning-demo.js";
import type { DemoManifest } from "../src/demo/index.js";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";
import { screenshotFolder } from "./support/screenshots.js";

/*
 * The patterns planted in the demo `npm start` loads (seed 42, 20,000 messages, the
 * learning demo on top), found where the README's "Where to look in the demo" says:
 * each insight page names the planted person or service, and the learning dashboard
 * warns of a review meeting where one voice did most of the talking. With
 * DEBRIEF_SCREENSHOTS=1 each page is saved to docs/screenshots/ for the README.
 */

const screenshots = screenshotFolder("debrief-screens-");

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let manifest: DemoManifest;
/** Names in the directory, by e-mail. */
let names: Map<string, string>;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startDemoServer({ messages: 20_000, prepare: async (store) => void (await seedLearningDemo(store, { actor: "e2e" })) });
  manifest = JSON.parse(readFileSync(join(server.dir, "demo", "demo-manifest.json"), "utf8")) as DemoManifest;
  const people = await server.store.db.selectFrom("people").select(["name", "email"]).execute();
  names = new Map(people.map((p) => [p.email ?? "", p.name]));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin", deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, ACCOUNTS.analyst);
  // Signed in, nothing may log an error (before, the login page's session check answers 401).
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
}, 240_000);

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  screenshots.dispose();
});

async function screenshot(name: string): Promise<void> {
  await screenshots.save(page, name);
}

/** Opens an insight from the Insights navigation, as a newcomer would, and waits for its table. */
async function openInsight(title: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
  await page.getByRole("navigation", { name: "Insights" }).getByRole("link", { name: title }).click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

const table = () => page.locator("[data-testid=insight-table]").first();
const row = (text: string) => table().locator("tbody tr", { hasText: text }).first();

describe("the planted patterns in the browser", () => {
  it("shows the silo expert first among knowledge silos, and beside the failing service", async () => {
    const silo = manifest.patterns.silo;
    const name = names.get(silo?.person.email ?? "") ?? "";
    expect(name).not.toBe("");
    await openInsight("Knowledge silos");
    await row(name).waitFor();
    expect(await table().locator("tbody tr").first().textContent()).toContain(name);
    expect(await row(name).locator("[data-testid=evidence-link]").count()).toBeGreaterThanOrEqual(silo?.incidentIds.length ?? 99);
    const byService = page.locator("[data-testid=insight-table]").nth(1).locator("tbody tr", { hasText: manifest.patterns.failingService?.service ?? "" });
    expect(await byService.textContent()).toContain(name);
    await screenshot("insights-silos");
  });

  it("shows the night-week person paged six nights in a row in the week the clocks changed", async () => {
    const week = manifest.patterns.nightWeek;
    const name = names.get(week?.person.email ?? "") ?? "";
    expect(name).not.toBe("");
    await openInsight("On-call fatigue");
    await row(name).waitFor();
    // Narrowed to the weeks around it, as the README suggests.
    const day = (offset: number) => new Date(Date.parse(`${week?.weekStart}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId("insight-from").fill(day(-28));
    await page.getByTestId("insight-to").fill(day(20));
    await expect.poll(() => table().locator("tbody tr").count()).toBeLessThan(6);
    await page.getByRole("heading", { name: "On-call fatigue", level: 1 }).click();
    const cells = await row(name).locator("td").allTextContents();
    expect(cells[1]).toMatch(/^\d{4}-W\d{2}$/);
    expect(Number(cells[2])).toBeGreaterThanOrEqual(6);
    expect(Number(cells[3])).toBeGreaterThanOrEqual(6);
    expect(Number(cells[4])).toBeGreaterThanOrEqual(6);
    await screenshot("insights-fatigue");
  });

  it("shows the former owner called back years after leaving the team", async () => {
    const former = manifest.patterns.formerOwner;
    const name = names.get(former?.person.email ?? "") ?? "";
    expect(name).not.toBe("");
    await openInsight("Ownership drift");
    // The range set on the previous page is kept: clear it.
    await page.goto(`${server.url}/insights/drift`);
    await row(name).waitFor();
    const text = (await row(name).textContent()) ?? "";
    expect(text).toContain(former?.team ?? "");
    expect(text).toContain(former?.leftOn ?? "");
    await screenshot("insights-drift");
  });

  it("shows the failing service first among recurring services", async () => {
    const failing = manifest.patterns.failingService;
    await openInsight("Recurring services");
    await row(failing?.service ?? "").waitFor();
    const first = table().locator("tbody tr").first();
    expect(await first.textContent()).toContain(failing?.service ?? "");
    expect(await first.textContent()).toContain(names.get(manifest.patterns.silo?.person.email ?? "") ?? "(the silo expert)");
    // The table, where the counts and the recurring people are.
    await first.evaluate((tr) => tr.scrollIntoView({ block: "center" }));
    await screenshot("insights-services");
  });

  it("warns on the learning dashboard of a review meeting where one voice did most of the talking", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Learning" }).click();
    await page.getByRole("heading", { name: "Programme health", level: 2 }).waitFor();
    const group = page.locator(".health-group", { has: page.getByRole("heading", { name: /One voice dominated/ }) });
    const flag = group.locator("[data-testid=health-flag]").first();
    await flag.waitFor();
    expect(await flag.textContent()).toMatch(/: .+ spoke \d+% of the \d+ words/);
    expect(await flag.locator("a").getAttribute("href")).toMatch(/^\/incidents\/\d+\/meetings\/\d+$/);
    await group.scrollIntoViewIfNeeded();
    await screenshots.save(page.locator("section.health"), "learning-health");
  });
});
