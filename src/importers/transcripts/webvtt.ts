import { ImportError } from "../../core/errors.js";

/** The transcript shape a file was written in: Zoom's `Name: text`, Teams' `<v Name>`, or plain captions. */
export type TranscriptFormat = "zoom" | "teams" | "vtt";

/** One spoken passage, as read from a WebVTT cue. */
export interface TranscriptCue {
  /** 1-based line of the cue's timing line, so a stored cue can be traced back to the file. */
  line: number;
  /** The optional identifier line above the timing (`48`, Teams' `…/12-0`), or null. */
  identifier: string | null;
  /** Offsets from the start of the recording, in milliseconds. */
  startMs: number;
  endMs: number;
  /** The speaker as the file names them, or null when the cue names nobody. */
  speaker: string | null;
  /** Tags removed, entities decoded, lines trimmed and joined with `\n`. */
  text: string;
}

/** What {@link parseWebVtt} reads from one file. */
export interface ParsedTranscript {
  format: TranscriptFormat;
  /** In file order. A Teams cue holding several voice spans yields one cue per span. */
  cues: TranscriptCue[];
}

/** A segment of cue text with the voice (if any) that spoke it. */
interface Segment {
  voice: boolean;
  speaker: string | null;
  text: string;
}

interface RawCue {
  line: number;
  identifier: string | null;
  startMs: number;
  endMs: number;
  segments: Segment[];
  /** The text of all segments, for cues without voice spans. */
  plain: string;
  hasVoice: boolean;
}

const TIMESTAMP = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

// Only the tags WebVTT defines are removed: a stray "<" in hand-written or Zoom text
// ("p99 < 5ms") stays text instead of swallowing the rest of the cue.
const TAG = /<(\/?)(v|c|i|b|u|ruby|rt|lang)((?:\.[^\s>]*)?)(?:[ \t]+([^>]*))?>|<(?:\d+:)?\d{2}:\d{2}\.\d{3}>/g;

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  // A non-breaking space only keeps words together on screen; stored text uses a plain one.
  nbsp: " ",
  lrm: "\u200e",
  rlm: "\u200f",
};

const MAX_NAME_WORDS = 6;
const MAX_NAME_LENGTH = 64;

/**
 * Parses a WebVTT file (https://www.w3.org/TR/webvtt1/) into cues with speakers. Pure:
 * `fileName` only labels errors. Accepts a BOM, CRLF/LF/CR line ends, header text after
 * `WEBVTT`, cue identifiers, hour-less `MM:SS.mmm` timings, cue settings (ignored),
 * multi-line text, and skips NOTE, STYLE and REGION blocks.
 *
 * Speakers: a file with any `<v Name>` span is `teams`; each voice span becomes its own
 * cue with the same timings, so every speaker keeps their own words. Otherwise a first
 * line `Name: text` (Zoom) names the speaker when the part before `": "` looks like a
 * name, and the file is `zoom`; with neither it is plain `vtt`. Cues naming nobody keep
 * speaker null.
 *
 * Throws {@link ImportError} naming the file and line for a missing header, a malformed
 * timing, or a cue that ends before it starts. Overlapping cues and start times that go
 * backwards are accepted, as browsers do: recordings with several captioners have them.
 */
export function parseWebVtt(content: string, fileName: string): ParsedTranscript {
  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const fail: (line: number, message: string) => never = (line, message) => {
    throw new ImportError(`${fileName}: line ${line}: ${message}`);
  };
  const header = lines[0] ?? "";
  if (!/^WEBVTT(?:[ \t].*)?$/.test(header)) {
    fail(1, `not a WebVTT file: the first line must be "WEBVTT", found ${JSON.stringify(header.slice(0, 40))}`);
  }

  const raw: RawCue[] = [];
  let i = 1;
  // Header metadata ("Kind: captions", "Language: en") runs to the first blank line,
  // unless a timing line shows up first (allowed by the spec's parser).
  while (i < lines.length && (lines[i] as string).trim() !== "" && !(lines[i] as string).includes("-->")) i += 1;

  while (i < lines.length) {
    const first = lines[i] as string;
    if (first.trim() === "") {
      i += 1;
      continue;
    }
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first)) {
      while (i < lines.length && (lines[i] as string).trim() !== "") i += 1;
      continue;
    }
    let identifier: string | null = null;
    if (!first.includes("-->")) {
      identifier = first.trim();
      i += 1;
      const next = lines[i];
      if (next === undefined || next.trim() === "") {
        fail(i, `expected a cue timing line ("00:00:01.000 --> 00:00:04.000") after ${JSON.stringify(identifier.slice(0, 40))}`);
      }
      if (!next.includes("-->")) {
        fail(i + 1, `expected a cue timing line ("00:00:01.000 --> 00:00:04.000"), found ${JSON.stringify(next.slice(0, 40))}`);
      }
    }
    const timingLine = i + 1;
    const { startMs, endMs } = parseTiming(lines[i] as string, (message) => fail(timingLine, message));
    i += 1;
    const text: string[] = [];
    // A line holding "-->" cannot be cue text: it starts the next cue (the spec's rule),
    // which also tolerates a missing blank line between cues.
    while (i < lines.length && (lines[i] as string).trim() !== "" && !(lines[i] as string).includes("-->")) {
      text.push(lines[i] as string);
      i += 1;
    }
    const segments = splitVoices(text.join("\n"));
    const plain = segments.map((s) => s.text).filter((t) => t !== "").join("\n");
    raw.push({ line: timingLine, identifier, startMs, endMs, segments, plain, hasVoice: segments.some((s) => s.voice) });
  }

  const format: TranscriptFormat = raw.some((c) => c.hasVoice) ? "teams" : raw.some((c) => colonSpeaker(c.plain) !== null) ? "zoom" : "vtt";
  const cues: TranscriptCue[] = [];
  for (const cue of raw) {
    const base = { line: cue.line, identifier: cue.identifier, startMs: cue.startMs, endMs: cue.endMs };
    if (format === "teams") {
      const spoken = cue.segments.filter((s) => s.text !== "");
      // An empty cue is still a cue: keep it once, with the voice it was tagged with.
      if (spoken.length === 0) cues.push({ ...base, speaker: cue.segments.find((s) => s.voice)?.speaker ?? null, text: "" });
      for (const segment of spoken) cues.push({ ...base, speaker: segment.speaker, text: segment.text });
      continue;
    }
    const split = format === "zoom" ? colonSpeaker(cue.plain) : null;
    cues.push(split ? { ...base, speaker: split.speaker, text: split.text } : { ...base, speaker: null, text: cue.plain });
  }
  return { format, cues };
}

/** Parses `start --> end [settings]`; cue settings are layout hints and are dropped. */
function parseTiming(line: string, fail: (message: string) => never): { startMs: number; endMs: number } {
  const arrow = line.indexOf("-->");
  const startText = line.slice(0, arrow).trim();
  const [endText = ""] = line.slice(arrow + 3).trim().split(/[ \t]+/);
  const startMs = parseTimestamp(startText);
  if (startMs === null) fail(`malformed cue start time ${JSON.stringify(startText)}: expected HH:MM:SS.mmm or MM:SS.mmm`);
  const endMs = parseTimestamp(endText);
  if (endMs === null) fail(`malformed cue end time ${JSON.stringify(endText)}: expected HH:MM:SS.mmm or MM:SS.mmm`);
  if (endMs < startMs) fail(`cue ends (${endText}) before it starts (${startText})`);
  return { startMs, endMs };
}

/** `01:02:03.456` or `02:03.456` → milliseconds, or null when malformed. */
function parseTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, hours = "0", minutes = "0", seconds = "0", millis = "0"] = match;
  return ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

/**
 * Removes tags and splits cue text at voice spans. A `<v>` without `</v>` runs to the
 * next `<v>` or the end of the cue, as the spec allows.
 */
function splitVoices(raw: string): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = { voice: false, speaker: null, text: "" };
  let last = 0;
  for (const match of raw.matchAll(TAG)) {
    current.text += raw.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[2] !== "v") continue;
    segments.push(current);
    current = match[1] === "/" ? { voice: false, speaker: null, text: "" } : { voice: true, speaker: cleanName(match[4] ?? ""), text: "" };
  }
  current.text += raw.slice(last);
  segments.push(current);
  return segments
    .map((s) => ({ ...s, text: tidy(decodeEntities(s.text)) }))
    .filter((s) => s.voice || s.text !== "");
}

/** Zoom's `Name: text` on the cue's first line, when the name part looks like a name. */
function colonSpeaker(text: string): { speaker: string; text: string } | null {
  const colon = text.indexOf(": ");
  if (colon < 0) return null;
  const name = text.slice(0, colon);
  if (name.includes("\n") || !looksLikeName(name)) return null;
  const speaker = cleanName(name);
  return speaker === null ? null : { speaker, text: text.slice(colon + 2).trim() };
}

function looksLikeName(candidate: string): boolean {
  const name = candidate.trim();
  if (name === "" || name.length > MAX_NAME_LENGTH) return false;
  if (!/^\p{L}/u.test(name)) return false;
  // Sentences and links, not names: "Why? Because: …", "see https://…: …".
  if (/:\/\/|www\.|[?!;"<>=]/.test(name)) return false;
  return name.split(/\s+/).length <= MAX_NAME_WORDS;
}

function cleanName(name: string): string | null {
  const cleaned = decodeEntities(name).replace(/[\u200e\u200f]/g, "").replace(/\s+/g, " ").trim();
  return cleaned === "" ? null : cleaned;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Trims each line and drops empty ones. Line breaks themselves are kept: they are all
 * the structure a caption has, and a reader can still join them.
 */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
}
