import type { ResolvedTemplate, ReviewState } from "../../commands/review.js";
import type { ReferenceKind, ReviewBody, ReviewCommentBody, ReviewReferenceBody, ReviewStatus, ReviewTemplateBody, SectionOrigin, HintDismissalBody, ReviewVersionSummaryBody } from "../../core/review.js";
import type { StoredHintDismissal, StoredReviewComment, StoredReviewReference, StoredReviewVersion } from "../../db/repositories/reviews.js";
import { iso } from "./incidents.js";

function presentVersionSummary(version: StoredReviewVersion): ReviewVersionSummaryBody {
  return {
    number: version.number,
    // Statuses and origins are checked when written; the response schema checks them again on the way out.
    status: version.status as ReviewStatus,
    revision: version.revision,
    createdBy: version.createdBy,
    createdAt: iso(version.createdAt) as string,
    updatedAt: iso(version.updatedAt) as string,
    submittedAt: iso(version.submittedAt),
    publishedAt: iso(version.publishedAt),
    publishedBy: version.publishedBy,
  };
}

/** A review with its versions and the sections of the version read. */
export function presentReview(state: ReviewState): ReviewBody {
  return {
    id: state.review.id,
    incidentId: state.review.incidentId,
    template: state.review.template,
    latestVersion: state.review.latestVersion,
    publishedVersion: state.review.publishedVersion,
    versions: state.versions.map(presentVersionSummary),
    version: {
      ...presentVersionSummary(state.version),
      sections: state.sections.map((s) => ({ key: s.key, title: s.title, help: s.help, markdown: s.markdown, origin: s.origin as SectionOrigin })),
    },
  };
}

/** A comment on a section. */
export function presentReviewComment(comment: StoredReviewComment): ReviewCommentBody {
  return {
    id: comment.id,
    sectionKey: comment.sectionKey,
    versionNumber: comment.versionNumber,
    body: comment.body,
    author: comment.author,
    createdAt: iso(comment.createdAt) as string,
    resolvedAt: iso(comment.resolvedAt),
    resolvedBy: comment.resolvedBy,
  };
}

/** A collected reference. */
export function presentReviewReference(reference: StoredReviewReference): ReviewReferenceBody {
  return {
    id: reference.id,
    kind: reference.kind as ReferenceKind,
    key: reference.key,
    url: reference.url,
    evidence: reference.evidence,
    seenAt: iso(reference.seenAt),
    occurrences: reference.occurrences,
    pruned: reference.pruned,
  };
}

/** A dismissed hint. */
export function presentHintDismissal(dismissal: StoredHintDismissal): HintDismissalBody {
  return { id: dismissal.id, sectionKey: dismissal.sectionKey, category: dismissal.category, text: dismissal.text, occurrence: dismissal.occurrence, createdAt: iso(dismissal.createdAt) as string };
}

/** A review template. */
export function presentReviewTemplate(template: ResolvedTemplate): ReviewTemplateBody {
  return { id: template.id, name: template.name, description: template.description, builtIn: template.builtIn, isDefault: template.isDefault, sections: template.sections };
}
