import { normalizeName } from "../../core/names.js";
import type { Db } from "../dialect.js";

/** An account in one source (Slack, PagerDuty, GitHub, an e-mail address). */
export interface IdentityInput {
  /** `slack`, `pagerduty`, `github`, `email`. */
  source: string;
  externalId: string;
  workspace?: string | null;
  handle?: string | null;
  displayName: string | null;
  email?: string | null;
  timezone?: string | null;
  title?: string | null;
  isBot?: boolean;
  deleted?: boolean;
}

/** How an identity was linked to its person. */
export type MatchMethod = "explicit" | "email" | "name" | "created" | "ambiguous";

/** The outcome of matching an account to the people Debrief knows. */
export type PersonMatch =
  | { kind: "found"; personId: number; method: "email" | "name" }
  | { kind: "ambiguous"; personIds: number[] }
  | { kind: "none" };

/**
 * Matches accounts to people within one import: by e-mail first (the person's own, or
 * one of their identities'), then by a name that belongs to exactly one person. Two
 * people with the same name is reported as ambiguous, never guessed. Loaded once per
 * transaction; {@link remember} keeps it current as people are created.
 */
export class PersonMatcher {
  readonly #byEmail = new Map<string, number>();
  readonly #byName = new Map<string, Set<number>>();

  private constructor() {}

  /** Loads every person and identity e-mail and name. */
  static async load(trx: Db): Promise<PersonMatcher> {
    const matcher = new PersonMatcher();
    const people = await trx.selectFrom("people").select(["id", "name", "email"]).execute();
    for (const person of people) matcher.remember(person.id, person.name, person.email);
    const identities = await trx
      .selectFrom("identities")
      .select(["personId", "email", "displayName"])
      .where("personId", "is not", null)
      .execute();
    for (const identity of identities) {
      if (identity.personId === null) continue;
      if (identity.email) matcher.#addEmail(identity.email, identity.personId);
    }
    return matcher;
  }

  /** Finds the person an account belongs to. */
  match(account: { email?: string | null; name?: string | null }): PersonMatch {
    const email = account.email?.trim().toLowerCase();
    if (email) {
      const personId = this.#byEmail.get(email);
      if (personId !== undefined) return { kind: "found", personId, method: "email" };
    }
    const name = account.name ? normalizeName(account.name) : "";
    if (name.includes(" ")) {
      // Single words ("admin", "ops") are too weak to match on.
      const ids = this.#byName.get(name);
      if (ids && ids.size === 1) return { kind: "found", personId: [...ids][0] as number, method: "name" };
      if (ids && ids.size > 1) return { kind: "ambiguous", personIds: [...ids].sort((a, b) => a - b) };
    }
    return { kind: "none" };
  }

  /** Records a person (new or updated) so later matches see it. */
  remember(personId: number, name: string | null, email: string | null): void {
    if (email) this.#addEmail(email, personId);
    if (name) {
      const key = normalizeName(name);
      if (key === "") return;
      const ids = this.#byName.get(key) ?? new Set<number>();
      ids.add(personId);
      this.#byName.set(key, ids);
    }
  }

  /** Forgets a person merged into another. */
  forget(personId: number, into: number): void {
    for (const [email, id] of this.#byEmail) if (id === personId) this.#byEmail.set(email, into);
    for (const ids of this.#byName.values()) {
      if (ids.delete(personId)) ids.add(into);
    }
  }

  #addEmail(email: string, personId: number): void {
    const key = email.trim().toLowerCase();
    if (!this.#byEmail.has(key)) this.#byEmail.set(key, personId);
  }
}

/** Inserts or refreshes an identity by (source, external id); never touches its person link. */
export async function upsertIdentity(
  trx: Db,
  input: IdentityInput,
  now: number,
): Promise<{ id: number; personId: number | null; created: boolean; changed: boolean }> {
  const fields = {
    workspace: input.workspace ?? null,
    handle: input.handle ?? null,
    displayName: input.displayName,
    email: input.email?.trim().toLowerCase() || null,
    timezone: input.timezone ?? null,
    title: input.title ?? null,
    isBot: input.isBot ? 1 : 0,
    deleted: input.deleted ? 1 : 0,
  };
  const existing = await trx
    .selectFrom("identities")
    .select(["id", "personId", "workspace", "handle", "displayName", "email", "timezone", "title", "isBot", "deleted"])
    .where("source", "=", input.source)
    .where("externalId", "=", input.externalId)
    .executeTakeFirst();
  if (existing) {
    const { id, personId, ...stored } = existing;
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).some((key) => stored[key] !== fields[key]);
    // Unchanged accounts are left alone so a repeated import writes nothing.
    if (changed) await trx.updateTable("identities").set({ ...fields, updatedAt: now }).where("id", "=", id).execute();
    return { id, personId, created: false, changed };
  }
  const row = await trx
    .insertInto("identities")
    .values({ ...fields, source: input.source, externalId: input.externalId, personId: null, matchMethod: null, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, personId: null, created: true, changed: true };
}

/** Links an identity to a person, recording how. */
export async function linkIdentity(trx: Db, identityId: number, personId: number, method: MatchMethod): Promise<void> {
  await trx.updateTable("identities").set({ personId, matchMethod: method }).where("id", "=", identityId).execute();
}

/** Creates a person from what an account says about them; returns the id. */
export async function createPerson(
  trx: Db,
  person: { name: string; email?: string | null; timezone?: string | null; title?: string | null },
  now: number,
): Promise<number> {
  const row = await trx
    .insertInto("people")
    .values({
      name: person.name,
      email: person.email?.trim().toLowerCase() || null,
      timezone: person.timezone ?? null,
      title: person.title ?? null,
      department: null,
      managerId: null,
      startDate: null,
      endDate: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Makes sure a human account belongs to a person: the one it matches, or a new one
 * when nothing matches (recorded as `created`, and listed by `debrief people
 * unmatched`). An ambiguous name also creates a new person rather than picking one,
 * recorded as `ambiguous` so the analyst can settle it with the HR directory.
 */
export async function ensurePerson(
  trx: Db,
  matcher: PersonMatcher,
  identity: { id: number; personId: number | null },
  account: { name: string; email?: string | null; timezone?: string | null; title?: string | null },
  now: number,
): Promise<number> {
  if (identity.personId !== null) return identity.personId;
  const match = matcher.match(account);
  if (match.kind === "found") {
    await linkIdentity(trx, identity.id, match.personId, match.method);
    return match.personId;
  }
  const email = account.email?.trim().toLowerCase() || null;
  // The e-mail may already belong to a person the matcher could not see (unique column).
  const personId = await createPerson(trx, { ...account, email: email && !(await emailTaken(trx, email)) ? email : null }, now);
  matcher.remember(personId, account.name, email);
  await linkIdentity(trx, identity.id, personId, match.kind === "ambiguous" ? "ambiguous" : "created");
  return personId;
}

async function emailTaken(trx: Db, email: string): Promise<boolean> {
  return (await trx.selectFrom("people").select("id").where("email", "=", email).executeTakeFirst()) !== undefined;
}

/**
 * Merges `dropId` into `keepId`: identities, team memberships, transcript cues and
 * reports move to the kept person; the dropped person is deleted. Used when a
 * directory entry shows that two people Debrief made are one.
 */
export async function mergePeople(trx: Db, keepId: number, dropId: number): Promise<void> {
  if (keepId === dropId) return;
  await trx.updateTable("identities").set({ personId: keepId }).where("personId", "=", dropId).execute();
  // A membership both records hold would collide on (person, team, from): keep one.
  await trx
    .deleteFrom("teamMemberships")
    .where("personId", "=", dropId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("teamMemberships as k")
          .select("k.id")
          .where("k.personId", "=", keepId)
          .whereRef("k.teamId", "=", "teamMemberships.teamId")
          .whereRef("k.fromAt", "=", "teamMemberships.fromAt"),
      ),
    )
    .execute();
  await trx.updateTable("teamMemberships").set({ personId: keepId }).where("personId", "=", dropId).execute();
  await trx.updateTable("transcriptCues").set({ personId: keepId }).where("personId", "=", dropId).execute();
  await trx.updateTable("people").set({ managerId: keepId }).where("managerId", "=", dropId).execute();
  const dropped = await trx.selectFrom("people").selectAll().where("id", "=", dropId).executeTakeFirst();
  await trx.deleteFrom("people").where("id", "=", dropId).execute();
  if (dropped) {
    // Fill what the kept record lacks; the e-mail can move only now that its owner is gone.
    const kept = await trx.selectFrom("people").selectAll().where("id", "=", keepId).executeTakeFirstOrThrow();
    await trx
      .updateTable("people")
      .set({
        email: kept.email ?? dropped.email,
        timezone: kept.timezone ?? dropped.timezone,
        title: kept.title ?? dropped.title,
        department: kept.department ?? dropped.department,
        startDate: kept.startDate ?? dropped.startDate,
        endDate: kept.endDate ?? dropped.endDate,
      })
      .where("id", "=", keepId)
      .execute();
  }
}
