import type { Db } from "../dialect.js";

/*
 * Reviews, their versions and sections, comments, references, hint dismissals and
 * stored templates. Plain reads and writes: the workflow rules (what may change when)
 * live in src/commands/review.ts.
 */

/** A review row. */
export interface StoredReview {
  id: number;
  incidentId: number;
  template: string;
  latestVersion: number;
  publishedVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A review version row, with the names of the accounts it mentions. */
export interface StoredReviewVersion {
  id: number;
  reviewId: number;
  number: number;
  status: string;
  revision: number;
  createdBy: { id: number; name: string } | null;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
  publishedAt: number | null;
  publishedBy: { id: number; name: string } | null;
}

/** A section of one version. */
export interface StoredReviewSection {
  key: string;
  position: number;
  title: string;
  help: string;
  markdown: string;
  origin: string;
}

/** A comment on a section. */
export interface StoredReviewComment {
  id: number;
  reviewId: number;
  sectionKey: string;
  versionNumber: number;
  body: string;
  author: { id: number; name: string };
  createdAt: number;
  resolvedAt: number | null;
  resolvedBy: { id: number; name: string } | null;
}

/** A collected reference. */
export interface StoredReviewReference {
  id: number;
  reviewId: number;
  kind: string;
  key: string;
  url: string | null;
  evidence: string;
  seenAt: number | null;
  occurrences: number;
  pruned: boolean;
}

/** A dismissed hint. */
export interface StoredHintDismissal {
  id: number;
  reviewId: number;
  sectionKey: string;
  category: string;
  text: string;
  occurrence: number;
  createdAt: number;
}

/** A template an admin added. */
export interface StoredReviewTemplate {
  id: number;
  name: string;
  description: string;
  sections: { key: string; title: string; help: string }[];
  isDefault: boolean;
}

const reviewColumns = ["id", "incidentId", "template", "latestVersion", "publishedVersion", "createdAt", "updatedAt"] as const;

/** The review of an incident, if one was started. */
export async function findReviewByIncident(db: Db, incidentId: number): Promise<StoredReview | undefined> {
  return db.selectFrom("reviews").select(reviewColumns).where("incidentId", "=", incidentId).executeTakeFirst();
}

/** Starts a review; returns its id. */
export async function insertReview(db: Db, input: { incidentId: number; template: string; createdBy: number | null }, now: number): Promise<number> {
  const row = await db
    .insertInto("reviews")
    .values({ ...input, latestVersion: 1, publishedVersion: null, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records which version is the latest and which the newest published one. */
export async function updateReviewPointers(db: Db, reviewId: number, pointers: { latestVersion?: number; publishedVersion?: number }, now: number): Promise<void> {
  await db
    .updateTable("reviews")
    .set({ ...pointers, updatedAt: now })
    .where("id", "=", reviewId)
    .execute();
}

function versionSelect(db: Db) {
  return db
    .selectFrom("reviewVersions as v")
    .leftJoin("users as c", "c.id", "v.createdBy")
    .leftJoin("users as p", "p.id", "v.publishedBy")
    .select([
      "v.id",
      "v.reviewId",
      "v.number",
      "v.status",
      "v.revision",
      "v.createdAt",
      "v.updatedAt",
      "v.submittedAt",
      "v.publishedAt",
      "c.id as createdById",
      "c.name as createdByName",
      "p.id as publishedById",
      "p.name as publishedByName",
    ]);
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof versionSelect>["executeTakeFirstOrThrow"]>>;

function toVersion(row: VersionRow): StoredReviewVersion {
  const { createdById, createdByName, publishedById, publishedByName, ...rest } = row;
  return {
    ...rest,
    createdBy: createdById === null || createdByName === null ? null : { id: createdById, name: createdByName },
    publishedBy: publishedById === null || publishedByName === null ? null : { id: publishedById, name: publishedByName },
  };
}

/** Every version of a review, oldest first. */
export async function listReviewVersions(db: Db, reviewId: number): Promise<StoredReviewVersion[]> {
  const rows = await versionSelect(db).where("v.reviewId", "=", reviewId).orderBy("v.number").execute();
  return rows.map(toVersion);
}

/** One version of a review by its number. */
export async function findReviewVersion(db: Db, reviewId: number, number: number): Promise<StoredReviewVersion | undefined> {
  const row = await versionSelect(db).where("v.reviewId", "=", reviewId).where("v.number", "=", number).executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** Stores a new version (at revision 1) with its sections; returns the version's id. */
export async function insertReviewVersion(
  db: Db,
  input: { reviewId: number; number: number; createdBy: number | null; sections: readonly StoredReviewSection[] },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("reviewVersions")
    .values({ reviewId: input.reviewId, number: input.number, status: "draft", revision: 1, createdBy: input.createdBy, createdAt: now, updatedAt: now, submittedAt: null, publishedAt: null, publishedBy: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.sections.length > 0) {
    await db
      .insertInto("reviewSections")
      .values(input.sections.map((s) => ({ ...s, versionId: row.id })))
      .execute();
  }
  return row.id;
}

/**
 * Claims an edit of a version: moves it from `revision` to `revision + 1` only if it
 * is still at `revision` and not published. The check is in the statement, so two
 * edits based on the same revision cannot both succeed. Returns whether it claimed.
 */
export async function bumpRevisionIfCurrent(
  db: Db,
  versionId: number,
  revision: number,
  changes: { status?: string; submittedAt?: number | null; publishedAt?: number; publishedBy?: number | null },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("reviewVersions")
    .set({ ...changes, revision: revision + 1, updatedAt: now })
    .where("id", "=", versionId)
    .where("revision", "=", revision)
    .where("status", "!=", "published")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A version's sections in order. */
export async function listReviewSections(db: Db, versionId: number): Promise<StoredReviewSection[]> {
  return db
    .selectFrom("reviewSections")
    .select(["key", "position", "title", "help", "markdown", "origin"])
    .where("versionId", "=", versionId)
    .orderBy("position")
    .execute();
}

/** Replaces one section's text and origin. */
export async function updateReviewSection(db: Db, versionId: number, key: string, changes: { markdown: string; origin: string }): Promise<void> {
  await db.updateTable("reviewSections").set(changes).where("versionId", "=", versionId).where("key", "=", key).execute();
}

function commentSelect(db: Db) {
  return db
    .selectFrom("reviewComments as c")
    .innerJoin("users as a", "a.id", "c.authorUserId")
    .leftJoin("users as r", "r.id", "c.resolvedBy")
    .select(["c.id", "c.reviewId", "c.sectionKey", "c.versionNumber", "c.body", "c.createdAt", "c.resolvedAt", "a.id as authorId", "a.name as authorName", "r.id as resolvedById", "r.name as resolvedByName"]);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof commentSelect>["executeTakeFirstOrThrow"]>>;

function toComment(row: CommentRow): StoredReviewComment {
  const { authorId, authorName, resolvedById, resolvedByName, ...rest } = row;
  return { ...rest, author: { id: authorId, name: authorName }, resolvedBy: resolvedById === null || resolvedByName === null ? null : { id: resolvedById, name: resolvedByName } };
}

/** A review's comments, oldest first. */
export async function listReviewComments(db: Db, reviewId: number): Promise<StoredReviewComment[]> {
  const rows = await commentSelect(db).where("c.reviewId", "=", reviewId).orderBy("c.id").execute();
  return rows.map(toComment);
}

/** One comment. */
export async function findReviewComment(db: Db, id: number): Promise<StoredReviewComment | undefined> {
  const row = await commentSelect(db).where("c.id", "=", id).executeTakeFirst();
  return row ? toComment(row) : undefined;
}

/** Stores a comment; returns its id. */
export async function insertReviewComment(db: Db, input: { reviewId: number; sectionKey: string; versionNumber: number; body: string; authorUserId: number }, now: number): Promise<number> {
  const row = await db
    .insertInto("reviewComments")
    .values({ ...input, createdAt: now, resolvedAt: null, resolvedBy: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a comment resolved (by whom, when) or open again. */
export async function setReviewCommentResolved(db: Db, id: number, resolvedBy: number | null, now: number | null): Promise<void> {
  await db.updateTable("reviewComments").set({ resolvedAt: now, resolvedBy }).where("id", "=", id).execute();
}

const referenceColumns = ["id", "reviewId", "kind", "key", "url", "evidence", "seenAt", "occurrences", "pruned"] as const;

/** A review's references, in the order they were first seen. */
export async function listReviewReferences(db: Db, reviewId: number): Promise<StoredReviewReference[]> {
  const rows = await db.selectFrom("reviewReferences").select(referenceColumns).where("reviewId", "=", reviewId).orderBy("seenAt").orderBy("id").execute();
  return rows.map((r) => ({ ...r, pruned: r.pruned === 1 }));
}

/** One reference. */
export async function findReviewReference(db: Db, id: number): Promise<StoredReviewReference | undefined> {
  const row = await db.selectFrom("reviewReferences").select(referenceColumns).where("id", "=", id).executeTakeFirst();
  return row ? { ...row, pruned: row.pruned === 1 } : undefined;
}

/** A reference as collected from the evidence. */
export interface CollectedReference {
  kind: string;
  key: string;
  url: string | null;
  evidence: string;
  seenAt: number | null;
  occurrences: number;
}

/**
 * Stores what was collected: new references are added, known ones get their counts
 * and first sighting refreshed, and a pruned reference stays pruned.
 */
export async function upsertReviewReferences(db: Db, reviewId: number, references: readonly CollectedReference[], now: number): Promise<void> {
  for (const ref of references) {
    await db
      .insertInto("reviewReferences")
      .values({ ...ref, reviewId, pruned: 0, createdAt: now })
      .onConflict((oc) => oc.columns(["reviewId", "kind", "key"]).doUpdateSet({ url: ref.url, evidence: ref.evidence, seenAt: ref.seenAt, occurrences: ref.occurrences }))
      .execute();
  }
}

/** Prunes a reference from the references section, or brings it back. */
export async function setReviewReferencePruned(db: Db, id: number, pruned: boolean): Promise<void> {
  await db.updateTable("reviewReferences").set({ pruned: pruned ? 1 : 0 }).where("id", "=", id).execute();
}

const dismissalColumns = ["id", "reviewId", "sectionKey", "category", "text", "occurrence", "createdAt"] as const;

/** A review's dismissed hints. */
export async function listHintDismissals(db: Db, reviewId: number): Promise<StoredHintDismissal[]> {
  return db.selectFrom("reviewHintDismissals").select(dismissalColumns).where("reviewId", "=", reviewId).orderBy("id").execute();
}

/** One dismissal. */
export async function findHintDismissal(db: Db, id: number): Promise<StoredHintDismissal | undefined> {
  return db.selectFrom("reviewHintDismissals").select(dismissalColumns).where("id", "=", id).executeTakeFirst();
}

/** Dismisses a hint occurrence (dismissing it twice keeps one row); returns the dismissal's id. */
export async function insertHintDismissal(
  db: Db,
  input: { reviewId: number; sectionKey: string; category: string; text: string; occurrence: number; dismissedBy: number | null },
  now: number,
): Promise<number> {
  await db
    .insertInto("reviewHintDismissals")
    .values({ ...input, createdAt: now })
    .onConflict((oc) => oc.columns(["reviewId", "sectionKey", "category", "text", "occurrence"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("reviewHintDismissals")
    .select("id")
    .where("reviewId", "=", input.reviewId)
    .where("sectionKey", "=", input.sectionKey)
    .where("category", "=", input.category)
    .where("text", "=", input.text)
    .where("occurrence", "=", input.occurrence)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes a dismissal back. */
export async function deleteHintDismissal(db: Db, id: number): Promise<void> {
  await db.deleteFrom("reviewHintDismissals").where("id", "=", id).execute();
}

/** Templates admins added, by name. */
export async function listReviewTemplates(db: Db): Promise<StoredReviewTemplate[]> {
  const rows = await db.selectFrom("reviewTemplates").select(["id", "name", "description", "sections", "isDefault"]).orderBy("name").execute();
  return rows.map((r) => ({ ...r, sections: JSON.parse(r.sections) as StoredReviewTemplate["sections"], isDefault: r.isDefault === 1 }));
}

/** Stores a template; returns its id. */
export async function insertReviewTemplate(
  db: Db,
  input: { name: string; description: string; sections: readonly { key: string; title: string; help: string }[]; createdBy: number | null },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto("reviewTemplates")
    .values({ name: input.name, description: input.description, sections: JSON.stringify(input.sections), isDefault: 0, createdBy: input.createdBy, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Makes one stored template the default (or, with null, the built-in one). */
export async function setDefaultReviewTemplate(db: Db, id: number | null, now: number): Promise<void> {
  await db.updateTable("reviewTemplates").set({ isDefault: 0, updatedAt: now }).where("isDefault", "=", 1).execute();
  if (id !== null) await db.updateTable("reviewTemplates").set({ isDefault: 1, updatedAt: now }).where("id", "=", id).execute();
}
