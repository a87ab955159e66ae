import { MIN_GROUP_READERS } from "../core/learning.js";

/*
 * Pure pieces of the learning side: medians, small-group suppression, speaking balance,
 * and stripping evidence links from a review's Markdown for readers who may not open
 * the timeline. No I/O.
 */

/** The median of the values, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A reader count as shown: the number, or "fewer than 3" for small groups (never 0 shown as small: a group with no readers is not listed). */
export function suppressed(count: number): number | "fewer than 3" {
  return count < MIN_GROUP_READERS ? "fewer than 3" : count;
}

/** Words in a transcript cue's text. */
export function countWords(text: string): number {
  const words = text.trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words.length;
}

/**
 * How evenly people spoke: normalised Shannon entropy of the word shares, 1 when all
 * spoke the same amount, near 0 when one person spoke almost all. Null without
 * speakers; 0 for a single speaker.
 */
export function speakingBalance(words: readonly number[]): number | null {
  const spoken = words.filter((w) => w > 0);
  const total = spoken.reduce((a, b) => a + b, 0);
  if (spoken.length === 0 || total === 0) return null;
  if (spoken.length === 1) return 0;
  let entropy = 0;
  for (const w of spoken) {
    const p = w / total;
    entropy -= p * Math.log(p);
  }
  return round(entropy / Math.log(spoken.length), 3);
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

// A link to the timeline behind a quote: an app path to an incident's timeline, or the
// `event:<kind>:<id>` shorthand. Images are left alone.
const EVIDENCE_LINK = /(?<!!)\[([^\]\n]*)\]\((?:\/incidents\/\d+\/timeline[^)\s]*|event:[a-z]+:[^)\s]+)(?:\s+"[^"]*")?\)/g;

/**
 * The Markdown with links to timeline evidence replaced by their text: what a reader
 * who may not open the timeline (a viewer) is sent. The quotes stay; the way into the
 * raw conversation does not.
 */
export function withoutEvidenceLinks(markdown: string): string {
  return markdown.replace(EVIDENCE_LINK, (_, text: string) => text);
}

/** Plain-text opening of a Markdown section, for list excerpts. */
export function excerpt(markdown: string, length = 220): string {
  const text = withoutEvidenceLinks(markdown)
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_`~|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length <= length ? text : `${text.slice(0, length - 1).replace(/\s+\S*$/, "")}…`;
}
