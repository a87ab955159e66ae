import { isUtf8 } from "node:buffer";
import { ImportError } from "./import-error.js";
import { locateJsonError } from "./json-position.js";

/*
 * The rules every importer applies to the text it reads, in one place: a UTF-8
 * byte-order mark is accepted and dropped; bytes that are not UTF-8 are refused with the
 * file and the byte offset; JSON errors name the line, column and offset; JSON nested
 * deeper than any real export is refused with its place before anything walks it.
 */

/** Deeper JSON than this is refused: real exports nest a dozen levels at most. */
export const MAX_JSON_DEPTH = 256;

const BOM = [0xef, 0xbb, 0xbf] as const;

/** The text of `bytes`, read as UTF-8 without its byte-order mark. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  const start = bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  if (!isUtf8(body)) {
    const offset = start + firstInvalidUtf8(body);
    let line = 1;
    for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
    throw new ImportError(`${file}: not valid UTF-8 at byte ${offset} (line ${line}); save the file as UTF-8`);
  }
  return body.toString("utf8");
}

/**
 * Parses JSON text. `checkDepth: false` skips the nesting scan for files whose values
 * are only read field by field (Slack day files), where depth cannot hurt.
 */
export function parseJsonText(text: string, file: string, options: { checkDepth?: boolean } = {}): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const tooDeep = tooDeepAt(text);
    if (tooDeep !== null) throw tooDeepError(text, tooDeep, file);
    const place = locateJsonError(text);
    throw new ImportError(`${file}: malformed JSON at line ${place.line}, column ${place.column} (offset ${place.position}): ${place.reason}`);
  }
  if (options.checkDepth !== false) {
    const tooDeep = tooDeepAt(text);
    if (tooDeep !== null) throw tooDeepError(text, tooDeep, file);
  }
  return value;
}

/** {@link decodeUtf8} then {@link parseJsonText}. */
export function parseJsonBytes(bytes: Buffer, file: string, options: { checkDepth?: boolean } = {}): unknown {
  return parseJsonText(decodeUtf8(bytes, file), file, options);
}

/** What a JSON value is, for messages: `null`, `an array`, `a string`, `a number`, … */
export function describeJsonValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function tooDeepError(text: string, at: number, file: string): ImportError {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - before.lastIndexOf("\n");
  return new ImportError(`${file}: JSON nested more than ${MAX_JSON_DEPTH} levels deep at line ${line}, column ${column} (offset ${at})`);
}

/** The offset of the first bracket past {@link MAX_JSON_DEPTH}, outside strings, or null. */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) return i;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return null;
}

/** The offset of the first byte that breaks UTF-8 (only called once a check has failed). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
