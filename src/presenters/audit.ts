import type { AuditEvent } from "../db/repositories/audit-log.js";
import { iso } from "./time.js";

/** One audit event. */
export function presentAuditEvent(event: AuditEvent) {
  return { id: event.id, at: iso(event.at), actor: event.actor, action: event.action, subjectType: event.subjectType, subjectId: event.subjectId, details: event.details };
}
