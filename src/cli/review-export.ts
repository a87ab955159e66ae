import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { EXPORT_FORMATS, type ExportFormat, exportReview } from "../commands/review-export.js";
import { withStore } from "./context.js";
import { reviewCommandGroup } from "./review.js";

/** `debrief review export`: the review as a file. */
export function registerReviewExportCommand(program: Command): void {
  reviewCommandGroup(program)
    .command("export")
    .description("export the incident's review as Markdown, self-contained HTML (styles and diagrams inline), PDF (printed by headless Chromium) or JSON")
    .argument("<incident>", "incident id")
    .requiredOption("--format <format>", EXPORT_FORMATS.join("|"))
    .requiredOption("--out <file>", "where to write it")
    .option("--version <n>", "a version number (default: the latest)")
    .option("--base-url <url>", "prefix for links into Debrief (e.g. https://debrief.acme.example), so they work outside the app")
    .action(async (idText: string, options: { format: string; out: string; version?: string; baseUrl?: string }, command: Command) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new InputError(`incident id must be a positive integer, got ${JSON.stringify(idText)}`);
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) throw new InputError(`--format: expected one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(options.format)}`);
      const version = options.version === undefined ? undefined : Number(options.version);
      if (version !== undefined && (!Number.isInteger(version) || version <= 0)) throw new InputError(`--version: expected a positive integer, got ${JSON.stringify(options.version)}`);
      const file = await withStore(command, (store) => exportReview(store.db, id, { format: options.format as ExportFormat, version, baseUrl: options.baseUrl ?? null }));
      await writeFile(options.out, file.body);
      process.stderr.write(`wrote ${options.out} (${file.body.length} bytes)\n`);
    });
}
