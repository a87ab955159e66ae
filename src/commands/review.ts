import type { IncidentStatus } from "../core/incidents.js";
import { sql } from "kysely";
import { BUILT_IN_SECTIONS, BUILT_IN_TEMPLATE_ID, type TemplateSectionDefinition } from "../core/review-templates.js";
import { compareReviewVersions } from "../analysis/review-diff.js";
import type { CreateTemplateBody, ReviewComparisonBody, ReviewStatus } from "../core/review.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { recordAudit } from "../db/repositories/audit.js";
import { updateIncidentFields } from "../db/repositories/incident-views.js";
import { findIncident } from "../db/repositories/incidents.js";
import {
  bumpRevisionIfCurrent,
  deleteHintDismissal,
  findHintDismissal,
  findReviewByIncident,
  findReviewComment,
  findReviewReference,
  findReviewVersion,
  insertHintDismissal,
  insertReview,
  insertReviewComment,
  insertReviewTemplate,
  insertReviewVersion,
  listHintDismissals,
  listReviewComments,
  listReviewReferences,
  listReviewSections,
  listReviewTemplates,
  listReviewVersions,
  setDefaultReviewTemplate,
  setReviewCommentResolved,
  setReviewReferencePruned,
  updateReviewPointers,
  updateReviewSection,
  type StoredHintDismissal,
  type StoredReview,
  type StoredReviewComment,
  type StoredReviewReference,
  type StoredReviewSection,
  type StoredReviewVersion,
} from "../db/repositories/reviews.js";
import { indexReview } from "../db/search/search-index.js";
import { publishVersionToLibrary } from "./library.js";
import { notifyPublished } from "./notify-published.js";
import { InputError } from "./create-incident.js";

/*
 * The review's use cases. The rules: one review per incident; its latest version is
 * the only one that changes; a published version never changes (an edit to it starts
 * the next version as a draft); every edit and every workflow step names the version
 * and revision it was based on, and a stale one changes nothing and reports what is
 * stored now.
 */

/** A review with its versions and one version's sections. */
export interface ReviewState {
  review: StoredReview;
  versions: StoredReviewVersion[];
  version: StoredReviewVersion;
  sections: StoredReviewSection[];
}

/** The outcome of a versioned change. */
export type ReviewResult<T> = { kind: "done"; value: T } | { kind: "conflict"; current: ReviewState } | { kind: "missing" };

/** Who is acting: the account (for authorship) and how the audit trail names them. */
export interface ReviewActor {
  userId: number | null;
  actor: string;
}

/** Regenerates sections from the evidence: returns markdown by section key for the sections it can write. */
export type SectionGenerator = (db: Db, incidentId: number, reviewId: number) => Promise<Map<string, string>>;

/** A template as the commands see it: the built-in one or a stored one. */
export interface ResolvedTemplate {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  isDefault: boolean;
  sections: TemplateSectionDefinition[];
}

/** The built-in template's description. */
const BUILT_IN_DESCRIPTION = "A narrative review: how we got here, what made it hard, what helped, and what we take away.";

/** Every template: the built-in one first, then stored ones by name. */
export async function listTemplates(db: Db): Promise<ResolvedTemplate[]> {
  const stored = await listReviewTemplates(db);
  const anyDefault = stored.some((t) => t.isDefault);
  return [
    { id: BUILT_IN_TEMPLATE_ID, name: "How we got here", description: BUILT_IN_DESCRIPTION, builtIn: true, isDefault: !anyDefault, sections: [...BUILT_IN_SECTIONS] },
    ...stored.map((t) => ({ id: String(t.id), name: t.name, description: t.description, builtIn: false, isDefault: t.isDefault, sections: t.sections })),
  ];
}

/** Adds a template (an admin's); optionally makes it the default. */
export async function createTemplate(store: Store, input: CreateTemplateBody & ReviewActor): Promise<ResolvedTemplate> {
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const existing = await listReviewTemplates(trx);
    if (existing.some((t) => t.name === input.name)) throw new InputError(`name: a template named ${JSON.stringify(input.name)} exists`);
    const id = await insertReviewTemplate(trx, { name: input.name, description: input.description, sections: input.sections, createdBy: input.userId }, now);
    if (input.isDefault) await setDefaultReviewTemplate(trx, id, now);
    await recordAudit(trx, { actor: input.actor, action: "review.template.create", subjectType: "review_template", subjectId: id, details: { name: input.name, sections: input.sections.map((s) => s.key), isDefault: input.isDefault } }, now);
    const template = (await listTemplates(trx)).find((t) => t.id === String(id));
    if (!template) throw new Error(`template ${id} vanished`);
    return template;
  });
}

/** Makes a template the default for new reviews. */
export async function setDefaultTemplate(store: Store, input: { templateId: string } & ReviewActor): Promise<ResolvedTemplate> {
  return store.db.transaction().execute(async (trx) => {
    const template = (await listTemplates(trx)).find((t) => t.id === input.templateId);
    if (!template) throw new InputError(`template: no template ${JSON.stringify(input.templateId)}`);
    const now = Date.now();
    await setDefaultReviewTemplate(trx, template.builtIn ? null : Number(template.id), now);
    await recordAudit(trx, { actor: input.actor, action: "review.template.default", subjectType: "review_template", subjectId: template.id, details: { name: template.name } }, now);
    return { ...template, isDefault: true };
  });
}

/**
 * Reads a review: the latest version, or `version` when given. With `publishedOnly`
 * (viewers) only published versions exist: the newest published one by default, and
 * drafts are "missing".
 */
export async function readReview(db: Db, incidentId: number, options: { version?: number | undefined; publishedOnly?: boolean } = {}): Promise<ReviewState | undefined> {
  const review = await findReviewByIncident(db, incidentId);
  if (!review) return undefined;
  let versions = await listReviewVersions(db, review.id);
  if (options.publishedOnly) versions = versions.filter((v) => v.status === "published");
  const wanted = options.version ?? (options.publishedOnly ? review.publishedVersion : review.latestVersion);
  const version = versions.find((v) => v.number === wanted);
  if (!version) return undefined;
  return { review, versions, version, sections: await listReviewSections(db, version.id) };
}

/**
 * Creates an incident's review from a template (the default one unless named), or —
 * when it exists — refreshes the latest version's generated sections from the
 * evidence (sections a person wrote are left alone). When the latest version is
 * published the refresh starts the next version as a draft. Audited.
 */
export async function draftReview(
  store: Store,
  input: { incidentId: number; templateId?: string | undefined; generate?: SectionGenerator | undefined } & ReviewActor,
): Promise<ReviewState> {
  return store.db.transaction().execute(async (trx) => {
    const incident = await findIncident(trx, input.incidentId);
    if (!incident) throw new InputError(`incident: no incident ${input.incidentId}`);
    const now = Date.now();
    let review = await findReviewByIncident(trx, input.incidentId);
    if (!review) {
      const templates = await listTemplates(trx);
      const template = input.templateId === undefined ? templates.find((t) => t.isDefault) : templates.find((t) => t.id === input.templateId);
      if (!template) throw new InputError(`template: no template ${JSON.stringify(input.templateId)}`);
      const reviewId = await insertReview(trx, { incidentId: input.incidentId, template: template.id, createdBy: input.userId }, now);
      const sections = template.sections.map((s, position) => ({ key: s.key, position, title: s.title, help: s.help, markdown: "", origin: "empty" }));
      await insertReviewVersion(trx, { reviewId, number: 1, createdBy: input.userId, sections }, now);
      await recordAudit(trx, { actor: input.actor, action: "review.create", subjectType: "review", subjectId: reviewId, details: { incidentId: input.incidentId, template: template.id } }, now);
      if (incident.status === "new") await updateIncidentFields(trx, input.incidentId, { status: "in_analysis" }, now);
      review = await findReviewByIncident(trx, input.incidentId);
      if (!review) throw new Error(`review of incident ${input.incidentId} vanished`);
    } else if (input.templateId !== undefined && input.templateId !== review.template) {
      throw new InputError(`template: the review was started from ${review.template}; a template is chosen only when the review is created`);
    }
    const version = await editableVersion(trx, review, input.userId, now);
    const generated = input.generate ? await input.generate(trx, input.incidentId, review.id) : new Map<string, string>();
    const changed = await applyGenerated(trx, version.id, generated);
    if (changed.length > 0) await bumpRevision(trx, version, now);
    // Asked for by a person, so recorded even when the evidence had not moved.
    await recordAudit(trx, { actor: input.actor, action: "review.refresh", subjectType: "review", subjectId: review.id, details: { incidentId: input.incidentId, version: version.number, sections: changed } }, now);
    await indexReview(trx, input.incidentId);
    const state = await readReview(trx, input.incidentId);
    if (!state) throw new Error(`review of incident ${input.incidentId} vanished`);
    return state;
  });
}

/**
 * Regenerates the generated sections of an incident's review when its latest version
 * is a draft or in review (a published version is frozen). Called in the transaction
 * of the change that made the evidence move (an annotation edit), so the key-moment
 * timeline never lags behind the annotations it lists.
 */
export async function refreshGeneratedSections(trx: Db, incidentId: number, generate: SectionGenerator, actor: string): Promise<void> {
  const review = await findReviewByIncident(trx, incidentId);
  if (!review) return;
  const version = await findReviewVersion(trx, review.id, review.latestVersion);
  if (!version || version.status === "published") return;
  const changed = await applyGenerated(trx, version.id, await generate(trx, incidentId, review.id));
  if (changed.length === 0) return;
  const now = Date.now();
  await bumpRevision(trx, version, now);
  await recordAudit(trx, { actor, action: "review.refresh", subjectType: "review", subjectId: review.id, details: { incidentId, version: version.number, sections: changed } }, now);
  await indexReview(trx, incidentId);
}

/** Input for {@link updateReview}. */
export interface UpdateReviewInput extends ReviewActor {
  incidentId: number;
  version: number;
  revision: number;
  sections: { key: string; markdown: string }[];
  /** `proposal` for text a model proposed; a person's edit is `edited`. */
  origin?: "edited" | "proposal";
}

/**
 * Edits sections of the latest version, if it is still at `version`/`revision`. An
 * edit of a published version starts the next version (a draft) with the edit in it;
 * the published one stays as it was.
 */
export async function updateReview(store: Store, input: UpdateReviewInput): Promise<ReviewResult<ReviewState>> {
  const keys = input.sections.map((s) => s.key);
  if (new Set(keys).size !== keys.length) throw new InputError("sections: each key may appear once");
  return store.db.transaction().execute(async (trx): Promise<ReviewResult<ReviewState>> => {
    const current = await readReview(trx, input.incidentId);
    if (!current) return { kind: "missing" };
    const known = new Set(current.sections.map((s) => s.key));
    const unknown = keys.find((k) => !known.has(k));
    if (unknown !== undefined) throw new InputError(`sections: no section ${JSON.stringify(unknown)} in this review`);
    if (input.version !== current.version.number || input.revision !== current.version.revision) return { kind: "conflict", current };
    const now = Date.now();
    let target: StoredReviewVersion | undefined = current.version;
    if (target.status === "published") {
      target = await startNextVersion(trx, current.review, current.version, input.userId, now);
      if (!target) return { kind: "conflict", current: (await readReview(trx, input.incidentId)) ?? current };
    } else if (!(await bumpRevisionIfCurrent(trx, target.id, input.revision, {}, now))) {
      return { kind: "conflict", current: (await readReview(trx, input.incidentId)) ?? current };
    }
    const before = new Map(current.sections.map((s) => [s.key, s]));
    const changed: string[] = [];
    for (const section of input.sections) {
      if (before.get(section.key)?.markdown === section.markdown) continue;
      await updateReviewSection(trx, target.id, section.key, { markdown: section.markdown, origin: input.origin ?? "edited" });
      changed.push(section.key);
    }
    await updateReviewPointers(trx, current.review.id, {}, now);
    await indexReview(trx, input.incidentId);
    await recordAudit(
      trx,
      { actor: input.actor, action: "review.update", subjectType: "review", subjectId: current.review.id, details: { incidentId: input.incidentId, version: target.number, sections: changed, origin: input.origin ?? "edited" } },
      now,
    );
    const after = await readReview(trx, input.incidentId);
    if (!after) throw new Error("review vanished");
    return { kind: "done", value: after };
  });
}

/** The workflow steps allowed from each status. */
const TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  draft: ["in_review", "published"],
  in_review: ["draft", "published"],
  published: [],
};

/** The incident's analysis status that goes with each review status. */
const INCIDENT_STATUS_FOR: Record<ReviewStatus, IncidentStatus> = { draft: "in_analysis", in_review: "in_review", published: "published" };

/**
 * Moves the latest version along the workflow (draft → in review → published, or back
 * to draft from review). Publishing freezes the version. The incident's analysis
 * status follows. Audited.
 */
export async function transitionReview(
  store: Store,
  input: { incidentId: number; version: number; revision: number; to: ReviewStatus } & ReviewActor,
): Promise<ReviewResult<ReviewState>> {
  const result = await store.db.transaction().execute(async (trx): Promise<ReviewResult<ReviewState>> => {
    const current = await readReview(trx, input.incidentId);
    if (!current) return { kind: "missing" };
    if (input.version !== current.version.number || input.revision !== current.version.revision) return { kind: "conflict", current };
    const from = current.version.status as ReviewStatus;
    if (from === "published") throw new InputError(`version ${current.version.number} is published and frozen; an edit starts version ${current.version.number + 1}`);
    if (!TRANSITIONS[from].includes(input.to)) throw new InputError(`to: a ${from} version cannot move to ${input.to}`);
    const now = Date.now();
    const changes =
      input.to === "published" ? { status: input.to, publishedAt: now, publishedBy: input.userId } : input.to === "in_review" ? { status: input.to, submittedAt: now } : { status: input.to, submittedAt: null };
    if (!(await bumpRevisionIfCurrent(trx, current.version.id, input.revision, changes, now))) {
      return { kind: "conflict", current: (await readReview(trx, input.incidentId)) ?? current };
    }
    await updateReviewPointers(trx, current.review.id, input.to === "published" ? { publishedVersion: current.version.number } : {}, now);
    await updateIncidentFields(trx, input.incidentId, { status: INCIDENT_STATUS_FOR[input.to] }, now);
    await indexReview(trx, input.incidentId);
    await recordAudit(
      trx,
      { actor: input.actor, action: input.to === "published" ? "review.publish" : "review.transition", subjectType: "review", subjectId: current.review.id, details: { incidentId: input.incidentId, version: current.version.number, from, to: input.to } },
      now,
    );
    // The published version joins the library in the same transaction.
    if (input.to === "published") await publishVersionToLibrary(trx, input.incidentId, current.version.number, input.actor);
    const after = await readReview(trx, input.incidentId);
    if (!after) throw new Error("review vanished");
    return { kind: "done", value: after };
  });
  if (result.kind === "done" && input.to === "published") {
    // Notifications are queued after the commit; a failure there never undoes or blocks the publication.
    await notifyPublished(store, { incidentId: input.incidentId, version: result.value.version.number }, { actor: input.actor }).catch(() => undefined);
  }
  return result;
}

/**
 * Publishes the latest version as it stands (the CLI's `review publish`): the
 * revision is the one read in the same transaction. Returns the published number.
 */
export async function publishLatest(store: Store, input: { incidentId: number } & ReviewActor): Promise<number> {
  const current = await readReview(store.db, input.incidentId);
  if (!current) throw new InputError(`incident ${input.incidentId} has no review yet: run \`debrief review draft ${input.incidentId}\` first`);
  if (current.version.status === "published") throw new InputError(`version ${current.version.number} is already published`);
  const result = await transitionReview(store, { ...input, version: current.version.number, revision: current.version.revision, to: "published" });
  if (result.kind === "missing") throw new InputError(`incident ${input.incidentId} has no review`);
  if (result.kind === "conflict") throw new InputError(`the review changed while publishing (now version ${result.current.version.number}, revision ${result.current.version.revision}); try again`);
  return result.value.version.number;
}

/** An incident's review comments. */
export async function reviewComments(db: Db, incidentId: number): Promise<StoredReviewComment[]> {
  const review = await findReviewByIncident(db, incidentId);
  return review ? listReviewComments(db, review.id) : [];
}

/** Comments on a section of the latest version. Audited. */
export async function addReviewComment(store: Store, input: { incidentId: number; sectionKey: string; body: string; userId: number; actor: string }): Promise<StoredReviewComment | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const current = await readReview(trx, input.incidentId);
    if (!current) return undefined;
    if (!current.sections.some((s) => s.key === input.sectionKey)) throw new InputError(`sectionKey: no section ${JSON.stringify(input.sectionKey)} in this review`);
    const now = Date.now();
    const id = await insertReviewComment(trx, { reviewId: current.review.id, sectionKey: input.sectionKey, versionNumber: current.version.number, body: input.body, authorUserId: input.userId }, now);
    await recordAudit(trx, { actor: input.actor, action: "review.comment.create", subjectType: "review_comment", subjectId: id, details: { incidentId: input.incidentId, sectionKey: input.sectionKey, version: current.version.number } }, now);
    return findReviewComment(trx, id);
  });
}

/** Resolves a comment, or opens it again. Audited. */
export async function resolveReviewComment(store: Store, input: { incidentId: number; commentId: number; resolved: boolean; userId: number; actor: string }): Promise<StoredReviewComment | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const review = await findReviewByIncident(trx, input.incidentId);
    const comment = await findReviewComment(trx, input.commentId);
    if (!review || !comment || comment.reviewId !== review.id) return undefined;
    const now = Date.now();
    await setReviewCommentResolved(trx, comment.id, input.resolved ? input.userId : null, input.resolved ? now : null);
    await recordAudit(trx, { actor: input.actor, action: input.resolved ? "review.comment.resolve" : "review.comment.reopen", subjectType: "review_comment", subjectId: comment.id, details: { incidentId: input.incidentId } }, now);
    return findReviewComment(trx, comment.id);
  });
}

/** An incident's collected references. */
export async function reviewReferences(db: Db, incidentId: number): Promise<StoredReviewReference[]> {
  const review = await findReviewByIncident(db, incidentId);
  return review ? listReviewReferences(db, review.id) : [];
}

/**
 * Prunes a reference from the references section (or brings it back); the generated
 * section is refreshed in the same transaction when `generate` is given. Audited.
 */
export async function pruneReviewReference(
  store: Store,
  input: { incidentId: number; referenceId: number; pruned: boolean; generate?: SectionGenerator | undefined } & ReviewActor,
): Promise<StoredReviewReference | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const review = await findReviewByIncident(trx, input.incidentId);
    const reference = await findReviewReference(trx, input.referenceId);
    if (!review || !reference || reference.reviewId !== review.id) return undefined;
    const now = Date.now();
    await setReviewReferencePruned(trx, reference.id, input.pruned);
    await recordAudit(trx, { actor: input.actor, action: input.pruned ? "review.reference.prune" : "review.reference.restore", subjectType: "review_reference", subjectId: reference.id, details: { incidentId: input.incidentId, kind: reference.kind, key: reference.key } }, now);
    if (input.generate) await refreshGeneratedSections(trx, input.incidentId, input.generate, input.actor);
    return findReviewReference(trx, reference.id);
  });
}

/** An incident's dismissed hints. */
export async function reviewHintDismissals(db: Db, incidentId: number): Promise<StoredHintDismissal[]> {
  const review = await findReviewByIncident(db, incidentId);
  return review ? listHintDismissals(db, review.id) : [];
}

/** Dismisses one hint occurrence, kept with the review. Audited. */
export async function dismissHint(
  store: Store,
  input: { incidentId: number; sectionKey: string; category: string; text: string; occurrence: number } & ReviewActor,
): Promise<StoredHintDismissal | undefined> {
  return store.db.transaction().execute(async (trx) => {
    const review = await findReviewByIncident(trx, input.incidentId);
    if (!review) return undefined;
    const now = Date.now();
    const id = await insertHintDismissal(trx, { reviewId: review.id, sectionKey: input.sectionKey, category: input.category, text: input.text, occurrence: input.occurrence, dismissedBy: input.userId }, now);
    await recordAudit(trx, { actor: input.actor, action: "review.hint.dismiss", subjectType: "review_hint_dismissal", subjectId: id, details: { incidentId: input.incidentId, sectionKey: input.sectionKey, category: input.category } }, now);
    return findHintDismissal(trx, id);
  });
}

/** Takes back a dismissal. Audited. Returns false when there was none. */
export async function undismissHint(store: Store, input: { incidentId: number; dismissalId: number } & ReviewActor): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const review = await findReviewByIncident(trx, input.incidentId);
    const dismissal = await findHintDismissal(trx, input.dismissalId);
    if (!review || !dismissal || dismissal.reviewId !== review.id) return false;
    await deleteHintDismissal(trx, dismissal.id);
    await recordAudit(trx, { actor: input.actor, action: "review.hint.undismiss", subjectType: "review_hint_dismissal", subjectId: dismissal.id, details: { incidentId: input.incidentId } });
    return true;
  });
}

/**
 * The version edits go to: the latest one, or — when it is published — a new draft
 * copied from it.
 */
async function editableVersion(trx: Db, review: StoredReview, userId: number | null, now: number): Promise<StoredReviewVersion> {
  const latest = await findReviewVersion(trx, review.id, review.latestVersion);
  if (!latest) throw new Error(`review ${review.id} has no version ${review.latestVersion}`);
  if (latest.status !== "published") return latest;
  const next = await startNextVersion(trx, review, latest, userId, now);
  if (!next) throw new InputError("the review changed meanwhile; try again");
  return next;
}

/**
 * Copies a published version into the next number as a draft. Claims the number with
 * a conditional update of the review first, so two edits racing to start the same
 * version cannot both do it; returns undefined to the loser.
 */
async function startNextVersion(trx: Db, review: StoredReview, from: StoredReviewVersion, userId: number | null, now: number): Promise<StoredReviewVersion | undefined> {
  const claimed = await trx
    .updateTable("reviews")
    .set({ latestVersion: from.number + 1, updatedAt: now })
    .where("id", "=", review.id)
    .where("latestVersion", "=", from.number)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return undefined;
  const sections = await listReviewSections(trx, from.id);
  await insertReviewVersion(trx, { reviewId: review.id, number: from.number + 1, createdBy: userId, sections }, now);
  return findReviewVersion(trx, review.id, from.number + 1);
}

/** Writes generated text into sections that are empty or still generated; returns the keys changed. */
async function applyGenerated(trx: Db, versionId: number, generated: Map<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const section of await listReviewSections(trx, versionId)) {
    const text = generated.get(section.key);
    if (text === undefined) continue;
    if (section.origin !== "empty" && section.origin !== "generated") continue;
    if (section.markdown === text && section.origin === "generated") continue;
    await updateReviewSection(trx, versionId, section.key, { markdown: text, origin: "generated" });
    changed.push(section.key);
  }
  return changed;
}

async function bumpRevision(trx: Db, version: StoredReviewVersion, now: number): Promise<void> {
  await trx
    .updateTable("reviewVersions")
    // Relative, so a concurrent edit's claim of the same revision loses (409) instead of being overwritten.
    .set({ revision: sql`revision + 1`, updatedAt: now })
    .where("id", "=", version.id)
    .execute();
}

/** The incident a review route is about (id and status, for the policy), or undefined. */
export async function reviewIncident(db: Db, incidentId: number): Promise<{ id: number; status: string; title: string } | undefined> {
  const incident = await findIncident(db, incidentId);
  return incident ? { id: incident.id, status: incident.status, title: incident.title } : undefined;
}

/**
 * Compares two versions of an incident's review (readers of published versions only
 * may compare published ones). Undefined when either version is not there for them.
 */
export async function compareVersions(db: Db, incidentId: number, from: number, to: number, options: { publishedOnly?: boolean } = {}): Promise<ReviewComparisonBody | undefined> {
  const a = await readReview(db, incidentId, { version: from, publishedOnly: options.publishedOnly ?? false });
  const b = await readReview(db, incidentId, { version: to, publishedOnly: options.publishedOnly ?? false });
  if (!a || !b) return undefined;
  return compareReviewVersions({ number: from, sections: a.sections }, { number: to, sections: b.sections });
}
