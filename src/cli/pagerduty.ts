import type { Command } from "commander";
import { importPagerduty, type PagerdutyImportSummary, presentPagerdutySummary } from "../commands/import-pagerduty.js";
import { syncPagerduty } from "../commands/sync-pagerduty.js";
import { DEFAULT_PAGERDUTY_API_URL } from "../importers/pagerduty/api-client.js";
import { cliActor, printJson, withStore } from "./context.js";
import { createProgress } from "./progress.js";

/** `debrief import pagerduty <folder>`: saved REST API v2 responses and webhook v3 payloads. */
export function registerPagerdutyImport(importGroup: Command): void {
  importGroup
    .command("pagerduty")
    .description("import a folder of saved PagerDuty REST API v2 responses and webhook v3 payloads")
    .argument("<folder>", "folder of *.json files (searched recursively)")
    .option("--json", "print one JSON summary object on stdout")
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const progress = createProgress("pagerduty", !options.json && process.stderr.isTTY === true);
      const summary = await withStore(command, (store) =>
        importPagerduty(store, {
          path,
          actor: cliActor(),
          onProgress: ({ done, total, added }) => progress.update(done, total, `${added} rows added`),
        }),
      ).finally(() => progress.stop());
      report(`Imported ${path}`, summary, options.json === true);
    });
}

/** `debrief sync pagerduty --since ISO [--until ISO]`: the same data, from the live API. */
export function registerPagerdutySync(program: Command): void {
  // Other sources may add their own `sync` subcommands: share the group.
  const group = program.commands.find((c) => c.name() === "sync") ?? program.command("sync").description("fetch data from other tools' live APIs");
  group
    .command("pagerduty")
    .description("fetch users, services, schedules, on-call shifts, incidents and log entries from the PagerDuty REST API")
    .requiredOption("--since <iso>", "start of the window: an ISO 8601 date or date-time with a zone")
    .option("--until <iso>", "end of the window (default: now)")
    .option("--api-url <url>", `API base URL (default: $PAGERDUTY_API_URL or ${DEFAULT_PAGERDUTY_API_URL})`)
    .option("--json", "print one JSON summary object on stdout")
    .addHelpText("after", "\nThe API key is read from PAGERDUTY_TOKEN (a read-only REST API key is enough).")
    .action(async (options: { since: string; until?: string; apiUrl?: string; json?: boolean }, command: Command) => {
      const progress = createProgress("pagerduty", !options.json && process.stderr.isTTY === true);
      const summary = await withStore(command, (store) =>
        syncPagerduty(store, {
          since: options.since,
          until: options.until,
          token: process.env.PAGERDUTY_TOKEN,
          apiUrl: options.apiUrl ?? (process.env.PAGERDUTY_API_URL || undefined),
          actor: cliActor(),
          onFetchProgress: ({ done, total, detail }) => progress.update(done, total, `fetched ${detail}`),
          onStoreProgress: ({ done, total, added }) => progress.update(done, total, `stored, ${added} rows added`),
        }),
      ).finally(() => progress.stop());
      report("Synced PagerDuty", summary, options.json === true);
    });
}

function report(what: string, summary: PagerdutyImportSummary, json: boolean): void {
  if (json) {
    printJson(presentPagerdutySummary(summary));
    return;
  }
  const skippedFiles = summary.skippedFiles.length === 0 ? "" : ` Skipped ${summary.skippedFiles.length} files with no PagerDuty data: ${summary.skippedFiles.join(", ")}.`;
  process.stdout.write(
    `${what}: ${summary.files} files; ${summary.incidents} incidents, ${summary.logEntries} log entries, ${summary.oncalls} on-call shifts, ` +
      `${summary.users} users, ${summary.services} services, ${summary.escalationPolicies} escalation policies, ${summary.schedules} schedules read ` +
      `(${summary.added} added, ${summary.skipped} already stored); ${summary.linked} new links to incidents.${skippedFiles}\n`,
  );
}
