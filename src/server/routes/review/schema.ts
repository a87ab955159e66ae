import { z } from "zod";
import {
  CreateCommentRequest,
  CreateTemplateRequest,
  DismissHintRequest,
  DraftReviewRequest,
  HintDismissal,
  PruneReferenceRequest,
  ResolveCommentRequest,
  Review,
  ReviewComment,
  ReviewComparison,
  ReviewReference,
  ReviewTemplate,
  TransitionReviewRequest,
  UpdateReviewRequest,
} from "../../../core/review.js";
import { errorResponses, IdParams, idText, MAX_ID, NoContent } from "../common-schema.js";

const tags = ["review"];
const version = z.coerce.number().int().min(1).max(MAX_ID);

/** `409`: the review changed since the version and revision the request was based on. */
export const ReviewConflict = z.object({ error: z.literal("conflict"), current: Review });

/** `GET /api/incidents/:id/review`. */
export const getReviewSchema = {
  summary: "An incident's review: the latest version (viewers: the newest published one), or ?version=N",
  tags,
  params: IdParams,
  querystring: z.strictObject({ version: version.optional().describe("a version number") }),
  response: { 200: z.object({ review: Review }), ...errorResponses },
};

/** `POST /api/incidents/:id/review`. */
export const draftReviewSchema = {
  summary: "Start the review from a template, or refresh its generated sections from the evidence",
  tags,
  params: IdParams,
  body: DraftReviewRequest,
  response: { 200: z.object({ review: Review }), ...errorResponses },
};

/** `PATCH /api/incidents/:id/review`. */
export const updateReviewSchema = {
  summary: "Edit sections of the latest version; an edit of a published version starts the next draft; 409 when stale",
  tags,
  params: IdParams,
  body: UpdateReviewRequest,
  response: { 200: z.object({ review: Review }), 409: ReviewConflict, ...errorResponses },
};

/** `POST /api/incidents/:id/review/transition`. */
export const transitionReviewSchema = {
  summary: "Move the latest version to in_review, back to draft, or to published (frozen); 409 when stale",
  tags,
  params: IdParams,
  body: TransitionReviewRequest,
  response: { 200: z.object({ review: Review }), 409: ReviewConflict, ...errorResponses },
};

/** `POST /api/incidents/:id/review/proposal`. */
export const proposeNarrativeSchema = {
  summary: "Ask the configured language model to propose the narrative from the evidence (off unless configured); 409 when stale",
  tags,
  params: IdParams,
  body: z.strictObject({ version: z.number().int().min(1).max(MAX_ID).describe("the version the proposal is for"), revision: z.number().int().min(1).max(MAX_ID).describe("its revision") }),
  response: { 200: z.object({ review: Review }), 409: ReviewConflict, ...errorResponses, "5xx": z.object({ error: z.string() }) },
};

/** `GET /api/incidents/:id/review/compare`. */
export const compareReviewSchema = {
  summary: "What changed between two versions, section by section",
  tags,
  params: IdParams,
  querystring: z.strictObject({ from: version, to: version }),
  response: { 200: z.object({ comparison: ReviewComparison }), ...errorResponses },
};

/** `GET /api/incidents/:id/review/comments`. */
export const listCommentsSchema = {
  summary: "Comments on the review's sections, oldest first",
  tags,
  params: IdParams,
  response: { 200: z.object({ comments: z.array(ReviewComment) }), ...errorResponses },
};

/** `POST /api/incidents/:id/review/comments`. */
export const createCommentSchema = {
  summary: "Comment on a section of the latest version",
  tags,
  params: IdParams,
  body: CreateCommentRequest,
  response: { 201: z.object({ comment: ReviewComment }), ...errorResponses },
};

/** `PATCH /api/incidents/:id/review/comments/:commentId`. */
export const resolveCommentSchema = {
  summary: "Resolve a comment, or open it again",
  tags,
  params: z.strictObject({ id: idText, commentId: idText }),
  body: ResolveCommentRequest,
  response: { 200: z.object({ comment: ReviewComment }), ...errorResponses },
};

/** `GET /api/incidents/:id/review/references`. */
export const listReferencesSchema = {
  summary: "References collected from the incident's messages and annotations, pruned ones included",
  tags,
  params: IdParams,
  response: { 200: z.object({ references: z.array(ReviewReference) }), ...errorResponses },
};

/** `PATCH /api/incidents/:id/review/references/:referenceId`. */
export const pruneReferenceSchema = {
  summary: "Prune a reference from the references section, or bring it back",
  tags,
  params: z.strictObject({ id: idText, referenceId: idText }),
  body: PruneReferenceRequest,
  response: { 200: z.object({ reference: ReviewReference, review: Review }), ...errorResponses },
};

/** `GET /api/incidents/:id/review/dismissals`. */
export const listDismissalsSchema = {
  summary: "Wording hints dismissed on this review, per occurrence",
  tags,
  params: IdParams,
  response: { 200: z.object({ dismissals: z.array(HintDismissal) }), ...errorResponses },
};

/** `POST /api/incidents/:id/review/dismissals`. */
export const dismissHintSchema = {
  summary: "Dismiss one occurrence of a wording hint",
  tags,
  params: IdParams,
  body: DismissHintRequest,
  response: { 201: z.object({ dismissal: HintDismissal }), ...errorResponses },
};

/** `DELETE /api/incidents/:id/review/dismissals/:dismissalId`. */
export const undismissHintSchema = {
  summary: "Take back a dismissal",
  tags,
  params: z.strictObject({ id: idText, dismissalId: idText }),
  response: { 204: NoContent, ...errorResponses },
};

/** `GET /api/review-templates`. */
export const listTemplatesSchema = {
  summary: "Review templates: the built-in one and those admins added",
  tags,
  response: { 200: z.object({ templates: z.array(ReviewTemplate) }), ...errorResponses },
};

/** `POST /api/review-templates`. */
export const createTemplateSchema = {
  summary: "Add a review template (admins)",
  tags,
  body: CreateTemplateRequest,
  response: { 201: z.object({ template: ReviewTemplate }), ...errorResponses },
};

/** `PUT /api/review-templates/default`. */
export const setDefaultTemplateSchema = {
  summary: "Choose the template new reviews start from (admins)",
  tags,
  body: z.strictObject({ templateId: z.string().min(1).max(60) }),
  response: { 200: z.object({ template: ReviewTemplate }), ...errorResponses },
};
