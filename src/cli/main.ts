import { Command, CommanderError } from "commander";
import { InputError } from "../core/errors.js";
import { ImportError } from "../core/errors.js";
import { registerBackupCommands } from "./backup.js";
import { registerDbCommands } from "./db.js";
import { registerDemoCommands } from "./demo.js";
import { registerFollowUpCommands } from "./follow-ups.js";
import { registerImportCommands } from "./import.js";
import { registerPostmortemImport } from "./import-postmortems.js";
import { registerIncidentCommands } from "./incidents.js";
import { registerInterviewCommands } from "./interviews.js";
import { registerInsightCommands } from "./insights.js";
import { registerPagerdutySync } from "./pagerduty.js";
import { registerPeopleCommands } from "./people.js";
import { registerReviewExportCommand } from "./review-export.js";
import { registerReviewLintCommand } from "./review-lint.js";
import { registerReviewCommands } from "./review.js";
import { registerSearchCommand } from "./search.js";
import { registerServeCommand } from "./serve.js";
import { registerSlackSync } from "./slack.js";
import { registerUserCommands } from "./users.js";

/**
 * Runs the `debrief` command line; resolves to the exit code. Input problems print one
 * line on stderr and exit 1; anything unexpected prints its stack too.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name("debrief")
    .description("Incident analysis: import what happened, study it, learn from it.")
    .option("--db <url>", "store: a SQLite file path or postgres://… (default: $DATABASE_URL or ./debrief.db)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerImportCommands(program);
  registerPagerdutySync(program);
  registerSlackSync(program);
  registerIncidentCommands(program);
  registerInterviewCommands(program);
  registerPeopleCommands(program);
  registerReviewCommands(program);
  registerInsightCommands(program);
  registerSearchCommand(program);
  registerDbCommands(program);
  registerDemoCommands(program);
  registerServeCommand(program);
  registerUserCommands(program);
  registerReviewLintCommand(program);
  registerReviewExportCommand(program);
  registerPostmortemImport(program);
  registerFollowUpCommands(program);
  registerBackupCommands(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ImportError || error instanceof InputError) {
      process.stderr.write(`debrief: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`debrief: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
