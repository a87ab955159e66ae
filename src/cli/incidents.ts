import type { Command } from "commander";
import { createIncident } from "../commands/create-incident.js";
import { InputError } from "../core/errors.js";
import { incidentPeople } from "../commands/incident-people.js";
import { linkIncidentToPagerduty } from "../commands/link-pagerduty.js";
import { incidentAccess, incidentDetail, listIncidents } from "../commands/incident-views.js";
import { readWholeTimeline } from "../commands/timeline.js";
import type { MessageAttachment } from "../core/timeline.js";
import { presentIncidentDetail, presentIncidentSummary } from "../presenters/incident-views.js";
import { presentBreakdownSummary, presentParticipant } from "../presenters/people.js";
import { cliActor, printJson, withStore } from "./context.js";

/** `debrief incidents …`: list, create and read incidents. */
export function registerIncidentCommands(program: Command): void {
  const group = program.command("incidents").description("list, create and study incidents");

  group
    .command("list")
    .description("list incidents, newest first")
    .option("--json", "print a JSON array")
    .action(async (options: { json?: boolean }, command: Command) => {
      const listings = await withStore(command, (store) => listIncidents(store));
      const incidents = listings.map(presentIncidentSummary);
      if (options.json) return printJson(incidents);
      if (incidents.length === 0) {
        process.stdout.write("No incidents yet. Import a Slack export with incident channels, or use `debrief incidents create`.\n");
        return;
      }
      for (const incident of incidents) {
        process.stdout.write(
          `${String(incident.id).padStart(5)}  ${(incident.startedAt ?? "").slice(0, 16).replace("T", " ").padEnd(16)}  ${String(incident.messages).padStart(6)} msgs  ${incident.title}  [${incident.channels.map((c) => `#${c}`).join(", ")}]\n`,
        );
      }
    });

  group
    .command("create")
    .description("create an incident from one or more channels")
    .requiredOption("--title <title>", "what to call it")
    .requiredOption("--channel <name>", "a Slack channel (repeat for several)", collect, [])
    .option("--from <iso>", "only messages at or after this time")
    .option("--to <iso>", "only messages at or before this time")
    .option("--severity <severity>", "e.g. SEV1")
    .option("--json", "print the new incident as JSON")
    .action(async (options: { title: string; channel: string[]; from?: string; to?: string; severity?: string; json?: boolean }, command: Command) => {
      const listing = await withStore(command, async (store) => {
        const id = await createIncident(store, {
          title: options.title,
          channels: options.channel,
          from: options.from,
          to: options.to,
          severity: options.severity,
          actor: cliActor(),
        });
        return incidentDetail(store, id);
      });
      if (!listing) throw new Error("incident vanished after creation");
      const incident = presentIncidentDetail(listing);
      if (options.json) return printJson(incident);
      process.stdout.write(`Created incident ${incident.id}: ${incident.title} (${incident.messages} messages)\n`);
    });

  group
    .command("timeline")
    .description("an incident's merged timeline (messages, pages, transcript cues) in time order")
    .argument("<id>", "incident id")
    .option("--json", "print a JSON array")
    .action(async (idText: string, options: { json?: boolean }, command: Command) => {
      const id = Number(idText);
      if (!Number.isInteger(id) || id <= 0) throw new InputError(`incident id must be a positive integer, got ${JSON.stringify(idText)}`);
      const events = await withStore(command, async (store) => {
        if (!(await incidentAccess(store, id))) throw new InputError(`no incident ${id}`);
        return readWholeTimeline(store, id);
      });
      if (options.json) return printJson(events);
      for (const event of events) {
        const time = event.at.slice(0, 19).replace("T", " ");
        const indent = event.thread?.isReply ? "    ↳ " : "";
        const refs = event.references.length > 0 ? `  [${event.references.map((r) => r.key).join(", ")}]` : "";
        const text = event.text !== "" ? event.text : attachmentText(event.attachments);
        const where = event.source === "slack" ? `#${event.channel}` : event.source;
        process.stdout.write(`${time}  ${where}  ${indent}${event.author?.name ?? "unknown"}: ${text.replace(/\n/g, " ")}${refs}\n`);
      }
    });
  registerPeopleAndLink(group);
}

/** Parses a positional incident id. */
function incidentId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`incident id must be a positive integer, got ${JSON.stringify(text)}`);
  return id;
}

/** What an integration's message says when its text is all in attachments. */
function attachmentText(attachments: readonly MessageAttachment[]): string {
  return attachments
    .map(({ pretext, title, text }) => [pretext, title, text].filter(Boolean).join(" — "))
    .filter(Boolean)
    .join(" | ");
}

function registerPeopleAndLink(group: Command): void {
  group
    .command("people")
    .description("who was in the incident, how they got involved, on call or not, on the owning team or not")
    .argument("<id>", "incident id")
    .option("--json", "print the participants as a JSON array (use --summary for the incident-level figures)")
    .option("--summary", "with --json: print {participants, summary} instead of the bare array")
    .action(async (idText: string, options: { json?: boolean; summary?: boolean }, command: Command) => {
      const id = incidentId(idText);
      const breakdown = await withStore(command, async (store) => {
        const result = await incidentPeople(store.db, id);
        if (!result) throw new InputError(`no incident ${id}`);
        return result;
      });
      const participants = breakdown.participants.map(presentParticipant);
      if (options.json) return printJson(options.summary ? { participants, summary: presentBreakdownSummary(breakdown) } : participants);
      const summary = presentBreakdownSummary(breakdown);
      const secs = (m: { afterStartSeconds: number | null } | null) => (m?.afterStartSeconds === null || m === null ? "—" : `${Math.round(m.afterStartSeconds / 60)} min`);
      process.stdout.write(
        `${summary.people} people; first page ${secs(summary.firstPage)}, first ack ${secs(summary.firstAcknowledgement)}, resolved ${secs(summary.resolution)} after the start; ` +
          `${summary.neitherOnCallNorOwningTeam.count} neither on call nor on an owning team.\n\n`,
      );
      for (const p of participants) {
        const flags = [
          p.onCall ? "on call" : p.unknown.onCall === "no_pagerduty_data" ? "no on-call data" : null,
          p.onOwningTeam ? "owning team" : p.unknown.ownership === "no_catalog" ? "no catalog" : p.unknown.ownership === "no_services" ? "no service linked" : null,
          p.flags.includes("outside_rota_and_team") ? "NOT on call, NOT owning team" : null,
          p.formerOwner ? `former ${p.formerOwner.team} (${p.formerOwner.yearsSince} y ago)` : null,
          p.flags.includes("off_hours") ? "off hours" : null,
          p.flags.includes("busy_week") ? `paged ${p.pagesPrior7d}× in the prior week` : null,
        ].filter(Boolean);
        const by = p.involvedBy ? ` by ${p.involvedBy.name}` : "";
        process.stdout.write(
          `${(p.firstActivityAt ?? "").slice(11, 16)}  ${p.person.name.padEnd(24)} ${`${p.involvement}${by}`.padEnd(30)} ${String(p.teamAtTime ?? (p.unknown.team === "no_directory_entry" ? "no directory" : "—")).padEnd(14)} ${(p.localTime ?? "").slice(11, 16)} local  ${String(p.messages).padStart(4)} msgs  ${flags.join(", ")}\n`,
        );
      }
    });

  group
    .command("link")
    .description("link a PagerDuty incident to an incident")
    .argument("<id>", "incident id")
    .requiredOption("--pagerduty <id>", "the PagerDuty incident id (PT4KHLK) or number (1234)")
    .action(async (idText: string, options: { pagerduty: string }, command: Command) => {
      const id = incidentId(idText);
      const added = await withStore(command, (store) => linkIncidentToPagerduty(store, { incidentId: id, pagerdutyId: options.pagerduty, actor: cliActor() }));
      process.stdout.write(added ? `Linked PagerDuty ${options.pagerduty} to incident ${id}.\n` : `PagerDuty ${options.pagerduty} was already linked to incident ${id}.\n`);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
