import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildCompany, peopleCountFor } from "./company.js";
import { buildManifest } from "./manifest.js";
import { writePeopleCsv, writeTeamHistoryCsv } from "./people-csv.js";
import { buildScenario } from "./scenario.js";
import { writeSlackExport } from "./slack-export.js";

export type { Bot, Company, Person, Service, ServiceOwnership, Team, TeamMembership } from "./company.js";
export { buildCompany, formerMembersAt, isEmployedAt, owningTeamAt, peopleCountFor, rotaAt, teamAt, teamMembersAt } from "./company.js";
export type { DemoManifest, ManifestIncident, ManifestInvolvement } from "./manifest.js";
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
export { PAGERDUTY_ACTOR, buildScenario, incidentCountFor } from "./scenario.js";

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
 * history CSVs, and a manifest of every incident and conversation. Deterministic:
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
  const manifest = buildManifest(scenario, stats, { slackExport: "slack-export.zip", peopleCsv: "people.csv", teamHistoryCsv: "team_history.csv" });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  return {
    exportPath,
    peopleCsvPath,
    teamHistoryCsvPath,
    manifestPath,
    messages: stats.messages,
    users: stats.users,
    conversations: stats.conversations.length,
    dayFiles: stats.dayFiles,
    incidentChannels: scenario.incidents.map((i) => i.channelName),
  };
}
