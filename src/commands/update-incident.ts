import type { IncidentStatus } from "../core/incidents.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { setIncidentAnalysts, updateIncidentFields } from "../db/repositories/incident-views.js";
import { findIncident } from "../db/repositories/incidents.js";
import { usersByIds } from "../db/repositories/users.js";
import { InputError } from "../core/errors.js";

// Kept so existing imports keep working; the definition lives in src/core/incidents.ts.
export { INCIDENT_STATUSES, type IncidentStatus } from "../core/incidents.js";

/** Input for {@link updateIncident}: only the fields given change. */
export interface UpdateIncidentInput {
  id: number;
  title?: string | undefined;
  severity?: string | null | undefined;
  status?: IncidentStatus | undefined;
  /** The complete set of assigned analysts (replaces the current one). */
  analystIds?: number[] | undefined;
  /** ISO 8601; null clears the time. */
  startedAt?: string | null | undefined;
  detectedAt?: string | null | undefined;
  resolvedAt?: string | null | undefined;
  actor: string;
}

/** undefined: unchanged; null: cleared; otherwise epoch milliseconds. */
function parseTime(value: string | null | undefined, field: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InputError(`${field} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * Changes an incident's title, severity, status, times or analysts in one transaction, with
 * what changed in the audit trail. Analysts must be enabled accounts with the admin
 * or analyst role. Returns false for an unknown incident.
 */
export async function updateIncident(store: Store, input: UpdateIncidentInput): Promise<boolean> {
  const title = input.title?.trim();
  if (title === "") throw new InputError("title must not be empty");
  const times = { startedAt: parseTime(input.startedAt, "startedAt"), detectedAt: parseTime(input.detectedAt, "detectedAt"), resolvedAt: parseTime(input.resolvedAt, "resolvedAt") };
  return store.db.transaction().execute(async (trx) => {
    const before = await findIncident(trx, input.id);
    if (!before) return false;
    const now = Date.now();
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const fields: { title?: string; severity?: string | null; status?: IncidentStatus; startedAt?: number | null; detectedAt?: number | null; resolvedAt?: number | null } = {};
    if (title !== undefined && title !== before.title) {
      fields.title = title;
      changes.title = { from: before.title, to: title };
    }
    if (input.severity !== undefined && input.severity !== before.severity) {
      fields.severity = input.severity;
      changes.severity = { from: before.severity, to: input.severity };
    }
    if (input.status !== undefined && input.status !== before.status) {
      fields.status = input.status;
      changes.status = { from: before.status, to: input.status };
    }
    for (const key of ["startedAt", "detectedAt", "resolvedAt"] as const) {
      const value = times[key];
      if (value === undefined || value === before[key]) continue;
      fields[key] = value;
      changes[key] = { from: before[key] === null ? null : new Date(before[key]).toISOString(), to: value === null ? null : new Date(value).toISOString() };
    }
    const startedAt = fields.startedAt !== undefined ? fields.startedAt : before.startedAt;
    const resolvedAt = fields.resolvedAt !== undefined ? fields.resolvedAt : before.resolvedAt;
    const detectedAt = fields.detectedAt !== undefined ? fields.detectedAt : before.detectedAt;
    if (startedAt !== null && resolvedAt !== null && resolvedAt < startedAt) throw new InputError("resolvedAt is before startedAt");
    if (startedAt !== null && detectedAt !== null && detectedAt < startedAt) throw new InputError("detectedAt is before startedAt");
    let analysts: { added: number[]; removed: number[] } = { added: [], removed: [] };
    if (input.analystIds !== undefined) {
      const ids = [...new Set(input.analystIds)];
      const found = new Map((await usersByIds(trx, ids)).map((u) => [u.id, u]));
      for (const id of ids) {
        const user = found.get(id);
        if (!user) throw new InputError(`analystIds: no account ${id}`);
        if (user.disabled) throw new InputError(`analystIds: account ${id} is disabled`);
        if (user.role !== "admin" && user.role !== "analyst") throw new InputError(`analystIds: account ${id} is a ${user.role}; only admins and analysts can be assigned`);
      }
      analysts = await setIncidentAnalysts(trx, input.id, ids, now);
    }
    const changed = Object.keys(fields).length > 0 || analysts.added.length > 0 || analysts.removed.length > 0;
    // A PATCH that changes nothing writes nothing, not even the audit trail.
    if (changed) {
      await updateIncidentFields(trx, input.id, fields, now);
      await recordAudit(trx, { actor: input.actor, action: "incident.update", subjectType: "incident", subjectId: input.id, details: { changes, analysts } }, now);
    }
    return true;
  });
}
