import type { Command } from "commander";
import { defaultIncidentChannelPattern, importSlackExport } from "../commands/import-slack-export.js";
import { InputError } from "../commands/create-incident.js";
import { cliActor, printJson, withStore } from "./context.js";
import { createProgress } from "./progress.js";
import { registerCatalogImport, registerPeopleImport } from "./directory.js";
import { registerPagerdutyImport } from "./pagerduty.js";
import { registerTranscriptImport } from "./transcript.js";

/** `debrief import …`: bring data from other tools into the store. */
export function registerImportCommands(program: Command): void {
  const group = program.command("import").description("import data from other tools");
  group
    .command("slack")
    .description("import a Slack workspace export (.zip or unpacked folder)")
    .argument("<export>", "the export .zip, or the folder it unpacks to")
    .option("--json", "print one JSON summary object on stdout")
    .option(
      "--incident-pattern <regex>",
      "channels whose name matches become incidents (default: $DEBRIEF_INCIDENT_PATTERN or ^(inc|incident)[-_])",
    )
    .action(async (path: string, options: { json?: boolean; incidentPattern?: string }, command: Command) => {
      const pattern = incidentPattern(options.incidentPattern ?? process.env.DEBRIEF_INCIDENT_PATTERN);
      const progress = createProgress("slack", !options.json && process.stderr.isTTY === true);
      const summary = await withStore(command, (store) =>
        importSlackExport(store, {
          path,
          actor: cliActor(),
          incidentChannelPattern: pattern,
          onProgress: ({ done, total, messages }) => progress.update(done, total, `${messages} messages`),
        }),
      ).finally(() => progress.stop());
      const { importId: _id, ...counts } = summary;
      if (options.json) {
        printJson(counts);
        return;
      }
      process.stdout.write(
        `Imported ${path}: ${counts.users} users, ${counts.conversations} conversations, ${counts.messages} messages read ` +
          `(${counts.added} added, ${counts.skipped} already stored, ${counts.updated} updated), ${counts.incidents} new incidents.\n`,
      );
    });
  registerPagerdutyImport(group);
  registerPeopleImport(group);
  registerCatalogImport(group);
  registerTranscriptImport(group);
}

/** The incident channel pattern from `--incident-pattern` or the environment; a bad one is an input error. */
export function incidentPattern(text: string | undefined): RegExp {
  if (text === undefined || text === "") return defaultIncidentChannelPattern;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new InputError(`--incident-pattern is not a valid regular expression: ${(error as Error).message}`);
  }
}
