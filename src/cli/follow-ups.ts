import type { Command } from "commander";
import { followUps, utcDay } from "../commands/follow-ups.js";
import { InputError } from "../commands/create-incident.js";
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from "../core/follow-ups.js";
import { presentFollowUp } from "../server/presenters/follow-ups.js";
import { printJson, withStore } from "./context.js";

function positiveId(name: string) {
  return (value: string): number => {
    const id = Number(value);
    if (!Number.isInteger(id) || id <= 0) throw new InputError(`--${name}: expected a positive number, got ${JSON.stringify(value)}`);
    return id;
  };
}

function statusList(value: string): FollowUpStatus[] {
  const statuses = value.split(",").map((part) => part.trim());
  const bad = statuses.find((status) => !(FOLLOW_UP_STATUSES as readonly string[]).includes(status));
  if (bad !== undefined) throw new InputError(`--status: unknown status ${JSON.stringify(bad)}; expected ${FOLLOW_UP_STATUSES.join(", ")}`);
  return statuses as FollowUpStatus[];
}

/** `debrief follow-ups …`: the follow-ups of every incident, as the web list shows them. */
export function registerFollowUpCommands(program: Command): void {
  program
    .command("follow-ups")
    .description("follow-ups across incidents")
    .command("list")
    .description("follow-ups, soonest due first, filtered by owner, team, status or overdue")
    .option("--owner <personId>", "only this person's", positiveId("owner"))
    .option("--team <teamId>", "only those whose owner is on this team now", positiveId("team"))
    .option("--status <list>", `one or more of ${FOLLOW_UP_STATUSES.join(", ")}, comma-separated`, statusList)
    .option("--overdue", "only those past their due date and not done or won't do")
    .option("--incident <id>", "only this incident's", positiveId("incident"))
    .option("--json", "print {followUps:[…]} as GET /api/follow-ups does")
    .action(async (options: { owner?: number; team?: number; status?: FollowUpStatus[]; overdue?: boolean; incident?: number; json?: boolean }, command: Command) => {
      const now = Date.now();
      const rows = await withStore(command, (store) =>
        followUps(store.db, { ownerPersonId: options.owner, teamId: options.team, statuses: options.status, overdue: options.overdue ? true : undefined, incidentId: options.incident }, now),
      );
      const presented = rows.map((row) => presentFollowUp(row, utcDay(now)));
      if (options.json) return printJson({ followUps: presented });
      const out = presented.map((f) =>
        [
          `#${f.id}`.padEnd(6),
          (f.dueDate ?? "no date").padEnd(10),
          f.overdue ? "OVERDUE " : f.status.padEnd(8),
          f.kind.padEnd(10),
          (f.owner ? `${f.owner.name}${f.owner.team ? ` (${f.owner.team.name})` : ""}` : "no owner").padEnd(28),
          f.title,
          f.tracker ? ` [${f.tracker.key ?? f.tracker.url}]` : "",
          ` — incident ${f.incident.id}`,
        ].join(" "),
      );
      out.push(`${presented.length} follow-up${presented.length === 1 ? "" : "s"}`);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
