import { createHash } from "node:crypto";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { ImportError } from "../import-error.js";

/*
 * A past write-up in Markdown with optional YAML front matter (title, date, severity,
 * services, authors; an optional id keeps re-imports idempotent when the title changes).
 * The body is split into sections at its `##` headings, kept as written.
 */

/** One section of an imported write-up. */
export interface PostmortemSection {
  key: string;
  title: string;
  markdown: string;
}

/** A parsed write-up. */
export interface ParsedPostmortem {
  file: string;
  /** What makes a re-import of the same write-up a no-op: the front matter's id, or date and title. */
  key: string;
  title: string;
  /** Epoch ms of the date (midnight UTC for a day), or null when none is known. */
  startedAt: number | null;
  severity: string | null;
  services: string[];
  authors: string[];
  sections: PostmortemSection[];
  sha256: string;
}

const KNOWN_KEYS = new Set(["id", "title", "date", "severity", "services", "authors"]);

function slug(text: string, max: number): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, max)
    .replace(/_+$/, "");
}

/** A section key as reviews accept them: lower case letters, digits and `_`, starting with a letter. */
function sectionKey(title: string, taken: Set<string>): string {
  let base = slug(title, 36) || "section";
  if (!/^[a-z]/.test(base)) base = `s_${base}`.slice(0, 36);
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  taken.add(key);
  return key;
}

/** Parses a date as a day (`2025-09-29`) or an instant (`2025-09-29T16:58:00Z`). */
function parseDate(value: string): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? null : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) {
    const ms = Date.parse(value.replace(" ", "T"));
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/**
 * Parses one write-up. Bad input throws an {@link ImportError} naming the file and line:
 * front matter that is not closed or not valid YAML, a field of the wrong type, a date
 * that is not a date, no title anywhere.
 */
export function parsePostmortem(text: string, file: string): ParsedPostmortem {
  const fail = (line: number, message: string): never => {
    throw new ImportError(`${file}:${line}: ${message}`);
  };
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = source.split("\n");
  let bodyStart = 0;
  const front: { title?: string; date?: number; dateText?: string; severity?: string; services?: string[]; authors?: string[]; id?: string } = {};

  if (lines[0]?.trim() === "---") {
    const close = lines.findIndex((line, index) => index > 0 && (line.trim() === "---" || line.trim() === "..."));
    if (close < 0) fail(1, "front matter opened with --- is never closed (end it with a line of ---)");
    bodyStart = close + 1;
    const yamlText = lines.slice(1, close).join("\n");
    const counter = new LineCounter();
    const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
    // The YAML starts on the file's second line.
    const lineOf = (node: YamlNode | null | undefined): number => (node?.range ? counter.linePos(node.range[0]).line + 1 : 2);
    const firstError = doc.errors[0];
    if (firstError) fail((firstError.linePos?.[0]?.line ?? 1) + 1, `front matter is not valid YAML: ${firstError.message.split("\n")[0]}`);
    if (doc.contents !== null && !isMap(doc.contents)) fail(2, "front matter must be a mapping of fields (title: …, date: …)");
    if (isMap(doc.contents)) {
      for (const pair of doc.contents.items) {
        const keyNode = pair.key as YamlNode | null;
        const name = isScalar(keyNode) ? String(keyNode.value) : "";
        const valueNode = pair.value as YamlNode | null;
        const line = lineOf(keyNode);
        if (!KNOWN_KEYS.has(name)) continue;
        const scalar = (what: string): string => {
          if (!isScalar(valueNode) || valueNode.value === null || typeof valueNode.value === "object") return fail(line, `${name}: expected ${what}`);
          return String(valueNode.value).trim();
        };
        const list = (): string[] => {
          if (isScalar(valueNode) && typeof valueNode.value === "string") return valueNode.value.split(",").map((s) => s.trim()).filter(Boolean);
          if (!isSeq(valueNode)) return fail(line, `${name}: expected a list of names (or one name)`);
          return valueNode.items.map((item) => {
            if (!isScalar(item) || (typeof item.value !== "string" && typeof item.value !== "number")) return fail(lineOf(item as YamlNode), `${name}: every item must be a name`);
            return String(item.value).trim();
          });
        };
        if (name === "title") front.title = scalar("a title");
        if (name === "id") front.id = scalar("an id");
        if (name === "severity") front.severity = scalar("a severity such as SEV1");
        if (name === "services") front.services = list();
        if (name === "authors") front.authors = list();
        if (name === "date") {
          const value = scalar("a date as YYYY-MM-DD or an ISO 8601 time");
          const ms = parseDate(value);
          if (ms === null) fail(line, `date: ${JSON.stringify(value)} is not a date (expected YYYY-MM-DD or an ISO 8601 time)`);
          else {
            front.date = ms;
            front.dateText = value;
          }
        }
      }
    }
  }

  // The first level-1 heading is the title unless the front matter gave one; it is not a section.
  const body = lines.slice(bodyStart);
  let inFence = false;
  let title = front.title ?? null;
  const sections: { title: string; lines: string[] }[] = [{ title: "Overview", lines: [] }];
  for (const line of body) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence) {
      const h1 = /^#\s+(.+?)\s*#*\s*$/.exec(line);
      if (h1 && sections.length === 1 && sections[0]?.lines.every((l) => l.trim() === "") && title === null) {
        title = h1[1] ?? null;
        continue;
      }
      if (h1 && front.title !== undefined && h1[1]?.trim() === front.title && sections.length === 1 && sections[0]?.lines.every((l) => l.trim() === "")) continue;
      const h2 = /^##\s+(.+?)\s*#*\s*$/.exec(line);
      if (h2) {
        sections.push({ title: (h2[1] ?? "").replace(/\*\*/g, ""), lines: [] });
        continue;
      }
    }
    sections[sections.length - 1]?.lines.push(line);
  }
  if (!title || title.trim() === "") fail(1, "no title: add `title:` to the front matter or start the text with a `# Title` line");
  const taken = new Set<string>();
  const parsedSections = sections
    .map((section) => ({ title: section.title, markdown: section.lines.join("\n").trim() }))
    .filter((section, index) => index > 0 || section.markdown !== "")
    .map((section) => ({ key: sectionKey(section.title, taken), title: section.title, markdown: section.markdown }));
  const fileDate = /(\d{4}-\d{2}-\d{2})/.exec(file.split(/[\\/]/).pop() ?? "")?.[1];
  const startedAt = front.date ?? (fileDate ? parseDate(fileDate) : null);
  const day = startedAt === null ? "undated" : new Date(startedAt).toISOString().slice(0, 10);
  return {
    file,
    key: front.id ? `id:${front.id}` : `${day}:${slug(title as string, 80)}`,
    title: (title as string).trim(),
    startedAt,
    severity: front.severity ?? null,
    services: front.services ?? [],
    authors: front.authors ?? [],
    sections: parsedSections,
    sha256: createHash("sha256").update(source).digest("hex"),
  };
}
