import type { Command } from "commander";
import { importPostmortems } from "../commands/import-postmortems.js";
import { cliActor, printJson, withStore } from "./context.js";

/** `debrief import postmortems`: past write-ups become incidents with a published review. */
export function registerPostmortemImport(program: Command): void {
  const group = program.commands.find((command) => command.name() === "import") ?? program.command("import").description("import data from other tools");
  group
    .command("postmortems")
    .description("import Markdown write-ups (optional YAML front matter: title, date, severity, services, authors) as incidents with a published review")
    .argument("<paths...>", "Markdown files, or folders of them")
    .option("--json", "print {files, imported, skipped, incidents:[{id, title, file, status, services, unknownServices}]}")
    .action(async (paths: string[], options: { json?: boolean }, command: Command) => {
      const summary = await withStore(command, (store) => importPostmortems(store, paths, cliActor()));
      if (options.json) return printJson(summary);
      const out = summary.incidents.map((i) => `${i.status === "imported" ? "imported" : "skipped "} incident ${i.id}: ${i.title} (${i.file})${i.unknownServices.length ? ` — services not in the catalog: ${i.unknownServices.join(", ")}` : ""}`);
      out.push(`${summary.files} file${summary.files === 1 ? "" : "s"}: ${summary.imported} imported, ${summary.skipped} already there`);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
