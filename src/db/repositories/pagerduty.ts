import type {
  PagerdutyBatch,
  PagerdutyEscalationPolicyRecord,
  PagerdutyIncidentRecord,
  PagerdutyLogEntryRecord,
  PagerdutyOncallRecord,
  PagerdutyScheduleRecord,
  PagerdutyServiceRecord,
  PagerdutyUserRecord,
} from "../../core/pagerduty-records.js";
import type { Db } from "../dialect.js";
import { ensurePerson, PersonMatcher, upsertIdentity } from "./identities.js";

/** What one parsed body adds; read only, never changed by the writer. */
export type PagerdutyBatchInput = { readonly [K in keyof PagerdutyBatch]: readonly PagerdutyBatch[K][number][] };

/** Rows newly stored, and objects read that were already stored. */
export interface WriteCounts {
  added: number;
  skipped: number;
}

const CHUNK = 500;

/**
 * Stores PagerDuty data inside the caller's transaction, idempotently by external id
 * (on-call shifts by their natural key).
 *
 * Log entries and shifts are written as each batch arrives, so memory never holds more
 * than one body of them. Incidents, users, services, policies and schedules are few and
 * the same object often appears in several bodies (a list page, a single GET, webhook
 * events): they are merged in memory, newest observation first, and written by
 * {@link finish}, so the result does not depend on the order files are read in.
 *
 * Every object read counts once: as `added` if it made a new row, otherwise as
 * `skipped` (already stored, possibly refreshed). A stored row that nothing changed is
 * not written at all, so a repeated import leaves the store as it was.
 */
export class PagerdutyWriter {
  readonly #trx: Db;
  readonly #now: number;
  readonly #counts: WriteCounts = { added: 0, skipped: 0 };
  readonly #incidents = new Observations<PagerdutyIncidentRecord>(mergeIncidents);
  readonly #users = new Observations<PagerdutyUserRecord>(preferNewer);
  readonly #services = new Observations<PagerdutyServiceRecord>(preferNewer);
  readonly #policies = new Observations<PagerdutyEscalationPolicyRecord>(preferNewer);
  readonly #schedules = new Observations<PagerdutyScheduleRecord>(preferNewer);

  constructor(trx: Db, now: number) {
    this.#trx = trx;
    this.#now = now;
  }

  /** The counts so far (complete after {@link finish}). */
  get counts(): WriteCounts {
    return { ...this.#counts };
  }

  /** Takes one parsed body. */
  async add(batch: PagerdutyBatchInput): Promise<void> {
    for (const item of batch.incidents) this.#incidents.add(item);
    for (const item of batch.users) this.#users.add(item);
    for (const item of batch.services) this.#services.add(item);
    for (const item of batch.escalationPolicies) this.#policies.add(item);
    for (const item of batch.schedules) this.#schedules.add(item);
    await this.#writeLogEntries(batch.logEntries);
    await this.#writeOncalls(batch.oncalls);
  }

  /** Writes the merged incidents, users, services, policies and schedules. */
  async finish(): Promise<WriteCounts> {
    await this.#writeIncidents();
    await this.#writeUsers();
    await this.#writeServices();
    await this.#writePolicies();
    await this.#writeSchedules();
    return this.counts;
  }

  #count(stored: boolean, reads: number): void {
    if (stored) this.#counts.skipped += reads;
    else {
      this.#counts.added += 1;
      this.#counts.skipped += reads - 1;
    }
  }

  async #writeLogEntries(entries: readonly PagerdutyLogEntryRecord[]): Promise<void> {
    const unique = new Map<string, PagerdutyLogEntryRecord>();
    for (const entry of entries) {
      if (unique.has(entry.externalId)) this.#counts.skipped += 1;
      else unique.set(entry.externalId, entry);
    }
    for (const part of chunks([...unique.values()])) {
      const stored = await this.#trx
        .selectFrom("pagerdutyLogEntries")
        .select("externalId")
        .where(
          "externalId",
          "in",
          part.map((e) => e.externalId),
        )
        .execute();
      const known = new Set(stored.map((row) => row.externalId));
      const fresh = part.filter((e) => !known.has(e.externalId));
      this.#counts.skipped += part.length - fresh.length;
      this.#counts.added += fresh.length;
      if (fresh.length === 0) continue;
      await this.#trx
        .insertInto("pagerdutyLogEntries")
        .values(
          fresh.map((e) => ({
            externalId: e.externalId,
            incidentExternalId: e.incidentExternalId,
            type: e.type,
            kind: e.kind,
            at: e.at,
            agentType: e.agentType,
            agentExternalId: e.agentExternalId,
            targetUserIds: e.targetUserIds.length === 0 ? null : JSON.stringify(e.targetUserIds),
            channelType: e.channelType,
            summary: e.summary,
            details: e.details,
          })),
        )
        .execute();
    }
  }

  async #writeOncalls(shifts: readonly PagerdutyOncallRecord[]): Promise<void> {
    const unique = new Map<string, PagerdutyOncallRecord>();
    for (const shift of shifts) {
      if (unique.has(shift.naturalKey)) this.#counts.skipped += 1;
      unique.set(shift.naturalKey, shift);
    }
    for (const part of chunks([...unique.values()])) {
      const stored = await this.#trx
        .selectFrom("oncallShifts")
        .select(["id", "naturalKey", "endAt", "escalationPolicyName", "scheduleName"])
        .where(
          "naturalKey",
          "in",
          part.map((s) => s.naturalKey),
        )
        .execute();
      const byKey = new Map(stored.map((row) => [row.naturalKey, row]));
      const fresh: PagerdutyOncallRecord[] = [];
      for (const shift of part) {
        const row = byKey.get(shift.naturalKey);
        if (!row) {
          fresh.push(shift);
          continue;
        }
        this.#counts.skipped += 1;
        // A shift still running when it was first fetched may since have a later end.
        const next = {
          endAt: shift.endAt,
          escalationPolicyName: shift.escalationPolicyName ?? row.escalationPolicyName,
          scheduleName: shift.scheduleName ?? row.scheduleName,
        };
        if (next.endAt !== row.endAt || next.escalationPolicyName !== row.escalationPolicyName || next.scheduleName !== row.scheduleName) {
          await this.#trx.updateTable("oncallShifts").set(next).where("id", "=", row.id).execute();
        }
      }
      this.#counts.added += fresh.length;
      if (fresh.length === 0) continue;
      await this.#trx
        .insertInto("oncallShifts")
        .values(
          fresh.map((s) => ({
            userExternalId: s.userExternalId,
            escalationPolicyExternalId: s.escalationPolicyExternalId,
            escalationPolicyName: s.escalationPolicyName,
            scheduleExternalId: s.scheduleExternalId,
            scheduleName: s.scheduleName,
            escalationLevel: s.escalationLevel,
            startAt: s.startAt,
            endAt: s.endAt,
            naturalKey: s.naturalKey,
          })),
        )
        .execute();
    }
  }

  async #writeIncidents(): Promise<void> {
    for (const part of chunks([...this.#incidents.merged.values()])) {
      const stored = await this.#trx
        .selectFrom("pagerdutyIncidents")
        .selectAll()
        .where(
          "externalId",
          "in",
          part.map((i) => i.externalId),
        )
        .execute();
      const byId = new Map(stored.map((row) => [row.externalId, row]));
      const fresh = [];
      for (const incident of part) {
        const row = byId.get(incident.externalId);
        this.#count(row !== undefined, this.#incidents.reads(incident.externalId));
        if (!row) {
          fresh.push({
            externalId: incident.externalId,
            number: incident.number,
            title: incident.title,
            status: incident.status,
            urgency: incident.urgency,
            priority: incident.priority,
            serviceExternalId: incident.serviceExternalId,
            escalationPolicyExternalId: incident.escalationPolicyExternalId,
            htmlUrl: incident.htmlUrl,
            createdAt: incident.createdAt,
            resolvedAt: incident.resolvedAt,
            updatedAt: this.#now,
          });
          continue;
        }
        // The stored row is the oldest observation: what this import says wins, except
        // that a field it does not carry never erases a stored one.
        const status = incident.status ?? row.status;
        const next = {
          number: incident.number ?? row.number,
          title: incident.title,
          status,
          urgency: incident.urgency ?? row.urgency,
          priority: incident.priority ?? row.priority,
          serviceExternalId: incident.serviceExternalId ?? row.serviceExternalId,
          escalationPolicyExternalId: incident.escalationPolicyExternalId ?? row.escalationPolicyExternalId,
          htmlUrl: incident.htmlUrl ?? row.htmlUrl,
          createdAt: incident.createdAtExact ? incident.createdAt : Math.min(row.createdAt, incident.createdAt),
          resolvedAt: status === "resolved" || status === null ? (incident.resolvedAt ?? row.resolvedAt) : null,
        };
        if (differs(next, row)) await this.#trx.updateTable("pagerdutyIncidents").set({ ...next, updatedAt: this.#now }).where("id", "=", row.id).execute();
      }
      if (fresh.length > 0) await this.#trx.insertInto("pagerdutyIncidents").values(fresh).execute();
    }
  }

  async #writeUsers(): Promise<void> {
    if (this.#users.merged.size === 0) return;
    const matcher = await PersonMatcher.load(this.#trx);
    for (const user of this.#users.merged.values()) {
      const identity = await upsertIdentity(
        this.#trx,
        { source: "pagerduty", externalId: user.externalId, displayName: user.name, email: user.email, timezone: user.timezone, title: user.title },
        this.#now,
      );
      this.#count(!identity.created, this.#users.reads(user.externalId));
      await ensurePerson(this.#trx, matcher, identity, { name: user.name, email: user.email, timezone: user.timezone, title: user.title }, this.#now);
    }
  }

  async #writeServices(): Promise<void> {
    for (const part of chunks([...this.#services.merged.values()])) {
      const stored = await this.#trx
        .selectFrom("pagerdutyServices")
        .select(["id", "externalId", "name", "description", "escalationPolicyId"])
        .where(
          "externalId",
          "in",
          part.map((s) => s.externalId),
        )
        .execute();
      const byId = new Map(stored.map((row) => [row.externalId, row]));
      const fresh = [];
      for (const service of part) {
        const row = byId.get(service.externalId);
        this.#count(row !== undefined, this.#services.reads(service.externalId));
        if (!row) {
          // serviceId (the catalog match) is left to the linker.
          fresh.push({ externalId: service.externalId, name: service.name, description: service.description, escalationPolicyId: service.escalationPolicyExternalId, serviceId: null, updatedAt: this.#now });
          continue;
        }
        const next = {
          name: service.name,
          description: service.description ?? row.description,
          escalationPolicyId: service.escalationPolicyExternalId ?? row.escalationPolicyId,
        };
        if (differs(next, row)) await this.#trx.updateTable("pagerdutyServices").set({ ...next, updatedAt: this.#now }).where("id", "=", row.id).execute();
      }
      if (fresh.length > 0) await this.#trx.insertInto("pagerdutyServices").values(fresh).execute();
    }
  }

  async #writePolicies(): Promise<void> {
    for (const part of chunks([...this.#policies.merged.values()])) {
      const stored = await this.#trx
        .selectFrom("pagerdutyEscalationPolicies")
        .select(["id", "externalId", "name"])
        .where(
          "externalId",
          "in",
          part.map((p) => p.externalId),
        )
        .execute();
      const byId = new Map(stored.map((row) => [row.externalId, row]));
      const fresh = [];
      for (const policy of part) {
        const row = byId.get(policy.externalId);
        this.#count(row !== undefined, this.#policies.reads(policy.externalId));
        if (!row) fresh.push({ externalId: policy.externalId, name: policy.name, updatedAt: this.#now });
        else if (row.name !== policy.name) {
          await this.#trx.updateTable("pagerdutyEscalationPolicies").set({ name: policy.name, updatedAt: this.#now }).where("id", "=", row.id).execute();
        }
      }
      if (fresh.length > 0) await this.#trx.insertInto("pagerdutyEscalationPolicies").values(fresh).execute();
    }
  }

  async #writeSchedules(): Promise<void> {
    for (const part of chunks([...this.#schedules.merged.values()])) {
      const stored = await this.#trx
        .selectFrom("pagerdutySchedules")
        .select(["id", "externalId", "name", "timeZone"])
        .where(
          "externalId",
          "in",
          part.map((s) => s.externalId),
        )
        .execute();
      const byId = new Map(stored.map((row) => [row.externalId, row]));
      const fresh = [];
      for (const schedule of part) {
        const row = byId.get(schedule.externalId);
        this.#count(row !== undefined, this.#schedules.reads(schedule.externalId));
        if (!row) {
          fresh.push({ externalId: schedule.externalId, name: schedule.name, timeZone: schedule.timeZone, updatedAt: this.#now });
          continue;
        }
        const next = { name: schedule.name, timeZone: schedule.timeZone ?? row.timeZone };
        if (differs(next, row)) await this.#trx.updateTable("pagerdutySchedules").set({ ...next, updatedAt: this.#now }).where("id", "=", row.id).execute();
      }
      if (fresh.length > 0) await this.#trx.insertInto("pagerdutySchedules").values(fresh).execute();
    }
  }
}

/** Every observation of one kind of object, merged by external id. */
class Observations<T extends { externalId: string }> {
  readonly merged = new Map<string, T>();
  readonly #reads = new Map<string, number>();

  constructor(private readonly merge: (previous: T, next: T) => T) {}

  add(item: T): void {
    const previous = this.merged.get(item.externalId);
    this.merged.set(item.externalId, previous === undefined ? item : this.merge(previous, item));
    this.#reads.set(item.externalId, (this.#reads.get(item.externalId) ?? 0) + 1);
  }

  reads(externalId: string): number {
    return this.#reads.get(externalId) ?? 0;
  }
}

/**
 * Two observations of one incident: the newer (by {@link PagerdutyIncidentRecord.observedAt})
 * decides, the older fills what the newer leaves out. An exact creation time beats an
 * upper bound; a known status other than `resolved` clears the resolution time (reopened).
 */
function mergeIncidents(a: PagerdutyIncidentRecord, b: PagerdutyIncidentRecord): PagerdutyIncidentRecord {
  const [older, newer] = b.observedAt >= a.observedAt ? [a, b] : [b, a];
  const merged = preferNewer(older, newer);
  const status = newer.status ?? older.status;
  let createdAt = Math.min(a.createdAt, b.createdAt);
  if (a.createdAtExact !== b.createdAtExact) createdAt = a.createdAtExact ? a.createdAt : b.createdAt;
  else if (a.createdAtExact) createdAt = newer.createdAt;
  return {
    ...merged,
    status,
    createdAt,
    createdAtExact: a.createdAtExact || b.createdAtExact,
    resolvedAt: status === "resolved" || status === null ? (newer.resolvedAt ?? older.resolvedAt) : null,
    observedAt: newer.observedAt,
  };
}

/** The newer object's fields, with the older's where the newer has null. */
function preferNewer<T extends object>(older: T, newer: T): T {
  const out = { ...older };
  for (const key of Object.keys(newer) as (keyof T)[]) {
    if (newer[key] !== null && newer[key] !== undefined) out[key] = newer[key];
  }
  return out;
}

function differs<T extends object>(next: T, row: T): boolean {
  return (Object.keys(next) as (keyof T)[]).some((key) => next[key] !== row[key]);
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += CHUNK) out.push(items.slice(at, at + CHUNK));
  return out;
}
