/*
 * A readable comparison of two review versions: section by section, the words that
 * were added and removed (the `diff` package's word diff, which keeps whitespace so
 * the Markdown reads as written). Pure.
 */

import { diffWordsWithSpace } from "diff";
import type { ReviewComparisonBody } from "../core/review.js";

/** A section as compared: key, title and text. */
export interface ComparedSection {
  key: string;
  title: string;
  markdown: string;
}

/** Compares two versions' sections; sections keep the newer version's order, removed ones come last. */
export function compareReviewVersions(from: { number: number; sections: readonly ComparedSection[] }, to: { number: number; sections: readonly ComparedSection[] }): ReviewComparisonBody {
  const before = new Map(from.sections.map((s) => [s.key, s]));
  const after = new Set(to.sections.map((s) => s.key));
  const sections: ReviewComparisonBody["sections"] = [];
  for (const section of to.sections) {
    const old = before.get(section.key);
    if (!old) {
      sections.push({ key: section.key, title: section.title, change: "added", parts: section.markdown ? [{ kind: "added", text: section.markdown }] : [] });
      continue;
    }
    if (old.markdown === section.markdown) {
      sections.push({ key: section.key, title: section.title, change: "same", parts: [] });
      continue;
    }
    const parts = diffWordsWithSpace(old.markdown, section.markdown).map((c) => ({ kind: c.added ? ("added" as const) : c.removed ? ("removed" as const) : ("same" as const), text: c.value }));
    sections.push({ key: section.key, title: section.title, change: "changed", parts });
  }
  for (const old of from.sections) {
    if (!after.has(old.key)) sections.push({ key: old.key, title: old.title, change: "removed", parts: old.markdown ? [{ kind: "removed", text: old.markdown }] : [] });
  }
  return { from: from.number, to: to.number, sections };
}
