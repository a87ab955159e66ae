import type { Db } from "../dialect.js";

/** One stored audit event. */
export interface AuditEvent {
  id: number;
  at: number;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown> | null;
}

/** The newest audit events first; `before` (an event id) pages further back. */
export async function listAuditEvents(db: Db, options: { limit: number; before?: number | null }): Promise<AuditEvent[]> {
  let query = db
    .selectFrom("auditEvents")
    .select(["id", "at", "actor", "action", "subjectType", "subjectId", "details"])
    .orderBy("id", "desc")
    .limit(options.limit);
  if (options.before !== undefined && options.before !== null) query = query.where("id", "<", options.before);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}
