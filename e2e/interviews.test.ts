import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, LAPTOP_VIEWPORT } from "./support/browser.js";
import { ACCOUNTS, ApiSession, type DemoServer, startDemoServer, signInThroughForm } from "./support/demo-server.js";

/*
 * The interview step in a real browser: from the suggestions to a planned interview
 * with prompts, notes, a link to a timeline event and a consented quote, the accounts
 * side by side per key moment, anonymous input through a link opened without signing
 * in, and the guide's interview step done.
 */

let server: DemoServer;
let browser: Browser;
let incidentId: number;
let momentKey = "";
let author = "";
const pageErrors: string[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return { context, page };
}

beforeAll(async () => {
  server = await startDemoServer({ messages: 1500 });
  browser = await launchChromium();
  const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const { incidents } = await admin.expect<{ incidents: { id: number }[] }>(200, "GET", "/api/incidents?sort=people&order=desc");
  incidentId = (incidents[0] as { id: number }).id;
  const { events } = await admin.expect<{ events: { key: string; kind: string; id: string; subtype: string | null; text: string; author: { personId: number | null; name: string; isBot: boolean } | null }[] }>(200, "GET", `/api/incidents/${incidentId}/timeline?limit=200`);
  const said = events.find((e) => e.kind === "message" && e.subtype === null && e.author?.personId && !e.author.isBot && e.text.split(/\s+/).length >= 4);
  if (!said?.author) throw new Error("no plain message to annotate");
  momentKey = said.key;
  author = said.author.name;
  await admin.expect(201, "POST", `/api/incidents/${incidentId}/annotations`, { eventKind: "message", eventId: said.id, tags: ["hypothesis", "key_moment"], note: "the first theory" });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("interviews in the browser", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await newPage());
    await signInThroughForm(page, server.url, ACCOUNTS.analyst);
  });
  afterAll(() => context?.close());

  it("goes from the suggestions to a planned interview whose prompts quote the interviewee", async () => {
    await page.goto(`${server.url}/incidents/${incidentId}/interviews`);
    await page.getByRole("heading", { name: "Whom to talk to" }).waitFor();
    const card = page.locator("[data-testid=suggestion]").filter({ has: page.locator(".person-name").getByText(author, { exact: true }) });
    await expect.poll(() => card.textContent()).toContain("marked hypothesis");
    await card.getByRole("button", { name: /Plan interview/ }).click();
    await page.getByRole("heading", { name: `Interview with ${author}` }).waitFor();
    const first = page.getByLabel("Prompt 1");
    await expect.poll(() => first.inputValue()).toMatch(/^At \d\d:\d\d your time you wrote “/);
    await first.fill(`${await first.inputValue()} (ask gently)`);
    await page.getByText("How to run the conversation").click();
    await page.getByRole("heading", { name: "Ask about recording" }).waitFor();
  });

  it("records notes linked to a timeline event, consent, and a quote the interviewee agreed to share", async () => {
    await page.getByLabel("Interview status").selectOption("done");
    await page.getByLabel("Consent to record").selectOption("yes");
    await page.getByLabel("Notes (Markdown, confidential)").fill("## What they saw\nThe graph went flat before the alert.");
    await page.getByLabel("Event", { exact: true }).fill(momentKey);
    await page.getByLabel("What the interview says about it").fill("they had already seen the flat graph");
    await page.getByRole("button", { name: "Link", exact: true }).click();
    await page.getByRole("button", { name: "Save interview" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await page.getByLabel("Quote", { exact: true }).fill("I trusted the graph more than the alert");
    await page.getByLabel("Their consent").selectOption("attributed");
    await page.getByLabel("About event").fill(momentKey);
    await page.getByRole("button", { name: "Add quote" }).click();
    await page.locator("[data-testid=quote]").filter({ hasText: "I trusted the graph" }).waitFor();
    await expect.poll(() => page.getByLabel("Prompt 1").inputValue()).toContain("(ask gently)");
    await expect.poll(() => page.getByLabel("Notes (Markdown, confidential)").inputValue()).toContain("The graph went flat");
  });

  it("compares the accounts per key moment, with anonymous input quoted anonymously", async () => {
    await page.getByRole("button", { name: "Open a link for two weeks" }).click();
    const url = await page.locator("[data-testid=anonymous-url]").textContent();
    expect(url).toMatch(/\/anonymous#anon_/);
    const anonymous = await browser.newContext();
    const form = await anonymous.newPage();
    form.on("pageerror", (error) => pageErrors.push(error.message));
    await form.goto(url as string);
    await form.getByLabel("What surprised you?").fill("Nobody knew the cache had a size limit.");
    await form.getByRole("button", { name: "Send anonymously" }).click();
    await form.getByRole("status").filter({ hasText: "without your name" }).waitFor();
    await anonymous.close();

    await page.reload();
    const input = page.locator("[data-testid=anonymous-input]").filter({ hasText: "cache had a size limit" });
    await input.getByRole("button", { name: "Quote anonymously" }).click();
    const quotes = await (await ApiSession.signIn(server.url, ACCOUNTS.analyst)).expect<{ quotes: { markdown: string }[] }>(200, "GET", `/api/incidents/${incidentId}/review-quotes`);
    expect(quotes.quotes.map((q) => q.markdown)).toEqual(expect.arrayContaining([`> I trusted the graph more than the alert\n>\n> — ${author}`, "> Nobody knew the cache had a size limit.\n>\n> — a participant, quoted anonymously"]));

    const moment = page.locator("[data-testid=synthesis-moment]").filter({ has: page.locator(`a[href*="${encodeURIComponent(momentKey)}"]`) });
    await expect.poll(() => moment.textContent()).toContain("they had already seen the flat graph");
    expect(await moment.getByRole("region", { name: `Account of ${author}` }).textContent()).toContain("I trusted the graph more than the alert");
  });

  it("inserts a consented quote into the review, attributed as agreed", async () => {
    await page.getByRole("link", { name: "Review", exact: true }).click();
    await page.getByRole("button", { name: "Start the review" }).click();
    await page.getByRole("navigation", { name: "Review sections" }).getByRole("button", { name: /^How we got here/ }).click();
    await page.getByRole("heading", { level: 2, name: "How we got here" }).waitFor();
    const quote = page.locator("[data-testid=review-quote]").filter({ hasText: "I trusted the graph" });
    await quote.getByRole("button", { name: /Insert quote/ }).click();
    const preview = page.getByTestId("review-preview");
    await expect.poll(() => preview.locator("blockquote").filter({ hasText: "I trusted the graph more than the alert" }).textContent()).toContain(`— ${author}`);
    await page.getByRole("button", { name: "Save section" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Save section" }).isDisabled()).toBe(true);
    // Pending and declined quotes are never offered.
    expect(await page.locator("[data-testid=review-quote]").count()).toBe(2);
  });

  it("shows the guide's interview step as done", async () => {
    await page.getByRole("link", { name: "Guide" }).click();
    const step = page.locator(".guide-step").filter({ hasText: "Interview the people involved" });
    await expect.poll(() => step.textContent()).toContain("1 interview held");
    expect(pageErrors).toEqual([]);
  });
});

describe("confidential in the browser", () => {
  it("shows another analyst who holds the interview, never the notes", async () => {
    const { context, page } = await newPage();
    const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
    await signInThroughForm(page, server.url, ACCOUNTS.admin);
    const { interviews } = await admin.expect<{ interviews: { id: number }[] }>(200, "GET", `/api/incidents/${incidentId}/interviews`);
    await page.goto(`${server.url}/incidents/${incidentId}/interviews?interview=${(interviews[0] as { id: number }).id}`);
    await page.getByText("confidential to its interviewers").waitFor();
    expect(await page.content()).not.toContain("The graph went flat");
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
