import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { vi } from "vitest";

/** A fresh SQLite file for a CLI test. */
export function tempDb(prefix = "debrief-cli-"): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), "cli.db");
}

/**
 * Runs one `debrief import …` subcommand in-process, as the CLI wires it (`register`
 * adds it to the `import` group), with `args` after `import`, and returns what it
 * printed on stdout and stderr.
 */
export async function runImportCli(register: (importGroup: Command) => void, db: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command().option("--db <url>").exitOverride();
  register(program.command("import"));
  const out: string[] = [];
  const err: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture(out));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture(err));
  try {
    await program.parseAsync(["--db", db, "import", ...args], { from: "user" });
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  return { stdout: out.join(""), stderr: err.join("") };
}
