import { apiFetch, ApiError } from "../../../api/client";
import type { ReviewHint } from "../../../../../src/core/review-hints.js";
import type { CreateTemplateBody, HintDismissalBody, ReviewTemplateBody, ReviewBody, ReviewCommentBody, ReviewComparisonBody, ReviewReferenceBody, ReviewStatus } from "../../../../../src/core/review.js";

export type { CreateTemplateBody, HintDismissalBody, ReviewTemplateBody, ReviewBody, ReviewCommentBody, ReviewComparisonBody, ReviewReferenceBody, ReviewStatus };

/** A wording hint from `POST /api/review-lint`. */
export type LintHint = ReviewHint;

const base = (incidentId: number) => `/incidents/${incidentId}/review`;

/** The review as it is now, from a 409 answer. */
export function conflictCurrent(error: unknown): ReviewBody | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  return ((error.body as unknown as { current?: ReviewBody } | null)?.current ?? null) as ReviewBody | null;
}

/** `GET …/review` (a version, or the latest the reader may see); null when there is none yet. */
export async function fetchReview(incidentId: number, version: number | null, signal?: AbortSignal): Promise<ReviewBody | null> {
  try {
    return (await apiFetch<{ review: ReviewBody }>(base(incidentId), { query: { version }, signal })).review;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && version === null) return null;
    throw error;
  }
}

/** `POST …/review`: start the draft (from a template, for a new review) or refresh its generated sections. */
export async function draftReview(incidentId: number, template?: string): Promise<ReviewBody> {
  return (await apiFetch<{ review: ReviewBody }>(base(incidentId), { method: "POST", body: template ? { template } : {} })).review;
}

/** `GET /api/review-templates`. */
export async function fetchTemplates(signal?: AbortSignal): Promise<ReviewTemplateBody[]> {
  return (await apiFetch<{ templates: ReviewTemplateBody[] }>("/review-templates", { signal })).templates;
}

/** `POST /api/review-templates` (admins). */
export async function createTemplate(template: CreateTemplateBody): Promise<ReviewTemplateBody> {
  return (await apiFetch<{ template: ReviewTemplateBody }>("/review-templates", { method: "POST", body: template })).template;
}

/** `PUT /api/review-templates/default` (admins): the template new reviews start from. */
export async function setDefaultTemplate(templateId: string): Promise<ReviewTemplateBody> {
  return (await apiFetch<{ template: ReviewTemplateBody }>("/review-templates/default", { method: "PUT", body: { templateId } })).template;
}

/** `PATCH …/review`: save sections, based on a version and revision. */
export async function saveSections(incidentId: number, version: number, revision: number, sections: { key: string; markdown: string }[]): Promise<ReviewBody> {
  return (await apiFetch<{ review: ReviewBody }>(base(incidentId), { method: "PATCH", body: { version, revision, sections } })).review;
}

/** `POST …/review/transition`. */
export async function transition(incidentId: number, version: number, revision: number, to: ReviewStatus): Promise<ReviewBody> {
  return (await apiFetch<{ review: ReviewBody }>(`${base(incidentId)}/transition`, { method: "POST", body: { version, revision, to } })).review;
}

/** `POST …/review/proposal`: ask the configured model for a narrative. */
export async function proposeNarrative(incidentId: number, version: number, revision: number): Promise<ReviewBody> {
  return (await apiFetch<{ review: ReviewBody }>(`${base(incidentId)}/proposal`, { method: "POST", body: { version, revision } })).review;
}

/** `GET …/review/compare`. */
export async function compareVersions(incidentId: number, from: number, to: number): Promise<ReviewComparisonBody> {
  return (await apiFetch<{ comparison: ReviewComparisonBody }>(`${base(incidentId)}/compare`, { query: { from, to } })).comparison;
}

/** `GET …/review/comments`. */
export async function fetchComments(incidentId: number, signal?: AbortSignal): Promise<ReviewCommentBody[]> {
  return (await apiFetch<{ comments: ReviewCommentBody[] }>(`${base(incidentId)}/comments`, { signal })).comments;
}

/** `POST …/review/comments`. */
export async function addComment(incidentId: number, sectionKey: string, body: string): Promise<ReviewCommentBody> {
  return (await apiFetch<{ comment: ReviewCommentBody }>(`${base(incidentId)}/comments`, { method: "POST", body: { sectionKey, body } })).comment;
}

/** `PATCH …/review/comments/:id`. */
export async function resolveComment(incidentId: number, commentId: number, resolved: boolean): Promise<ReviewCommentBody> {
  return (await apiFetch<{ comment: ReviewCommentBody }>(`${base(incidentId)}/comments/${commentId}`, { method: "PATCH", body: { resolved } })).comment;
}

/** `GET …/review/references`. */
export async function fetchReferences(incidentId: number, signal?: AbortSignal): Promise<ReviewReferenceBody[]> {
  return (await apiFetch<{ references: ReviewReferenceBody[] }>(`${base(incidentId)}/references`, { signal })).references;
}

/** `PATCH …/review/references/:id`: prune or restore; answers with the refreshed review. */
export async function pruneReference(incidentId: number, referenceId: number, pruned: boolean): Promise<ReviewBody> {
  return (await apiFetch<{ review: ReviewBody }>(`${base(incidentId)}/references/${referenceId}`, { method: "PATCH", body: { pruned } })).review;
}

/** `GET …/review/dismissals`. */
export async function fetchDismissals(incidentId: number, signal?: AbortSignal): Promise<HintDismissalBody[]> {
  return (await apiFetch<{ dismissals: HintDismissalBody[] }>(`${base(incidentId)}/dismissals`, { signal })).dismissals;
}

/** `POST …/review/dismissals`. */
export async function dismissHint(incidentId: number, dismissal: { sectionKey: string; category: string; text: string; occurrence: number }): Promise<HintDismissalBody> {
  return (await apiFetch<{ dismissal: HintDismissalBody }>(`${base(incidentId)}/dismissals`, { method: "POST", body: dismissal })).dismissal;
}

/** `POST /api/review-lint`: wording hints for a text; empty when the server has no linter. */
export async function lintText(text: string, signal?: AbortSignal): Promise<LintHint[]> {
  try {
    return (await apiFetch<{ hints: LintHint[] }>("/review-lint", { method: "POST", body: { text }, signal })).hints;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}
