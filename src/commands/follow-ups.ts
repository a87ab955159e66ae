import type { CreateFollowUpRequest, FollowUpFilters, UpdateFollowUpRequest } from "../core/follow-ups.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { findAnnotation } from "../db/repositories/annotations.js";
import { recordAudit } from "../db/repositories/audit.js";
import {
  deleteFollowUpIfVersion,
  findFollowUp,
  insertFollowUp,
  listFollowUps,
  type NewFollowUp,
  personExists,
  type StoredFollowUp,
  updateFollowUpIfVersion,
} from "../db/repositories/follow-ups.js";
import { evidenceEvents } from "../db/repositories/review-evidence.js";
import { indexFollowUp } from "../db/search/search-index.js";
import { InputError } from "./create-incident.js";

/** The longest quote a follow-up keeps of its event. */
const MAX_QUOTE = 1000;

/** The outcome of a versioned change. */
export type FollowUpResult<T> = { kind: "done"; value: T } | { kind: "conflict"; current: StoredFollowUp } | { kind: "missing" };

/** Today as `YYYY-MM-DD` in UTC: what "overdue" is measured against. */
export function utcDay(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Whether a follow-up is past its due day and not closed. */
export function isOverdue(followUp: Pick<StoredFollowUp, "dueDate" | "status">, today: string): boolean {
  return followUp.dueDate !== null && followUp.dueDate < today && followUp.status !== "done" && followUp.status !== "wont_do";
}

/** Follow-ups across incidents (or of one), filtered. */
export async function followUps(db: Db, filters: FollowUpFilters, now = Date.now()): Promise<StoredFollowUp[]> {
  return listFollowUps(db, filters, utcDay(now));
}

async function checkOwner(db: Db, ownerPersonId: number | null | undefined): Promise<void> {
  if (ownerPersonId === null || ownerPersonId === undefined) return;
  if (!(await personExists(db, ownerPersonId))) throw new InputError(`ownerPersonId: no person ${ownerPersonId}`);
}

/** The event or annotation a follow-up comes from, copied as it is now. */
async function resolveContext(db: Db, incidentId: number, context: CreateFollowUpRequest["context"]): Promise<NewFollowUp["context"]> {
  if (!context) return null;
  if ("annotationId" in context) {
    const annotation = await findAnnotation(db, context.annotationId);
    if (!annotation || annotation.incidentId !== incidentId) throw new InputError(`context.annotationId: no annotation ${context.annotationId} on incident ${incidentId}`);
    const eventKey = `${annotation.eventKind}:${annotation.eventId}`;
    const event = (await evidenceEvents(db, incidentId, [eventKey])).get(eventKey);
    const quote = annotation.quote ?? event?.text ?? "";
    return { source: "annotation", eventKey, annotationId: annotation.id, quote: quote.slice(0, MAX_QUOTE), author: event?.author ?? null, at: event?.at ?? null };
  }
  const event = (await evidenceEvents(db, incidentId, [context.eventKey])).get(context.eventKey);
  if (!event) throw new InputError(`context.eventKey: no event ${context.eventKey} on incident ${incidentId}'s timeline`);
  return { source: "event", eventKey: context.eventKey, annotationId: null, quote: event.text.slice(0, MAX_QUOTE), author: event.author, at: event.at };
}

/** Input for {@link createFollowUp}. */
export interface CreateFollowUpInput extends CreateFollowUpRequest {
  incidentId: number;
  createdBy: number | null;
  actor: string;
}

/**
 * Adds a follow-up to an incident, at version 1. The owner must be a known person; a
 * context event or annotation must be on this incident, and its quote, author and time
 * are copied so the follow-up keeps saying why it exists.
 */
export async function createFollowUp(store: Store, input: CreateFollowUpInput): Promise<StoredFollowUp> {
  return store.db.transaction().execute(async (trx) => {
    await checkOwner(trx, input.ownerPersonId);
    const context = await resolveContext(trx, input.incidentId, input.context);
    const now = Date.now();
    const id = await insertFollowUp(
      trx,
      {
        incidentId: input.incidentId,
        title: input.title,
        kind: input.kind,
        status: input.status ?? "open",
        ownerPersonId: input.ownerPersonId ?? null,
        dueDate: input.dueDate ?? null,
        trackerUrl: input.trackerUrl ?? null,
        context,
        createdBy: input.createdBy,
      },
      now,
    );
    await recordAudit(
      trx,
      { actor: input.actor, action: "follow_up.create", subjectType: "follow_up", subjectId: id, details: { incidentId: input.incidentId, kind: input.kind, ownerPersonId: input.ownerPersonId ?? null, context: context?.eventKey ?? null } },
      now,
    );
    await indexFollowUp(trx, id);
    const stored = await findFollowUp(trx, id);
    if (!stored) throw new Error(`follow-up ${id} vanished`);
    return stored;
  });
}

/**
 * Edits a follow-up if nobody changed it since `version`; otherwise reports the conflict
 * with what is stored now, and writes nothing.
 */
export async function updateFollowUp(store: Store, input: UpdateFollowUpRequest & { id: number; actor: string }): Promise<FollowUpResult<StoredFollowUp>> {
  return store.db.transaction().execute(async (trx) => {
    await checkOwner(trx, input.ownerPersonId);
    const { id, version, actor, ...changes } = input;
    const now = Date.now();
    const written = await updateFollowUpIfVersion(trx, id, version, changes, now);
    const current = await findFollowUp(trx, id);
    if (!current) return { kind: "missing" };
    if (!written) return { kind: "conflict", current };
    const changed = Object.entries(changes).filter(([, value]) => value !== undefined).map(([key]) => key);
    await indexFollowUp(trx, id);
    await recordAudit(trx, { actor, action: "follow_up.update", subjectType: "follow_up", subjectId: id, details: { incidentId: current.incidentId, version: current.version, changed, status: current.status } }, now);
    return { kind: "done", value: current };
  });
}

/** Deletes a follow-up if nobody changed it since `version`. */
export async function deleteFollowUp(store: Store, input: { id: number; version: number; actor: string }): Promise<FollowUpResult<null>> {
  return store.db.transaction().execute(async (trx) => {
    const before = await findFollowUp(trx, input.id);
    if (!before) return { kind: "missing" };
    if (!(await deleteFollowUpIfVersion(trx, input.id, input.version))) {
      const current = await findFollowUp(trx, input.id);
      return current ? { kind: "conflict", current } : { kind: "missing" };
    }
    await indexFollowUp(trx, input.id);
    await recordAudit(trx, { actor: input.actor, action: "follow_up.delete", subjectType: "follow_up", subjectId: input.id, details: { incidentId: before.incidentId, title: before.title, version: input.version } });
    return { kind: "done", value: null };
  });
}
