import type { Db } from "../dialect.js";

/** What the Slack importer knows about an account. */
export interface SlackAccount {
  externalId: string;
  workspace: string | null;
  handle: string | null;
  name: string;
  email: string | null;
  timezone: string | null;
  title: string | null;
  isBot: boolean;
  deleted: boolean;
}

/** Outcome of {@link upsertSlackAccounts}. */
export interface AccountUpsert {
  /** Slack user id → identity id, for every account in the input. */
  identityIds: Map<string, number>;
  created: number;
  updated: number;
}

/**
 * Stores Slack accounts as identities, each human linked to a Person: an existing one
 * with the same email (from the people directory, say), or a new one. Bots get an
 * identity but no Person. Running it again updates names and time zones, never
 * duplicates.
 */
export async function upsertSlackAccounts(trx: Db, accounts: readonly SlackAccount[], now: number): Promise<AccountUpsert> {
  const existing = new Map<string, { id: number; personId: number | null; fingerprint?: string }>();
  const known = await trx
    .selectFrom("identities")
    .select(["id", "externalId", "personId", "workspace", "handle", "displayName", "email", "timezone", "title", "isBot", "deleted"])
    .where("source", "=", "slack")
    .execute();
  const identityIds = new Map<string, number>();
  for (const row of known) {
    const { id, externalId, personId, ...fields } = row;
    existing.set(externalId, { id, personId, fingerprint: JSON.stringify(fields) });
    // Accounts from earlier imports stay resolvable when a later export omits them.
    identityIds.set(externalId, id);
  }
  let created = 0;
  let updated = 0;
  for (const account of accounts) {
    const fields = {
      workspace: account.workspace,
      handle: account.handle,
      displayName: account.name,
      email: account.email,
      timezone: account.timezone,
      title: account.title,
      isBot: account.isBot ? 1 : 0,
      deleted: account.deleted ? 1 : 0,
      updatedAt: now,
    };
    const found = existing.get(account.externalId);
    if (found) {
      const { updatedAt: _updatedAt, ...comparable } = fields;
      // Unchanged accounts are left alone so a repeated import writes nothing.
      if (found.fingerprint !== JSON.stringify(comparable)) {
        await trx.updateTable("identities").set(fields).where("id", "=", found.id).execute();
        updated += 1;
      }
      if (found.personId === null && !account.isBot) {
        const personId = await personFor(trx, account, now);
        await trx.updateTable("identities").set({ personId }).where("id", "=", found.id).execute();
      }
      identityIds.set(account.externalId, found.id);
      continue;
    }
    const personId = account.isBot ? null : await personFor(trx, account, now);
    const row = await trx
      .insertInto("identities")
      .values({ ...fields, personId, source: "slack", externalId: account.externalId })
      .returning("id")
      .executeTakeFirstOrThrow();
    identityIds.set(account.externalId, row.id);
    existing.set(account.externalId, { id: row.id, personId });
    created += 1;
  }
  return { identityIds, created, updated };
}

async function personFor(trx: Db, account: SlackAccount, now: number): Promise<number> {
  if (account.email) {
    const match = await trx.selectFrom("people").select("id").where("email", "=", account.email).executeTakeFirst();
    if (match) return match.id;
  }
  const row = await trx
    .insertInto("people")
    .values({
      name: account.name,
      email: account.email,
      timezone: account.timezone,
      title: account.title,
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
