import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seedLearningDemo } from "../src/commands/learning-demo.js";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";

/*
 * The library and the learning dashboard in a real browser, on the demo company with
 * its published reviews, reads, meetings and questions: a viewer finds a review, reads
 * it, asks a question and marks an a-ha; an analyst sees readership totals and the
 * dashboard with its programme-health flags.
 */

let server: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function signedIn(account: TestAccount): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, account);
  return page;
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000, prepare: async (store) => void (await seedLearningDemo(store, { actor: "e2e", reviews: 8 })) });
  browser = await launchChromium();
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe("the library and the learning dashboard", () => {
  it("lets a viewer find and read a published review, ask a question and mark an a-ha", async () => {
    const page = await signedIn(ACCOUNTS.viewer);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
    await page.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    const cards = page.locator(".library-card");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(8);
    const title = (await cards.first().locator("h2").textContent())?.trim() ?? "";
    const word = title.split(/\s+/).find((w) => w.length > 4) ?? title;
    await page.getByRole("searchbox", { name: "Search", exact: true }).fill(word);
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=/);
    await page.getByRole("link", { name: title }).first().click();
    await page.getByRole("heading", { name: title, level: 1 }).waitFor();
    await page.getByRole("navigation", { name: "Contents" }).waitFor();
    // The quote is there; the way into the raw conversation is not, for a viewer.
    await expect.poll(() => page.locator("blockquote").count()).toBeGreaterThan(0);
    expect(await page.locator("a.evidence-link").count()).toBe(0);
    await page.locator(".diagram svg").first().waitFor();

    const takeaways = page.locator("[data-section-key=takeaways]");
    await takeaways.scrollIntoViewIfNeeded();
    await takeaways.getByRole("button", { name: "Ask a question" }).click();
    await takeaways.getByLabel("Your question").fill("Which other services use the shared retry default?");
    await takeaways.getByRole("button", { name: "Ask", exact: true }).click();
    await takeaways.getByText("Which other services use the shared retry default?").waitFor();

    // Select words in the text, then mark them.
    await takeaways.locator(".reader-prose p").first().evaluate((p) => {
      const range = document.createRange();
      const text = p.firstChild as Text;
      const at = (text.textContent ?? "").indexOf("shared default");
      range.setStart(text, at);
      range.setEnd(text, at + "shared default".length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await takeaways.getByRole("button", { name: "I didn't know that" }).click();
    const form = takeaways.getByRole("form", { name: "I didn't know that" });
    expect(await form.getByLabel("Passage").inputValue()).toBe("shared default");
    await form.getByLabel("Note (optional, one line)").fill("I thought each team set its own");
    await form.getByRole("button", { name: "Mark it" }).click();
    await takeaways.getByText("I thought each team set its own").waitFor();
    await takeaways.getByText("(yours)").waitFor();

    // Leaving the page sends the reading beacon; the read is stored for this viewer.
    await page.getByRole("link", { name: "Library" }).first().click();
    const viewer = await server.store.db.selectFrom("users").select("id").where("email", "=", ACCOUNTS.viewer.email).executeTakeFirstOrThrow();
    await expect.poll(async () => (await server.store.db.selectFrom("reviewReads").select("visibleMs").where("userId", "=", viewer.id).execute()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    // A viewer is never offered readership or the dashboard.
    expect(await page.getByRole("link", { name: "Learning" }).count()).toBe(0);
  });

  it("shows an analyst readership totals with the privacy rule, and the dashboard with programme-health flags", async () => {
    const page = await signedIn(ACCOUNTS.analyst);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Library" }).click();
    await page.locator(".library-card h2 a").first().click();
    const readership = page.getByRole("region", { name: "Readership" });
    await readership.scrollIntoViewIfNeeded();
    await readership.getByText("Unique readers").waitFor();
    await readership.getByText(/Nobody, admins included, can see which person read what/).waitFor();
    // Evidence links are open to analysts.
    expect(await page.locator("a.evidence-link").count()).toBeGreaterThan(0);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Learning" }).click();
    await page.getByRole("heading", { name: "Programme health" }).waitFor();
    await page.locator(".dashboard-chart svg").first().waitFor();
    const flags = page.getByTestId("health-flag");
    await flags.first().waitFor();
    expect(await flags.count()).toBeGreaterThan(0);
    await page.getByRole("heading", { name: /One voice dominated|Small review meetings/ }).first().waitFor();
    expect(await page.locator(".dashboard-chart a").count()).toBeGreaterThan(0);
    await page.getByText(/fewer than 3/).first().waitFor();
    // A flag opens its evidence.
    const flag = page.getByTestId("health-flag").filter({ hasText: "nobody outside its authors" }).first();
    await flag.getByRole("link").click();
    await page.getByRole("navigation", { name: "Contents" }).waitFor();
  });
});
