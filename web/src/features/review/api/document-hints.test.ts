import { describe, expect, it } from "vitest";
import { countHints, dismissalKey, groupDocumentHints, numberOccurrences } from "./document-hints";
import type { LintHint } from "./review-api";

/** A hint over the first occurrence (from `after`) of `words` in `text`. */
function hint(text: string, words: string, category: LintHint["category"], after = 0): LintHint {
  const start = text.indexOf(words, after);
  if (start < 0) throw new Error(`"${words}" is not in the text`);
  return { line: 1, column: start + 1, start, end: start + words.length, category, message: "why", suggestion: "instead" };
}

const summary = { key: "summary", title: "Summary", markdown: "Checkout stopped for an hour." };
const contributors = { key: "contributors", title: "Contributors and enablers", markdown: "It was human error. Then more human error. The root cause was the cache." };
const narrative = { key: "narrative", title: "How we got here", markdown: "Obviously the deploy was wrong." };

describe("numberOccurrences", () => {
  it("numbers repeated words of one category in text order, whatever order the hints came in", () => {
    const text = contributors.markdown;
    const second = hint(text, "human error", "blame", 10);
    const first = hint(text, "human error", "blame");
    expect(numberOccurrences(text, [second, first]).map((h) => [h.text, h.occurrence, h.start])).toEqual([
      ["human error", 0, first.start],
      ["human error", 1, second.start],
    ]);
  });
});

describe("groupDocumentHints", () => {
  const hints = new Map<string, LintHint[]>([
    ["summary", []],
    ["narrative", [hint(narrative.markdown, "Obviously", "hindsight")]],
    [
      "contributors",
      [hint(contributors.markdown, "root cause", "root-cause"), hint(contributors.markdown, "human error", "blame"), hint(contributors.markdown, "human error", "blame", 10)],
    ],
  ]);

  it("groups every hint by section in the document's order, leaving out sections without hints", () => {
    const groups = groupDocumentHints([summary, contributors, narrative], hints, new Set());
    expect(groups.map((g) => [g.key, g.title, g.hints.map((h) => `${h.category}:${h.text}#${h.occurrence}`)])).toEqual([
      ["contributors", "Contributors and enablers", ["blame:human error#0", "blame:human error#1", "root-cause:root cause#0"]],
      ["narrative", "How we got here", ["hindsight:Obviously#0"]],
    ]);
    expect(countHints(groups)).toBe(4);
  });

  it("leaves out exactly the dismissed occurrence, in its own section only", () => {
    const dismissed = new Set([dismissalKey("contributors", { category: "blame", text: "human error", occurrence: 0 }), dismissalKey("summary", { category: "hindsight", text: "Obviously", occurrence: 0 })]);
    const groups = groupDocumentHints([summary, contributors, narrative], hints, dismissed);
    const blame = groups.find((g) => g.key === "contributors")?.hints.filter((h) => h.category === "blame") ?? [];
    expect(blame.map((h) => [h.occurrence, h.start])).toEqual([[1, contributors.markdown.indexOf("human error", 10)]]);
    // A dismissal in another section does not hide the narrative's hint.
    expect(groups.find((g) => g.key === "narrative")?.hints).toHaveLength(1);
  });

  it("drops a section once all its hints are dismissed, and hints that no longer fit the text", () => {
    const dismissed = new Set([dismissalKey("narrative", { category: "hindsight", text: "Obviously", occurrence: 0 })]);
    expect(groupDocumentHints([narrative], hints, dismissed)).toEqual([]);
    const stale = new Map([["summary", [{ ...hint(summary.markdown, "hour", "blame"), end: 500 }]]]);
    expect(groupDocumentHints([summary], stale, new Set())).toEqual([]);
  });
});
