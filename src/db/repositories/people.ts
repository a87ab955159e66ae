import type { Db } from "../dialect.js";
import { ensurePerson, PersonMatcher, upsertIdentity } from "./identities.js";

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
  /** Slack user id → identity id, for every Slack account stored so far. */
  identityIds: Map<string, number>;
  created: number;
  updated: number;
}

/**
 * Stores Slack accounts as identities, each human linked to a Person: the one it
 * matches (by e-mail, then by a unique name), or a new one. Bots get an identity but
 * no Person. Running it again changes nothing unless an account changed.
 */
export async function upsertSlackAccounts(trx: Db, accounts: readonly SlackAccount[], now: number): Promise<AccountUpsert> {
  const identityIds = new Map<string, number>();
  // Accounts from earlier imports stay resolvable when a later export omits them.
  const known = await trx.selectFrom("identities").select(["id", "externalId"]).where("source", "=", "slack").execute();
  for (const row of known) identityIds.set(row.externalId, row.id);
  const matcher = await PersonMatcher.load(trx);
  let created = 0;
  let updated = 0;
  for (const account of accounts) {
    const identity = await upsertIdentity(
      trx,
      {
        source: "slack",
        externalId: account.externalId,
        workspace: account.workspace,
        handle: account.handle,
        displayName: account.name,
        email: account.email,
        timezone: account.timezone,
        title: account.title,
        isBot: account.isBot,
        deleted: account.deleted,
      },
      now,
    );
    if (identity.created) created += 1;
    else if (identity.changed) updated += 1;
    identityIds.set(account.externalId, identity.id);
    if (!account.isBot) await ensurePerson(trx, matcher, identity, account, now);
  }
  return { identityIds, created, updated };
}
