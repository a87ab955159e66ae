import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { interviewSuggestions, sweepExpiredTranscripts } from "../commands/interviews.js";
import { presentSuggestion } from "../server/presenters/interviews.js";
import { printJson, withStore } from "./context.js";

/** `debrief interviews …`: whom to talk to, and the transcript retention sweep. */
export function registerInterviewCommands(program: Command): void {
  const group = program.command("interviews").description("the interview step: whom to talk to and why");
  group
    .command("suggest")
    .description("suggested interviewees of an incident, with the reasons and the evidence ids behind each")
    .argument("<incident>", "incident id")
    .option("--json", "print the suggestions as JSON")
    .action(async (incident: string, options: { json?: boolean }, command: Command) => {
      const id = Number(incident);
      if (!Number.isInteger(id) || id <= 0) throw new InputError(`incident: expected an incident id, got ${JSON.stringify(incident)}`);
      const suggestions = await withStore(command, (store) => interviewSuggestions(store.db, id));
      if (!suggestions) throw new InputError(`incident ${id} not found`);
      if (options.json) return printJson(suggestions.map(presentSuggestion));
      const out: string[] = [];
      if (suggestions.length === 0) out.push("No one to suggest yet: import the incident's chat and paging data first.");
      for (const [i, s] of suggestions.entries()) {
        out.push(`${i + 1}. ${s.person.name} (person ${s.person.id})${s.interviewIds.length ? `  interview ${s.interviewIds.join(", ")} planned` : ""}`);
        for (const r of s.reasons) out.push(`   - ${r.text}  [${r.evidence.map((e) => (e.kind === "event" ? e.id : `${e.kind}:${e.id}`)).join(" ")}]`);
      }
      process.stdout.write(`${out.join("\n")}\n`);
    });
  group
    .command("sweep")
    .description("delete interview transcripts past their retention date (also done at every read)")
    .option("--json", "print the interviews whose transcript was deleted as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const ids = await withStore(command, (store) => sweepExpiredTranscripts(store));
      if (options.json) return printJson({ deleted: ids });
      process.stdout.write(`${ids.length === 0 ? "No transcript past its retention date." : `Deleted the transcripts of interviews ${ids.join(", ")}.`}\n`);
    });
}
