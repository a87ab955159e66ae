import type { Command } from "commander";
import { InputError } from "../core/errors.js";
import { importTranscript, type TranscriptImportSummary } from "../commands/import-transcript.js";
import { cliActor, printJson, withStore } from "./context.js";

/** Adds `transcript <file> --incident <id>` to the `debrief import` command group. */
export function registerTranscriptImport(importGroup: Command): void {
  importGroup
    .command("transcript")
    .description("import a meeting transcript (WebVTT from Zoom, Teams or any captioning tool) into an incident")
    .argument("<file>", "the .vtt file")
    .requiredOption("--incident <id>", "the incident the meeting belongs to")
    .option("--started-at <iso>", "when the recording started, with a time zone (default: from a Zoom file name's GMT stamp, else unknown)")
    .option("--name <name>", "what to call the transcript (default: the file name)")
    .option("--json", "print one JSON summary object on stdout")
    .action(async (path: string, options: { incident: string; startedAt?: string; name?: string; json?: boolean }, command: Command) => {
      const incidentId = Number(options.incident);
      if (!/^\d+$/.test(options.incident) || !Number.isSafeInteger(incidentId) || incidentId <= 0) {
        throw new InputError(`--incident must be a positive integer, got ${JSON.stringify(options.incident)}`);
      }
      const summary = await withStore(command, (store) =>
        importTranscript(store, { path, incidentId, actor: cliActor(), startedAt: options.startedAt, name: options.name }),
      );
      if (options.json) {
        printJson(summary);
        return;
      }
      process.stdout.write(describeTranscriptImport(summary, incidentId));
    });
}

/** The human summary: what was stored, who was matched, and which speakers still need a person. */
export function describeTranscriptImport(summary: TranscriptImportSummary, incidentId: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines: string[] = [];
  lines.push(
    summary.added
      ? `Imported ${JSON.stringify(summary.name)} (${summary.format}) into incident ${incidentId} as transcript ${summary.transcriptId}: ` +
          `${plural(summary.cues, "cue")}, ${plural(summary.speakers.length, "speaker")}, ${plural(summary.unknownSpeakerCues, "cue")} without a speaker.`
      : `Already imported into incident ${incidentId} as transcript ${summary.transcriptId} (${JSON.stringify(summary.name)}): nothing added.`,
  );
  lines.push(`Recording start: ${summary.startedAt ?? "unknown (cues keep their offsets; give --started-at to place them in time)"}`);
  for (const speaker of summary.speakers) {
    const who = speaker.personId === null ? "no person" : `person ${speaker.personId}`;
    lines.push(`  ${speaker.name}: ${plural(speaker.cues, "cue")} → ${who} (${speaker.reason})`);
  }
  lines.push(summary.unmatchedSpeakers.length === 0 ? "Unmatched speakers: none." : `Unmatched speakers: ${summary.unmatchedSpeakers.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
