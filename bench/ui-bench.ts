import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext } from "playwright-core";
import { createIncident } from "../src/commands/create-incident.js";
import { launchChromium, LAPTOP_VIEWPORT } from "../e2e/support/browser.js";
import { ACCOUNTS, ApiSession, startDemoServer } from "../e2e/support/demo-server.js";
import { buildWebUi } from "../e2e/support/web-build.js";

/*
 * `npm run bench:ui`: how fast the timeline of a ~20,000-event incident first shows
 * rows in headless Chromium, from navigation to the `debrief:timeline-rows` mark the
 * UI sets when its first rows are in the DOM. Baseline, measured in the same run and
 * alternated with it: the incident list page to its first rows (`debrief:incident-list-rows`),
 * i.e. the same app boot, session check and one small API call. Each sample is a fresh
 * browser context (cold HTTP cache, new session). Then, once: loading all 20,000 events
 * by scrolling, and frame times while scrolling through them. Target: first rows < 1.5 s.
 */

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "22000" },
    seed: { type: "string", default: "11" },
    runs: { type: "string", default: "9" },
  },
});
const runs = Math.max(3, Number(values.runs));
const TIMELINE_MARK = "debrief:timeline-rows";
const LIST_MARK = "debrief:incident-list-rows";

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
};

const work = mkdtempSync(join(tmpdir(), "debrief-ui-bench-"));
const webRoot = await buildWebUi(join(work, "web"));
let bigIncidentId = 0;
const server = await startDemoServer({
  messages: Number(values.messages),
  seed: Number(values.seed),
  webRoot,
  onProgress: log,
  // One incident over every channel of the company: a timeline of about 20,000 events.
  prepare: async (store) => {
    const channels = await store.db.selectFrom("conversations").select("name").where("kind", "in", ["channel", "private_channel"]).where("name", "is not", null).execute();
    const names = [...new Set(channels.map((c) => c.name as string))];
    bigIncidentId = await createIncident(store, { title: "UI bench: every channel of the company", channels: names, severity: "SEV2", actor: "bench" });
  },
});

let browser: Browser | undefined;
try {
  const admin = await ApiSession.signIn(server.url, ACCOUNTS.admin);
  const page1 = await admin.expect<{ total: number }>(200, "GET", `/api/incidents/${bigIncidentId}/timeline?limit=1`);
  log(`incident ${bigIncidentId}: ${page1.total.toLocaleString("en")} timeline events`);

  const chromium = await launchChromium();
  browser = chromium;

  /** A fresh context signed in as the analyst (cookies from a real login). */
  const signedInContext = async (): Promise<BrowserContext> => {
    const context = await chromium.newContext({ viewport: LAPTOP_VIEWPORT, locale: "en-GB", timezoneId: "UTC" });
    const response = await context.request.post(`${server.url}/api/auth/login`, { data: { email: ACCOUNTS.analyst.email, password: ACCOUNTS.analyst.password } });
    if (response.status() !== 200) throw new Error(`login answered ${response.status()}`);
    return context;
  };

  /** Milliseconds from navigation start to the mark. */
  const timeToMark = async (path: string, mark: string): Promise<number> => {
    const context = await signedInContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, mark, { timeout: 30_000 });
      return page.evaluate((name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? Number.NaN, mark);
    } finally {
      await context.close();
    }
  };

  // Warm-up: the server's statement caches and the OS page cache, not the browser's.
  await timeToMark(`/incidents/${bigIncidentId}/timeline`, TIMELINE_MARK);
  await timeToMark("/incidents", LIST_MARK);

  const timeline: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    timeline.push(await timeToMark(`/incidents/${bigIncidentId}/timeline`, TIMELINE_MARK));
    list.push(await timeToMark("/incidents", LIST_MARK));
  }

  // Scrolling: load every page by scrolling to the end, then measure frames while scrolling back.
  const context = await signedInContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/incidents/${bigIncidentId}/timeline`);
  await page.waitForFunction((name) => performance.getEntriesByName(name, "mark").length > 0, TIMELINE_MARK);
  const loadAll = (await page.evaluate(`(async () => {
    const started = performance.now();
    const feed = document.querySelector(".timeline-scroll");
    const count = () => Number(/^([\\d,]+) of/.exec(document.querySelector(".timeline-count").textContent)[1].replace(/,/g, ""));
    for (let i = 0; i < 2000; i += 1) {
      feed.scrollTop = feed.scrollHeight;
      await new Promise((r) => requestAnimationFrame(r));
      if (!document.querySelector(".timeline-loader") && count() >= ${page1.total}) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - started, loaded: count(), rowsInDom: document.querySelectorAll("article.event").length };
  })()`)) as { ms: number; loaded: number; rowsInDom: number };
  const frames = (await page.evaluate(`(async () => {
    const feed = document.querySelector(".timeline-scroll");
    const gaps = [];
    let last = performance.now();
    for (let i = 0; i < 240; i += 1) {
      feed.scrollTop = Math.max(0, feed.scrollTop - 600);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }
    return gaps;
  })()`)) as number[];
  await context.close();

  const t = median(timeline);
  const l = median(list);
  const report = {
    events: page1.total,
    runs,
    timelineFirstRowsMs: { median: Math.round(t), min: Math.round(Math.min(...timeline)), max: Math.round(Math.max(...timeline)) },
    baselineIncidentListMs: { median: Math.round(l), min: Math.round(Math.min(...list)), max: Math.round(Math.max(...list)) },
    ratio: Number((t / l).toFixed(2)),
    loadAllEvents: { ms: Math.round(loadAll.ms), loaded: loadAll.loaded, rowsInDom: loadAll.rowsInDom },
    scrollFrames: { count: frames.length, medianMs: Number(median(frames).toFixed(1)), p95Ms: Number(percentile(frames, 0.95).toFixed(1)), maxMs: Number(Math.max(...frames).toFixed(1)) },
    targetMs: 1500,
    met: t < 1500,
  };
  process.stdout.write(
    `timeline of ${page1.total.toLocaleString("en")} events: first rows after ${report.timelineFirstRowsMs.median} ms (median of ${runs}; min ${report.timelineFirstRowsMs.min}, max ${report.timelineFirstRowsMs.max})\n` +
      `baseline, incident list first rows: ${report.baselineIncidentListMs.median} ms (min ${report.baselineIncidentListMs.min}, max ${report.baselineIncidentListMs.max})\n` +
      `ratio timeline / list: ${report.ratio}×; target < 1500 ms: ${report.met ? "met" : "NOT met"}\n` +
      `scrolling to the end loaded ${loadAll.loaded.toLocaleString("en")} events in ${(loadAll.ms / 1000).toFixed(1)} s with ${loadAll.rowsInDom} rows in the DOM; ` +
      `frames while scrolling back: median ${report.scrollFrames.medianMs} ms, p95 ${report.scrollFrames.p95Ms} ms, max ${report.scrollFrames.maxMs} ms\n` +
      `${JSON.stringify(report)}\n`,
  );
} finally {
  await browser?.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
