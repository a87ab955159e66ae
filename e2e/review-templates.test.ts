import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";

/*
 * Review templates and the whole-review check in Chromium: an admin adds a template with
 * ordered sections and makes it the default, an analyst is offered it when starting a
 * review, and the check lists a hint from a section that is not open, without the
 * dismissed occurrence, and jumps to its words in the editor.
 */

let server: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let incidentId = 0;

async function signedIn(account: TestAccount): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "UTC" });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, account);
  return page;
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 400 });
  browser = await launchChromium();
  const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
  const { incidents } = await analyst.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents");
  incidentId = incidents[0]?.id ?? 0;
  if (!incidentId) throw new Error("the demo has no incident");
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
});

describe("review templates and the whole-review check", () => {
  it("an admin adds a template with ordered sections and help text, and makes it the default", async () => {
    const page = await signedIn(ACCOUNTS.admin);
    await page.getByRole("link", { name: "Admin" }).click();
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Review templates" }).click();
    await page.waitForURL(/\/admin\/review-templates$/);
    await page.getByRole("heading", { name: "Review templates", level: 2 }).waitFor();

    await page.getByLabel("Template name").fill("Short write-up");
    await page.getByLabel("Title of section 1").fill("What happened");
    await page.getByLabel("Help text of section 1").fill("The events in the order people met them.");
    await page.getByRole("button", { name: "Add a section" }).click();
    await page.getByLabel("Title of section 2").fill("What we learned");
    await page.getByLabel("Key of section 2").fill("learned");
    await page.getByLabel("Help text of section 2").fill("What surprised us about how the system works.");
    // Order matters: the second section goes first.
    await page.getByRole("button", { name: "Move section 2 up" }).click();
    expect(await page.getByLabel("Title of section 1").inputValue()).toBe("What we learned");
    await page.getByRole("button", { name: "Create template" }).click();
    await page.getByRole("status").filter({ hasText: "“Short write-up” is added." }).waitFor();

    const row = page.locator('tr[data-template="Short write-up"]');
    await row.getByRole("button", { name: "Make “Short write-up” the default" }).click();
    await page.getByRole("status").filter({ hasText: "New reviews start from “Short write-up”." }).waitFor();
    await row.getByText("Default", { exact: true }).waitFor();

    const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
    const { templates } = await admin.expect<{ templates: { name: string; isDefault: boolean; sections: { key: string; title: string; help: string }[] }[] }>(200, "GET", "/api/review-templates");
    const made = templates.find((t) => t.name === "Short write-up");
    expect(made?.isDefault).toBe(true);
    expect(made?.sections).toEqual([
      { key: "learned", title: "What we learned", help: "What surprised us about how the system works." },
      { key: "what_happened", title: "What happened", help: "The events in the order people met them." },
    ]);
    expect(templates.filter((t) => t.isDefault)).toHaveLength(1);
  });

  it("an analyst is offered the new default when starting a review, and the review has its sections", async () => {
    const page = await signedIn(ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${incidentId}/review`);
    const choice = page.getByLabel("Template");
    await choice.waitFor();
    expect(await choice.locator("option:checked").textContent()).toBe("the default (Short write-up)");
    await page.getByRole("button", { name: "Start the review" }).click();
    const nav = page.getByRole("navigation", { name: "Review sections" });
    await nav.getByRole("button", { name: /^What we learned/ }).waitFor();
    const titles = await nav.locator("ol").first().locator("li button").allTextContents();
    expect(titles.map((t) => t.replace(/ · empty$/, ""))).toEqual(["What we learned", "What happened"]);
    await page.getByText("What surprised us about how the system works.").waitFor();
  });

  it("lists a hint from a section that is not open, leaves out the dismissed occurrence, and jumps to the words", async () => {
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const { review } = await analyst.expect<{ review: { version: { number: number; revision: number } } }>(200, "GET", `/api/incidents/${incidentId}/review`);
    const text = "The cache filled up. It was human error.\n\nThe second outage was also human error.";
    await analyst.expect(200, "PATCH", `/api/incidents/${incidentId}/review`, { version: review.version.number, revision: review.version.revision, sections: [{ key: "what_happened", markdown: text }] });
    await analyst.expect(201, "POST", `/api/incidents/${incidentId}/review/dismissals`, { sectionKey: "what_happened", category: "blame", text: "human error", occurrence: 0 });

    const page = await signedIn(ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${incidentId}/review?section=learned`);
    await page.getByRole("heading", { level: 2, name: "What we learned" }).waitFor();
    await page.getByRole("button", { name: "Check the whole review" }).click();
    const group = page.getByRole("region", { name: "Hints in What happened" });
    await group.waitFor({ timeout: 15_000 });
    const items = group.locator("li");
    // Two "human error" in the text, the first dismissed: one is left.
    expect(await items.filter({ hasText: "human error" }).count()).toBe(1);
    const item = items.filter({ hasText: "human error" }).first();
    expect(await item.locator(".badge").textContent()).toBe("blame");
    expect(await item.textContent()).toContain("Try:");
    await item.getByRole("button", { name: /^Go to “human error”/ }).click();
    await page.getByRole("heading", { level: 2, name: "What happened" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.getSelection()?.toString() ?? "")).toBe("human error");
    // The selection is the second occurrence, the one not dismissed: on the paragraph about the second outage.
    const line = await page.evaluate(() => document.getSelection()?.anchorNode?.parentElement?.closest(".cm-line")?.textContent ?? "");
    expect(line).toBe("The second outage was also human error.");
    expect(pageErrors).toEqual([]);
  });
});
