import type { Command } from "commander";
import { identityReport } from "../commands/identity-report.js";
import { printJson, withStore } from "./context.js";

/** `debrief people …`: the people Debrief knows and what it could not match. */
export function registerPeopleCommands(program: Command): void {
  const group = program.command("people").description("people across Slack, PagerDuty, the HR directory and transcripts");
  group
    .command("unmatched")
    .description("accounts and speakers identity resolution could not settle")
    .option("--json", "print the report as JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const report = await withStore(command, (store) => identityReport(store.db));
      if (options.json) return printJson(report);
      const out: string[] = [];
      out.push(`Accounts that matched no one (a new person was made) or several people: ${report.unmatchedAccounts.length}`);
      for (const a of report.unmatchedAccounts) out.push(`  ${a.source.padEnd(10)} ${a.externalId.padEnd(14)} ${(a.name ?? "").padEnd(28)} ${a.email ?? "(no e-mail)"}  ${a.reason}`);
      out.push(`PagerDuty users with no Slack account: ${report.singleSource.length}`);
      for (const p of report.singleSource) out.push(`  ${p.name}`);
      out.push(`Transcript speakers matched to no one: ${report.unmatchedSpeakers.length}`);
      for (const s of report.unmatchedSpeakers) out.push(`  ${s.name} (${s.cues} cues in ${s.transcripts} transcripts)`);
      out.push("Import the HR directory (debrief import people) to settle them: it names each person's accounts explicitly.");
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
