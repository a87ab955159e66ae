import { blameHints } from "../analysis/blame-hints.js";
import type { ReviewLintResponse } from "../core/review-hints.js";

/**
 * Blame-aware hints for a review text (Markdown or plain). No store and no audit: the
 * text is only read, never kept.
 */
export function lintReviewText(text: string): ReviewLintResponse {
  return { hints: blameHints(text) };
}
