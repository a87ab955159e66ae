import type { Mention } from "../../../api/types";

/*
 * A message's decoded text split into what the timeline renders differently: mentions,
 * links, ```code blocks```, `code`, *bold*, _italic_, ~strike~, `> ` quote markers and
 * :emoji: shortcodes. Every character of the text belongs to exactly one segment
 * and the segments are in order, so rendered text keeps the offsets annotations use
 * (UTF-16 offsets into `text`), including the mrkdwn markers, which are rendered hidden.
 */

/** One stretch of a message's text. */
export interface TextSegment {
  kind: "text" | "mention" | "link" | "pre" | "code" | "bold" | "italic" | "strike" | "quote" | "emoji";
  /** Offsets into the text, end exclusive, markers included. */
  start: number;
  end: number;
  /** The part shown, without `*`/`` ` `` markers. */
  contentStart: number;
  contentEnd: number;
  /** For links. */
  href?: string;
  /** For mentions: user, channel or broadcast. */
  mentionKind?: string;
  /** For emoji shortcodes: the emoji character(s). */
  emoji?: string;
}

/** Turns a shortcode name (`rocket`, `+1`) into its emoji, or undefined for an unknown one. */
export type EmojiLookup = (name: string) => string | undefined;

interface Candidate extends TextSegment {
  priority: number;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/g;
const PRE_PATTERN = /```([\s\S]+?)```/g;
const CODE_PATTERN = /`([^`\n]+)`/g;
// A quote is a line starting with "> " (Slack's export keeps the marker in the text).
const QUOTE_PATTERN = /^(?:>|&gt;) ?/gm;
const EMOJI_PATTERN = /:([a-z0-9_+-]+):/g;
// *bold* only where Slack would render it: not inside words, not around spaces.
const BOLD_PATTERN = /(^|[\s(])\*([^*\s][^*\n]*?[^*\s]|[^*\s])\*(?=$|[\s).,;:!?])/g;
const ITALIC_PATTERN = /(^|[\s(])_([^_\s][^_\n]*?[^_\s]|[^_\s])_(?=$|[\s).,;:!?])/g;
const STRIKE_PATTERN = /(^|[\s(])~([^~\s][^~\n]*?[^~\s]|[^~\s])~(?=$|[\s).,;:!?])/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Splits `text` into segments, given the mentions the importer decoded in it and, to
 * show emoji, a lookup of shortcodes (unknown `:names:` stay text).
 */
export function segmentText(text: string, mentions: readonly Mention[], emoji?: EmojiLookup): TextSegment[] {
  const candidates: Candidate[] = [];

  for (const match of text.matchAll(PRE_PATTERN)) {
    const start = match.index;
    const end = start + match[0].length;
    candidates.push({ kind: "pre", start, end, contentStart: start + 3, contentEnd: end - 3, priority: -1 });
  }
  for (const match of text.matchAll(QUOTE_PATTERN)) {
    const start = match.index;
    candidates.push({ kind: "quote", start, end: start + match[0].length, contentStart: start + match[0].length, contentEnd: start + match[0].length, priority: -2 });
  }
  if (emoji) {
    for (const match of text.matchAll(EMOJI_PATTERN)) {
      const character = emoji(match[1] ?? "");
      if (!character) continue;
      const start = match.index;
      const end = start + match[0].length;
      // The shortcode stays in the text (offsets count it) but shows as its emoji.
      candidates.push({ kind: "emoji", start, end, contentStart: end, contentEnd: end, emoji: character, priority: 4 });
    }
  }
  for (const match of text.matchAll(CODE_PATTERN)) {
    const start = match.index;
    const end = start + match[0].length;
    candidates.push({ kind: "code", start, end, contentStart: start + 1, contentEnd: end - 1, priority: 0 });
  }
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    const start = match.index;
    const end = start + url.length;
    candidates.push({ kind: "link", start, end, contentStart: start, contentEnd: end, href: url, priority: 1 });
  }
  const labels = [...new Set(mentions.map((m) => m.label).filter((label) => label.length > 1))];
  for (const label of labels) {
    const kind = mentions.find((m) => m.label === label)?.kind ?? "user";
    const pattern = new RegExp(`${escapeRegExp(label)}(?![\\w.-]*[\\w-])`, "g");
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + label.length;
      candidates.push({ kind: "mention", start, end, contentStart: start, contentEnd: end, mentionKind: kind, priority: 2 });
    }
  }
  const emphasis: [RegExp, "bold" | "italic" | "strike"][] = [
    [BOLD_PATTERN, "bold"],
    [ITALIC_PATTERN, "italic"],
    [STRIKE_PATTERN, "strike"],
  ];
  for (const [pattern, kind] of emphasis) {
    for (const match of text.matchAll(pattern)) {
      const lead = match[1] ?? "";
      const start = match.index + lead.length;
      const end = match.index + match[0].length;
      candidates.push({ kind, start, end, contentStart: start + 1, contentEnd: end - 1, priority: 3 });
    }
  }

  candidates.sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const chosen: TextSegment[] = [];
  let cursor = 0;
  for (const candidate of candidates) {
    if (candidate.start < cursor) continue;
    if (candidate.start > cursor) chosen.push(plain(cursor, candidate.start));
    const { priority: _priority, ...segment } = candidate;
    chosen.push(segment);
    cursor = candidate.end;
  }
  if (cursor < text.length) chosen.push(plain(cursor, text.length));
  return chosen;
}

function plain(start: number, end: number): TextSegment {
  return { kind: "text", start, end, contentStart: start, contentEnd: end };
}

/** A highlighted stretch of text (an annotated range). */
export interface Highlight {
  start: number;
  end: number;
  /** The first tag of the annotation, for its colour. */
  tag: string;
  annotationId: number;
}

/** A piece of a segment's shown part, highlighted or not. */
export interface Piece {
  start: number;
  end: number;
  highlight: Highlight | null;
}

/**
 * Cuts `[start, end)` at every highlight boundary inside it; each piece carries the
 * highlight covering it (the innermost, i.e. the one that starts last).
 */
export function piecesOf(start: number, end: number, highlights: readonly Highlight[]): Piece[] {
  if (start >= end) return [];
  const cuts = new Set<number>([start, end]);
  for (const h of highlights) {
    if (h.start > start && h.start < end) cuts.add(h.start);
    if (h.end > start && h.end < end) cuts.add(h.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    let cover: Highlight | null = null;
    for (const h of highlights) {
      if (h.start <= from && h.end >= to && (cover === null || h.start > cover.start)) cover = h;
    }
    pieces.push({ start: from, end: to, highlight: cover });
  }
  return pieces;
}

/**
 * Where a search matches the text: every case-insensitive occurrence of the whole query,
 * as the server's search matches it, without overlaps.
 */
export function searchHits(text: string, query: string): { start: number; end: number }[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const haystack = text.toLowerCase();
  const hits: { start: number; end: number }[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) hits.push({ start: at, end: at + needle.length });
  return hits;
}
