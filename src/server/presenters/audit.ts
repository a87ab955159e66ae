import type { AuditEvent } from "../../db/repositories/audit-log.js";
import { iso } from "./incidents.js";

/** One audit event. */
export function presentAuditEvent(event: AuditEvent) {
  return { id: event.id, at: iso(event.at) as string, actor: event.actor, action: event.action, subjectType: event.subjectType, subjectId: event.subjectId, details: event.details };
}
