import type { AnnotationTag } from "../../core/annotation-tags.js";
import type { EventKind } from "../../core/timeline.js";
import type { Db } from "../dialect.js";

/** A stored annotation with its author's name. */
export interface StoredAnnotation {
  id: number;
  incidentId: number;
  eventKind: EventKind;
  eventId: string;
  rangeStart: number | null;
  rangeEnd: number | null;
  quote: string | null;
  tags: AnnotationTag[];
  note: string;
  version: number;
  author: { id: number; name: string };
  createdAt: number;
  updatedAt: number;
}

/** What a new annotation is made of. */
export interface NewAnnotation {
  incidentId: number;
  eventKind: EventKind;
  eventId: string;
  rangeStart: number | null;
  rangeEnd: number | null;
  quote: string | null;
  tags: AnnotationTag[];
  note: string;
  authorUserId: number;
}

function select(db: Db) {
  return db
    .selectFrom("annotations as a")
    .innerJoin("users as u", "u.id", "a.authorUserId")
    .select([
      "a.id",
      "a.incidentId",
      "a.eventKind",
      "a.eventId",
      "a.rangeStart",
      "a.rangeEnd",
      "a.quote",
      "a.tags",
      "a.note",
      "a.version",
      "a.createdAt",
      "a.updatedAt",
      "u.id as authorId",
      "u.name as authorName",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof select>["executeTakeFirstOrThrow"]>>;

function toAnnotation(row: Row): StoredAnnotation {
  const { authorId, authorName, tags, ...rest } = row;
  return { ...rest, tags: JSON.parse(tags) as AnnotationTag[], author: { id: authorId, name: authorName } };
}

/** An incident's annotations, oldest first. */
export async function listAnnotations(db: Db, incidentId: number): Promise<StoredAnnotation[]> {
  const rows = await select(db).where("a.incidentId", "=", incidentId).orderBy("a.id").execute();
  return rows.map(toAnnotation);
}

/** One annotation. */
export async function findAnnotation(db: Db, id: number): Promise<StoredAnnotation | undefined> {
  const row = await select(db).where("a.id", "=", id).executeTakeFirst();
  return row ? toAnnotation(row) : undefined;
}

/** Stores a new annotation at version 1; returns its id. */
export async function insertAnnotation(db: Db, input: NewAnnotation, now: number): Promise<number> {
  const row = await db
    .insertInto("annotations")
    .values({ ...input, tags: JSON.stringify(input.tags), version: 1, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes an edit only if the stored version is still `version`, and moves it to
 * `version + 1`. The version check is in the statement itself, so two concurrent edits
 * based on the same version cannot both succeed. Returns whether the edit was written.
 */
export async function updateAnnotationIfVersion(
  db: Db,
  id: number,
  version: number,
  changes: { tags?: AnnotationTag[]; note?: string },
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("annotations")
    .set({
      ...(changes.tags === undefined ? {} : { tags: JSON.stringify(changes.tags) }),
      ...(changes.note === undefined ? {} : { note: changes.note }),
      version: version + 1,
      updatedAt: now,
    })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes an annotation only if the stored version is still `version`; returns whether it did. */
export async function deleteAnnotationIfVersion(db: Db, id: number, version: number): Promise<boolean> {
  const result = await db.deleteFrom("annotations").where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
