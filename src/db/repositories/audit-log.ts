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

/** What to narrow the audit trail to; every field is optional. */
export interface AuditFilter {
  /** Exactly this actor (`user:12`, `cli:ana`, `anonymous`). */
  actor?: string | null;
  /** This action, or every action under a prefix ending in a dot (`auth.`). */
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Epoch milliseconds, inclusive. */
  from?: number | null;
  /** Epoch milliseconds, exclusive. */
  to?: number | null;
}

/** The newest audit events first, narrowed by `filter`; `before` (an event id) pages further back. */
export async function listAuditEvents(db: Db, options: { limit: number; before?: number | null } & AuditFilter): Promise<AuditEvent[]> {
  let query = db
    .selectFrom("auditEvents")
    .select(["id", "at", "actor", "action", "subjectType", "subjectId", "details"])
    .orderBy("id", "desc")
    .limit(options.limit);
  if (options.before !== undefined && options.before !== null) query = query.where("id", "<", options.before);
  if (options.actor) query = query.where("actor", "=", options.actor);
  if (options.action) {
    // A trailing dot asks for a family of actions; the prefix is matched without LIKE wildcards.
    const action = options.action;
    query = action.endsWith(".") ? query.where((eb) => eb(eb.fn("substr", ["action", eb.val(1), eb.val(action.length)]), "=", action)) : query.where("action", "=", action);
  }
  if (options.subjectType) query = query.where("subjectType", "=", options.subjectType);
  if (options.subjectId) query = query.where("subjectId", "=", options.subjectId);
  if (options.from !== undefined && options.from !== null) query = query.where("at", ">=", options.from);
  if (options.to !== undefined && options.to !== null) query = query.where("at", "<", options.to);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}
