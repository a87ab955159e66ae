import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";
import { eventRow, scrollToEvent } from "./support/timeline.js";

/*
 * The timeline read as a conversation, in a real browser against the demo company:
 * threads folded and opened, the time-order view, search matches and "show in context",
 * the list of annotations, drafts that survive moving around, a bad event link, and
 * every evidence link of the People view landing on its event, selected and in view.
 */

interface ApiEvent {
  key: string;
  kind: string;
  id: string;
  subtype: string | null;
  text: string;
  thread: { isReply: boolean; replyCount: number; parentKey: string | null } | null;
  attachments: unknown[];
  files: unknown[];
}

interface TimelinePage {
  events: ApiEvent[];
  total: number;
  nextCursor: string | null;
}

interface IncidentRow {
  id: number;
  title: string;
}

let server: DemoServer;
let browser: Browser;
let admin: ApiSession;
let incident: IncidentRow;
/** Page errors and console errors: there must be none (but the one a test expects). */
const problems: string[] = [];
/** A console message a test causes on purpose (the 404 of a link to no event). */
let expectedConsole: RegExp | null = null;

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin", deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // The signed-out probe of /api/me on the sign-in page answers 401 by design.
    if (/status of 401/.test(message.text()) && page.url().includes("/login")) return;
    if (expectedConsole?.test(message.text())) return;
    problems.push(message.text());
  });
  return { context, page };
}

async function signInAsAnalyst(page: Page): Promise<void> {
  await signInThroughForm(page, server.url, ACCOUNTS.analyst);
}


/** Whether the row is wholly inside the scrolled timeline's visible box. */
async function inView(page: Page, key: string): Promise<boolean> {
  return page.evaluate((k) => {
    const row = document.querySelector(`article[data-event-key="${k}"]`);
    const feed = document.querySelector(".timeline-scroll");
    if (!row || !feed) return false;
    const r = row.getBoundingClientRect();
    const f = feed.getBoundingClientRect();
    return r.top >= f.top - 1 && r.bottom <= f.bottom + 1 && r.height > 0;
  }, key);
}

/** Waits until the event's row is selected, focused (unless a panel took the focus) and in view. */
async function expectLanded(page: Page, key: string, focused = true): Promise<void> {
  const row = eventRow(page, key);
  await row.waitFor({ timeout: 10_000 });
  await expect.poll(() => row.getAttribute("aria-current"), { timeout: 10_000 }).toBe("true");
  if (focused) await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-event-key") ?? null), { timeout: 10_000 }).toBe(key);
  await expect.poll(() => inView(page, key), { timeout: 10_000 }).toBe(true);
}


/** Every event of the incident in time order, through the API. */
async function wholeTimeline(view: "time" | "threads" = "time"): Promise<ApiEvent[]> {
  const events: ApiEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: TimelinePage = await admin.expect<TimelinePage>(200, "GET", `/api/incidents/${incident.id}/timeline?limit=1000&view=${view}${cursor ? `&cursor=${cursor}` : ""}`);
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

async function openTimeline(page: Page, query = ""): Promise<void> {
  await page.goto(`${server.url}/incidents/${incident.id}/timeline${query}`);
  await page.locator("[data-testid=timeline-event]").first().waitFor();
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 3000 });
  browser = await launchChromium();
  admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const { incidents } = await admin.expect<{ incidents: IncidentRow[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  // The incident with the most people: threads, pages, mentions, invitations and joins.
  incident = incidents[0] as IncidentRow;
  const { users } = await admin.expect<{ users: { id: number; email: string }[] }>(200, "GET", "/api/users");
  const analystId = users.find((u) => u.email === ACCOUNTS.analyst.email)?.id;
  await admin.expect(200, "PATCH", `/api/incidents/${incident.id}`, { status: "in_analysis", analystIds: [analystId] });
}, 240_000);

afterEach(() => {
  expectedConsole = null;
  expect(problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the timeline as a conversation", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newPage());
    await signInAsAnalyst(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it("folds thread replies under their parent, opens and closes a thread, and keeps time order as a view in the address", async () => {
    const threaded = await wholeTimeline("threads");
    const time = await wholeTimeline("time");
    const replies = time.filter((e) => e.thread?.isReply && e.thread.parentKey);
    expect(replies.length).toBeGreaterThan(0);
    expect(threaded.length).toBe(time.length - replies.length);

    await openTimeline(page);
    expect(await page.getByRole("button", { name: "Threads" }).getAttribute("aria-pressed")).toBe("true");
    const parentKey = threaded.find((e) => e.thread && !e.thread.isReply && e.thread.replyCount > 0)?.key ?? "";
    await scrollToEvent(page, parentKey);
    const toggle = eventRow(page, parentKey).locator("[data-testid=reply-toggle]");
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    const thread = await admin.expect<{ parentKey: string; replies: ApiEvent[] }>(200, "GET", `/api/incidents/${incident.id}/timeline/thread?event=${parentKey}`);
    expect(thread.parentKey).toBe(parentKey);
    const firstReply = thread.replies[0] as ApiEvent;
    // Folded: the replies are not in the list.
    expect(await eventRow(page, firstReply.key).count()).toBe(0);
    expect(await toggle.textContent()).toMatch(/\d+ repl(y|ies)/);

    await toggle.click();
    const parentRow = eventRow(page, parentKey);
    await expect.poll(() => parentRow.locator("[data-testid=reply-toggle]").getAttribute("aria-expanded")).toBe("true");
    await eventRow(page, firstReply.key).waitFor();
    expect(await eventRow(page, firstReply.key).getAttribute("class")).toContain("event-in-thread");
    // The replies sit right under their parent, in order.
    const following = await parentRow.evaluate((node, count) => {
      const keys: string[] = [];
      let slot = node.closest(".event-slot");
      const all = [...document.querySelectorAll(".event-slot")].sort((a, b) => Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index")));
      let at = all.indexOf(slot as Element);
      while (keys.length < count && at + 1 < all.length) {
        at += 1;
        slot = all[at] ?? null;
        keys.push(slot?.querySelector("article")?.getAttribute("data-event-key") ?? "");
      }
      return keys;
    }, Math.min(3, thread.replies.length));
    expect(following).toEqual(thread.replies.slice(0, following.length).map((r) => r.key));

    await parentRow.locator("[data-testid=reply-toggle]").click();
    await expect.poll(() => eventRow(page, firstReply.key).count()).toBe(0);

    // Time order: every event where it happened, replies included; the address keeps it.
    await page.getByRole("button", { name: "Time order" }).click();
    await page.waitForURL(/[?&]view=time/);
    await page.reload();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    expect(await page.getByRole("button", { name: "Time order" }).getAttribute("aria-pressed")).toBe("true");
    const replyKey = replies[0]?.key ?? "";
    await scrollToEvent(page, replyKey);
    const reply = eventRow(page, replyKey);
    // From time order, a reply opens in its thread.
    await reply.getByRole("button", { name: /show the thread/ }).click();
    await page.waitForURL((url) => url.searchParams.get("event") === replyKey && url.searchParams.get("view") === null);
    await expectLanded(page, replyKey);
    expect(await eventRow(page, replyKey).getAttribute("class")).toContain("event-in-thread");
  });

  it("opens the thread of a reply found by a search once the search is cleared, and marks the matches", async () => {
    const time = await wholeTimeline("time");
    // A reply whose words are found in one event only: the search lists exactly it.
    let chosen: { reply: ApiEvent; query: string } | null = null;
    for (const reply of time.filter((e) => e.thread?.isReply && e.thread.parentKey && e.text.length > 12)) {
      const query = reply.text.slice(0, 24).trim();
      if (time.filter((e) => e.text.toLowerCase().includes(query.toLowerCase())).length === 1) {
        chosen = { reply, query };
        break;
      }
    }
    if (!chosen) throw new Error("no reply with words of its own in the demo incident");
    const { reply, query } = chosen;

    await openTimeline(page);
    await page.locator("#timeline-q").fill(query);
    await expect.poll(() => page.locator(".timeline-count").textContent(), { timeout: 10_000 }).toMatch(/^1 event \(filtered\)/);
    const row = eventRow(page, reply.key);
    await row.waitFor();
    expect((await row.locator("mark.timeline-hit").allTextContents()).join("").toLowerCase()).toBe(query.toLowerCase());
    await row.click();
    expect(await row.getAttribute("aria-current")).toBe("true");

    await page.locator("#timeline-q").fill("");
    await page.waitForURL((url) => url.searchParams.get("event") === reply.key && !url.searchParams.has("q"));
    await expectLanded(page, reply.key);
    expect(await eventRow(page, reply.key).getAttribute("class")).toContain("event-in-thread");
    expect(await eventRow(page, reply.thread?.parentKey ?? "").locator("[data-testid=reply-toggle]").getAttribute("aria-expanded")).toBe("true");
    expect(await page.locator("mark.timeline-hit").count()).toBe(0);
  });

  it("shows a selected search hit among all events with Show in context", async () => {
    await openTimeline(page, "?view=time");
    await page.locator("#timeline-q").fill("the");
    await expect.poll(() => page.locator(".timeline-count").textContent(), { timeout: 10_000 }).toContain("(filtered)");
    const hits = page.locator("[data-testid=timeline-event]");
    await expect.poll(() => hits.count()).toBeGreaterThan(4);
    const hit = hits.nth(3);
    const key = (await hit.getAttribute("data-event-key")) ?? "";
    expect(await hit.locator("mark.timeline-hit").count()).toBeGreaterThan(0);
    await hit.click();
    await hit.getByRole("button", { name: "Show in context" }).click();
    await page.waitForURL((url) => url.searchParams.get("event") === key && !url.searchParams.has("q") && url.searchParams.get("view") === "time");
    await expectLanded(page, key);
    expect(await page.locator(".timeline-count").textContent()).not.toContain("(filtered)");
    expect(await page.locator("#timeline-q").inputValue()).toBe("");
  });

  it("lists every annotation by tag and time, shows notes without hovering, and opens an annotation's event", async () => {
    const analyst = await ApiSession.signIn(server.url, ACCOUNTS.analyst);
    const threaded = await wholeTimeline("threads");
    const plain = threaded.filter((e) => e.kind === "message" && e.subtype === null && e.text.length > 10);
    const early = plain[2] as ApiEvent;
    const late = plain[plain.length - 3] as ApiEvent;
    await analyst.expect(201, "POST", `/api/incidents/${incident.id}/annotations`, { eventKind: "message", eventId: early.id, tags: ["detection"], note: "First sign that something was wrong." });
    await analyst.expect(201, "POST", `/api/incidents/${incident.id}/annotations`, { eventKind: "message", eventId: late.id, tags: ["decision", "key_moment"], note: "They chose to roll back here." });

    await openTimeline(page);
    // Notes are on the row itself.
    await scrollToEvent(page, early.key);
    await eventRow(page, early.key).locator(".event-notes").waitFor({ timeout: 10_000 });
    expect(await eventRow(page, early.key).locator(".event-notes").textContent()).toContain("First sign that something was wrong.");

    await page.getByTestId("annotation-index-toggle").click();
    const list = page.getByTestId("annotation-index");
    await list.waitFor();
    const entries = list.getByTestId("annotation-index-entry");
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(2);
    const order = await entries.evaluateAll((nodes) => nodes.map((n) => n.querySelector("time")?.getAttribute("datetime") ?? ""));
    expect([...order].sort()).toEqual(order);
    await list.getByLabel("Tag").selectOption("decision");
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().textContent()).toContain("They chose to roll back here.");

    await entries.first().click();
    // The event's annotation panel opens and takes the focus.
    await expectLanded(page, late.key, false);
    const panel = page.locator(".annotation-panel").filter({ has: page.getByRole("heading", { name: "Annotations", exact: true }) });
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.textContent()).toContain("They chose to roll back here.");
  });

  it("keeps a note being typed when another row is clicked, Escape is pressed or the page is reloaded", async () => {
    await openTimeline(page);
    const rows = page.locator("article.event-message:not(.event-compact)");
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const first = (await rows.nth(1).getAttribute("data-event-key")) ?? "";
    const second = (await rows.nth(3).getAttribute("data-event-key")) ?? "";
    const panel = page.locator(".annotation-panel");

    await eventRow(page, first).click();
    await page.keyboard.press("Enter");
    await panel.getByLabel("Note").fill("Half a thought about this message");
    await expect.poll(() => eventRow(page, first).getByTestId("draft-chip").count()).toBe(1);

    // Another row: its own (empty) form; the first keeps its draft.
    await eventRow(page, second).click();
    await expect.poll(() => panel.getByLabel("Note").inputValue()).toBe("");
    await eventRow(page, first).click();
    await expect.poll(() => panel.getByLabel("Note").inputValue()).toBe("Half a thought about this message");

    await page.keyboard.press("Escape");
    await expect.poll(() => panel.count()).toBe(0);
    await eventRow(page, first).click();
    await page.keyboard.press("Enter");
    await expect.poll(() => panel.getByLabel("Note").inputValue()).toBe("Half a thought about this message");
    expect(await panel.getByTestId("draft-hint").textContent()).toContain("Not saved yet");

    await page.reload();
    await eventRow(page, first).waitFor();
    await expect.poll(() => eventRow(page, first).getByTestId("draft-chip").count()).toBe(1);

    // Saving it ends the draft.
    await eventRow(page, first).click();
    await page.keyboard.press("Enter");
    await expect.poll(() => panel.getByLabel("Note").inputValue()).toBe("Half a thought about this message");
    await panel.getByRole("checkbox", { name: "Question" }).check();
    await panel.getByRole("button", { name: "Save annotation" }).click();
    await panel.locator("[data-testid=annotation]").filter({ hasText: "Half a thought about this message" }).waitFor();
    await expect.poll(() => eventRow(page, first).getByTestId("draft-chip").count()).toBe(0);
  });

  it("says clearly when a link names an event that is not there, or no event at all", async () => {
    expectedConsole = /status of 404/;
    await page.goto(`${server.url}/incidents/${incident.id}/timeline?event=message%3A999999999`);
    const alert = page.getByRole("alert").filter({ hasText: "is not in this incident's timeline" });
    await alert.waitFor();
    expect(await page.locator(".timeline-count").textContent()).not.toContain("Loading the timeline");
    await alert.getByRole("button", { name: "Open the timeline from the start" }).click();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    await page.waitForURL((url) => !url.searchParams.has("event"));

    await page.goto(`${server.url}/incidents/${incident.id}/timeline?event=nonsense`);
    await page.getByRole("alert").filter({ hasText: "The link names no event" }).waitFor();
    await page.locator("[data-testid=timeline-event]").first().waitFor();
    expect(await page.locator(".timeline-count").textContent()).toMatch(/^[\d,]+ of [\d,]+ events loaded|^[\d,]+ events/);
  });

  it("lands every evidence link of the People view on its event, selected and in view", async () => {
    await page.goto(`${server.url}/incidents/${incident.id}/people`);
    await page.locator("[data-testid=evidence-link]").first().waitFor();
    const links = await page.locator("[data-testid=evidence-link], [data-testid=chart-evidence-link]").evaluateAll((nodes) =>
      nodes.map((n) => ({ href: n.getAttribute("href") ?? "", testid: n.getAttribute("data-testid") ?? "", text: (n.textContent ?? "").trim() })),
    );
    const hrefs = [...new Map(links.map((l) => [l.href, l])).values()];
    const keys = hrefs.map((l) => decodeURIComponent(new URL(l.href, server.url).searchParams.get("event") ?? ""));
    // Pages, mentions and joins (invited or on their own) are all there.
    expect(keys.some((k) => k.startsWith("page:"))).toBe(true);
    expect(keys.some((k) => k.startsWith("message:"))).toBe(true);
    const { participants } = await admin.expect<{ participants: { involvement: string; evidence: { firstActivity: { source: string } } }[] }>(200, "GET", `/api/incidents/${incident.id}/people`);
    const kinds = new Set(participants.map((p) => p.involvement));
    expect(kinds.has("paged")).toBe(true);
    expect(participants.some((p) => p.evidence.firstActivity.source === "join")).toBe(true);

    for (const [i, link] of hrefs.entries()) {
      const key = keys[i] as string;
      await page.goto(`${server.url}/incidents/${incident.id}/people`);
      const target = page.locator(`[data-testid="${link.testid}"][href="${link.href}"]`).first();
      await target.waitFor();
      await target.click();
      await page.waitForURL((url) => url.pathname.endsWith("/timeline") && url.searchParams.get("event") === key);
      try {
        await expectLanded(page, key);
        // And it stays so once the earlier events have loaded above it.
        await expect.poll(() => page.locator(".timeline-count").textContent(), { timeout: 10_000 }).not.toContain("loading earlier events");
        await page.waitForTimeout(300);
        expect(await eventRow(page, key).getAttribute("aria-current")).toBe("true");
        expect(await inView(page, key)).toBe(true);
      } catch (error) {
        throw new Error(`the evidence link ${link.href} (${link.text}) did not land: ${(error as Error).message}`);
      }
    }
  });

  it("never lets the chart's moment labels overlap", async () => {
    const { incidents } = await admin.expect<{ incidents: IncidentRow[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
    let checked = 0;
    for (const row of incidents.slice(0, 6)) {
      await page.goto(`${server.url}/incidents/${row.id}/people`);
      await page.locator(".involvement-chart").first().waitFor();
      const boxes = await page.locator(".involvement-chart .moment text, .involvement-chart text.moment").evaluateAll((nodes) =>
        nodes.map((n) => {
          const r = n.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: n.textContent };
        }),
      );
      for (const [i, a] of boxes.entries()) {
        for (const b of boxes.slice(i + 1)) {
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.text} and ${b.text} overlap on incident ${row.id}`).toBe(false);
        }
      }
      checked += boxes.length;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
