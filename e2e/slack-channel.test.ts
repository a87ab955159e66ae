import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSlackChannel, buildSlackUser } from "../test/factories/slack-export.js";
import { type FakeSlack, startFakeSlack } from "../test/fake-slack-server.js";
import { startImportRunner } from "../src/commands/import-jobs.js";
import { insertIncident } from "../src/db/repositories/incidents.js";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";

/*
 * "Add a Slack channel" in a real browser: an analyst names a channel on an incident
 * with no sources yet, the form follows the sync job against a fake Slack Web API on
 * 127.0.0.1, and the timeline then shows the channel's messages.
 */

const TOKEN = "xoxb-e2e-channel-4242";
const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z

let server: DemoServer;
let fake: FakeSlack;
let runner: { stop(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
let incidentId = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  fake = await startFakeSlack({
    token: TOKEN,
    users: [buildSlackUser("U1", "alice"), buildSlackUser("U2", "bob")],
    channels: [{ ...buildSlackChannel("C42", "search-outage"), created: T0 }],
    messages: {
      C42: [
        { type: "message", user: "U1", text: "search answers nothing since the index rebuild", ts: `${T0 + 60}.000100` },
        { type: "message", user: "U2", text: "rolling the index back now", ts: `${T0 + 300}.000100` },
      ],
    },
  });
  // The app offers the form (as when SLACK_BOT_TOKEN is set); the runner below holds the token itself.
  server = await startDemoServer({
    messages: 300,
    prepare: async (store) => {
      incidentId = await insertIncident(store.db, { title: "Search returns nothing", origin: "manual", startedAt: null, sources: [], now: Date.now() });
    },
    appOptions: { slackSync: true },
  });
  runner = startImportRunner(server.store, { pollMs: 100, slack: { token: TOKEN, apiUrl: fake.url } });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await signInThroughForm(page, server.url, ACCOUNTS.analyst);
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await runner?.stop();
  await server?.close();
  await fake?.close();
});

describe("add a Slack channel", () => {
  it("fetches the channel in the background, shows the result and the timeline includes it", async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/timeline`);
    await page.getByRole("heading", { name: "Search returns nothing", level: 1 }).waitFor();
    await page.getByText("Add a Slack channel", { exact: true }).click();
    const form = page.getByRole("form", { name: "Add a Slack channel" });
    await form.getByLabel("Channel").fill("#search-outage");
    await form.getByLabel("From (UTC, optional)").fill("2023-11-14T22:00");
    await form.getByRole("button", { name: "Fetch and add" }).click();
    const status = page.locator(".add-slack-channel [role=status]");
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain("#search-outage added: 2 messages fetched (2 new, 0 updated)");
    await expect.poll(() => page.locator(".channels").textContent(), { timeout: 10_000 }).toContain("#search-outage");
    await expect.poll(() => page.locator("article.event-message .event-text").allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining(["search answers nothing since the index rebuild", "rolling the index back now"]),
    );
    expect(pageErrors).toEqual([]);
  });
});
