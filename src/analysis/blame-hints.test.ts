import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HINT_CATEGORIES } from "../core/review-hints.js";
import { blameHints } from "./blame-hints.js";
import { evaluateHints, type LabelledSentence } from "./blame-hints-score.js";

const here = dirname(fileURLToPath(import.meta.url));
const labelled = JSON.parse(readFileSync(join(here, "..", "..", "bench", "data", "blame-hints-sentences.json"), "utf8")) as {
  sentences: (LabelledSentence & { set: string })[];
};

describe("blameHints on the labelled sentences", () => {
  it("has a set large enough to mean something, with positives of every category and negatives", () => {
    expect(labelled.sentences.length).toBeGreaterThanOrEqual(150);
    for (const category of HINT_CATEGORIES) expect(labelled.sentences.filter((s) => s.hints.some((h) => h.category === category)).length).toBeGreaterThanOrEqual(10);
    expect(labelled.sentences.filter((s) => s.hints.length === 0).length).toBeGreaterThanOrEqual(60);
  });

  it("reaches F1 ≥ 0.8 in every category and overall, and on the held-out sentences", () => {
    const all = evaluateHints(labelled.sentences, blameHints);
    for (const category of HINT_CATEGORIES) expect(all.byCategory[category].f1, category).toBeGreaterThanOrEqual(0.8);
    expect(all.overall.f1).toBeGreaterThanOrEqual(0.8);
    const heldOut = evaluateHints(labelled.sentences.filter((s) => s.set === "held-out"), blameHints);
    expect(heldOut.overall.f1).toBeGreaterThanOrEqual(0.8);
  });
});

describe("blameHints", () => {
  it.each([
    "We should add an alert on replication lag.",
    "The job is supposed to run nightly.",
    "The health check failed.",
    "The graph clearly shows a spike.",
    "There was no single root cause.",
    "The health check failed to connect to the database.",
  ])("does not flag %j", (sentence) => {
    expect(blameHints(sentence)).toEqual([]);
  });

  it.each([
    ["The reviewer should have caught the typo.", "counterfactual", "should have caught"],
    ["The warning was obviously there.", "hindsight", "obviously"],
    ["This was human error.", "blame", "human error"],
    ["Priya forgot to renew the certificate.", "blame", "forgot to"],
    ["The root cause was a stale DNS record.", "root-cause", "root cause"],
    ["Sam caused the outage.", "person-as-cause", "caused"],
  ] as const)("flags %j as %s with the exact span", (sentence, category, span) => {
    const hints = blameHints(sentence);
    expect(hints).toHaveLength(1);
    const [hint] = hints;
    expect(hint?.category).toBe(category);
    expect(sentence.slice(hint?.start, hint?.end)).toBe(span);
    expect(hint?.message.length).toBeGreaterThan(20);
    expect(hint?.suggestion.length).toBeGreaterThan(20);
  });

  it("gives 1-based line and column of the span in a multi-line document", () => {
    const text = "# Review\n\nAll fine here.\n  The on-call engineer failed to page the DBA.\n";
    const [hint] = blameHints(text);
    expect(hint).toMatchObject({ category: "blame", line: 4, column: 24 });
    expect(text.slice(hint?.start, hint?.end)).toBe("failed to");
  });

  it("skips fenced code, inline code and link targets", () => {
    const text = [
      "```",
      "# the operator should have checked this",
      "```",
      "Run `should have been` in the shell; see [the log](https://x.example/human-error).",
    ].join("\n");
    expect(blameHints(text)).toEqual([]);
  });

  it("returns hints in text order", () => {
    const hints = blameHints("The root cause was human error. Sam should have known.");
    expect(hints.map((hint) => hint.category)).toEqual(["root-cause", "blame", "counterfactual"]);
    expect(hints.map((hint) => hint.start)).toEqual([...hints.map((hint) => hint.start)].sort((a, b) => a - b));
  });

  it("lints a 5,000-word review quickly", () => {
    const paragraph = labelled.sentences.map((s) => s.text).join(" ");
    let text = "";
    while (text.split(/\s+/).length < 5000) text += `${paragraph}\n\n`;
    blameHints(text);
    const started = performance.now();
    const hints = blameHints(text);
    // The benchmark measures the real figure; this only catches a pathological slowdown.
    expect(performance.now() - started).toBeLessThan(500);
    expect(hints.length).toBeGreaterThan(100);
  });
});
