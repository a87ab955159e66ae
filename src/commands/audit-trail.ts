import type { Store } from "../db/connection.js";
import { type AuditInput, recordAudit } from "../db/repositories/audit.js";
import { type AuditEvent, listAuditEvents } from "../db/repositories/audit-log.js";

export type { AuditEvent, AuditInput };

/** The audit trail, newest first, one page at a time (`before`: the last id of the previous page). */
export async function listAudit(store: Store, options: { limit?: number | undefined; before?: number | undefined }): Promise<AuditEvent[]> {
  return listAuditEvents(store.db, { limit: options.limit ?? 100, before: options.before ?? null });
}

/** Records something that happened outside any other command (a refused request, a queued upload). */
export async function recordEvent(store: Store, event: AuditInput): Promise<void> {
  await recordAudit(store.db, event);
}
