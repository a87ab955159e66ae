import { ImportError } from "../../core/errors.js";

/** An account the directory says belongs to a person. */
export interface DirectoryAccount {
  /** `email`, `slack`, `pagerduty`, `github`, `scim` (the SCIM resource id) or `hr` (employee number). */
  source: string;
  externalId: string;
  /** Login or user name shown beside the account (GitHub login, SCIM `userName`). */
  handle: string | null;
}

/** Who a person's manager is, as the directory names them. */
export type ManagerRef = { kind: "email"; email: string } | { kind: "scim"; id: string };

/**
 * One person as an HR directory describes them, validated. For each optional field,
 * `undefined` means the source does not speak about it (the stored value stays) and
 * `null` means the source says it is empty (the stored value is cleared): the
 * directory is authoritative for what it holds.
 */
export interface DirectoryEntry {
  /** Where the entry is, for messages: `people.csv line 4`, `users.json $.Resources[2]`. */
  place: string;
  /** Lower-cased. */
  email: string;
  name: string;
  title: string | null | undefined;
  department: string | null | undefined;
  timezone: string | null | undefined;
  /** `YYYY-MM-DD`. */
  startDate: string | null | undefined;
  endDate: string | null | undefined;
  /**
   * An end date to set only when none is stored: SCIM says a user is inactive
   * (`active: false`) but not since when, so a date recorded earlier is kept.
   */
  endDateIfUnset?: string | undefined;
  manager: ManagerRef | null | undefined;
  /** Where the manager reference is, for the "unknown manager" message. */
  managerPlace: string;
  /** The SCIM resource id, which other entries' managers refer to. */
  scimId: string | null;
  /** Every account the entry names, the e-mail address included. */
  accounts: DirectoryAccount[];
}

/** One period of team membership from `team_history.csv`. */
export interface MembershipEntry {
  /** `team_history.csv line 7`. */
  place: string;
  email: string;
  team: string;
  /** Epoch milliseconds of the date at 00:00 UTC. */
  fromAt: number;
  /** Null while the membership is current. */
  toAt: number | null;
}

/**
 * Checks what no single entry can: one entry per e-mail address, and no account
 * claimed by two entries (the directory would contradict itself about who it is).
 */
export function checkDirectoryEntries(entries: readonly DirectoryEntry[]): void {
  const seen = new Map<string, DirectoryEntry>();
  for (const entry of entries) {
    for (const account of entry.accounts) {
      const key = `${account.source}\u0000${account.externalId}`;
      const earlier = seen.get(key);
      if (earlier === undefined) {
        seen.set(key, entry);
        continue;
      }
      const what = account.source === "email" ? `e-mail ${account.externalId}` : `${account.source} account ${account.externalId}`;
      throw new ImportError(`${entry.place}: ${what} is already listed at ${earlier.place}`);
    }
  }
}
