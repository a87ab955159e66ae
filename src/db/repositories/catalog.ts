import { ownershipPeriods, repeatsPreviousSnapshot, type OwnerSnapshot } from "../../analysis/ownership-history.js";
import type { Db } from "../dialect.js";

/** A service as the catalog describes it. */
export interface ServiceInput {
  name: string;
  /** `component` or `system`. */
  kind: string;
  systemName: string | null;
  description: string | null;
  lifecycle: string | null;
  catalogRef: string;
  pagerdutyServiceId: string | null;
}

/** A team as a catalog Group describes it. */
export interface CatalogTeamInput {
  name: string;
  catalogRef: string;
  displayName: string | null;
}

/** The outcome of an upsert: the row id, and whether it was inserted or changed. */
export interface Upserted {
  id: number;
  created: boolean;
  changed: boolean;
}

/**
 * Inserts or refreshes a service, found by catalog ref, else by name (a service made
 * before the catalog named it). Writes only what differs, so a repeated import leaves
 * the row and its `updated_at` alone.
 */
export async function upsertService(trx: Db, input: ServiceInput, now: number): Promise<Upserted> {
  const columns = ["id", "name", "kind", "systemName", "description", "lifecycle", "catalogRef", "pagerdutyServiceId"] as const;
  const existing =
    (await trx.selectFrom("services").select(columns).where("catalogRef", "=", input.catalogRef).executeTakeFirst()) ??
    (await trx.selectFrom("services").select(columns).where("name", "=", input.name).executeTakeFirst());
  if (existing === undefined) {
    const row = await trx.insertInto("services").values({ ...input, updatedAt: now }).returning("id").executeTakeFirstOrThrow();
    return { id: row.id, created: true, changed: true };
  }
  const { id, ...stored } = existing;
  const changed = (Object.keys(input) as (keyof ServiceInput)[]).some((key) => stored[key] !== input[key]);
  if (changed) await trx.updateTable("services").set({ ...input, updatedAt: now }).where("id", "=", id).execute();
  return { id, created: false, changed };
}

/**
 * Inserts or refreshes the team a Group declares, by name: a team the HR directory
 * created under the same name gains the catalog ref and display name.
 */
export async function upsertCatalogTeam(trx: Db, input: CatalogTeamInput, now: number): Promise<Upserted> {
  const existing = await trx.selectFrom("teams").select(["id", "catalogRef", "displayName"]).where("name", "=", input.name).executeTakeFirst();
  if (existing === undefined) {
    const row = await trx
      .insertInto("teams")
      .values({ name: input.name, createdAt: now, catalogRef: input.catalogRef, displayName: input.displayName })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id: row.id, created: true, changed: true };
  }
  const changed = existing.catalogRef !== input.catalogRef || existing.displayName !== input.displayName;
  if (changed) {
    await trx.updateTable("teams").set({ catalogRef: input.catalogRef, displayName: input.displayName }).where("id", "=", existing.id).execute();
  }
  return { id: existing.id, created: false, changed };
}

/**
 * The team named `name` — exactly, else ignoring case when only one team fits, as
 * Backstage compares references — created with `catalogRef` when there is none.
 */
export async function ensureOwnerTeam(trx: Db, name: string, catalogRef: string, now: number): Promise<{ id: number; created: boolean }> {
  const exact = await trx.selectFrom("teams").select("id").where("name", "=", name).executeTakeFirst();
  if (exact) return { id: exact.id, created: false };
  const folded = await trx
    .selectFrom("teams")
    .select("id")
    .where((eb) => eb(eb.fn<string>("lower", ["name"]), "=", name.toLowerCase()))
    .execute();
  if (folded.length === 1) return { id: (folded[0] as { id: number }).id, created: false };
  const row = await trx
    .insertInto("teams")
    .values({ name, createdAt: now, catalogRef, displayName: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, created: true };
}

/** One catalog snapshot's word on a service's owner. */
export interface OwnerSnapshotInput {
  serviceId: number;
  teamId: number;
  asOf: number;
  ownedSince: number | null;
  importId: number;
}

/**
 * Records what a catalog snapshot said about a service's owner — unless the snapshot
 * just before it said the same — and re-derives the service's ownership periods from
 * every snapshot, rewriting them only when they differ. Returns whether they changed.
 */
export async function recordOwnerSnapshot(trx: Db, input: OwnerSnapshotInput): Promise<boolean> {
  const stored = await trx
    .selectFrom("serviceOwnerSnapshots")
    .select(["id", "teamId", "asOf", "ownedSince"])
    .where("serviceId", "=", input.serviceId)
    .orderBy("id")
    .execute();
  const snapshots: OwnerSnapshot[] = stored.map((row) => ({ teamId: row.teamId, asOf: row.asOf, ownedSince: row.ownedSince, order: row.id }));
  if (repeatsPreviousSnapshot(snapshots, input)) return false;
  const row = await trx
    .insertInto("serviceOwnerSnapshots")
    .values({ serviceId: input.serviceId, teamId: input.teamId, asOf: input.asOf, ownedSince: input.ownedSince, importId: input.importId })
    .returning("id")
    .executeTakeFirstOrThrow();
  snapshots.push({ teamId: input.teamId, asOf: input.asOf, ownedSince: input.ownedSince, order: row.id });
  const periods = ownershipPeriods(snapshots);
  const current = await trx
    .selectFrom("serviceOwners")
    .select(["teamId", "fromAt", "toAt"])
    .where("serviceId", "=", input.serviceId)
    .orderBy("fromAt")
    .orderBy("id")
    .execute();
  const same = current.length === periods.length && current.every((p, i) => p.teamId === periods[i]?.teamId && p.fromAt === periods[i]?.fromAt && p.toAt === periods[i]?.toAt);
  if (same) return false;
  await trx.deleteFrom("serviceOwners").where("serviceId", "=", input.serviceId).execute();
  await trx
    .insertInto("serviceOwners")
    .values(periods.map((p) => ({ serviceId: input.serviceId, teamId: p.teamId, fromAt: p.fromAt, toAt: p.toAt })))
    .execute();
  return true;
}

/** A catalog service PagerDuty services can be matched to. */
export interface MatchableService {
  id: number;
  name: string;
  pagerdutyServiceId: string | null;
}

/** Every component and system, the only services PagerDuty services are matched to. */
export async function matchableServices(trx: Db): Promise<MatchableService[]> {
  return trx
    .selectFrom("services")
    .select(["id", "name", "pagerdutyServiceId"])
    .where("kind", "in", ["component", "system"])
    .orderBy("id")
    .execute();
}

/** Every PagerDuty service with its current match. */
export async function pagerdutyServiceLinks(trx: Db): Promise<{ id: number; externalId: string; name: string; serviceId: number | null }[]> {
  return trx.selectFrom("pagerdutyServices").select(["id", "externalId", "name", "serviceId"]).orderBy("externalId").execute();
}

/** Sets (or clears) the catalog service a PagerDuty service belongs to. */
export async function setPagerdutyServiceLink(trx: Db, id: number, serviceId: number | null): Promise<void> {
  await trx.updateTable("pagerdutyServices").set({ serviceId }).where("id", "=", id).execute();
}
