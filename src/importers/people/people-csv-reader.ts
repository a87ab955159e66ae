import { ImportError } from "../../core/errors.js";
import { cell, readCsvFile, type CsvRow } from "./csv-file.js";
import { checkDirectoryEntries, type DirectoryAccount, type DirectoryEntry, type MembershipEntry } from "./directory-entry.js";
import { isoDateMs, parseEmail, parseIsoDate, parseTimeZone } from "./directory-fields.js";

/**
 * Reads and validates `people.csv`: one entry per row, in file order. A column missing
 * from the header leaves that field of stored people as it is; an empty cell clears it.
 */
export async function readPeopleCsv(path: string): Promise<DirectoryEntry[]> {
  const table = await readCsvFile(path, ["email", "name"]);
  const entries = table.rows.map((row) => peopleEntry(path, row));
  checkDirectoryEntries(entries);
  return entries;
}

/** Reads and validates `team_history.csv`: one membership per row. */
export async function readTeamHistoryCsv(path: string): Promise<MembershipEntry[]> {
  const table = await readCsvFile(path, ["email", "team", "from"]);
  const seen = new Map<string, string>();
  return table.rows.map((row) => {
    const place = `${path} line ${row.line}`;
    const email = parseEmail(required(row, "email", place), place, "email");
    const team = required(row, "team", place);
    const from = parseIsoDate(required(row, "from", place), place, "from");
    const to = cell(row, "to");
    const fromAt = isoDateMs(from) as number;
    const toAt = to ? isoDateMs(parseIsoDate(to, place, "to")) : null;
    if (toAt !== null && toAt < fromAt) throw new ImportError(`${place}: to ${to} is before from ${from}`);
    // (person, team, from) is the membership's natural key in the store.
    const key = `${email}\u0000${team}\u0000${fromAt}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ImportError(`${place}: ${email} joining ${team} on ${from} is already listed at ${earlier}`);
    seen.set(key, place);
    return { place, email, team, fromAt, toAt };
  });
}

function peopleEntry(path: string, row: CsvRow): DirectoryEntry {
  const place = `${path} line ${row.line}`;
  const email = parseEmail(required(row, "email", place), place, "email");
  const name = required(row, "name", place);
  const timezone = cell(row, "timezone");
  const startDate = optionalDate(row, "start_date", place);
  const endDate = optionalDate(row, "end_date", place);
  if (startDate && endDate && endDate < startDate) throw new ImportError(`${place}: end_date ${endDate} is before start_date ${startDate}`);
  const managerEmail = cell(row, "manager_email");
  const accounts: DirectoryAccount[] = [{ source: "email", externalId: email, handle: null }];
  const account = (column: string, source: string): void => {
    const id = cell(row, column);
    if (id) accounts.push({ source, externalId: id, handle: source === "github" ? id : null });
  };
  account("slack_user_id", "slack");
  account("pagerduty_user_id", "pagerduty");
  account("github_login", "github");
  return {
    place,
    email,
    name,
    title: cell(row, "title"),
    department: cell(row, "department"),
    timezone: timezone ? parseTimeZone(timezone, place, "timezone") : timezone,
    startDate,
    endDate,
    manager: managerEmail === undefined || managerEmail === null ? managerEmail : { kind: "email", email: parseEmail(managerEmail, place, "manager_email") },
    managerPlace: `${place} (manager_email)`,
    scimId: null,
    accounts,
  };
}

function required(row: CsvRow, column: string, place: string): string {
  const value = cell(row, column);
  if (!value) throw new ImportError(`${place}: ${column} is empty`);
  return value;
}

function optionalDate(row: CsvRow, column: string, place: string): string | null | undefined {
  const value = cell(row, column);
  return value ? parseIsoDate(value, place, column) : value;
}
