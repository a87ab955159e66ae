import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";

/*
 * The insight pages and the header's search box in a real browser, on the demo company
 * (large enough that every pattern shows: silos, fatigue, drift, recurring services
 * and repeated failures).
 */

let server: DemoServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startDemoServer({
    messages: 20_000,
    // The member's account is a person on a team, so they see that team's insights.
    prepare: async (store) => {
      const person = await store.db.selectFrom("teamMemberships as tm").innerJoin("teams as t", "t.id", "tm.teamId").select(["tm.personId", "t.name"]).where("tm.toAt", "is", null).orderBy("tm.id").executeTakeFirstOrThrow();
      memberTeam = person.name;
      await store.db.updateTable("users").set({ personId: person.personId }).where("email", "=", ACCOUNTS.member.email).execute();
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

let memberTeam = "";

async function signedIn(account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, account);
  return { context, page };
}

describe("insights and search in the browser", () => {
  it("shows each insight as a chart and a table whose figures link to their evidence", async () => {
    const { context, page } = await signedIn(ACCOUNTS.analyst);
    try {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
      await page.getByRole("heading", { name: "Knowledge silos", level: 1 }).waitFor();
      for (const title of ["Knowledge silos", "On-call fatigue", "Ownership drift", "Recurring services", "Chaos experiments"]) {
        await page.getByRole("navigation", { name: "Insights" }).getByRole("link", { name: title }).click();
        await page.getByRole("heading", { name: title, level: 1 }).waitFor();
        await page.locator("[data-testid=insight-table] tbody tr").first().waitFor();
        // Every mark of the chart is a link to the incident or event behind it.
        await page.locator("[data-testid=insight-chart] svg a[href^='/incidents/']").first().waitFor();
        expect(await page.locator("[data-testid=insight-table] [data-testid=evidence-link]").count(), title).toBeGreaterThan(0);
      }

      // A silo's evidence opens the message that pulled the person in, selected in the timeline.
      await page.getByRole("navigation", { name: "Insights" }).getByRole("link", { name: "Knowledge silos" }).click();
      await page.getByRole("heading", { name: "Knowledge silos", level: 1 }).waitFor();
      // The previous insight's table stays until the silos arrive: wait for a silo's message link.
      const link = page.locator("[data-testid=insight-table] [data-testid=evidence-link][href*='/timeline?event=message']").first();
      await link.waitFor();
      const href = (await link.getAttribute("href")) ?? "";
      expect(href).toMatch(/^\/incidents\/\d+\/timeline\?event=message%3A\d+$/);
      await link.click();
      await page.waitForURL((url) => url.pathname.endsWith("/timeline"));
      const eventKey = decodeURIComponent(href.split("event=")[1] ?? "");
      await page.locator(`article[data-event-key="${eventKey}"]`).waitFor();

      // The time range narrows the rows (and is kept in the address).
      await page.goto(`${server.url}/insights/services`);
      await page.locator("[data-testid=insight-table] tbody tr").first().waitFor();
      const allRows = await page.locator("[data-testid=insight-table] tbody tr").count();
      await page.getByTestId("insight-from").fill("2099-01-01");
      await page.getByText("Nothing to show for this range and team.").waitFor();
      expect(page.url()).toContain("from=2099-01-01");
      expect(allRows).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it("shows a member their own team's insights only", async () => {
    const { context, page } = await signedIn(ACCOUNTS.member);
    try {
      await page.goto(`${server.url}/insights/services`);
      await page.getByText(`Team: ${memberTeam}`).waitFor();
      await page.goto(`${server.url}/insights/services?team=someone-else`);
      await page.getByRole("alert").waitFor();
    } finally {
      await context.close();
    }
  });

  it("searches from the header and opens a hit in context", async () => {
    const { context, page } = await signedIn(ACCOUNTS.analyst);
    try {
      const box = page.getByLabel("Search incidents", { exact: true });
      await box.fill('"connection pool"');
      await box.press("Enter");
      await page.getByRole("heading", { name: "Search", level: 1 }).waitFor();
      await page.locator("[data-testid=search-hit]").first().waitFor();
      expect(await page.locator("[data-testid=search-group]").count()).toBeGreaterThan(0);
      const marks = await page.locator("[data-testid=search-hit] mark").allTextContents();
      expect(marks.some((m) => m.toLowerCase().includes("connection"))).toBe(true);
      const hit = page.locator("[data-testid=search-hit]").first();
      const event = (await hit.getAttribute("data-event")) ?? "";
      await hit.click();
      await page.locator(`article[data-event-key="${event}"]`).waitFor();

      // Bad syntax is explained, not a crash.
      await box.fill('"connection pool');
      await box.press("Enter");
      expect(await page.getByTestId("search-error").textContent()).toMatch(/quote is not closed/);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
