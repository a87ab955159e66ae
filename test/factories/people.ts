import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { csvField, PEOPLE_CSV_HEADER, TEAM_HISTORY_CSV_HEADER } from "../../src/demo/people-csv.js";

/** A `people.csv` row by column name (see PEOPLE_CSV_HEADER); missing columns are written empty. */
export type PersonRow = Record<string, string>;

/** A `team_history.csv` row. */
export interface MembershipRow {
  email: string;
  team: string;
  from: string;
  to?: string;
}

/** How to write a CSV file: the quirks HR exports come with. */
export interface CsvFileOptions {
  /** Column order; defaults to the demo generator's header. */
  columns?: readonly string[];
  /** Start with a UTF-8 byte-order mark, as Excel writes. */
  bom?: boolean;
  /** Line ends; CRLF as RFC 4180 (and the demo generator) writes them by default. */
  eol?: "\r\n" | "\n";
  /** Folder to write into; a new temporary one by default. */
  dir?: string;
}

/**
 * A person in the directory, derived from a handle: `buildPersonRow("alice")` is Alice
 * Example, alice@acme.example, Slack `UALICE`, PagerDuty `PALICE`, GitHub `alice-gh`.
 */
export function buildPersonRow(handle: string, overrides: PersonRow = {}): PersonRow {
  const upper = handle.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return {
    email: `${handle}@acme.example`,
    name: `${handle.charAt(0).toUpperCase()}${handle.slice(1)} Example`,
    slack_user_id: `U${upper}`,
    pagerduty_user_id: `P${upper}`,
    github_login: `${handle}-gh`,
    title: "Software Engineer",
    department: "Engineering",
    manager_email: "",
    timezone: "Europe/Berlin",
    start_date: "2020-01-06",
    end_date: "",
    ...overrides,
  };
}

/** Writes rows as CSV text with a header; returns the path of `<dir>/<fileName>`. */
export function writeCsvFile(fileName: string, header: readonly string[], rows: readonly Record<string, string | undefined>[], options: CsvFileOptions = {}): string {
  const eol = options.eol ?? "\r\n";
  const lines = [header.map(csvField).join(","), ...rows.map((row) => header.map((column) => csvField(row[column] ?? "")).join(","))];
  const path = join(options.dir ?? mkdtempSync(join(tmpdir(), "debrief-people-")), fileName);
  writeFileSync(path, `${options.bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`);
  return path;
}

/** Writes `people.csv` from rows. */
export function writePeopleFile(rows: readonly PersonRow[], options: CsvFileOptions = {}): string {
  return writeCsvFile("people.csv", options.columns ?? PEOPLE_CSV_HEADER, rows, options);
}

/** Writes `team_history.csv` from rows. */
export function writeTeamHistoryFile(rows: readonly MembershipRow[], options: CsvFileOptions = {}): string {
  return writeCsvFile("team_history.csv", options.columns ?? TEAM_HISTORY_CSV_HEADER, rows.map((row) => ({ ...row })), options);
}

/** Writes raw text (or bytes) as a file named `fileName` in a new temporary folder. */
export function writeRawFile(fileName: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), "debrief-people-")), fileName);
  writeFileSync(path, content);
  return path;
}

/** SCIM schema URNs, as RFC 7643 spells them. */
export const SCIM = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
} as const;

/** What {@link buildScimUser} varies. */
export interface ScimUserSpec {
  id: string;
  userName: string;
  givenName: string;
  familyName: string;
  /** Work address (primary) first, then others. */
  emails?: string[];
  title?: string;
  timezone?: string;
  active?: boolean;
  department?: string;
  employeeNumber?: string;
  /** The manager's SCIM id. */
  managerId?: string;
  lastModified?: string;
}

/**
 * A User resource shaped like RFC 7643 §8.2 (full user) with the §8.3 enterprise
 * extension: `name` with formatted and parts, typed `emails` (work primary), `meta`.
 */
export function buildScimUser(spec: ScimUserSpec): Record<string, unknown> {
  const emails = spec.emails ?? [spec.userName];
  const user: Record<string, unknown> = {
    schemas: [SCIM.user, SCIM.enterprise],
    id: spec.id,
    externalId: spec.employeeNumber ?? spec.id.slice(0, 6),
    userName: spec.userName,
    name: {
      formatted: `${spec.givenName} ${spec.familyName}`,
      familyName: spec.familyName,
      givenName: spec.givenName,
    },
    displayName: `${spec.givenName} ${spec.familyName}`,
    emails: emails.map((value, i) => (i === 0 ? { value, type: "work", primary: true } : { value, type: "home" })),
    userType: "Employee",
    title: spec.title ?? "Software Engineer",
    preferredLanguage: "en-US",
    locale: "en-US",
    timezone: spec.timezone ?? "America/Los_Angeles",
    active: spec.active ?? true,
    meta: {
      resourceType: "User",
      created: "2010-01-23T04:56:22Z",
      lastModified: spec.lastModified ?? "2011-05-13T04:42:34Z",
      version: 'W/"3694e05e9dff591"',
      location: `https://example.com/v2/Users/${spec.id}`,
    },
  };
  user[SCIM.enterprise] = {
    employeeNumber: spec.employeeNumber ?? spec.id.slice(0, 6),
    costCenter: "4130",
    organization: "Acme Cloud",
    division: "Engineering",
    department: spec.department ?? "Tour Operations",
    ...(spec.managerId
      ? { manager: { value: spec.managerId, $ref: `../Users/${spec.managerId}`, displayName: "Manager" } }
      : {}),
  };
  return user;
}

/** Wraps User resources in a `GET /Users` ListResponse (RFC 7644 §3.4.2). */
export function scimListResponse(resources: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [SCIM.list], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

/** Writes a JSON value as `<fileName>` in a new temporary folder. */
export function writeJsonFile(fileName: string, value: unknown): string {
  return writeRawFile(fileName, JSON.stringify(value, null, 2));
}
