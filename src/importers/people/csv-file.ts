import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import { ImportError } from "../import-error.js";
import { decodeUtf8 } from "../text-input.js";

/** One data row: cells by lower-cased header name, and the line it starts on. */
export interface CsvRow {
  line: number;
  cells: ReadonlyMap<string, string>;
}

/** A CSV file read whole: its columns (lower-cased) and its non-blank data rows. */
export interface CsvTable {
  columns: ReadonlySet<string>;
  rows: CsvRow[];
}

interface RawRecord {
  record: string[];
  raw: string;
}

/**
 * Reads an RFC 4180 CSV file with a header row: UTF-8 with or without a BOM, CRLF or
 * LF, quoted fields holding commas, quotes and line breaks. Column order is free and
 * unknown columns are kept (callers ignore them); blank lines are skipped. Every
 * problem becomes an ImportError naming the file and line.
 *
 * Line numbers are counted here rather than taken from csv-parse, which counts a CRLF
 * inside a quoted field as two lines.
 */
export async function readCsvFile(path: string, required: readonly string[]): Promise<CsvTable> {
  let nextLine = 1;
  const starts: number[] = [];
  const parser = parse({
    bom: true,
    raw: true,
    // Rows of the wrong width and blank lines are reported (or skipped) below, with our line numbers.
    relax_column_count: true,
    skip_empty_lines: false,
    on_record: (value, context) => {
      starts.push(nextLine);
      nextLine += lineBreaks((value as unknown as RawRecord).raw);
      return value;
    },
  });
  let text: string;
  try {
    // Read whole (directories are small) so that bad UTF-8 is refused with its byte
    // offset, as every importer does; a byte-order mark is dropped.
    text = decodeUtf8(await readFile(path), path);
  } catch (error) {
    throw asImportError(error, path, 1);
  }
  const input = Readable.from([text]);
  let header: string[] | null = null;
  let headerLine = 1;
  const rows: CsvRow[] = [];
  let index = 0;
  try {
    input.on("error", (error) => parser.destroy(error));
    for await (const item of input.pipe(parser) as AsyncIterable<RawRecord>) {
      const line = starts[index] ?? nextLine;
      index += 1;
      const fields = item.record;
      if (fields.every((field) => field.trim() === "")) continue;
      if (item.raw.includes("\uFFFD")) {
        throw new ImportError(`${path} line ${line}: not valid UTF-8 (save the file as UTF-8)`);
      }
      if (header === null) {
        header = fields.map((field) => field.trim().toLowerCase());
        headerLine = line;
        checkHeader(path, line, header, required);
        continue;
      }
      if (fields.length !== header.length) {
        throw new ImportError(`${path} line ${line}: ${fields.length} fields, but the header on line ${headerLine} has ${header.length}`);
      }
      const cells = new Map<string, string>();
      header.forEach((column, i) => cells.set(column, fields[i] ?? ""));
      rows.push({ line, cells });
    }
  } catch (error) {
    throw asImportError(error, path, nextLine);
  } finally {
    input.destroy();
  }
  if (header === null) throw new ImportError(`${path}: the file is empty; expected a header row (${required.join(",")})`);
  return { columns: new Set(header), rows };
}

/** A cell's trimmed text, or null when the column is empty; undefined when the file has no such column. */
export function cell(row: CsvRow, column: string): string | null | undefined {
  const value = row.cells.get(column);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function checkHeader(path: string, line: number, header: string[], required: readonly string[]): void {
  const seen = new Set<string>();
  for (const column of header) {
    if (column !== "" && seen.has(column)) throw new ImportError(`${path} line ${line}: column ${JSON.stringify(column)} appears twice in the header`);
    seen.add(column);
  }
  const missing = required.filter((column) => !seen.has(column));
  if (missing.length > 0) {
    throw new ImportError(`${path} line ${line}: missing required column${missing.length > 1 ? "s" : ""} ${missing.map((c) => JSON.stringify(c)).join(", ")}`);
  }
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function asImportError(error: unknown, path: string, line: number): Error {
  if (error instanceof ImportError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new ImportError(`${path}: no such file`);
  if (code === "EISDIR") return new ImportError(`${path}: is a folder, not a CSV file`);
  if (typeof code === "string" && (code.startsWith("CSV_") || code === "INVALID_OPENING_QUOTE")) {
    // The parser stops inside the record that starts right after the last good one.
    const reason = (error as CsvError).message.replace(/ (at|on) line \d+.*$/s, "");
    return new ImportError(`${path} line ${line}: malformed CSV: ${reason}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
