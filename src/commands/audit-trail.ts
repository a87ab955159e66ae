import type { AuditQuery } from "../core/audit.js";
import { InputError } from "../core/errors.js";
import type { Store } from "../db/connection.js";
import { type AuditInput, recordAudit } from "../db/repositories/audit.js";
import { type AuditEvent, listAuditEvents } from "../db/repositories/audit-log.js";

export type { AuditEvent, AuditInput };

/** The audit trail, newest first, one page at a time (`before`: the last id of the previous page), narrowed by actor, action (a trailing dot names a family), subject and time. */
export async function listAudit(store: Store, query: AuditQuery): Promise<AuditEvent[]> {
  const { limit, before, actor, action, subjectType, subjectId, from, to } = query;
  return listAuditEvents(store.db, { limit: limit ?? 100, before: before ?? null, actor, action, subjectType, subjectId, from: time(from, "from"), to: time(to, "to") });
}

function time(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new InputError(`${name} must be an ISO 8601 date-time`);
  return ms;
}

/** Records something that happened outside any other command (a refused request, a queued upload). */
export async function recordEvent(store: Store, event: AuditInput): Promise<void> {
  await recordAudit(store.db, event);
}
