import { z } from "zod";

/*
 * The review of an incident, as the API, the CLI and the web UI exchange it. The store
 * keeps epoch milliseconds; these schemas carry ISO 8601 instants.
 */

/** Where a review version is in its workflow, in order. */
export const REVIEW_STATUSES = ["draft", "in_review", "published"] as const;

/** A review version's status. */
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * Where a section's text came from: `empty` (nothing yet), `generated` (from the
 * evidence, refreshed when the draft is regenerated), `proposal` (from a language
 * model, until a person edits it) or `edited` (a person's words, never overwritten).
 */
export const SECTION_ORIGINS = ["empty", "generated", "proposal", "edited"] as const;

/** A section's origin. */
export type SectionOrigin = (typeof SECTION_ORIGINS)[number];

/** Kinds of reference collected from the incident's messages and annotations. */
export const REFERENCE_KINDS = ["pull_request", "commit", "issue", "jira", "pagerduty", "slack", "dashboard", "link"] as const;

/** A reference's kind. */
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

const iso = z.string().meta({ format: "date-time" });
const id = z.number().int().positive().max(2_147_483_647);
const count = z.number().int().min(1).max(2_147_483_647);

/** A stable section key: lower case, digits and underscores. */
export const SectionKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "a section key is lower case letters, digits and _, starting with a letter");

/** An account as review records mention it. */
export const ReviewUserRef = z.object({ id: z.number().int(), name: z.string() });

/** One section of a template. */
export const TemplateSection = z.object({
  key: SectionKey,
  title: z.string().min(1).max(200),
  help: z.string().max(4000).describe("what belongs in the section and what to avoid"),
});

/** A review template: the built-in one (`builtin:…`) or one an admin added (numeric id as text). */
export const ReviewTemplate = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    isDefault: z.boolean().describe("used for new reviews"),
    sections: z.array(TemplateSection),
  })
  .meta({ id: "ReviewTemplate" });

/** `POST /api/review-templates`: a template an admin adds. */
export const CreateTemplateRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(""),
  sections: z
    .array(TemplateSection)
    .min(1)
    .max(40)
    .refine((sections) => new Set(sections.map((s) => s.key)).size === sections.length, "section keys must be unique"),
  isDefault: z.boolean().default(false),
});

/** One section of a review version. */
export const ReviewSection = z.object({
  key: SectionKey,
  title: z.string(),
  help: z.string(),
  markdown: z.string(),
  origin: z.enum(SECTION_ORIGINS),
});

/** One version of a review, without its sections. */
export const ReviewVersionSummary = z.object({
  number: z.number().int().describe("1, 2, …: a published version is never changed; later edits make the next number"),
  status: z.enum(REVIEW_STATUSES),
  revision: z.number().int().describe("counts edits to this version; every edit names the revision it was based on"),
  createdBy: ReviewUserRef.nullable(),
  createdAt: iso,
  updatedAt: iso,
  submittedAt: iso.nullable(),
  publishedAt: iso.nullable(),
  publishedBy: ReviewUserRef.nullable(),
});

/** One version of a review, with its sections in order. */
export const ReviewVersion = ReviewVersionSummary.extend({ sections: z.array(ReviewSection) }).meta({ id: "ReviewVersion" });

/** A review: which versions exist, and the one asked for. */
export const Review = z
  .object({
    id: z.number().int(),
    incidentId: z.number().int(),
    template: z.string().describe("the template the review was started from"),
    latestVersion: z.number().int(),
    publishedVersion: z.number().int().nullable().describe("the newest published version, if any"),
    versions: z.array(ReviewVersionSummary).describe("every version the caller may read, oldest first"),
    version: ReviewVersion.describe("the version asked for (the latest by default)"),
  })
  .meta({ id: "Review" });

/** The CLI's `debrief review draft --json` output. */
export const ReviewDraftOutput = z.object({
  reviewId: z.number().int(),
  version: z.number().int(),
  status: z.enum(REVIEW_STATUSES),
  sections: z.array(z.object({ key: z.string(), title: z.string(), markdown: z.string() })),
});

/** `POST /api/incidents/:id/review`: create the draft, or refresh its generated sections. */
export const DraftReviewRequest = z.strictObject({
  template: z.string().min(1).max(60).optional().describe("template id; the default template when omitted (only for a new review)"),
});

/** `PATCH /api/incidents/:id/review`: edit sections of the latest version. */
export const UpdateReviewRequest = z.strictObject({
  version: count.describe("the version the edit is based on"),
  revision: count.describe("that version's revision the edit is based on"),
  sections: z
    .array(z.strictObject({ key: SectionKey, markdown: z.string().max(200_000) }))
    .min(1)
    .max(60),
});

/** `POST /api/incidents/:id/review/transition`: move the latest version along the workflow. */
export const TransitionReviewRequest = z.strictObject({
  version: count,
  revision: count,
  to: z.enum(REVIEW_STATUSES).describe("in_review to ask for comments, published to freeze, draft to take it back from review"),
});

/** A comment on one section. */
export const ReviewComment = z
  .object({
    id: z.number().int(),
    sectionKey: z.string(),
    versionNumber: z.number().int().describe("the version it was made on"),
    body: z.string(),
    author: ReviewUserRef,
    createdAt: iso,
    resolvedAt: iso.nullable(),
    resolvedBy: ReviewUserRef.nullable(),
  })
  .meta({ id: "ReviewComment" });

/** `POST /api/incidents/:id/review/comments`. */
export const CreateCommentRequest = z.strictObject({ sectionKey: SectionKey, body: z.string().trim().min(1).max(20_000) });

/** `PATCH /api/incidents/:id/review/comments/:commentId`. */
export const ResolveCommentRequest = z.strictObject({ resolved: z.boolean() });

/** A reference collected from the incident's messages and annotations. */
export const ReviewReference = z
  .object({
    id: z.number().int(),
    kind: z.enum(REFERENCE_KINDS),
    key: z.string().describe("what it is called: `org/repo#12`, `ABC-123`, a commit hash, a host and path"),
    url: z.string().nullable(),
    evidence: z.string().describe("where it was first seen: message:<id>, page:<id>, cue:<transcript>:<n> or annotation:<id>"),
    seenAt: iso.nullable(),
    occurrences: z.number().int(),
    pruned: z.boolean().describe("left out of the references section"),
  })
  .meta({ id: "ReviewReference" });

/** `PATCH /api/incidents/:id/review/references/:referenceId`. */
export const PruneReferenceRequest = z.strictObject({ pruned: z.boolean() });

/** A dismissed wording hint: the n-th occurrence of `text` flagged as `category` in a section. */
export const HintDismissal = z
  .object({
    id: z.number().int(),
    sectionKey: z.string(),
    category: z.string(),
    text: z.string(),
    occurrence: z.number().int(),
    createdAt: iso,
  })
  .meta({ id: "HintDismissal" });

/** `POST /api/incidents/:id/review/dismissals`. */
export const DismissHintRequest = z.strictObject({
  sectionKey: SectionKey,
  category: z.string().min(1).max(40),
  text: z.string().min(1).max(2000).describe("the flagged span's text"),
  occurrence: z.number().int().min(0).max(100_000).describe("0 for the first occurrence of that text with that category in the section"),
});

/** One piece of a readable diff: unchanged, added or removed text. */
export const DiffPart = z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string() });

/** `GET /api/incidents/:id/review/compare?from=&to=`: what changed, section by section. */
export const ReviewComparison = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    sections: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        change: z.enum(["same", "changed", "added", "removed"]),
        parts: z.array(DiffPart).describe("word-level diff of the Markdown; empty when the section is the same"),
      }),
    ),
  })
  .meta({ id: "ReviewComparison" });

/** Types of the schemas above. */
export type ReviewTemplateBody = z.infer<typeof ReviewTemplate>;
export type CreateTemplateBody = z.infer<typeof CreateTemplateRequest>;
export type ReviewSectionBody = z.infer<typeof ReviewSection>;
export type ReviewVersionBody = z.infer<typeof ReviewVersion>;
export type ReviewVersionSummaryBody = z.infer<typeof ReviewVersionSummary>;
export type ReviewBody = z.infer<typeof Review>;
export type ReviewDraftOutputBody = z.infer<typeof ReviewDraftOutput>;
export type UpdateReviewBody = z.infer<typeof UpdateReviewRequest>;
export type TransitionReviewBody = z.infer<typeof TransitionReviewRequest>;
export type ReviewCommentBody = z.infer<typeof ReviewComment>;
export type ReviewReferenceBody = z.infer<typeof ReviewReference>;
export type HintDismissalBody = z.infer<typeof HintDismissal>;
export type ReviewComparisonBody = z.infer<typeof ReviewComparison>;
export type DiffPartBody = z.infer<typeof DiffPart>;
