import { documentMermaidSources, type ExportDocument, reviewHtml, reviewMarkdown } from "../analysis/review-export.js";
import { parseTrackerUrl } from "../analysis/tracker-links.js";
import type { Db } from "../db/dialect.js";
import { findIncident } from "../db/repositories/incidents.js";
import { drawMermaid, printPdf, withChromium } from "./chromium.js";
import { InputError } from "./create-incident.js";
import { followUps } from "./follow-ups.js";
import { readReview } from "./review.js";

/** The formats a review exports to. */
export const EXPORT_FORMATS = ["md", "html", "pdf", "json"] as const;
/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An export: its bytes, media type and a file name. */
export interface ReviewExport {
  body: Buffer;
  contentType: string;
  filename: string;
}

/** Options of {@link exportReview}. */
export interface ExportOptions {
  format: ExportFormat;
  /** A version number; the latest (or, with `publishedOnly`, the latest published) when omitted. */
  version?: number | undefined;
  /** Only published versions may be exported (viewers). */
  publishedOnly?: boolean;
  /** Prefix for links into Debrief in HTML and PDF. */
  baseUrl?: string | null;
}

/** The document an export shows: the incident, one version's sections, the follow-ups. */
export async function exportDocument(db: Db, incidentId: number, options: Pick<ExportOptions, "version" | "publishedOnly"> = {}): Promise<ExportDocument> {
  const incident = await findIncident(db, incidentId);
  if (!incident) throw new InputError(`incident: no incident ${incidentId}`);
  const state = await readReview(db, incidentId, { version: options.version, publishedOnly: options.publishedOnly ?? false });
  if (!state) {
    if (options.version !== undefined) throw new InputError(`--version: incident ${incidentId}'s review has no ${options.publishedOnly ? "published " : ""}version ${options.version}`);
    throw new InputError(`incident ${incidentId} has no ${options.publishedOnly ? "published " : ""}review yet`);
  }
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    incident: { id: incident.id, title: incident.title, severity: incident.severity, status: incident.status, startedAt: iso(incident.startedAt) },
    version: { number: state.version.number, status: state.version.status, publishedAt: iso(state.version.publishedAt), publishedBy: state.version.publishedBy?.name ?? null, updatedAt: new Date(state.version.updatedAt).toISOString() },
    sections: state.sections.map((section) => ({ key: section.key, title: section.title, markdown: section.markdown })),
    followUps: (await followUps(db, { incidentId })).map((f) => ({
      title: f.title,
      kind: f.kind,
      status: f.status,
      owner: f.owner?.name ?? null,
      dueDate: f.dueDate,
      tracker: f.trackerUrl === null ? null : { url: f.trackerUrl, key: parseTrackerUrl(f.trackerUrl).key },
    })),
    exportedAt: new Date().toISOString(),
  };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "review"
  );
}

/**
 * Exports an incident's review: Markdown, JSON (the {@link ExportDocument}), HTML with
 * diagrams drawn as inline SVG and styles in the page, or PDF printed from that HTML.
 * HTML needs Chromium only when the review has diagrams; PDF always does.
 */
export async function exportReview(db: Db, incidentId: number, options: ExportOptions): Promise<ReviewExport> {
  const doc = await exportDocument(db, incidentId, options);
  const filename = `incident-${doc.incident.id}-${slug(doc.incident.title)}-v${doc.version.number}.${options.format}`;
  if (options.format === "md") return { body: Buffer.from(reviewMarkdown(doc)), contentType: "text/markdown; charset=utf-8", filename };
  if (options.format === "json") return { body: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`), contentType: "application/json; charset=utf-8", filename };
  const sources = documentMermaidSources(doc);
  if (options.format === "html" && sources.length === 0) return { body: Buffer.from(reviewHtml(doc, { baseUrl: options.baseUrl ?? null })), contentType: "text/html; charset=utf-8", filename };
  const why = options.format === "pdf" ? "PDF export" : "HTML export with diagrams";
  return withChromium(why, async (browser) => {
    const diagrams = await drawMermaid(browser, sources);
    const html = reviewHtml(doc, { diagrams, baseUrl: options.baseUrl ?? null });
    if (options.format === "html") return { body: Buffer.from(html), contentType: "text/html; charset=utf-8", filename };
    return { body: await printPdf(browser, html), contentType: "application/pdf", filename };
  });
}
