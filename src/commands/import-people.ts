import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { recordAudit } from "../db/repositories/audit.js";
import {
  accountKey,
  createTeam,
  directoryFieldsOf,
  findIdentities,
  personIdByScimId,
  personIdsByEmail,
  replaceMemberships,
  teamIdsByName,
  updateDirectoryFields,
  type DirectoryFields,
  type MembershipPeriod,
  type StoredIdentity,
} from "../db/repositories/directory.js";
import { createPerson, linkIdentity, mergePeople, PersonMatcher, upsertIdentity, type IdentityInput } from "../db/repositories/identities.js";
import { ImportError } from "../importers/import-error.js";
import type { DirectoryAccount, DirectoryEntry, ManagerRef, MembershipEntry } from "../importers/people/directory-entry.js";
import { readPeopleCsv, readTeamHistoryCsv } from "../importers/people/people-csv-reader.js";
import { isJsonFile, readScimUsers } from "../importers/people/scim-reader.js";

/** Options for {@link importPeople}. */
export interface PeopleImportOptions {
  /** `people.csv`, or SCIM 2.0 `Users` JSON (recognised by its content or a `.json` name). */
  path: string;
  /** `team_history.csv`, optional. */
  teamsPath?: string | undefined;
  /** Who runs the import, for the audit trail. */
  actor: string;
}

/**
 * What a people import did. `people` counts the entries read; the other numbers count
 * changes, so importing the same files again reports zeros.
 */
export interface PeopleImportSummary {
  people: number;
  /** People created because nothing matched them. */
  created: number;
  /** Existing people whose fields or manager changed. */
  updated: number;
  /** People merged into another because one entry named both. */
  merged: number;
  /** Identities created or newly linked to their person. */
  identities: number;
  /** Teams created from the team history. */
  teams: number;
  /** Team memberships added, changed or removed. */
  memberships: number;
  importId: number;
}

/**
 * Identities only the directory produces: it refreshes their fields. Other sources'
 * identities (a Slack account with its handle and workspace) keep what their own
 * importer stored; the directory only links them.
 */
const DIRECTORY_SOURCES = new Set(["email", "scim", "hr"]);

/**
 * Imports the HR directory in one transaction. The directory is authoritative: each
 * entry is one person, found by e-mail or by the accounts it lists, and people those
 * point to separately are merged; fields, identities (linked `explicit`), managers and,
 * with `teamsPath`, the team memberships of the people in that file are made to match.
 * Any bad input rolls everything back; a repeated import writes nothing but the import
 * journal and the audit trail.
 */
export async function importPeople(store: Store, options: PeopleImportOptions): Promise<PeopleImportSummary> {
  const json = options.path.toLowerCase().endsWith(".json") || isJsonFile(options.path);
  const entries = json ? readScimUsers(options.path) : await readPeopleCsv(options.path);
  // An empty directory would record an import that did nothing: say so instead.
  if (entries.length === 0) throw new ImportError(`${options.path}: found nothing to import (${json ? "no users in the file" : "no rows after the header"})`);
  const memberships = options.teamsPath === undefined ? [] : await readTeamHistoryCsv(options.teamsPath);
  if (options.teamsPath !== undefined && memberships.length === 0) throw new ImportError(`${options.teamsPath}: found nothing to import (no rows after the header)`);
  const now = Date.now();
  return store.db.transaction().execute(async (trx) => {
    await store.dialect.lockImports(trx);
    const job = await trx
      .insertInto("imports")
      .values({ kind: "people", sourceName: options.path, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const run = new DirectoryImport(trx, now);
    const personIds = await run.resolvePeople(entries);
    await run.writeEntries(entries, personIds);
    await run.linkManagers(entries, personIds);
    await run.applyTeamHistory(entries, personIds, memberships, options.path);
    const summary: PeopleImportSummary = { people: entries.length, ...run.counts(), importId: job.id };
    const { importId: _importId, ...counts } = summary;
    await trx
      .updateTable("imports")
      .set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify(counts) })
      .where("id", "=", job.id)
      .execute();
    await recordAudit(
      trx,
      { actor: options.actor, action: "import.people", subjectType: "import", subjectId: job.id, details: { path: options.path, teamsPath: options.teamsPath ?? null, ...counts } },
      now,
    );
    return summary;
  });
}

/** One run of the directory import inside its transaction. */
class DirectoryImport {
  readonly #trx: Db;
  readonly #now: number;
  readonly #created = new Set<number>();
  readonly #updated = new Set<number>();
  /** Merged-away person → the person kept. */
  readonly #mergedInto = new Map<number, number>();
  #identities = new Map<string, StoredIdentity>();
  #stored = new Map<number, DirectoryFields>();
  #linked = 0;
  #teams = 0;
  #memberships = 0;

  constructor(trx: Db, now: number) {
    this.#trx = trx;
    this.#now = now;
  }

  counts(): Omit<PeopleImportSummary, "people" | "importId"> {
    return {
      created: this.#created.size,
      updated: [...this.#updated].filter((id) => !this.#created.has(id) && !this.#mergedInto.has(id)).length,
      merged: this.#mergedInto.size,
      identities: this.#linked,
      teams: this.#teams,
      memberships: this.#memberships,
    };
  }

  /**
   * Finds (or creates) the person of every entry, in file order. A person whose own
   * e-mail is an entry's belongs to that entry; any other person an entry's accounts
   * (or an account's e-mail) point to joins it, unless another entry already holds
   * them — then only the account moves. Everything an entry points to becomes one
   * person: the e-mail owner, else the oldest.
   */
  async resolvePeople(entries: readonly DirectoryEntry[]): Promise<number[]> {
    const trx = this.#trx;
    const byEmail = await personIdsByEmail(trx);
    this.#identities = await findIdentities(trx, entries.flatMap((entry) => entry.accounts));
    const matcher = await PersonMatcher.load(trx);
    const ownedBy = new Map<number, number>();
    entries.forEach((entry, i) => {
      const own = byEmail.get(entry.email);
      if (own !== undefined) ownedBy.set(own, i);
    });
    const heldBy = new Map<number, number>();
    const personIds: number[] = [];
    for (const [i, entry] of entries.entries()) {
      const free = (personId: number): boolean => (ownedBy.get(personId) ?? i) === i && (heldBy.get(personId) ?? i) === i;
      const own = byEmail.get(entry.email);
      const candidates = new Set<number>(own === undefined ? [] : [own]);
      for (const account of entry.accounts) {
        const stored = this.#identities.get(accountKey(account.source, account.externalId));
        if (stored?.personId == null) continue;
        const personId = this.#current(stored.personId);
        if (free(personId)) candidates.add(personId);
      }
      if (own === undefined) {
        // An account imported earlier may carry this e-mail (a Slack profile) without its person doing so.
        const match = matcher.match({ email: entry.email });
        if (match.kind === "found" && free(this.#current(match.personId))) candidates.add(this.#current(match.personId));
      }
      let personId: number;
      if (candidates.size === 0) {
        personId = await createPerson(trx, { name: entry.name, email: entry.email, timezone: entry.timezone ?? null, title: entry.title ?? null }, this.#now);
        this.#created.add(personId);
        matcher.remember(personId, entry.name, entry.email);
      } else {
        personId = own ?? Math.min(...candidates);
        for (const other of [...candidates].sort((a, b) => a - b)) {
          if (other === personId) continue;
          await mergePeople(trx, personId, other);
          this.#mergedInto.set(other, personId);
          matcher.forget(other, personId);
        }
      }
      heldBy.set(personId, i);
      personIds.push(personId);
    }
    this.#stored = await directoryFieldsOf(trx, personIds);
    return personIds;
  }

  /** Makes each person's fields and identities say what their entry says. */
  async writeEntries(entries: readonly DirectoryEntry[], personIds: readonly number[]): Promise<void> {
    for (const [i, entry] of entries.entries()) {
      const personId = personIds[i] as number;
      const stored = this.#stored.get(personId);
      if (stored === undefined) throw new Error(`person ${personId} vanished during the import`);
      const wanted: Partial<DirectoryFields> = {
        name: entry.name,
        email: entry.email,
        title: entry.title,
        department: entry.department,
        timezone: entry.timezone,
        startDate: entry.startDate,
        endDate: entry.endDate,
      };
      if (entry.endDateIfUnset !== undefined && stored.endDate === null) wanted.endDate = entry.endDateIfUnset;
      if (await updateDirectoryFields(this.#trx, personId, stored, wanted, this.#now)) this.#updated.add(personId);
      for (const account of entry.accounts) await this.#linkAccount(entry, account, personId);
    }
  }

  /** Sets managers once every entry has its person, so a manager may come later in the file. */
  async linkManagers(entries: readonly DirectoryEntry[], personIds: readonly number[]): Promise<void> {
    const byEmail = new Map(entries.map((entry, i) => [entry.email, personIds[i] as number]));
    const byScimId = new Map<string, number>();
    entries.forEach((entry, i) => {
      if (entry.scimId !== null) byScimId.set(entry.scimId, personIds[i] as number);
    });
    let storedEmails: Map<string, number> | null = null;
    const find = async (ref: ManagerRef): Promise<number | undefined> => {
      if (ref.kind === "scim") return byScimId.get(ref.id) ?? (await personIdByScimId(this.#trx, ref.id)) ?? undefined;
      storedEmails ??= await personIdsByEmail(this.#trx);
      return byEmail.get(ref.email) ?? storedEmails.get(ref.email);
    };
    for (const [i, entry] of entries.entries()) {
      if (entry.manager === undefined) continue;
      const personId = personIds[i] as number;
      let managerId: number | null = null;
      if (entry.manager !== null) {
        const found = await find(entry.manager);
        if (found === undefined) {
          const who = entry.manager.kind === "email" ? entry.manager.email : `SCIM id ${entry.manager.id}`;
          throw new ImportError(`${entry.managerPlace}: manager ${who} is not in the directory`);
        }
        // Some HR systems list the head of the company as their own manager: that is no manager.
        managerId = found === personId ? null : found;
      }
      const stored = this.#stored.get(personId) as DirectoryFields;
      if (await updateDirectoryFields(this.#trx, personId, stored, { managerId }, this.#now)) this.#updated.add(personId);
    }
  }

  /**
   * Replaces the memberships of everyone the team history names with its rows; people
   * it does not name keep theirs. Teams are created by name as needed.
   */
  async applyTeamHistory(
    entries: readonly DirectoryEntry[],
    personIds: readonly number[],
    memberships: readonly MembershipEntry[],
    peoplePath: string,
  ): Promise<void> {
    if (memberships.length === 0) return;
    const byEmail = new Map(entries.map((entry, i) => [entry.email, personIds[i] as number]));
    const storedEmails = await personIdsByEmail(this.#trx);
    const teamIds = await teamIdsByName(this.#trx);
    const wanted = new Map<number, MembershipPeriod[]>();
    for (const membership of memberships) {
      const personId = byEmail.get(membership.email) ?? storedEmails.get(membership.email);
      if (personId === undefined) throw new ImportError(`${membership.place}: ${membership.email} is not in ${peoplePath} and no known person has that e-mail`);
      let teamId = teamIds.get(membership.team);
      if (teamId === undefined) {
        teamId = await createTeam(this.#trx, membership.team, this.#now);
        teamIds.set(membership.team, teamId);
        this.#teams += 1;
      }
      const periods = wanted.get(personId) ?? [];
      periods.push({ teamId, fromAt: membership.fromAt, toAt: membership.toAt });
      wanted.set(personId, periods);
    }
    for (const [personId, periods] of wanted) {
      const changes = await replaceMemberships(this.#trx, personId, periods);
      this.#memberships += changes.added + changes.changed + changes.removed;
    }
  }

  async #linkAccount(entry: DirectoryEntry, account: DirectoryAccount, personId: number): Promise<void> {
    const key = accountKey(account.source, account.externalId);
    let stored = this.#identities.get(key);
    if (stored === undefined || DIRECTORY_SOURCES.has(account.source)) {
      const identity = await upsertIdentity(this.#trx, identityInput(entry, account), this.#now);
      if (stored === undefined) {
        stored = { id: identity.id, personId: null, matchMethod: null };
        this.#identities.set(key, stored);
      }
    }
    const current = stored.personId === null ? null : this.#current(stored.personId);
    if (current === personId && stored.matchMethod === "explicit") return;
    await linkIdentity(this.#trx, stored.id, personId, "explicit");
    stored.personId = personId;
    stored.matchMethod = "explicit";
    this.#linked += 1;
  }

  #current(personId: number): number {
    let id = personId;
    for (let next = this.#mergedInto.get(id); next !== undefined; next = this.#mergedInto.get(id)) id = next;
    return id;
  }
}

/**
 * What the directory knows about an account. Accounts of other sources are created
 * with the person's name only; their own importer fills in the rest later.
 */
function identityInput(entry: DirectoryEntry, account: DirectoryAccount): IdentityInput {
  const base = { source: account.source, externalId: account.externalId, handle: account.handle, displayName: entry.name };
  switch (account.source) {
    case "email":
      return { ...base, email: entry.email };
    case "scim":
      return { ...base, email: entry.email, timezone: entry.timezone ?? null, title: entry.title ?? null, deleted: entry.endDateIfUnset !== undefined };
    default:
      return base;
  }
}
