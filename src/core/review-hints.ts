import { z } from "zod";

/**
 * The kinds of wording a blame-aware hint points at. Each names a habit that judges
 * what people did instead of explaining why it made sense to them at the time.
 */
export const HINT_CATEGORIES = ["counterfactual", "hindsight", "blame", "root-cause", "person-as-cause"] as const;

/** One hint category. */
export type HintCategory = (typeof HINT_CATEGORIES)[number];

/** One hint: where the wording is, why it matters, and a way to say it instead. */
export const ReviewHint = z
  .object({
    line: z.number().int().min(1).describe("1-based line of the span's first character"),
    column: z.number().int().min(1).describe("1-based column (UTF-16 code units) of the span's first character"),
    start: z.number().int().min(0).describe("UTF-16 offset of the span's first character in the text"),
    end: z.number().int().min(0).describe("UTF-16 offset just past the span's last character"),
    category: z.enum(HINT_CATEGORIES),
    message: z.string().describe("why this wording matters, in one or two sentences"),
    suggestion: z.string().describe("a way to say it that explains instead of judging"),
  })
  .meta({ id: "ReviewHint" });

/** A hint as the linter and the API give it. */
export type ReviewHint = z.infer<typeof ReviewHint>;

/** The largest text `POST /api/review-lint` accepts (about 40,000 words). */
export const MAX_LINT_TEXT = 250_000;

/** `POST /api/review-lint` body. */
export const ReviewLintRequest = z.strictObject({
  text: z.string().max(MAX_LINT_TEXT).describe("Markdown or plain text; code blocks, inline code and link targets are skipped"),
});

/** `POST /api/review-lint` answer, and `debrief review lint --json` output. */
export const ReviewLintResponse = z.object({
  hints: z.array(ReviewHint).describe("in text order"),
});

/** The lint answer. */
export type ReviewLintResponse = z.infer<typeof ReviewLintResponse>;
