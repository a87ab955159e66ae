import { ReviewLintRequest, ReviewLintResponse } from "../../../core/review-hints.js";
import { errorResponses } from "../common-schema.js";

/** `POST /api/review-lint`. */
export const reviewLintSchema = {
  summary: "Blame-aware wording hints for a text (any signed-in account; nothing is stored)",
  tags: ["reviews"],
  body: ReviewLintRequest,
  response: { 200: ReviewLintResponse, ...errorResponses },
};
