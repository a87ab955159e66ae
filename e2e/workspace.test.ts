import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSlackChannel, buildSlackMessage, buildSlackUser, writeSlackExport } from "../test/factories/slack-export.js";
import { startImportRunner } from "../src/commands/import-jobs.js";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";

/*
 * A first-time analyst's workspace in Chromium: an import that creates no incident
 * turned into one from the page, editing an incident and its sources, the Guide's
 * actions landing on their controls with the reasons a step is done, a person's
 * profile from the People view, and the app on a phone (390×844). Every page error or
 * console error fails the test (the signed-out probe on the login page aside).
 */

let server: DemoServer;
let browser: Browser;
let runner: { stop(): Promise<void> } | undefined;
let analyst: ApiSession;
const problems: string[] = [];
const exportDir = mkdtempSync(join(tmpdir(), "debrief-e2e-export-"));

interface IncidentBody {
  incident: {
    id: number;
    title: string;
    severity: string | null;
    resolvedAt: string | null;
    messages: number;
    channels: string[];
    sources: { id: number; kind: string; channel: string | null; pagerdutyId: string | null }[];
    services: { id: number; name: string; origin: string }[];
  };
}

async function newPage(viewport: { width: number; height: number } = LAPTOP_VIEWPORT): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "en-GB", timezoneId: "UTC" });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // The login page asks who is signed in and is told 401 by design.
    if (new URL(page.url()).pathname === "/login" && /status of 401/.test(message.text())) return;
    problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

async function signIn(page: Page, account: TestAccount): Promise<void> {
  await signInThroughForm(page, server.url, account);
}

/** A Slack export of one channel whose name is not an incident channel's: 4 messages on the 14th, 1 on the 15th. */
function warRoomExport(): string {
  return writeSlackExport(
    {
      users: [buildSlackUser("UW1", "wanda"), buildSlackUser("UW2", "wim")],
      channels: [buildSlackChannel("CW1", "war-room-checkout")],
      days: {
        "war-room-checkout": {
          "2023-11-14": [
            buildSlackMessage(0, "UW1", "checkout is timing out for everyone"),
            buildSlackMessage(60, "UW2", "looking at the pool metrics now"),
            buildSlackMessage(300, "UW2", "the connection pool is exhausted"),
            buildSlackMessage(900, "UW1", "raised the pool size, errors are dropping"),
          ],
          "2023-11-15": [buildSlackMessage(7200, "UW1", "lunch plans for tomorrow?")],
        },
      },
    },
    exportDir,
  );
}

let created: number;

beforeAll(async () => {
  server = await startDemoServer({ messages: 1500 });
  runner = startImportRunner(server.store, { pollMs: 100 });
  browser = await launchChromium();
  analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
}, 240_000);

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await runner?.stop();
  await browser?.close();
  await server?.close();
  rmSync(exportDir, { recursive: true, force: true });
});

describe("an import that finds no incident channel", () => {
  it("says what it created and makes an incident of the channel, within a window, from the page", async () => {
    const { context, page } = await newPage();
    await signIn(page, ACCOUNTS.analyst);
    await page.getByRole("link", { name: "Imports" }).click();
    const path = warRoomExport();
    await page.getByLabel("File").setInputFiles({ name: "war-room.zip", mimeType: "application/zip", buffer: readFileSync(path) });
    await page.getByRole("button", { name: "Upload and import" }).click();
    const outcome = page.getByTestId("import-outcome").first();
    await expect.poll(() => outcome.textContent(), { timeout: 30_000 }).toContain("no incident was created");
    await expect.poll(() => outcome.textContent()).toContain("5 messages added in 1 channel, 2 Slack accounts");
    const channel = outcome.getByTestId("imported-channel").filter({ hasText: "#war-room-checkout" });
    await expect.poll(() => channel.textContent()).toContain("5 messages");

    await channel.getByRole("button", { name: "Make an incident from #war-room-checkout" }).click();
    const form = page.getByRole("form", { name: "New incident from #war-room-checkout" });
    await expect.poll(() => form.getByLabel("Title").inputValue()).toBe("War room checkout");
    await form.getByLabel("Title").fill("Checkout pool exhausted");
    await form.getByLabel("From (UTC, optional)").fill("2023-11-14T22:00");
    await form.getByLabel("To (UTC, optional)").fill("2023-11-14T23:59");
    await form.getByLabel("Severity (optional)").fill("SEV2");
    await form.getByRole("button", { name: "Create the incident" }).click();

    await page.waitForURL(/\/incidents\/\d+\/timeline$/);
    await page.getByRole("heading", { level: 1, name: "Checkout pool exhausted" }).waitFor();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    created = Number(new URL(page.url()).pathname.split("/")[2]);
    // The window keeps the next day's chatter out.
    const { incident } = await analyst.expect<IncidentBody>(200, "GET", `/api/incidents/${created}`);
    expect(incident).toMatchObject({ title: "Checkout pool exhausted", severity: "SEV2", channels: ["war-room-checkout"], messages: 4 });
    await expect.poll(() => page.locator("[data-testid=timeline-event]").filter({ hasText: "lunch plans" }).count()).toBe(0);

    // Back on the imports, the channel now names its incident.
    await page.getByRole("link", { name: "Imports" }).click();
    await expect.poll(() => page.getByTestId("imported-channel").first().textContent()).toContain("Checkout pool exhausted");
    await context.close();
  });
});

describe("the Guide does the step", () => {
  it("assigns the reader, lands on the control or event of each step, and says why a step is done", async () => {
    const { context, page } = await newPage();
    await signIn(page, ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${created}/guide`);
    const declare = page.locator('[data-step="declare"]');
    await declare.waitFor();
    await expect.poll(() => declare.locator(".guide-check-open").textContent()).toContain("An analyst is assigned");
    await page.getByTestId("guide-next").getByRole("button", { name: "Assign me as analyst" }).click();
    await expect.poll(() => declare.getAttribute("class")).toContain("guide-step-done");
    await expect.poll(() => declare.locator(".guide-check-met").textContent()).toContain("An analyst is assigned");
    await expect.poll(() => declare.textContent()).toContain("Assigned: Ana Analyst");

    // The demo has PagerDuty data, none linked to this incident: the step opens the link field.
    const paging = page.locator('[data-step="gather_pagerduty"]');
    await expect.poll(() => paging.locator(".guide-check-met").textContent()).toContain("PagerDuty data is imported");
    await paging.getByRole("link", { name: /Do this step/ }).click();
    await page.waitForURL(/\/details#pagerduty$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("placeholder"))).toBe("1208 or PT4KHLK");

    // The demo has a catalog: the services step opens the service picker.
    await page.goto(`${server.url}/incidents/${created}/guide`);
    await page.locator('[data-step="gather_catalog"]').getByRole("link", { name: /Do this step/ }).click();
    await page.waitForURL(/\/details#services$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("section")?.id)).toBe("services");

    // Nothing is annotated: the timeline opens on its first event, selected.
    await page.goto(`${server.url}/incidents/${created}/guide`);
    const study = page.locator('[data-step="study_timeline"]');
    await expect.poll(() => study.locator(".guide-check-open").textContent()).toContain("Each tenth of the timeline holds an annotation (0 of 4)");
    await study.getByRole("link", { name: /Do this step/ }).click();
    await page.waitForURL(/\/timeline\?event=message%3A\d+$/);
    const key = decodeURIComponent(new URL(page.url()).searchParams.get("event") ?? "");
    await page.locator(`article[data-event-key="${key}"][aria-current="true"]`).waitFor();
    await expect.poll(() => page.locator(`article[data-event-key="${key}"]`).textContent()).toContain("checkout is timing out");

    // A missing source lands on its import, with the kind chosen and the file field ready.
    await page.goto(`${server.url}/incidents/${created}/guide`);
    await page.locator('[data-step="gather_transcripts"]').getByRole("link", { name: /Do this step/ }).click();
    await page.waitForURL(/\/imports\?kind=transcript&incident=\d+$/);
    await expect.poll(() => page.getByLabel("What to import").inputValue()).toBe("transcript");
    await expect.poll(() => page.getByLabel("Incident", { exact: true }).inputValue()).toBe(String(created));
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("file");
    await context.close();
  });
});

describe("editing an incident", () => {
  it("changes the title, severity and times, adds and removes a channel, links and unlinks PagerDuty, records a service", async () => {
    const { context, page } = await newPage();
    await signIn(page, ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${created}/details`);
    const edit = page.getByRole("form", { name: "Edit the incident" });
    await edit.getByLabel("Title").fill("Checkout pool exhausted (payments)");
    await edit.getByLabel("Severity").fill("SEV1");
    await edit.getByLabel("Resolved (UTC)").fill("2023-11-14T22:40");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByRole("heading", { level: 1, name: "Checkout pool exhausted (payments)" }).waitFor();
    let { incident } = await analyst.expect<IncidentBody>(200, "GET", `/api/incidents/${created}`);
    expect(incident).toMatchObject({ title: "Checkout pool exhausted (payments)", severity: "SEV1", resolvedAt: "2023-11-14T22:40:00.000Z" });

    // A second channel from the demo, then removed again.
    const { channels } = await analyst.expect<{ channels: { name: string; incidents: unknown[] }[] }>(200, "GET", "/api/channels");
    const other = channels.find((c) => c.name !== "war-room-checkout" && c.incidents.length === 0);
    expect(other).toBeDefined();
    const sources = page.getByRole("form", { name: "Add an imported channel" });
    await sources.getByLabel("Imported channel").selectOption(other?.name ?? "");
    await sources.getByRole("button", { name: "Add the channel" }).click();
    const added = page.getByTestId("channel-source").filter({ hasText: `#${other?.name}` });
    await added.waitFor();
    await added.getByRole("button", { name: /Remove/ }).click();
    await added.waitFor({ state: "detached" });

    // Link a PagerDuty incident by its id, then unlink it.
    const demoIncidents = await analyst.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents");
    let pagerdutyId: string | null = null;
    for (const { id } of demoIncidents.incidents) {
      const body = await analyst.expect<IncidentBody>(200, "GET", `/api/incidents/${id}`);
      pagerdutyId = body.incident.sources.find((s) => s.kind === "pagerduty_incident")?.pagerdutyId ?? null;
      if (pagerdutyId) break;
    }
    expect(pagerdutyId).not.toBeNull();
    const link = page.getByRole("form", { name: "Link a PagerDuty incident" });
    await link.getByLabel("PagerDuty incident (number or id)").fill(pagerdutyId ?? "");
    await link.getByRole("button", { name: "Link" }).click();
    const linked = page.getByTestId("pagerduty-source").filter({ hasText: pagerdutyId ?? "" });
    await linked.waitFor();
    await linked.getByRole("button", { name: /Unlink/ }).click();
    await linked.waitFor({ state: "detached" });

    // A service recorded by hand.
    const record = page.getByRole("form", { name: "Record a service" });
    const picker = record.getByLabel("Catalog service");
    await expect.poll(() => picker.locator("option").count()).toBeGreaterThan(1);
    const serviceName = ((await picker.locator("option").nth(1).textContent()) ?? "").trim();
    await picker.selectOption({ index: 1 });
    await record.getByRole("button", { name: "Record it" }).click();
    await page.getByTestId("incident-service").filter({ hasText: serviceName }).filter({ hasText: "added by hand" }).waitFor();

    ({ incident } = await analyst.expect<IncidentBody>(200, "GET", `/api/incidents/${created}`));
    expect(incident.channels).toEqual(["war-room-checkout"]);
    expect(incident.sources.filter((s) => s.kind === "pagerduty_incident")).toEqual([]);
    expect(incident.services.map((s) => [s.name, s.origin])).toContainEqual([serviceName, "manual"]);
    await context.close();
  });
});

describe("the people view", () => {
  it("opens a person's profile from their name and their team from the team cell", async () => {
    const { incidents } = await analyst.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
    const busiest = incidents[0]?.id;
    const { context, page } = await newPage();
    await signIn(page, ACCOUNTS.analyst);
    await page.goto(`${server.url}/incidents/${busiest}/people`);
    const row = page.locator("[data-testid=people-row]").filter({ has: page.getByTestId("profile-evidence") }).first();
    await row.waitFor();
    const name = ((await row.locator(".person-name").textContent()) ?? "").trim();
    const evidence = row.getByTestId("profile-evidence").first();
    await evidence.click();
    await page.waitForURL(/\/people\/\d+.*#(membership|shift|pages)/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    // The membership, shift or pages the cell came from is marked on the profile.
    const target = page.locator(".is-target");
    await target.waitFor();
    expect(((await target.textContent()) ?? "").trim().length).toBeGreaterThan(0);

    await page.goBack();
    await row.locator(".person-name").click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    const involvement = page.getByTestId("person-incident").first();
    await involvement.waitFor();
    // How they got involved links to the event that did it.
    await involvement.locator("a.evidence-link").click();
    await page.waitForURL(/\/timeline\?event=/);
    await page.locator('article[aria-current="true"]').waitFor();
    await context.close();
  });
});

describe("on a phone (390×844)", () => {
  it("fits the header with Sign out in reach, shows severity and status in the list, and gives the timeline most of the height", async () => {
    const viewport = { width: 390, height: 844 };
    const { context, page } = await newPage(viewport);
    await signIn(page, ACCOUNTS.analyst);
    const widths = await page.evaluate(() => ({ header: document.querySelector(".topbar")?.scrollWidth ?? 0, page: document.documentElement.scrollWidth }));
    expect(widths.header).toBeLessThanOrEqual(viewport.width);
    expect(widths.page).toBeLessThanOrEqual(viewport.width);
    const signOut = await page.getByRole("button", { name: "Sign out" }).boundingBox();
    expect(signOut).not.toBeNull();
    expect((signOut?.x ?? 0) + (signOut?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);

    const row = page.locator("[data-testid=incident-row]").first();
    await row.waitFor();
    expect(await row.locator(".severity, .cell-severity .muted").first().isVisible()).toBe(true);
    expect(await row.locator(".status").first().isVisible()).toBe(true);
    expect(await row.locator(".cell-started").isVisible()).toBe(true);

    // The column headers are folded away; the order is chosen from a menu.
    await page.getByLabel("Sort").selectOption("severity:desc");
    await page.waitForURL(/sort=severity&order=desc/);
    await expect.poll(() => page.locator("[data-testid=incident-row]").first().locator(".severity").textContent()).toMatch(/SEV1/);

    // The navigation is behind Menu.
    expect(await page.getByRole("link", { name: "Imports" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Imports" }).click();
    await page.getByRole("heading", { name: "Imports", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Imports" }).isVisible()).toBe(false);

    await page.goto(`${server.url}/incidents/${created}/timeline`);
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    const height = await page.locator(".timeline-scroll").evaluate((e) => e.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(viewport.height * 0.6);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    await context.close();
  });
});
