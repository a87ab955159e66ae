import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { type InsightResult, parseInsightDate, runInsight } from "../commands/insights.js";
import { INSIGHT_KINDS, type InsightKind } from "../core/insights.js";
import { printJson, withStore } from "./context.js";

interface InsightOptions {
  json?: boolean;
  from?: string;
  to?: string;
  team?: string;
  minPages?: string;
}

const DESCRIPTIONS: Record<InsightKind, string> = {
  silos: "people pulled in again and again outside their team and rota",
  fatigue: "pages per person and ISO week, off hours and nights in a row",
  drift: "former owners still pulled into their old team's incidents",
  services: "services in incidents: how often, how long, who and what recurs",
  chaos: "chaos experiments suggested by failures that already repeated",
};

/** `debrief insights silos|fatigue|drift|services|chaos`: patterns across incidents. */
export function registerInsightCommands(program: Command): void {
  const group = program.command("insights").description("patterns across incidents (docs/insights.md)");
  for (const kind of INSIGHT_KINDS) {
    const command = group
      .command(kind)
      .description(DESCRIPTIONS[kind])
      .option("--json", "print a JSON array of rows")
      .option("--from <date>", "only incidents and pages from this date (YYYY-MM-DD or ISO time)")
      .option("--to <date>", "only incidents and pages up to this date, inclusive")
      .option("--team <name>", "only rows about this team");
    if (kind === "fatigue") command.option("--min-pages <n>", "rows from this many pages a week", "3");
    command.action(async (options: InsightOptions, cmd: Command) => {
      const minPages = options.minPages === undefined ? undefined : Number(options.minPages);
      if (minPages !== undefined && (!Number.isInteger(minPages) || minPages < 1)) throw new InputError(`--min-pages must be a positive integer, got ${JSON.stringify(options.minPages)}`);
      const query = { from: parseInsightDate(options.from, "from"), to: parseInsightDate(options.to, "to"), team: options.team ?? null, ...(minPages === undefined ? {} : { minPages }) };
      const result = await withStore(cmd, (store) => runInsight(store.db, kind, query));
      if (options.json) return printJson(result.rows);
      process.stdout.write(renderInsight(result));
    });
  }
}

/** The plain-text table of an insight. */
export function renderInsight(result: InsightResult): string {
  const lines: string[] = [];
  const ids = (list: readonly { id: number }[]) => list.map((i) => `#${i.id}`).join(" ");
  switch (result.kind) {
    case "silos":
      for (const r of result.rows) lines.push(`${String(r.count).padStart(4)}  ${r.person.name} <${r.person.email ?? "?"}>  incidents ${ids(r.incidents)}`);
      break;
    case "fatigue":
      for (const r of result.rows) lines.push(`${r.week}  ${String(r.pages).padStart(3)} pages  ${String(r.offHoursPages ?? "?").padStart(3)} off hours  ${String(r.maxConsecutiveNights ?? "?").padStart(2)} nights in a row  ${r.person.name} <${r.person.email ?? "?"}>`);
      break;
    case "drift":
      for (const r of result.rows) lines.push(`${r.person.name} <${r.person.email ?? "?"}>  left ${r.team} on ${r.leftOn}, pulled in ${r.yearsSince} years later  incidents ${ids(r.incidents)}`);
      break;
    case "services":
      for (const r of result.rows) {
        const ttr = r.medianTimeToResolveMs === null ? "?" : `${Math.round(r.medianTimeToResolveMs / 60_000)} min`;
        lines.push(`${String(r.incidents).padStart(4)}  ${r.service.name}  median time to resolve ${ttr}  owners ${r.owningTeams.join(", ") || "?"}  recurring people ${r.contributors.length}, tags ${r.tags.map((t) => t.tag).join(", ") || "-"}`);
      }
      break;
    case "chaos":
      for (const r of result.rows) lines.push(`${r.service.name} (${r.owningTeam ?? "no owner"}), ${r.incidents.length} incidents ${ids(r.incidents)}, follow-up: ${r.coveredByFollowUp === null ? "unknown" : r.coveredByFollowUp ? "yes" : "no"}\n    ${r.hypothesis}`);
      break;
  }
  if (lines.length === 0) lines.push("Nothing to show for this range.");
  return `${lines.join("\n")}\n`;
}
