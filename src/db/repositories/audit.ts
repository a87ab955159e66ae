import type { Db } from "../dialect.js";

/** One entry of the audit trail. */
export interface AuditInput {
  actor: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  details?: Record<string, unknown> | null;
}

/** Appends to the audit trail, in the caller's transaction so it commits with the change. */
export async function recordAudit(trx: Db, event: AuditInput, now = Date.now()): Promise<void> {
  await trx
    .insertInto("auditEvents")
    .values({
      at: now,
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId === undefined || event.subjectId === null ? null : String(event.subjectId),
      details: event.details ? JSON.stringify(event.details) : null,
    })
    .execute();
}
