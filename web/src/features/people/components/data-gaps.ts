import type { BreakdownSummary, Participant } from "../../../api/types";

/*
 * How the People view words what the breakdown does not know. The API says why a fact is
 * unknown; the view says so in place of a "No" it cannot back.
 */

type Facts = Pick<Participant, "onCall" | "onOwningTeam" | "teamAtTime" | "unknown">;

/** The "On call" cell: yes, no, or why it is unknown. */
export function onCallText(p: Facts): string {
  if (p.unknown.onCall === "no_pagerduty_data") return "no on-call data";
  return p.onCall ? "Yes" : "No";
}

/** The "Team then" cell: the team, or why it is unknown. */
export function teamText(p: Facts): string {
  if (p.teamAtTime !== null) return p.teamAtTime;
  return p.unknown.team === "no_directory_entry" ? "no directory entry" : "no team then";
}

/** The "Owning team" cell: yes, no, or why it is unknown. */
export function owningTeamText(p: Facts): string {
  if (p.unknown.ownership === "no_catalog") return "no catalog";
  if (p.unknown.ownership === "no_services") return "no services linked";
  if (p.unknown.team === "no_directory_entry") return "no directory entry";
  return p.onOwningTeam ? "Yes" : "No";
}

const MISSING: Record<BreakdownSummary["missingData"][number]["reason"], (n: string) => string> = {
  no_pagerduty_data: (n) => `No PagerDuty on-call schedules, so on call is unknown for ${n}: import PagerDuty.`,
  no_directory_entry: (n) => `No directory entry for ${n}, so their team is unknown: import the HR directory.`,
  no_catalog: (n) => `No service catalog, so the owning team is unknown for ${n}: import the catalog.`,
  no_services: (n) => `No service is linked to this incident, so the owning team is unknown for ${n}: import the catalog or link the services.`,
};

/** One sentence per missing source, with where to import it. */
export function missingDataLines(summary: Pick<BreakdownSummary, "missingData">): { text: string; href: string }[] {
  return summary.missingData.map((m) => {
    const who = m.personIds.length === 1 ? "1 person" : `${m.personIds.length} people`;
    return { text: MISSING[m.reason](who), href: m.importPath };
  });
}
