import type { Command } from "commander";
import { backupStore, copyStore, type DumpProgress, type DumpSummary, exportStore, restoreStore } from "../commands/backup.js";
import { openStore } from "../db/connection.js";
import { printJson, withStore } from "./context.js";
import { createProgress } from "./progress.js";

/** `debrief backup`, `debrief restore`, `debrief export`: the whole store to a file and back. */
export function registerBackupCommands(program: Command): void {
  program
    .command("backup")
    .description("write the whole store to one file, online and consistent (also while the server runs)")
    .requiredOption("--out <file>", "the backup file to write (gzip-compressed JSON lines)")
    .option("--json", "print the summary as JSON")
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const summary = await withProgress("backup", (progress) => backupStore(store, options.out, progress));
        report(summary, options.json, `${store.description}: backed up to ${options.out}`);
      });
    });
  program
    .command("restore <file>")
    .description("load a backup into an empty store, all or nothing")
    .option("--json", "print the summary as JSON")
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const summary = await withProgress("restore", (progress) => restoreStore(store, file, progress));
        report(summary, options.json, `${store.description}: restored from ${file}`);
      });
    });
  program
    .command("export")
    .description("write everything as documented JSON: manifest.json and one <table>.ndjson per table")
    .requiredOption("--out <dir>", "the folder to write (replaced when complete)")
    .option("--json", "print the summary as JSON")
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const summary = await withProgress("export", (progress) => exportStore(store, options.out, progress));
        report(summary, options.json, `${store.description}: exported to ${options.out}`);
      });
    });
}

/** `debrief db copy --to URL`: moves the store named by --db into another, empty store. */
export function registerDbCopyCommand(group: Command): void {
  group
    .command("copy")
    .description("copy the whole store into another, empty one (e.g. SQLite to PostgreSQL)")
    .requiredOption("--to <url>", "the target store: postgres://… or a SQLite file path")
    .option("--json", "print the summary as JSON")
    .action(async (options: { to: string; json?: boolean }, command: Command) => {
      await withStore(command, async (source) => {
        const target = await openStore({ url: options.to });
        try {
          const summary = await withProgress("copy", (progress) => copyStore(source, target, progress));
          report(summary, options.json, `${source.description}: copied to ${target.description}`);
        } finally {
          await target.close();
        }
      });
    });
}

async function withProgress(label: string, work: (progress: DumpProgress) => Promise<DumpSummary>): Promise<DumpSummary> {
  const bar = createProgress(label);
  try {
    return await work((done, total, table) => bar.update(done, Math.max(total, done), table));
  } finally {
    bar.stop();
  }
}

function report(summary: DumpSummary, json: boolean | undefined, headline: string): void {
  if (json) {
    printJson(summary);
    return;
  }
  const nonEmpty = summary.tables.filter((t) => t.rows > 0);
  process.stdout.write(`${headline}: ${summary.rows} rows in ${summary.tables.length} tables\n`);
  for (const table of nonEmpty) process.stdout.write(`  ${table.name.padEnd(28)} ${table.rows}\n`);
}
