import { statSync } from "node:fs";
import { type ExportSource, openExportSource } from "../export-source.js";
import { ImportError } from "../import-error.js";
import { parseJsonBytes } from "../text-input.js";
import { type PagerdutyDocument, parsePagerdutyBody } from "./pagerduty-parser.js";

/** One body, parsed, with the name it goes by in summaries and errors. */
export interface PagerdutyFile {
  /** Relative path inside the folder (or the request, for the live API). */
  name: string;
  document: PagerdutyDocument;
}

/** A folder of saved PagerDuty API responses and webhook payloads. */
export interface PagerdutyFolder {
  readonly path: string;
  /** Every `*.json` file, recursively, in a stable (sorted) order. */
  readonly files: readonly string[];
  /** Reads and parses the files one at a time: only one is ever in memory. */
  read(): Generator<PagerdutyFile>;
  close(): void;
}

/** Opens a folder of PagerDuty JSON files; nothing is read until {@link PagerdutyFolder.read}. */
export function openPagerdutyFolder(path: string): PagerdutyFolder {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new ImportError(`${path}: no such folder`);
  }
  if (!isDirectory) throw new ImportError(`${path}: expected a folder of PagerDuty API JSON files`);
  const source = openExportSource(path);
  const files = source.names.filter((name) => name.toLowerCase().endsWith(".json"));
  return {
    path,
    files,
    *read() {
      for (const name of files) yield { name, document: parsePagerdutyBody(readJson(source, name), source.describe(name)) };
    },
    close: () => source.close(),
  };
}

function readJson(source: ExportSource, name: string): unknown {
  // A byte-order mark (Windows editors) is accepted; nesting deeper than any real
  // response is refused before the parser walks it.
  return parseJsonBytes(source.read(name), source.describe(name));
}
