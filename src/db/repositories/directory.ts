import type { Db } from "../dialect.js";
import type { Person } from "../schema.js";

/** An account's natural key, `source` + NUL + `externalId`: the map key used below. */
export function accountKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
}

/** What the directory import needs to know about a stored identity. */
export interface StoredIdentity {
  id: number;
  personId: number | null;
  matchMethod: string | null;
}

/** The fields of a person the HR directory is authoritative for. */
export type DirectoryFields = Pick<Person, "name" | "email" | "title" | "department" | "timezone" | "startDate" | "endDate" | "managerId">;

/** A team membership period as stored. */
export interface MembershipPeriod {
  teamId: number;
  fromAt: number;
  toAt: number | null;
}

/** What {@link replaceMemberships} changed. */
export interface MembershipChanges {
  added: number;
  changed: number;
  removed: number;
}

// Keeps `in (…)` lists well under every driver's parameter limit.
const CHUNK = 500;

/** Every person with an e-mail address, by that address (lower-cased). */
export async function personIdsByEmail(trx: Db): Promise<Map<string, number>> {
  const rows = await trx.selectFrom("people").select(["id", "email"]).where("email", "is not", null).execute();
  return new Map(rows.map((row) => [(row.email as string).toLowerCase(), row.id]));
}

/** The stored identities among `accounts`, by {@link accountKey}. */
export async function findIdentities(trx: Db, accounts: readonly { source: string; externalId: string }[]): Promise<Map<string, StoredIdentity>> {
  const bySource = new Map<string, string[]>();
  for (const account of accounts) {
    const ids = bySource.get(account.source) ?? [];
    ids.push(account.externalId);
    bySource.set(account.source, ids);
  }
  const found = new Map<string, StoredIdentity>();
  for (const [source, ids] of bySource) {
    for (let at = 0; at < ids.length; at += CHUNK) {
      const rows = await trx
        .selectFrom("identities")
        .select(["id", "externalId", "personId", "matchMethod"])
        .where("source", "=", source)
        .where("externalId", "in", ids.slice(at, at + CHUNK))
        .execute();
      for (const row of rows) found.set(accountKey(source, row.externalId), { id: row.id, personId: row.personId, matchMethod: row.matchMethod });
    }
  }
  return found;
}

/** The directory fields of the given people, by id. */
export async function directoryFieldsOf(trx: Db, personIds: readonly number[]): Promise<Map<number, DirectoryFields>> {
  const out = new Map<number, DirectoryFields>();
  for (let at = 0; at < personIds.length; at += CHUNK) {
    const rows = await trx
      .selectFrom("people")
      .select(["id", "name", "email", "title", "department", "timezone", "startDate", "endDate", "managerId"])
      .where("id", "in", personIds.slice(at, at + CHUNK))
      .execute();
    for (const { id, ...fields } of rows) out.set(id, fields);
  }
  return out;
}

/**
 * Writes the fields that differ from `stored` (and `updated_at`); writes nothing when
 * none do, so a repeated import leaves the row byte-identical. Returns whether it wrote;
 * `stored` is updated to match.
 */
export async function updateDirectoryFields(
  trx: Db,
  personId: number,
  stored: DirectoryFields,
  wanted: Partial<DirectoryFields>,
  now: number,
): Promise<boolean> {
  const changes: Partial<DirectoryFields> = {};
  for (const key of Object.keys(wanted) as (keyof DirectoryFields)[]) {
    const value = wanted[key];
    if (value === undefined || value === stored[key]) continue;
    Object.assign(changes, { [key]: value });
  }
  if (Object.keys(changes).length === 0) return false;
  await trx.updateTable("people").set({ ...changes, updatedAt: now }).where("id", "=", personId).execute();
  Object.assign(stored, changes);
  return true;
}

/** The person whose SCIM identity has this resource id, if any. */
export async function personIdByScimId(trx: Db, scimId: string): Promise<number | null> {
  const row = await trx
    .selectFrom("identities")
    .select("personId")
    .where("source", "=", "scim")
    .where("externalId", "=", scimId)
    .executeTakeFirst();
  return row?.personId ?? null;
}

/** Every team id by name. */
export async function teamIdsByName(trx: Db): Promise<Map<string, number>> {
  const rows = await trx.selectFrom("teams").select(["id", "name"]).execute();
  return new Map(rows.map((row) => [row.name, row.id]));
}

/** Creates a team known only by name (the catalog may describe it later). */
export async function createTeam(trx: Db, name: string, now: number): Promise<number> {
  const row = await trx
    .insertInto("teams")
    .values({ name, createdAt: now, catalogRef: null, displayName: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Makes a person's memberships exactly `wanted`, keyed by (team, from): a period
 * whose end differs is updated in place, missing ones are added, others removed. Rows
 * that already match are not touched, so the store is unchanged when nothing changed.
 */
export async function replaceMemberships(trx: Db, personId: number, wanted: readonly MembershipPeriod[]): Promise<MembershipChanges> {
  const stored = await trx.selectFrom("teamMemberships").select(["id", "teamId", "fromAt", "toAt"]).where("personId", "=", personId).execute();
  const byKey = new Map(stored.map((row) => [`${row.teamId}:${row.fromAt}`, row]));
  const changes: MembershipChanges = { added: 0, changed: 0, removed: 0 };
  const kept = new Set<number>();
  const toAdd: MembershipPeriod[] = [];
  for (const period of wanted) {
    const row = byKey.get(`${period.teamId}:${period.fromAt}`);
    if (row === undefined) {
      toAdd.push(period);
      continue;
    }
    kept.add(row.id);
    if (row.toAt !== period.toAt) {
      await trx.updateTable("teamMemberships").set({ toAt: period.toAt }).where("id", "=", row.id).execute();
      changes.changed += 1;
    }
  }
  const stale = stored.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (stale.length > 0) {
    await trx.deleteFrom("teamMemberships").where("id", "in", stale).execute();
    changes.removed = stale.length;
  }
  if (toAdd.length > 0) {
    await trx
      .insertInto("teamMemberships")
      .values(toAdd.map((period) => ({ personId, teamId: period.teamId, fromAt: period.fromAt, toAt: period.toAt })))
      .execute();
    changes.added = toAdd.length;
  }
  return changes;
}
