import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import {
  deleteAnnotationIfVersion,
  findAnnotation,
  insertAnnotation,
  type StoredAnnotation,
  updateAnnotationIfVersion,
} from "../db/repositories/annotations.js";
import { recordAudit } from "../db/repositories/audit.js";
import { incidentChannelMessages } from "../db/repositories/incidents.js";
import { InputError } from "./create-incident.js";
import { refreshGeneratedSections } from "./review.js";
import { generateReviewSections } from "./review-draft.js";

import type { AnnotationTag } from "../core/annotation-tags.js";
import { indexAnnotation } from "../db/search/search-index.js";

export { ANNOTATION_TAGS } from "../core/annotation-tags.js";
export type { AnnotationTag };

/** What an annotation can be attached to. */
export const EVENT_KINDS = ["message", "page", "cue"] as const;

/** The kind of timeline event an annotation marks. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Input for {@link createAnnotation}. */
export interface CreateAnnotationInput {
  incidentId: number;
  eventKind: EventKind;
  eventId: string;
  rangeStart?: number | null | undefined;
  rangeEnd?: number | null | undefined;
  quote?: string | null | undefined;
  tags: AnnotationTag[];
  note: string;
  authorUserId: number;
  actor: string;
}

/** The outcome of a versioned edit or delete. */
export type VersionedResult<T> = { kind: "done"; value: T } | { kind: "conflict"; current: StoredAnnotation } | { kind: "missing" };

/**
 * Annotates one event of an incident's timeline (optionally a range of its text). The
 * event must belong to the incident: a message of its channels, a log entry of its
 * PagerDuty incidents, or a cue of its transcripts. Starts at version 1.
 */
export async function createAnnotation(store: Store, input: CreateAnnotationInput): Promise<StoredAnnotation> {
  const tags = uniqueTags(input.tags);
  const rangeStart = input.rangeStart ?? null;
  const rangeEnd = input.rangeEnd ?? null;
  if ((rangeStart === null) !== (rangeEnd === null)) throw new InputError("rangeStart and rangeEnd go together: give both or neither");
  if (rangeStart !== null && rangeEnd !== null && rangeEnd < rangeStart) throw new InputError("rangeEnd is before rangeStart");
  return store.db.transaction().execute(async (trx) => {
    const text = await eventText(trx, input.incidentId, input.eventKind, input.eventId);
    if (text === undefined) throw new InputError(`eventId: no ${input.eventKind} ${JSON.stringify(input.eventId)} on incident ${input.incidentId}'s timeline`);
    if (rangeEnd !== null && rangeEnd > text.length) throw new InputError(`rangeEnd ${rangeEnd} is past the end of the event's text (${text.length} characters)`);
    const now = Date.now();
    const id = await insertAnnotation(
      trx,
      {
        incidentId: input.incidentId,
        eventKind: input.eventKind,
        eventId: input.eventId,
        rangeStart,
        rangeEnd,
        quote: input.quote ?? null,
        tags,
        note: input.note,
        authorUserId: input.authorUserId,
      },
      now,
    );
    await indexAnnotation(trx, id);
    await recordAudit(trx, { actor: input.actor, action: "annotation.create", subjectType: "annotation", subjectId: id, details: { incidentId: input.incidentId, event: `${input.eventKind}:${input.eventId}`, tags } }, now);
    // The review's key-moment timeline lists annotations: it moves with them.
    await refreshGeneratedSections(trx, input.incidentId, generateReviewSections, input.actor);
    const annotation = await findAnnotation(trx, id);
    if (!annotation) throw new Error(`annotation ${id} vanished`);
    return annotation;
  });
}

/** Input for {@link updateAnnotation}: `version` is the one the edit was based on. */
export interface UpdateAnnotationInput {
  id: number;
  version: number;
  tags?: AnnotationTag[] | undefined;
  note?: string | undefined;
  actor: string;
}

/**
 * Edits an annotation if nobody changed it since `version`; otherwise reports the
 * conflict with what is stored now, and writes nothing.
 */
export async function updateAnnotation(store: Store, input: UpdateAnnotationInput): Promise<VersionedResult<StoredAnnotation>> {
  const tags = input.tags === undefined ? undefined : uniqueTags(input.tags);
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const written = await updateAnnotationIfVersion(trx, input.id, input.version, { tags, note: input.note }, now);
    const current = await findAnnotation(trx, input.id);
    if (!current) return { kind: "missing" };
    if (!written) return { kind: "conflict", current };
    await indexAnnotation(trx, input.id);
    await recordAudit(
      trx,
      { actor: input.actor, action: "annotation.update", subjectType: "annotation", subjectId: input.id, details: { incidentId: current.incidentId, version: current.version, tags: tags ?? null, noteChanged: input.note !== undefined } },
      now,
    );
    await refreshGeneratedSections(trx, current.incidentId, generateReviewSections, input.actor);
    return { kind: "done", value: current };
  });
}

/** Deletes an annotation if nobody changed it since `version`. */
export async function deleteAnnotation(store: Store, input: { id: number; version: number; actor: string }): Promise<VersionedResult<null>> {
  return store.db.transaction().execute(async (trx) => {
    const before = await findAnnotation(trx, input.id);
    if (!before) return { kind: "missing" };
    const deleted = await deleteAnnotationIfVersion(trx, input.id, input.version);
    if (!deleted) {
      const current = await findAnnotation(trx, input.id);
      return current ? { kind: "conflict", current } : { kind: "missing" };
    }
    await indexAnnotation(trx, input.id);
    const now = Date.now();
    await recordAudit(
      trx,
      { actor: input.actor, action: "annotation.delete", subjectType: "annotation", subjectId: input.id, details: { incidentId: before.incidentId, version: input.version, tags: before.tags, note: before.note } },
      now,
    );
    await refreshGeneratedSections(trx, before.incidentId, generateReviewSections, input.actor);
    return { kind: "done", value: null };
  });
}

function uniqueTags(tags: readonly AnnotationTag[]): AnnotationTag[] {
  if (tags.length === 0) throw new InputError("tags: give at least one tag");
  return [...new Set(tags)];
}

/** The text of one event on an incident's timeline, or undefined when it is not on it. */
async function eventText(db: Db, incidentId: number, kind: EventKind, eventId: string): Promise<string | undefined> {
  if (kind === "message" || kind === "page") {
    if (!/^\d{1,15}$/.test(eventId)) return undefined;
    const id = Number(eventId);
    if (kind === "message") {
      const row = await incidentChannelMessages(db).where("s.incidentId", "=", incidentId).where("m.id", "=", id).select("m.text").executeTakeFirst();
      return row?.text;
    }
    const row = await db
      .selectFrom("pagerdutyLogEntries as e")
      .innerJoin("incidentSources as s", (join) => join.onRef("s.externalId", "=", "e.incidentExternalId").on("s.kind", "=", "pagerduty_incident"))
      .where("s.incidentId", "=", incidentId)
      .where("e.id", "=", id)
      .select(["e.summary", "e.kind"])
      .executeTakeFirst();
    // The timeline shows a log entry's summary, or its kind when it has none.
    return row ? (row.summary ?? row.kind) : undefined;
  }
  const match = /^(\d{1,15}):(\d{1,9})$/.exec(eventId);
  if (!match) return undefined;
  const row = await db
    .selectFrom("transcriptCues as c")
    .innerJoin("transcripts as t", "t.id", "c.transcriptId")
    .where("t.incidentId", "=", incidentId)
    .where("c.transcriptId", "=", Number(match[1]))
    .where("c.position", "=", Number(match[2]))
    .select("c.text")
    .executeTakeFirst();
  return row?.text;
}
