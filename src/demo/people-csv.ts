import { writeFileSync } from "node:fs";
import type { Company } from "./company.js";

/** Header of `people.csv`, the HR directory export the people importer reads. */
export const PEOPLE_CSV_HEADER = [
  "email", "name", "slack_user_id", "pagerduty_user_id", "github_login", "title", "department",
  "manager_email", "timezone", "start_date", "end_date",
] as const;

/** Header of `team_history.csv`: one row per team membership, `to` empty while current. */
export const TEAM_HISTORY_CSV_HEADER = ["email", "team", "from", "to"] as const;

/** Quotes one field per RFC 4180: only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Joins rows into RFC 4180 CSV text with CRLF line ends. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Writes `people.csv`. */
export function writePeopleCsv(company: Company, path: string): void {
  const byId = new Map(company.people.map((p) => [p.id, p]));
  const rows: string[][] = [[...PEOPLE_CSV_HEADER]];
  for (const p of company.people) {
    rows.push([
      p.email, p.name, p.slackUserId, p.pagerdutyUserId, p.githubLogin, p.title, p.department,
      p.managerId ? (byId.get(p.managerId)?.email ?? "") : "", p.timezone, p.startDate, p.endDate ?? "",
    ]);
  }
  writeFileSync(path, toCsv(rows));
}

/** Writes `team_history.csv`. */
export function writeTeamHistoryCsv(company: Company, path: string): void {
  const rows: string[][] = [[...TEAM_HISTORY_CSV_HEADER]];
  for (const p of company.people) {
    for (const m of p.history) rows.push([p.email, m.team, m.from, m.to ?? ""]);
  }
  writeFileSync(path, toCsv(rows));
}
