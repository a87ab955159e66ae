import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";

/*
 * From an annotated demo incident to a published review, in a real browser: the first
 * draft from the evidence (with the incident's follow-ups), a quote that links back to its
 * event, a Mermaid diagram, a wording hint dismissed, references pruned, and publishing.
 */

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let incidentId = 0;
const pageErrors: string[] = [];

interface TimelineEvent {
  key: string;
  kind: string;
  id: string;
  text: string;
  subtype: string | null;
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000 });
  browser = await launchChromium();
  const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
  const { incidents } = await analyst.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  incidentId = incidents[0]?.id ?? 0;
  const { events } = await analyst.expect<{ events: TimelineEvent[] }>(200, "GET", `/api/incidents/${incidentId}/timeline?limit=200`);
  const messages = events.filter((e) => e.kind === "message" && e.subtype === null && e.text.split(/\s+/).length >= 4);
  const tags = [["detection"], ["diagnosis"], ["repair"]] as const;
  for (const [i, tag] of tags.entries()) {
    const event = messages[i * 3];
    if (!event) throw new Error("too few messages in the demo incident");
    await analyst.expect(201, "POST", `/api/incidents/${incidentId}/annotations`, { eventKind: "message", eventId: event.id, tags: tag, note: `marked as ${tag[0]}` });
  }
  await analyst.expect(201, "POST", `/api/incidents/${incidentId}/follow-ups`, { title: "Alert on pool saturation", kind: "prevention", trackerUrl: "https://github.com/acme/checkout/issues/42" });
  context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function openSection(title: string): Promise<void> {
  await page.getByRole("navigation", { name: "Review sections" }).getByRole("button", { name: new RegExp(`^${title}`) }).click();
  await page.getByRole("heading", { level: 2, name: title }).waitFor();
}

describe("writing the review", () => {
  it("starts the draft from the annotated timeline, with key moments that link to their events", async () => {
    await signInThroughForm(page, server.url, ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${incidentId}/guide`);
    await page.getByText("No review yet: start the draft").waitFor();
    await page.getByRole("link", { name: "Review", exact: true }).click();
    await page.getByRole("button", { name: "Start the review" }).click();
    await expect.poll(() => page.getByTestId("review-status").textContent()).toBe("Draft");
    await openSection("Key-moment timeline");
    const links = page.getByTestId("review-preview").locator("a[href*='/timeline?event=message']");
    await expect.poll(() => links.count()).toBe(3);
    expect(await page.getByTestId("review-preview").textContent()).toContain("Detection");
    await openSection("Follow-ups");
    const followUp = page.getByTestId("review-preview").getByRole("link", { name: "Alert on pool saturation" });
    expect(await followUp.getAttribute("href")).toBe("https://github.com/acme/checkout/issues/42");
  });

  it("writes the narrative with a quote that links back and a Mermaid diagram, and saves it", async () => {
    await openSection("How we got here");
    const editor = page.locator(".cm-content");
    await editor.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.press("Delete");
    await page.keyboard.type("The team saw checkout errors first.\n\n```mermaid\nflowchart LR\n  A[Deploy] --> B[Errors]\n```\n");
    await page.getByRole("button", { name: /^Quote / }).first().click();
    const preview = page.getByTestId("review-preview");
    await preview.locator("[data-testid=mermaid-diagram] svg").waitFor({ timeout: 30_000 });
    const quoteLink = preview.locator("blockquote a[href*='/timeline?event=']").first();
    await quoteLink.waitFor();
    // The quote's time is shown in the reader's local time, with the instant kept as its datetime.
    expect(await quoteLink.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.getByRole("button", { name: "Save section" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Save section" }).isDisabled()).toBe(true);
    // No raw HTML reaches the reader.
    expect(await preview.locator("script").count()).toBe(0);
  });

  it("flags blaming wording as it is typed, and a dismissed occurrence stays dismissed with the review", async () => {
    await openSection("Contributors and enablers");
    await page.locator(".cm-content").click();
    await page.keyboard.type("Checkout stopped. It was human error.");
    const flagged = page.locator(".cm-lintRange-warning");
    await flagged.first().waitFor({ timeout: 15_000 });
    await flagged.first().hover();
    const tooltip = page.locator(".cm-tooltip-lint");
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/blame/i);
    await tooltip.getByRole("button", { name: "Dismiss" }).first().click();
    await expect.poll(() => flagged.count()).toBe(0);
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const { dismissals } = await analyst.expect<{ dismissals: { sectionKey: string; category: string; text: string; occurrence: number }[] }>(200, "GET", `/api/incidents/${incidentId}/review/dismissals`);
    expect(dismissals).toMatchObject([{ sectionKey: "contributors", category: "blame", text: "human error", occurrence: 0 }]);
    await page.getByRole("button", { name: "Save section" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Save section" }).isDisabled()).toBe(true);
  });

  it("prunes a reference from the references section", async () => {
    await openSection("Resources and references");
    const boxes = page.getByRole("checkbox", { name: /^Keep / });
    await expect.poll(() => boxes.count()).toBeGreaterThan(0);
    const name = (await boxes.first().getAttribute("aria-label"))?.replace(/^Keep /, "") ?? "";
    const preview = page.getByTestId("review-preview");
    const before = (await preview.textContent()) ?? "";
    expect(before).toContain(name);
    await boxes.first().uncheck();
    await expect.poll(async () => (await preview.textContent())?.includes(name) ?? false).toBe(false);
  });

  it("publishes the version, freezes it, and the quote leads back to its event on the timeline", async () => {
    await page.getByRole("button", { name: "Publish version 1" }).click();
    await expect.poll(() => page.getByTestId("review-status").textContent()).toBe("Published");
    await page.getByText("is published and frozen").waitFor();
    await openSection("How we got here");
    const link = page.getByTestId("review-preview").locator("blockquote a[href*='/timeline?event=']").first();
    const href = (await link.getAttribute("href")) ?? "";
    await link.click();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    const key = decodeURIComponent(new URL(href, server.url).searchParams.get("event") ?? "");
    await page.locator(`article[data-event-key="${key}"]`).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incidentId}/timeline`);
  });

  it("exports the published version as PDF from the Review tab", async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/review`);
    const link = page.getByRole("link", { name: "PDF", exact: true });
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toContain("format=pdf");
    const response = await page.request.get(new URL(href, server.url).toString(), { timeout: 120_000 });
    expect(response.status()).toBe(200);
    expect((await response.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageErrors).toEqual([]);
  });
});
