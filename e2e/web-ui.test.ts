import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, type TestAccount, signInThroughForm } from "./support/demo-server.js";
import { screenshotFolder } from "./support/screenshots.js";
import { eventRow, scrollToEvent } from "./support/timeline.js";

/*
 * The web UI in a real browser against the real server: `buildApp` on a temporary
 * SQLite store with the demo company loaded, Debian Chromium driven by playwright-core.
 * With DEBRIEF_SCREENSHOTS=1 the main screens are saved to docs/screenshots/.
 */

const screenshots = screenshotFolder("debrief-screens-");

interface IncidentRow {
  id: number;
  title: string;
  status: string;
  people: number;
  messages: number;
}

let server: DemoServer;
let browser: Browser;
let admin: ApiSession;
let incident: IncidentRow;
let published: IncidentRow;
let unpublished: IncidentRow;
/** Uncaught errors in any page: there must be none. */
const pageErrors: string[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin", deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}

async function signIn(page: Page, account: TestAccount): Promise<void> {
  await signInThroughForm(page, server.url, account);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await screenshots.save(page, name);
}

/**
 * The key of the n-th plain message (not a join, topic change or bot card) with a few
 * words in it, scrolling the virtualised timeline until that many are on screen.
 */
async function wordyMessageKey(page: Page, n: number): Promise<string> {
  const feed = page.locator(".timeline-scroll");
  await page.locator("[data-testid=timeline-event]").first().waitFor();
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const keys = await page
      .locator("article.event-message:not(.event-compact)")
      .evaluateAll((nodes) =>
        nodes
          .filter((node) => (node.querySelector(".event-text")?.textContent ?? "").trim().split(/\s+/).length >= 4 && !node.querySelector(".attachment"))
          .map((node) => node.getAttribute("data-event-key") ?? ""),
      );
    const key = keys[n];
    if (key) {
      await page.locator(`article[data-event-key="${key}"]`).scrollIntoViewIfNeeded();
      return key;
    }
    await feed.evaluate((element) => {
      element.scrollTop += 250;
    });
    await page.waitForTimeout(30);
  }
  throw new Error(`fewer than ${n + 1} plain messages in the timeline`);
}



/** A plain message of the incident as the timeline API gives it. */
interface PlainMessage {
  key: string;
  id: string;
  text: string;
}

/**
 * The n-th plain message (no subtype, attachment or file) of the incident's first
 * timeline page whose text starts with a few ordinary words, read through the API so a
 * test can annotate it before opening the page.
 */
async function plainMessage(n: number): Promise<PlainMessage> {
  // The threads view the timeline opens in: thread replies are folded under their parent.
  const { events } = await admin.expect<{ events: { key: string; kind: string; id: string; subtype: string | null; text: string; attachments: unknown[]; files: unknown[] }[] }>(
    200,
    "GET",
    `/api/incidents/${incident.id}/timeline?limit=200&view=threads`,
  );
  const plain = events.filter((e) => e.kind === "message" && e.subtype === null && e.attachments.length === 0 && e.files.length === 0 && /^[A-Za-z'’]+ [A-Za-z'’]+ \S+ \S+/.test(e.text));
  const found = plain[n];
  if (!found) throw new Error(`fewer than ${n + 1} plain messages on the first timeline page`);
  return { key: found.key, id: found.id, text: found.text };
}

/** Annotates a message through the API as `as`, the way the panel would. */
async function annotate(
  message: PlainMessage,
  annotation: { tags: string[]; note: string; range?: { start: number; end: number } },
  as: ApiSession,
): Promise<{ id: number; version: number }> {
  const range = annotation.range;
  const body = {
    eventKind: "message",
    eventId: message.id,
    tags: annotation.tags,
    note: annotation.note,
    ...(range ? { rangeStart: range.start, rangeEnd: range.end, quote: message.text.slice(range.start, range.end) } : {}),
  };
  const { annotation: made } = await as.expect<{ annotation: { id: number; version: number } }>(201, "POST", `/api/incidents/${incident.id}/annotations`, body);
  return made;
}

/** A new browser page signed in as the analyst, on the incident's timeline (scrolled to `event` when given). */
async function analystOnTimeline(event?: string): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage();
  await signIn(opened.page, ACCOUNTS.analyst);
  await opened.page.goto(`${server.url}/incidents/${incident.id}/timeline${event ? `?event=${encodeURIComponent(event)}` : ""}`);
  await opened.page.locator("[data-testid=timeline-event]").first().waitFor();
  return opened;
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000 });
  browser = await launchChromium();
  admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const { incidents } = await admin.expect<{ incidents: IncidentRow[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  expect(incidents.length).toBeGreaterThan(2);
  incident = incidents[0] as IncidentRow;
  published = incidents[1] as IncidentRow;
  unpublished = incidents[2] as IncidentRow;
  const { users } = await admin.expect<{ users: { id: number; email: string }[] }>(200, "GET", "/api/users");
  const analystId = users.find((u) => u.email === ACCOUNTS.analyst.email)?.id;
  await admin.expect(200, "PATCH", `/api/incidents/${incident.id}`, { status: "in_analysis", analystIds: [analystId] });
  await admin.expect(200, "PATCH", `/api/incidents/${published.id}`, { status: "published" });
}, 240_000);

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  screenshots.dispose();
});

describe("web UI", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  it("sends a signed-out reader to the login page, refuses a wrong password, and signs in", async () => {
    await page.goto(`${server.url}/incidents/${incident.id}/timeline`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).searchParams.get("next")).toBe(`/incidents/${incident.id}/timeline`);
    await page.getByLabel("E-mail").fill(ACCOUNTS.analyst.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("do not match");
    await screenshot(page, "login");
    await page.getByLabel("Password").fill(ACCOUNTS.analyst.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where they were going.
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incident.id}/timeline`);
  });

  it("lists the incidents, filters and sorts them, and opens one", async () => {
    await page.getByRole("link", { name: "Incidents", exact: true }).first().click();
    const rows = page.locator("[data-testid=incident-row]");
    await rows.first().waitFor();
    const all = await rows.count();
    expect(all).toBeGreaterThan(2);
    await page.getByLabel("Status").selectOption("published");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel("Status").selectOption("");
    await expect.poll(() => rows.count()).toBe(all);
    await page.getByRole("button", { name: /^Messages/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("messages");
    const titles = () => rows.evaluateAll((nodes) => nodes.map((n) => n.querySelector(".incident-link")?.textContent ?? ""));
    // Severity: worst first, the unset ones last.
    await page.getByRole("button", { name: /^Severity/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("severity");
    const bySeverity = await admin.expect<{ incidents: (IncidentRow & { severity: string | null })[] }>(200, "GET", "/api/incidents?sort=severity&order=desc");
    await expect.poll(titles).toEqual(bySeverity.incidents.map((i) => i.title));
    const cells = await rows.evaluateAll((nodes) => nodes.map((n) => n.querySelectorAll("td")[1]?.textContent ?? ""));
    const ranks = cells.map((c) => (/(\d+)/.exec(c)?.[1] === undefined ? Number.POSITIVE_INFINITY : Number(/(\d+)/.exec(c)?.[1])));
    expect(ranks.some(Number.isFinite)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Status: the second click turns it to the analysis order, new first.
    await page.getByRole("button", { name: /^Status/ }).click();
    await page.getByRole("button", { name: /^Status/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("asc");
    const byStatus = await admin.expect<{ incidents: IncidentRow[] }>(200, "GET", "/api/incidents?sort=status&order=asc");
    const order = ["new", "in_analysis", "in_review", "published"];
    const indexes = byStatus.incidents.map((i) => order.indexOf(i.status));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    await expect.poll(titles).toEqual(byStatus.incidents.map((i) => i.title));
    await page.getByRole("button", { name: /^Started/ }).click();
    await page.getByRole("button", { name: /^Started/ }).click();
    await rows.first().waitFor();
    await screenshot(page, "incident-list");
    await page.getByRole("link", { name: incident.title }).click();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    await page.getByRole("heading", { level: 1, name: incident.title }).waitFor();
  });

  it("moves the selection with j/k, opens the panel with Enter and closes it with Escape", async () => {
    const events = page.locator("[data-testid=timeline-event]");
    const keys = await events.evaluateAll((nodes) => nodes.slice(0, 4).map((n) => n.getAttribute("data-event-key")));
    await events.first().locator(".event-time").click();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect.poll(() => page.locator("article[aria-current=true]").getAttribute("data-event-key")).toBe(keys[2]);
    await page.keyboard.press("k");
    await expect.poll(() => page.locator("article[aria-current=true]").getAttribute("data-event-key")).toBe(keys[1]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-event-key"))).toBe(keys[1]);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Annotations", level: 2 }).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator(".annotation-panel").count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-event-key"))).toBe(keys[1]);
  });

  it("annotates a message: select it, pick a tag, write a note, save", async () => {
    const annotatedKey = await wordyMessageKey(page, 1);
    await eventRow(page, annotatedKey).locator(".event-time").click();
    await page.keyboard.press("Enter");
    const panel = page.locator(".annotation-panel");
    await panel.getByLabel("Hypothesis").check();
    await panel.getByLabel("Note").fill("First theory on the table: the connection pool.");
    await panel.getByRole("button", { name: "Save annotation" }).click();
    await panel.locator("[data-testid=annotation]").filter({ hasText: "First theory on the table" }).waitFor();
    await eventRow(page, annotatedKey).locator(".tag-chip", { hasText: "Hypothesis" }).waitFor();
  });

  it("annotates a span of a message's text", async () => {
    const rangeKey = await wordyMessageKey(page, 3);
    const quote = await eventRow(page, rangeKey).locator(".event-text").evaluate((element) => {
      // Select the first two words, as a reader dragging the mouse would.
      const text = element.textContent ?? "";
      const end = text.split(" ").slice(0, 2).join(" ").length;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const first = walker.nextNode();
      if (!first) throw new Error("no text");
      const range = document.createRange();
      range.setStart(first, 0);
      range.setEnd(first, Math.min(end, first.textContent?.length ?? 0));
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      element.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return range.toString().trim();
    });
    const panel = page.locator(".annotation-panel");
    await panel.getByRole("heading", { name: "Annotate the selected words" }).waitFor();
    expect(await panel.locator(".selected-quote q").textContent()).toBe(quote);
    await panel.getByLabel("Key moment").check();
    await panel.getByLabel("Note").fill("Where the response turned.");
    await panel.getByRole("button", { name: "Save annotation" }).click();
    await page.locator(`article[data-event-key="${rangeKey}"] mark.hl-key_moment`).waitFor();
    expect(await page.locator(`article[data-event-key="${rangeKey}"] mark.hl-key_moment`).textContent()).toBe(quote);
  });

  it("shows the annotations after a reload", async () => {
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const whole = await plainMessage(5);
    const spanned = await plainMessage(7);
    const words = spanned.text.split(" ").slice(0, 2).join(" ");
    await annotate(whole, { tags: ["hypothesis"], note: "A theory kept across reloads: the cache warmed late." }, analyst);
    await annotate(spanned, { tags: ["key_moment"], note: "The turn, kept across reloads.", range: { start: 0, end: words.length } }, analyst);
    const { context, page: own } = await analystOnTimeline();
    try {
      for (const fresh of [false, true]) {
        if (fresh) await own.reload();
        await scrollToEvent(own, whole.key);
        await eventRow(own, whole.key).locator(".tag-chip", { hasText: "Hypothesis" }).waitFor();
        await scrollToEvent(own, spanned.key);
        await eventRow(own, spanned.key).locator("mark.hl-key_moment").first().waitFor();
        expect(await eventRow(own, spanned.key).locator("mark.hl-key_moment").first().textContent()).toBe(words);
      }
      await scrollToEvent(own, whole.key);
      await eventRow(own, whole.key).locator(".tag-button").click();
      await own.locator(".annotation-panel [data-testid=annotation]").filter({ hasText: "A theory kept across reloads" }).waitFor();
      await screenshot(own, "timeline");
    } finally {
      await context.close();
    }
  });

  it("says when someone else changed the annotation, and reloads it", async () => {
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const message = await plainMessage(6);
    const stored = await annotate(message, { tags: ["hypothesis"], note: "A theory someone else will change." }, analyst);
    const { context, page: own } = await analystOnTimeline(message.key);
    try {
      await eventRow(own, message.key).locator(".tag-button").click();
      const panel = own.locator(".annotation-panel");
      const item = panel.locator("[data-testid=annotation]").filter({ hasText: "A theory someone else will change." });
      await item.getByRole("button", { name: "Edit" }).click();
      // Meanwhile another analyst saves a change.
      await analyst.expect(200, "PATCH", `/api/annotations/${stored.id}`, { version: stored.version, note: "Changed by someone else." });
      await panel.getByLabel("Note").fill("My own edit.");
      await panel.getByRole("button", { name: "Save changes" }).click();
      await panel.getByRole("alert").filter({ hasText: "Someone else changed this annotation" }).waitFor();
      await panel.getByRole("button", { name: "Reload the annotation" }).click();
      await expect.poll(() => panel.getByLabel("Note").inputValue()).toBe("Changed by someone else.");
      await panel.getByLabel("Note").fill("My own edit, on top of theirs.");
      await panel.getByRole("button", { name: "Save changes" }).click();
      await panel.locator("[data-testid=annotation]").filter({ hasText: "My own edit, on top of theirs." }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("filters the timeline by tag", async () => {
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const message = await plainMessage(8);
    await annotate(message, { tags: ["hypothesis"], note: "A theory to filter by." }, analyst);
    // Other tests may have tagged events too: the filter shows exactly the events with a hypothesis.
    const { annotations } = await analyst.expect<{ annotations: { eventKind: string; eventId: string; tags: string[] }[] }>(200, "GET", `/api/incidents/${incident.id}/annotations`);
    const expected = [...new Set(annotations.filter((a) => a.tags.includes("hypothesis")).map((a) => `${a.eventKind}:${a.eventId}`))].sort();
    expect(expected).toContain(message.key);
    const { context, page: own } = await analystOnTimeline();
    try {
      const events = own.locator("[data-testid=timeline-event]");
      await own.getByLabel("Tag").selectOption("hypothesis");
      await expect.poll(() => events.count()).toBe(expected.length);
      expect((await events.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-event-key") ?? ""))).sort()).toEqual(expected);
      await own.getByLabel("Tag").selectOption("");
      await expect.poll(() => events.count()).toBeGreaterThan(5);
    } finally {
      await context.close();
    }
  });

  it("shows the people breakdown: summary, the picture of who pulled in whom, the table", async () => {
    await page.getByRole("link", { name: "People", exact: true }).click();
    await page.locator("[data-testid=people-row]").first().waitFor();
    expect(await page.locator("[data-testid=people-row]").count()).toBeGreaterThan(1);
    // A group, not an image: each person's mark is a link to the event that involved them.
    const chart = page.locator("svg.involvement-chart[role=group]");
    await chart.waitFor();
    expect(await chart.locator("title").first().textContent()).toBe("Who pulled in whom, over time");
    expect(await chart.locator("desc").textContent()).toMatch(/people got involved/);
    expect(await chart.locator(".person-mark").count()).toBe(await page.locator("[data-testid=people-row]").count());
    const marks = chart.locator("[data-testid=chart-evidence-link]");
    expect(await marks.count()).toBe(await page.locator("[data-testid=people-row]").count());
    for (const href of await marks.evaluateAll((links) => links.map((a) => a.getAttribute("href")))) {
      expect(href).toMatch(new RegExp(`^/incidents/${incident.id}/timeline\\?event=(message|page)%3A\\d+$`));
    }
    await page.getByText("To first page").waitFor();
    await screenshot(page, "people");
  });

  it("follows a person's involvement link to that event in the timeline, and scrolls up to earlier events", async () => {
    interface Evidence {
      source: "message" | "join" | "page";
      id: number;
    }
    const { participants } = await admin.expect<{ participants: { person: { name: string }; evidence: { involvement: Evidence | null } }[] }>(
      200,
      "GET",
      `/api/incidents/${incident.id}/people`,
    );
    // The last person to be pulled in for a recorded reason: far enough into the stream that the page opens mid-way.
    const chosen = [...participants].reverse().find((p) => p.evidence.involvement !== null);
    if (!chosen?.evidence.involvement) throw new Error("no participant with involvement evidence");
    const ref = chosen.evidence.involvement;
    const key = `${ref.source === "page" ? "page" : "message"}:${ref.id}`;
    const around = await admin.expect<{ events: { key: string; text: string }[]; startIndex: number }>(200, "GET", `/api/incidents/${incident.id}/timeline?around=${key}&limit=200&view=threads`);
    const evidence = around.events.find((e) => e.key === key);
    if (!evidence) throw new Error(`${key} is not on its own around page`);
    expect(around.startIndex).toBeGreaterThan(0);

    await page.goto(`${server.url}/incidents/${incident.id}/people`);
    const link = page.getByRole("link", { name: `the event that involved ${chosen.person.name}, in the timeline` });
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe(`/incidents/${incident.id}/timeline?event=${encodeURIComponent(key)}`);
    // Keyboard reachable: focus it and follow it with Enter.
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/timeline\?event=/);

    const row = eventRow(page, key);
    await row.waitFor();
    await page.waitForFunction((k) => document.activeElement?.getAttribute("data-event-key") === k, key);
    expect(await row.getAttribute("aria-current")).toBe("true");
    expect(await row.getAttribute("class")).toContain("event-selected");
    expect(await row.textContent()).toContain(evidence.text);
    const index = around.events.findIndex((e) => e.key === key);
    expect(await row.getAttribute("aria-posinset")).toBe(String(around.startIndex + index + 1));
    expect(await row.isVisible()).toBe(true);

    // Scrolling up (with the wheel, as a reader does) loads the earlier events, back to the first one.
    const feed = page.locator(".timeline-scroll");
    for (let attempt = 0; attempt < 200 && (await page.locator('article[aria-posinset="1"]').count()) === 0; attempt += 1) {
      await feed.hover();
      await page.mouse.wheel(0, -1500);
      await page.waitForTimeout(50);
    }
    await page.locator('article[aria-posinset="1"]').waitFor();
    const loaded = await page.locator(".timeline-count").textContent();
    expect(Number(loaded?.match(/^([\d,]+) of/)?.[1]?.replace(/,/g, ""))).toBeGreaterThanOrEqual(around.startIndex + around.events.length);
    // The selection survives the earlier pages.
    await scrollToEvent(page, key);
    expect(await eventRow(page, key).getAttribute("aria-current")).toBe("true");
  });

  it("shows the analysis guide", async () => {
    await page.getByRole("link", { name: "Guide", exact: true }).click();
    await page.getByRole("heading", { name: "Analysis checklist" }).waitFor();
    expect(await page.locator(".guide-step").count()).toBeGreaterThan(2);
    expect(await page.locator(".guide-step-done").count()).toBeGreaterThan(0);
    await screenshot(page, "guide");
  });

  it("sends the reader to the login page when the session ends, and back afterwards", async () => {
    await page.getByRole("link", { name: "Timeline", exact: true }).click();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    await context.clearCookies();
    // The next request (a new filter) finds the session gone.
    await page.getByLabel("Tag").selectOption("decision");
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByText("Your session ended").waitFor();
    await page.getByLabel("E-mail").fill(ACCOUNTS.analyst.email);
    await page.getByLabel("Password").fill(ACCOUNTS.analyst.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Tag").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incident.id}/timeline`);
    expect(new URL(page.url()).searchParams.get("tag")).toBe("decision");
  });
});

describe("roles", () => {
  it("lets a member add only questions", async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, ACCOUNTS.member);
      await page.goto(`${server.url}/incidents/${incident.id}/timeline`);
      const key = await wordyMessageKey(page, 2);
      await eventRow(page, key).locator(".event-time").click();
      await page.keyboard.press("Enter");
      const panel = page.locator(".annotation-panel");
      await panel.getByRole("heading", { name: "Annotate this event" }).waitFor();
      expect(await panel.locator(".tag-option input:not([disabled])").count()).toBe(1);
      expect(await panel.getByLabel("Question").isChecked()).toBe(true);
      await panel.getByLabel("Note").fill("How did they know to look at the pool?");
      await panel.getByRole("button", { name: "Save annotation" }).click();
      await panel.locator("[data-testid=annotation]").filter({ hasText: "How did they know" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("gives a viewer no way to annotate, and the server refuses a forced request", async () => {
    const { context, page } = await newPage();
    try {
      await signIn(page, ACCOUNTS.viewer);
      const rows = page.locator("[data-testid=incident-row]");
      await rows.first().waitFor();
      // A viewer sees published incidents only.
      expect(await rows.count()).toBe(1);
      await page.getByRole("link", { name: published.title }).click();
      await page.getByRole("heading", { level: 1, name: published.title }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await page.locator(".annotate-button").count()).toBe(0);
      expect(await page.locator(".new-annotation, .annotation-form").count()).toBe(0);

      const forced = await page.evaluate(
        async ({ incidentId }) => {
          const csrf = document.cookie.split("; ").find((c) => c.startsWith("debrief_csrf="))?.split("=")[1] ?? "";
          const post = await fetch(`/api/incidents/${incidentId}/annotations`, {
            method: "POST",
            credentials: "same-origin",
            headers: { "content-type": "application/json", "x-csrf-token": decodeURIComponent(csrf) },
            body: JSON.stringify({ eventKind: "message", eventId: "1", tags: ["question"], note: "forced" }),
          });
          return post.status;
        },
        { incidentId: published.id },
      );
      expect([403, 404]).toContain(forced);

      const hidden = await page.evaluate(async (id) => (await fetch(`/api/incidents/${id}`, { credentials: "same-origin" })).status, unpublished.id);
      expect(hidden).toBe(404);
      await page.goto(`${server.url}/incidents/${unpublished.id}/timeline`);
      await page.getByRole("heading", { name: "Incident not found" }).waitFor();
    } finally {
      await context.close();
    }
  });
});
