import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { indexReview } from "../db/search/search-index.js";
import { bumpRevisionIfCurrent, insertReview, insertReviewVersion, updateReviewPointers } from "../db/repositories/reviews.js";
import { ImportError } from "../importers/import-error.js";
import { type ParsedPostmortem, parsePostmortem } from "../importers/postmortems/parse-postmortem.js";

/** What {@link importPostmortems} did. */
export interface PostmortemImportSummary {
  files: number;
  imported: number;
  /** Already imported before (same id, or same date and title): left as they were. */
  skipped: number;
  incidents: { id: number; title: string; file: string; status: "imported" | "skipped"; services: string[]; unknownServices: string[] }[];
}

/** The Markdown files named: each file itself, and every `.md`/`.markdown` file under each folder, in name order. */
export function postmortemFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new ImportError(`${path}: no such file or folder`);
    }
    if (stat.isFile()) {
      files.push(path);
      continue;
    }
    const found = (readdirSync(path, { recursive: true }) as string[]).filter((name) => /\.(md|markdown)$/i.test(name)).sort();
    if (found.length === 0) throw new ImportError(`${path}: no .md files in this folder`);
    files.push(...found.map((name) => join(path, name)));
  }
  return files;
}

/** The first section: where the write-up came from, who wrote it, what it is about. */
function provenance(parsed: ParsedPostmortem, display: string, known: string[], unknown: string[]): { key: string; title: string; markdown: string } {
  const lines = [`Imported from \`${display}\`.`];
  if (parsed.authors.length > 0) lines.push(`Written by ${parsed.authors.join(", ")}.`);
  if (known.length + unknown.length > 0) lines.push(`Services: ${[...known, ...unknown].join(", ")}.`);
  return { key: "imported_from", title: "About this write-up", markdown: lines.join(" ") };
}

/**
 * Imports past write-ups as incidents, each with its review published as version 1, in
 * one transaction: every file is parsed first, and if any is bad nothing is written and
 * the error lists each bad file with its line. A write-up imported before (same
 * front-matter id, or same date and title) is skipped, so running it twice changes
 * nothing. Services named in the front matter are linked when the catalog knows them.
 */
export async function importPostmortems(store: Store, paths: readonly string[], actor: string): Promise<PostmortemImportSummary> {
  const files = postmortemFiles(paths);
  const parsed: { value: ParsedPostmortem; display: string }[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const display = relative(process.cwd(), file) || file;
    try {
      parsed.push({ value: parsePostmortem(readFileSync(file, "utf8"), display), display });
    } catch (error) {
      if (error instanceof ImportError) problems.push(error.message);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ImportError(`nothing was imported; fix these and run again:\n${problems.join("\n")}`);
  const seen = new Map<string, string>();
  for (const { value } of parsed) {
    const other = seen.get(value.key);
    if (other) throw new ImportError(`${value.file}:1: the same write-up as ${other} (same date and title); give one of them an \`id:\` in its front matter. Nothing was imported.`);
    seen.set(value.key, value.file);
  }

  return store.db.transaction().execute(async (trx) => {
    const summary: PostmortemImportSummary = { files: files.length, imported: 0, skipped: 0, incidents: [] };
    const now = Date.now();
    for (const { value, display } of parsed) {
      const existing = await trx
        .selectFrom("incidentSources as s")
        .innerJoin("incidents as i", "i.id", "s.incidentId")
        .select(["i.id", "i.title"])
        .where("s.kind", "=", "postmortem")
        .where("s.externalId", "=", value.key)
        .executeTakeFirst();
      if (existing) {
        summary.skipped += 1;
        summary.incidents.push({ id: existing.id, title: existing.title, file: display, status: "skipped", services: [], unknownServices: [] });
        continue;
      }
      const services = value.services.length === 0 ? [] : await trx.selectFrom("services").select(["id", "name"]).execute();
      const known = value.services.map((name) => services.find((s) => s.name.toLowerCase() === name.toLowerCase())).filter((s): s is { id: number; name: string } => s !== undefined);
      const unknown = value.services.filter((name) => !known.some((s) => s.name.toLowerCase() === name.toLowerCase()));
      const incident = await trx
        .insertInto("incidents")
        .values({ title: value.title, severity: value.severity, status: "published", origin: "postmortem", startedAt: value.startedAt, detectedAt: null, resolvedAt: null, createdAt: now, updatedAt: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("incidentSources").values({ incidentId: incident.id, kind: "postmortem", conversationId: null, externalId: value.key, fromAt: null, toAt: null }).execute();
      for (const service of new Map(known.map((s) => [s.id, s])).values()) await trx.insertInto("incidentServices").values({ incidentId: incident.id, serviceId: service.id, origin: "postmortem" }).execute();
      const sections = [provenance(value, display, known.map((s) => s.name), unknown), ...value.sections].map((section, position) => ({ ...section, position, help: "", origin: "edited" }));
      const reviewId = await insertReview(trx, { incidentId: incident.id, template: "imported", createdBy: null }, now);
      const versionId = await insertReviewVersion(trx, { reviewId, number: 1, createdBy: null, sections }, now);
      await bumpRevisionIfCurrent(trx, versionId, 1, { status: "published", publishedAt: now, publishedBy: null }, now);
      await updateReviewPointers(trx, reviewId, { publishedVersion: 1 }, now);
      await indexReview(trx, incident.id);
      summary.imported += 1;
      summary.incidents.push({ id: incident.id, title: value.title, file: display, status: "imported", services: known.map((s) => s.name), unknownServices: unknown });
    }
    await recordAudit(trx, { actor, action: "import.postmortems", subjectType: "import", subjectId: null, details: { files: summary.files, imported: summary.imported, skipped: summary.skipped } }, now);
    return summary;
  });
}
