import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";

/*
 * Review meetings in a real browser: an analyst schedules one from the incident's
 * Meetings tab, adds attendees from the directory and an account, uploads a WebVTT
 * transcript and sees who spoke how much, then opens the live page.
 */

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let incidentId = 0;
let people: { id: number; name: string; department: string | null }[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000 });
  browser = await launchChromium();
  const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const { incidents } = await admin.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  incidentId = incidents[0]?.id ?? 0;
  // Two people with distinct single-word-safe names and known departments.
  const listed = await admin.expect<{ people: { id: number; name: string; department: string | null }[] }>(200, "GET", "/api/people?limit=200");
  people = listed.people.filter((p) => p.department !== null && /^[A-Za-z]+ [A-Za-z]+$/.test(p.name)).slice(0, 2);
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

describe("review meetings", () => {
  it("schedules a meeting, adds attendees, uploads a transcript and shows the speaking share", async () => {
    expect(people).toHaveLength(2);
    const [first, second] = people as [(typeof people)[number], (typeof people)[number]];
    await page.goto(`${server.url}/incidents/${incidentId}/timeline`);
    await page.getByRole("navigation", { name: "Incident views" }).getByRole("link", { name: "Meetings" }).click();
    await page.getByRole("heading", { name: "Review meetings" }).waitFor();
    await page.getByRole("button", { name: "Schedule a meeting" }).click();
    const form = page.getByRole("form", { name: "Schedule a review meeting" });
    await form.getByLabel("Title").fill("Checkout outage review");
    await form.getByLabel("When (your local time)").fill("2026-12-10T15:00");
    await form.getByLabel("Find people in the directory").fill(first.name);
    await form.getByRole("button", { name: `Add ${first.name}` }).click();
    await form.getByLabel("Or an analyst's account").selectOption({ label: ACCOUNTS.analyst.name });
    await form.getByRole("list", { name: "Chosen attendees" }).getByText(ACCOUNTS.analyst.name).waitFor();
    await form.getByRole("button", { name: "Schedule" }).click();

    const card = page.getByTestId("meeting-card").filter({ hasText: "Checkout outage review" });
    await card.waitFor();
    await expect.poll(() => card.getByRole("list", { name: "Attendees" }).locator("li").count()).toBe(2);
    await card.getByText(`${first.name} (${first.department})`).waitFor();

    // Add a second directory person afterwards.
    await card.getByRole("button", { name: "Add or remove attendees" }).click();
    await card.getByLabel("Find people in the directory").fill(second.name);
    await card.getByRole("button", { name: `Add ${second.name}` }).click();
    await card.getByRole("button", { name: "Save attendees" }).click();
    await expect.poll(() => card.getByRole("list", { name: "Attendees" }).locator("li").count()).toBe(3);
    await card.getByText("No transcript imported yet").waitFor();

    // 9 words from the first person, 3 from the second: 75% and 25%.
    const vtt = [
      "WEBVTT",
      "",
      "1",
      "00:00:01.000 --> 00:00:05.000",
      `${first.name}: the retry storm started right when the cache emptied`,
      "",
      "2",
      "00:00:06.000 --> 00:00:08.000",
      `${second.name}: I didn't know`,
      "",
    ].join("\n");
    await card.getByLabel("Upload the WebVTT transcript").setInputFiles({ name: "review-meeting.vtt", mimeType: "text/vtt", buffer: Buffer.from(vtt) });
    const share = card.getByRole("table", { name: "Speaking share" });
    await share.waitFor();
    await share.getByRole("row", { name: new RegExp(first.name) }).getByText("75% of 12 words").waitFor();
    await share.getByRole("row", { name: new RegExp(second.name) }).getByText("25% of 12 words").waitFor();

    await card.getByRole("link", { name: "Open the live page" }).click();
    await page.getByRole("heading", { name: "Checkout outage review", level: 1 }).waitFor();
    expect(page.url()).toMatch(new RegExp(`/incidents/${incidentId}/meetings/\\d+$`));
    expect(pageErrors).toEqual([]);
  });
});
