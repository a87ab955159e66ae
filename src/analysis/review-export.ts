/*
 * A review as a document to take away: Markdown, JSON, and self-contained HTML (styles in
 * the page, diagrams as inline SVG). Pure: the diagrams are drawn elsewhere (in headless
 * Chromium) and passed in as SVG text; this module only parses, sanitises and assembles.
 */

import type { Element, Root as HastRoot, RootContent as HastContent } from "hast";
import type { Root as MdastRoot, RootContent as MdastContent } from "mdast";
import rehypeSanitize from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

/** Everything an export shows. Times are ISO 8601. */
export interface ExportDocument {
  incident: { id: number; title: string; severity: string | null; status: string; startedAt: string | null };
  version: { number: number; status: string; publishedAt: string | null; publishedBy: string | null; updatedAt: string };
  sections: { key: string; title: string; markdown: string }[];
  followUps: { title: string; kind: string; status: string; owner: string | null; dueDate: string | null; tracker: { url: string; key: string | null } | null }[];
  exportedAt: string;
}

/** The export as Markdown: a title, what version it is, every section, and the follow-ups. */
export function reviewMarkdown(doc: ExportDocument): string {
  const out: string[] = [`# ${doc.incident.title}`, "", metaLine(doc), ""];
  for (const section of doc.sections) {
    out.push(`## ${section.title}`, "", section.markdown.trim() === "" ? "_Nothing written yet._" : section.markdown.trim(), "");
  }
  if (doc.followUps.length > 0) {
    out.push("## Follow-up tracker", "", "| follow-up | kind | owner | due | status | tracker |", "|---|---|---|---|---|---|");
    for (const f of doc.followUps) {
      const tracker = f.tracker ? `[${cell(f.tracker.key ?? "link")}](${f.tracker.url})` : "";
      out.push(`| ${cell(f.title)} | ${f.kind} | ${cell(f.owner ?? "—")} | ${f.dueDate ?? "—"} | ${f.status.replace("_", " ")} | ${tracker} |`);
    }
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function metaLine(doc: ExportDocument): string {
  const parts = [`Incident ${doc.incident.id}`];
  if (doc.incident.severity) parts.push(doc.incident.severity);
  if (doc.incident.startedAt) parts.push(`started ${doc.incident.startedAt.replace("T", " ").slice(0, 16)} UTC`);
  const version =
    doc.version.status === "published" && doc.version.publishedAt
      ? `review version ${doc.version.number}, published ${doc.version.publishedAt.slice(0, 10)}${doc.version.publishedBy ? ` by ${doc.version.publishedBy}` : ""}`
      : `review version ${doc.version.number} (${doc.version.status.replace("_", " ")}, not published)`;
  parts.push(version);
  return `_${parts.join(" · ")}_`;
}

/** The Mermaid sources of a Markdown text, in the order they appear. */
export function mermaidSources(markdown: string): string[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as MdastRoot;
  const sources: string[] = [];
  walkMdast(tree.children, (node) => {
    if (node.type === "code" && node.lang === "mermaid") sources.push(node.value);
  });
  return sources;
}

function walkMdast(nodes: MdastContent[], visit: (node: MdastContent) => void): void {
  for (const node of nodes) {
    visit(node);
    if ("children" in node) walkMdast(node.children as MdastContent[], visit);
  }
}

/** A diagram drawn for the export: SVG text, or why it could not be drawn. */
export type DrawnDiagram = { svg: string } | { error: string };

/** Options of {@link reviewHtml}. */
export interface HtmlOptions {
  /** One per Mermaid block of the whole document (sections in order), as {@link documentMermaidSources} lists them. */
  diagrams?: readonly DrawnDiagram[];
  /** Prefix for links that start with `/` (links into Debrief), so they work outside the app. */
  baseUrl?: string | null;
}

/** Every Mermaid source of the document's sections, in order. */
export function documentMermaidSources(doc: ExportDocument): string[] {
  return doc.sections.flatMap((section) => mermaidSources(section.markdown));
}

const DIAGRAM_TOKEN = "debrief-diagram-slot";

/**
 * The export as one self-contained HTML page: styles in a `<style>` element, diagrams as
 * inline SVG, no script. The Markdown is rendered without raw HTML and sanitised, so
 * nothing a document contains can run in a reader's browser; diagrams are the only
 * markup added after sanitising, and Mermaid draws them in strict mode.
 */
export function reviewHtml(doc: ExportDocument, options: HtmlOptions = {}): string {
  const diagrams = options.diagrams ?? [];
  let slot = 0;
  const body: string[] = [];
  body.push(`<header><h1>${escapeHtml(doc.incident.title)}</h1><p class="meta">${escapeHtml(metaLine(doc).slice(1, -1))}</p></header>`);
  for (const section of doc.sections) {
    const rendered = section.markdown.trim() === "" ? '<p class="empty">Nothing written yet.</p>' : renderMarkdown(section.markdown, options.baseUrl ?? null);
    // Each slot left by a Mermaid block takes the next drawn diagram.
    const withDiagrams = rendered.replace(new RegExp(`<pre><code class="language-${DIAGRAM_TOKEN}">[^<]*</code></pre>`, "g"), () => {
      const diagram = diagrams[slot];
      slot += 1;
      if (!diagram) return '<p class="diagram-error">This diagram was not drawn.</p>';
      if ("error" in diagram) return `<p class="diagram-error">This diagram could not be drawn: ${escapeHtml(diagram.error)}</p>`;
      return `<figure class="diagram">${diagram.svg}</figure>`;
    });
    body.push(`<section id="${escapeHtml(section.key)}"><h2>${escapeHtml(section.title)}</h2>${withDiagrams}</section>`);
  }
  if (doc.followUps.length > 0) {
    const rows = doc.followUps
      .map((f) => {
        const tracker = f.tracker ? `<a href="${escapeHtml(f.tracker.url)}">${escapeHtml(f.tracker.key ?? "link")}</a>` : "";
        return `<tr><td>${escapeHtml(f.title)}</td><td>${escapeHtml(f.kind)}</td><td>${escapeHtml(f.owner ?? "—")}</td><td>${escapeHtml(f.dueDate ?? "—")}</td><td>${escapeHtml(f.status.replace("_", " "))}</td><td>${tracker}</td></tr>`;
      })
      .join("");
    body.push(
      `<section id="follow-up-tracker"><h2>Follow-up tracker</h2><table><thead><tr><th>Follow-up</th><th>Kind</th><th>Owner</th><th>Due</th><th>Status</th><th>Tracker</th></tr></thead><tbody>${rows}</tbody></table></section>`,
    );
  }
  body.push(`<footer>Exported from Debrief on ${escapeHtml(doc.exportedAt.slice(0, 10))}.</footer>`);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No script may run in an exported page, whatever it contains.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data: https:">`,
    `<title>${escapeHtml(doc.incident.title)} · review</title>`,
    `<style>${EXPORT_CSS}</style>`,
    "</head>",
    `<body><main>${body.join("\n")}</main></body>`,
    "</html>",
    "",
  ].join("\n");
}

/** Markdown to sanitised HTML; Mermaid blocks become empty slots for their diagrams. */
function renderMarkdown(markdown: string, baseUrl: string | null): string {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(() => (tree: MdastRoot) => {
      walkMdast(tree.children, (node) => {
        if (node.type === "code" && node.lang === "mermaid") {
          node.lang = DIAGRAM_TOKEN;
          node.value = "";
        }
      });
    })
    .use(remarkRehype)
    // GitHub's rules (the default): no raw HTML, no script, only safe URL schemes; code keeps its language class, so diagram slots survive.
    .use(rehypeSanitize)
    .use(() => (tree: HastRoot) => {
      if (baseUrl) absolutiseLinks(tree.children, baseUrl.replace(/\/+$/, ""));
    })
    .use(rehypeStringify);
  return String(processor.processSync(markdown));
}

function absolutiseLinks(nodes: HastContent[], base: string): void {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    const element = node as Element;
    const href = element.properties?.href;
    if (element.tagName === "a" && typeof href === "string" && href.startsWith("/") && !href.startsWith("//")) element.properties.href = `${base}${href}`;
    absolutiseLinks(element.children as HastContent[], base);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const EXPORT_CSS = `
:root { color-scheme: light; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232a; background: #fff; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.25rem; }
h2 { font-size: 1.35rem; margin: 2.25rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid #dde2e7; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.4rem; }
.meta { margin: 0; color: #58626d; font-size: 0.95rem; }
a { color: #1a5fb4; }
blockquote { margin: 0.75rem 0; padding: 0.25rem 1rem; border-left: 3px solid #c5ccd4; color: #38414a; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f2f4f6; padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: #f2f4f6; padding: 0.75rem 1rem; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0; font-size: 0.95rem; }
th, td { border: 1px solid #dde2e7; padding: 0.35rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
figure.diagram { margin: 1rem 0; text-align: center; }
figure.diagram svg { max-width: 100%; height: auto; }
.diagram-error, .empty { color: #8a1c14; font-style: italic; }
.empty { color: #6b747d; }
footer { margin-top: 3rem; color: #6b747d; font-size: 0.85rem; }
@media print { main { padding: 0; max-width: none; } h2 { break-after: avoid; } figure.diagram, table, blockquote { break-inside: avoid; } a { color: inherit; } }
`;
