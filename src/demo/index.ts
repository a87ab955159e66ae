import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeCatalog } from "./catalog.js";
import { buildCompany, peopleCountFor } from "./company.js";
import { buildManifest } from "./manifest.js";
import { writePagerdutyExport } from "./pagerduty-export.js";
import { planPagerduty } from "./pagerduty-plan.js";
import { writePeopleCsv, writeTeamHistoryCsv } from "./people-csv.js";
import { buildScenario } from "./scenario.js";
import { writeSlackExport } from "./slack-export.js";

export type { Bot, Company, Person, Service, ServiceOwnership, System, Team, TeamMembership } from "./company.js";
export { buildCompany, formerMembersAt, isEmployedAt, owningTeamAt, peopleCountFor, rotaAt, teamAt, teamMembersAt } from "./company.js";
export { BACKSTAGE_API_VERSION, catalogYaml } from "./catalog.js";
export type { CatalogStats } from "./catalog.js";
export type { DemoManifest, ManifestIncident, ManifestInvolvement, ManifestPagerduty } from "./manifest.js";
export { PAGERDUTY_API, PAGERDUTY_PAGE_SIZE, PAGERDUTY_WEB } from "./pagerduty-export.js";
export type { PagerdutyExportStats } from "./pagerduty-export.js";
export { ESCALATION_DELAY_MINUTES, planPagerduty } from "./pagerduty-plan.js";
export type { LogEntryPlan, LogEntryType, OnCallShift, PagerdutyIncidentPlan, PagerdutyPlan, PagerdutyTeam } from "./pagerduty-plan.js";
export { PEOPLE_CSV_HEADER, TEAM_HISTORY_CSV_HEADER } from "./people-csv.js";
export type {
  ChangeEvent,
  ConversationPlan,
  DirectMessageEvent,
  IncidentPlan,
  Involvement,
  InvolvementKind,
  MentionEvent,
  PageEvent,
  Scenario,
  Severity,
} from "./scenario.js";
export { INCIDENT_PERIOD, PAGERDUTY_ACTOR, buildScenario, incidentCountFor, scheduledOnCall } from "./scenario.js";
export { FAILING_SERVICE_INCIDENTS, FORMER_OWNER_YEARS, NIGHT_WEEK_NIGHTS, PATTERN_MIN_MESSAGES } from "./patterns.js";
export type { DemoPatterns } from "./patterns.js";

/** Options for {@link generateDemo}. */
export interface DemoOptions {
  /** Seed of every random choice; the same seed and options give byte-identical files. Default 42. */
  seed?: number;
  /** Total message objects across all day files. Default 20,000. */
  messages?: number;
  /** Folder to write into; created if missing. */
  outDir: string;
  /** Called after every day file with messages written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link generateDemo} wrote. */
export interface DemoResult {
  /** `<outDir>/slack-export.zip` */
  exportPath: string;
  /** `<outDir>/people.csv` */
  peopleCsvPath: string;
  /** `<outDir>/team_history.csv` */
  teamHistoryCsvPath: string;
  /** `<outDir>/demo-manifest.json` */
  manifestPath: string;
  /** `<outDir>/pagerduty/`: PagerDuty REST API v2 response bodies, one file per response page. */
  pagerdutyDir: string;
  /** `<outDir>/catalog-info.yaml`: the Backstage catalog (Group, System and Component entities). */
  catalogPath: string;
  /** Message objects written in day files; always equals the requested count. */
  messages: number;
  /** Entries in `users.json` (people, bots and Slackbot). */
  users: number;
  /** Channels, private channels, DMs and group DMs. */
  conversations: number;
  dayFiles: number;
  /** Names of the incident channels. */
  incidentChannels: string[];
}

/**
 * Generates the Acme Cloud demo: a Slack workspace export zip, the HR people and team
 * history CSVs, the PagerDuty account behind the pages (users, services, escalation
 * policies, schedules, on-call shifts, incidents and their log entries, as API
 * responses), a Backstage catalog, and a manifest of all of it. Deterministic:
 * no clock, no `Math.random`. Day files are written as they are generated, so memory
 * stays flat even at millions of messages.
 */
export function generateDemo(options: DemoOptions): DemoResult {
  const seed = options.seed ?? 42;
  const messages = options.messages ?? 20_000;
  if (!Number.isInteger(seed)) throw new Error(`demo seed must be an integer, got ${seed}`);
  if (!Number.isInteger(messages) || messages < 0) throw new Error(`demo message count must be a non-negative integer, got ${messages}`);
  mkdirSync(options.outDir, { recursive: true });
  const exportPath = join(options.outDir, "slack-export.zip");
  const peopleCsvPath = join(options.outDir, "people.csv");
  const teamHistoryCsvPath = join(options.outDir, "team_history.csv");
  const manifestPath = join(options.outDir, "demo-manifest.json");
  const pagerdutyDir = join(options.outDir, "pagerduty");
  const catalogPath = join(options.outDir, "catalog-info.yaml");

  const company = buildCompany({ seed, people: peopleCountFor(messages) });
  const scenario = buildScenario(company, { seed, messages });
  let done = 0;
  const onProgress = options.onProgress;
  const stats = writeSlackExport(scenario, exportPath, (count) => {
    done += count;
    onProgress?.(done, messages);
  });
  if (stats.messages !== messages) throw new Error(`demo wrote ${stats.messages} messages, ${messages} were asked for`);
  writePeopleCsv(company, peopleCsvPath);
  writeTeamHistoryCsv(company, teamHistoryCsvPath);
  const pagerduty = writePagerdutyExport(company, planPagerduty(scenario), pagerdutyDir);
  writeCatalog(company, catalogPath);
  const files = { slackExport: "slack-export.zip", peopleCsv: "people.csv", teamHistoryCsv: "team_history.csv", pagerduty: "pagerduty", catalog: "catalog-info.yaml" };
  const manifest = buildManifest(scenario, stats, files, pagerduty);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  return {
    exportPath,
    peopleCsvPath,
    teamHistoryCsvPath,
    manifestPath,
    pagerdutyDir,
    catalogPath,
    messages: stats.messages,
    users: stats.users,
    conversations: stats.conversations.length,
    dayFiles: stats.dayFiles,
    incidentChannels: scenario.incidents.map((i) => i.channelName),
  };
}
