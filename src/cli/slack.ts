import type { Command } from "commander";
import { syncSlack } from "../commands/sync-slack.js";
import { DEFAULT_SLACK_API_URL } from "../importers/slack/web-api-client.js";
import { cliActor, printJson, withStore } from "./context.js";
import { incidentPattern } from "./import.js";
import { createProgress } from "./progress.js";

/** `debrief sync slack --channel …`: channels from the Slack Web API with a bot token. */
export function registerSlackSync(program: Command): void {
  // Other sources add their own `sync` subcommands: share the group.
  const group = program.commands.find((c) => c.name() === "sync") ?? program.command("sync").description("fetch data from other tools' live APIs");
  group
    .command("slack")
    .description("fetch channels' messages and threads from the Slack Web API (resumable; a repeated sync adds only what is new or edited)")
    .requiredOption("--channel <name|id...>", "channel names (#incident-db) or ids (C…, G…); private channels need the bot invited")
    .option("--since <iso>", "start of the window (default: the channel's creation, or where the last sync stopped)")
    .option("--until <iso>", "end of the window (default: now)")
    .option("--api-url <url>", `Web API base URL (default: $SLACK_API_URL or ${DEFAULT_SLACK_API_URL})`)
    .option("--incident-pattern <regex>", "channels whose name matches become incidents (default: $DEBRIEF_INCIDENT_PATTERN or ^(inc|incident)[-_])")
    .option("--json", "print one JSON summary object on stdout")
    .addHelpText("after", "\nThe bot token is read from SLACK_BOT_TOKEN. Scopes: channels:history, groups:history, channels:read, groups:read, users:read, users:read.email.")
    .action(async (options: { channel: string[]; since?: string; until?: string; apiUrl?: string; incidentPattern?: string; json?: boolean }, command: Command) => {
      const progress = createProgress("slack", !options.json && process.stderr.isTTY === true);
      const pattern = incidentPattern(options.incidentPattern ?? process.env.DEBRIEF_INCIDENT_PATTERN);
      const summary = await withStore(command, (store) =>
        syncSlack(store, {
          channels: options.channel,
          since: options.since,
          until: options.until,
          token: process.env.SLACK_BOT_TOKEN,
          apiUrl: options.apiUrl ?? (process.env.SLACK_API_URL || undefined),
          actor: cliActor(),
          incidentChannelPattern: pattern,
          onProgress: ({ channel, slice, slices, messages }) => progress.update(slice, slices, `${channel}: ${messages} messages`),
        }),
      ).finally(() => progress.stop());
      if (options.json) {
        printJson(summary);
        return;
      }
      for (const c of summary.channels) process.stdout.write(`#${c.name}: ${c.fetched} fetched, ${c.added} added, ${c.updated} updated (${c.from} .. ${c.to})\n`);
      process.stdout.write(`Synced Slack: ${summary.added} added, ${summary.updated} updated, ${summary.incidents} incidents created\n`);
    });
}
