import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import type { DrawnDiagram } from "../analysis/review-export.js";
import { InputError } from "./create-incident.js";

/*
 * Headless Chromium for exports: it draws Mermaid diagrams as SVG (Mermaid needs a DOM
 * to measure text) and prints HTML to PDF. Chromium is Debian's package, driven by
 * playwright-core; nothing is downloaded.
 */

/** Where Chromium is looked for: `DEBRIEF_CHROMIUM`, else Debian's path. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DEBRIEF_CHROMIUM ?? "/usr/bin/chromium";
}

/** Chromium (or the library that drives it) is not installed: the message says how to get it. */
export class ChromiumMissingError extends InputError {
}

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"];

/** Starts headless Chromium, runs `work`, and always closes it. */
export async function withChromium<T>(why: string, work: (browser: Browser) => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const path = chromiumPath(env);
  if (!existsSync(path)) {
    throw new ChromiumMissingError(
      `${why} needs Chromium, which is not at ${path}. Install it with \`apt-get install chromium\` (Debian and Ubuntu), or set DEBRIEF_CHROMIUM to a Chromium or Chrome binary.`,
    );
  }
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    throw new ChromiumMissingError(`${why} drives Chromium with playwright-core, which is not installed: run \`npm install playwright-core\`.`);
  }
  const browser = await chromium.launch({ executablePath: path, args: FLAGS, headless: true });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/** The Mermaid bundle from node_modules (never fetched from the network). */
function mermaidScript(): string {
  try {
    return createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  } catch {
    throw new ChromiumMissingError("drawing diagrams needs the mermaid package, which is not installed: run `npm install mermaid`.");
  }
}

/** Draws each Mermaid source as SVG in strict security mode; a source that does not parse gets its error. */
export async function drawMermaid(browser: Browser, sources: readonly string[]): Promise<DrawnDiagram[]> {
  if (sources.length === 0) return [];
  const page = await browser.newPage();
  try {
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: mermaidScript() });
    return await page.evaluate(async (list) => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(config: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", flowchart: { htmlLabels: false } });
      const out: ({ svg: string } | { error: string })[] = [];
      for (const [index, source] of list.entries()) {
        try {
          out.push({ svg: (await mermaid.render(`debrief-diagram-${index}`, source)).svg });
        } catch (error) {
          out.push({ error: error instanceof Error ? error.message.split("\n")[0] ?? "invalid diagram" : String(error) });
        }
      }
      return out;
    }, [...sources]);
  } finally {
    await page.close();
  }
}

/** Prints a self-contained HTML page to an A4 PDF with its backgrounds. */
export async function printPdf(browser: Browser, html: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "18mm", bottom: "18mm", left: "16mm", right: "16mm" } });
  } finally {
    await page.close();
  }
}
