/*
 * Scores the blame-aware hints against labelled sentences: precision, recall and F1 per
 * category and overall. Pure, so the test and the benchmark share one definition.
 */

import { HINT_CATEGORIES, type HintCategory, type ReviewHint } from "../core/review-hints.js";

/** One labelled sentence: the hints it should get (none for a sentence that must not be flagged). */
export interface LabelledSentence {
  text: string;
  /** Each expected hint by category and the text of its span (its first occurrence). */
  hints: { category: HintCategory; match: string }[];
}

/** Counts and ratios for one category, or for all together. */
export interface HintScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A hint the linter got wrong on one sentence. */
export interface HintMiss {
  text: string;
  category: HintCategory;
  kind: "false-positive" | "false-negative";
  span: string;
}

/** The score of a whole labelled set. */
export interface HintEvaluation {
  byCategory: Record<HintCategory, HintScore>;
  overall: HintScore;
  misses: HintMiss[];
}

function score(truePositives: number, falsePositives: number, falseNegatives: number): HintScore {
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

/**
 * Runs `lint` on every sentence and compares: a hint is a true positive when an expected
 * hint of the same category overlaps its span, each expected hint matching at most once.
 * Throws when a label's `match` is not in its sentence, so a typo in the set cannot
 * quietly count as a miss.
 */
export function evaluateHints(sentences: readonly LabelledSentence[], lint: (text: string) => ReviewHint[]): HintEvaluation {
  const counts = new Map<HintCategory, { tp: number; fp: number; fn: number }>(HINT_CATEGORIES.map((category) => [category, { tp: 0, fp: 0, fn: 0 }]));
  const misses: HintMiss[] = [];
  for (const sentence of sentences) {
    const expected = sentence.hints.map((hint) => {
      const start = sentence.text.indexOf(hint.match);
      if (start < 0) throw new Error(`label "${hint.match}" is not in: ${sentence.text}`);
      return { category: hint.category, start, end: start + hint.match.length, matched: false };
    });
    for (const hint of lint(sentence.text)) {
      const count = counts.get(hint.category);
      if (!count) continue;
      const target = expected.find((candidate) => !candidate.matched && candidate.category === hint.category && candidate.start < hint.end && hint.start < candidate.end);
      if (target) {
        target.matched = true;
        count.tp += 1;
      } else {
        count.fp += 1;
        misses.push({ text: sentence.text, category: hint.category, kind: "false-positive", span: sentence.text.slice(hint.start, hint.end) });
      }
    }
    for (const candidate of expected) {
      if (candidate.matched) continue;
      const count = counts.get(candidate.category);
      if (count) count.fn += 1;
      misses.push({ text: sentence.text, category: candidate.category, kind: "false-negative", span: sentence.text.slice(candidate.start, candidate.end) });
    }
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const byCategory = {} as Record<HintCategory, HintScore>;
  for (const category of HINT_CATEGORIES) {
    const count = counts.get(category) ?? { tp: 0, fp: 0, fn: 0 };
    byCategory[category] = score(count.tp, count.fp, count.fn);
    tp += count.tp;
    fp += count.fp;
    fn += count.fn;
  }
  return { byCategory, overall: score(tp, fp, fn), misses };
}
