import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { DEMO_ANALYST, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";
import { screenshotFolder } from "./support/screenshots.js";

/*
 * A first visit to the demo, as `debrief serve --demo` seeds it: signed in as the demo
 * analyst, a newcomer starts at the incident list and reaches, a few clicks each, the
 * worked incident, its published review, its people and interviews (with the notes
 * only the demo analyst may read), the half-done incident's next step, the learning
 * dashboard and every insight — with no page error or console error on the way. The
 * demo is the one `npm start` loads (20,000 messages), so the incidents are those the
 * README names; with DEBRIEF_SCREENSHOTS=1 the review and the interviews are saved to
 * docs/screenshots/ for it.
 */

const screenshots = screenshotFolder("debrief-tour-");

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let worked = { id: 0, title: "" };
let halfDone = { id: 0, title: "" };
const problems: string[] = [];

/** Collects page errors and console errors of a page (and of the tabs it opens). */
function watch(target: Page): void {
  target.on("pageerror", (error) => problems.push(error.message));
  target.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 20_000, seedStudies: true });
  const studied = await server.store.db.selectFrom("incidents").innerJoin("incidentAnalysts as a", "a.incidentId", "incidents.id").select(["incidents.id", "incidents.title", "incidents.status"]).execute();
  worked = studied.find((i) => i.status === "published") ?? worked;
  halfDone = studied.find((i) => i.status === "in_analysis") ?? halfDone;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin", deviceScaleFactor: 1 });
  page = await context.newPage();
  watch(page);
  await signInThroughForm(page, server.url, DEMO_ANALYST);
  // The login page asks who is signed in and is told 401 before signing in: that one is expected.
  problems.length = 0;
}, 240_000);

afterEach(() => {
  expect(problems).toEqual([]);
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

const main = () => page.getByRole("navigation", { name: "Main" });
const tabs = () => page.getByRole("navigation", { name: "Incident views" });

async function fromTheList(title: string): Promise<void> {
  await main().getByRole("link", { name: "Incidents" }).click();
  const row = page.getByTestId("incident-row").filter({ hasText: "Demo Analyst" }).filter({ hasText: title });
  await row.getByRole("link", { name: title }).click();
  await page.getByRole("heading", { name: title, level: 1 }).waitFor();
}

describe("a first visit to the demo", () => {
  it("finds the worked and the half-done incident in the list, by their analyst", async () => {
    expect(worked.id).toBeGreaterThan(0);
    expect(halfDone.id).toBeGreaterThan(0);
    const rows = page.getByTestId("incident-row").filter({ hasText: "Demo Analyst" });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: worked.title }).filter({ hasText: "Published" }).count()).toBe(1);
  });

  it("reads the worked incident's published review, with its diagram and quotes that lead back to the timeline", async () => {
    await fromTheList(worked.title);
    await tabs().getByRole("link", { name: "Review" }).click();
    await expect.poll(() => page.getByTestId("review-status").textContent()).toBe("Published");
    await page.getByRole("navigation", { name: "Review sections" }).getByRole("button", { name: /^How we got here/ }).click();
    const preview = page.getByTestId("review-preview");
    await preview.locator("[data-testid=mermaid-diagram] svg").waitFor({ timeout: 30_000 });
    expect(await preview.locator("blockquote").count()).toBeGreaterThanOrEqual(4);
    await screenshot("demo-review");
    const back = preview.locator("blockquote a[href*='/timeline?event=']").first();
    const href = (await back.getAttribute("href")) ?? "";
    expect(href).toContain(`/incidents/${worked.id}/timeline?event=`);
    await back.click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain("/timeline?event=");
    const key = new URL(href, server.url).searchParams.get("event") ?? "";
    await page.locator(`article.event-selected[data-event-key="${key}"]`).waitFor({ timeout: 10_000 });
  });

  it("shows who was pulled in and the interviews, with notes the demo analyst may read", async () => {
    await tabs().getByRole("link", { name: "People" }).click();
    await page.getByRole("heading", { name: "Who pulled in whom" }).waitFor();
    await expect.poll(() => page.locator("table tbody tr").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await tabs().getByRole("link", { name: "Interviews" }).click();
    const items = page.getByTestId("interview-item");
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await items.filter({ hasText: "done" }).count()).toBe(await items.count());
    const first = items.first().getByRole("button").first();
    const name = ((await first.textContent()) ?? "").trim();
    await first.click();
    const notes = page.getByLabel("Notes (Markdown, confidential)");
    await expect.poll(() => notes.inputValue(), { timeout: 10_000 }).toContain(name);
    await screenshot("demo-interviews");
  });

  it("reaches the follow-ups and the review meeting of the worked incident", async () => {
    await tabs().getByRole("link", { name: "Follow-ups" }).click();
    await expect.poll(() => page.getByText(/overdue/i).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await tabs().getByRole("link", { name: "Meetings" }).click();
    await page.getByRole("link", { name: `Review meeting: ${worked.title}` }).click();
    await page.getByRole("heading", { name: "Who spoke" }).waitFor();
  });

  it("shows the half-done incident's next step in its guide", async () => {
    await fromTheList(halfDone.title);
    await tabs().getByRole("link", { name: "Guide" }).click();
    await page.getByRole("heading", { name: "Analysis checklist" }).waitFor();
    await expect.poll(() => page.getByText("1 planned").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("link", { name: /Do this step/ }).count()).toBeGreaterThan(0);
  });

  it("opens the learning dashboard, where the worked review is read", async () => {
    await main().getByRole("link", { name: "Learning" }).click();
    await page.getByRole("heading", { name: "Learning", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Programme health" }).waitFor();
    await main().getByRole("link", { name: "Library" }).click();
    await page.getByRole("link", { name: worked.title }).first().click();
    await page.getByRole("heading", { name: worked.title, level: 1 }).waitFor();
  });

  it("opens every insight from the navigation", async () => {
    await main().getByRole("link", { name: "Insights" }).click();
    await page.getByRole("heading", { name: "Knowledge silos", level: 1 }).waitFor();
    const insightTabs = page.getByRole("navigation", { name: "Insights" }).getByRole("link");
    const titles = (await insightTabs.allTextContents()).map((t) => t.trim());
    expect(titles.length).toBeGreaterThanOrEqual(4);
    for (const title of titles) {
      await page.getByRole("navigation", { name: "Insights" }).getByRole("link", { name: title, exact: true }).click();
      await page.getByRole("heading", { name: title, level: 1 }).waitFor();
      await page.getByRole("table").first().waitFor({ timeout: 10_000 });
    }
  });
});
