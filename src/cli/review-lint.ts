import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { lintReviewText } from "../commands/lint-review.js";
import { printJson } from "./context.js";

/** The `review` command group, made here or found when another module made it first. */
export function reviewGroup(program: Command): Command {
  return program.commands.find((command) => command.name() === "review") ?? program.command("review").description("the incident review: draft, lint, publish, export");
}

/** Reads all of stdin as UTF-8. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** `debrief review lint <file|->`: blame-aware wording hints for a Markdown or text file. */
export function registerReviewLintCommand(program: Command): void {
  reviewGroup(program)
    .command("lint")
    .description("blame-aware wording hints for a Markdown or text file (- reads stdin); exits 0 with or without hints")
    .argument("<file>", "the file to check, or - for stdin")
    .option("--json", "print {hints:[{line,column,start,end,category,message,suggestion}]}")
    .action(async (file: string, options: { json?: boolean }) => {
      let text: string;
      try {
        text = file === "-" ? await readStdin() : await readFile(file, "utf8");
      } catch (error) {
        throw new InputError(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
      }
      const result = lintReviewText(text);
      if (options.json) return printJson(result);
      const name = file === "-" ? "<stdin>" : file;
      const out = result.hints.map(
        (hint) => `${name}:${hint.line}:${hint.column}: ${hint.category}: "${text.slice(hint.start, hint.end)}" — ${hint.message}\n    try: ${hint.suggestion}`,
      );
      out.push(result.hints.length === 0 ? `${name}: no hints` : `${name}: ${result.hints.length} hint${result.hints.length === 1 ? "" : "s"}`);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
