import type { Command } from "commander";
import { loadDemo } from "../commands/load-demo.js";
import { InputError } from "../core/errors.js";
import { listIncidents } from "../commands/incident-views.js";
import { cliActor, printJson, withStore } from "./context.js";
import { createProgress } from "./progress.js";

/** `debrief demo`: a fictional company's data, generated and imported. */
export function registerDemoCommands(program: Command): void {
  const group = program.command("demo").description("generate the demo company and load it");

  group
    .command("generate")
    .description("write the demo company's Slack export and people CSVs, without importing")
    .option("--out <dir>", "output folder", "demo")
    .option("--seed <n>", "random seed (same seed, same data)", "42")
    .option("--messages <n>", "number of Slack messages", "20000")
    .option("--json", "print a JSON summary")
    .action(async (options: DemoFlags) => {
      const result = await generate(options);
      if (options.json) return printJson(result);
      process.stdout.write(`Wrote ${result.exportPath} (${result.messages} messages, ${result.users} users, ${result.conversations} conversations)\n`);
    });

  group
    .command("load", { isDefault: true })
    .description("generate the demo company and import it (people, catalog, Slack, PagerDuty) into the store")
    .option("--out <dir>", "output folder", "demo")
    .option("--seed <n>", "random seed (same seed, same data)", "42")
    .option("--messages <n>", "number of Slack messages", "20000")
    .option("--json", "print a JSON summary")
    .action(async (options: DemoFlags, command: Command) => {
      const result = await generate(options);
      const progress = createProgress("import", !options.json && process.stderr.isTTY === true);
      const { summary, incidents } = await withStore(command, async (store) => {
        const summary = await loadDemo(store, result, cliActor(), (step, done, total) => progress.update(done, total, step));
        return { summary, incidents: await listIncidents(store) };
      }).finally(() => progress.stop());
      if (options.json) return printJson({ generated: result, imported: summary, incidents: incidents.length });
      const first = incidents[0]?.incident.id ?? 1;
      process.stdout.write(
        `Demo loaded: ${summary.people.people} people, ${summary.catalog.components} services, ` +
          `${summary.slack.messages} Slack messages (${summary.slack.added} new), ${summary.pagerduty.incidents} PagerDuty incidents; ${incidents.length} incidents.\n` +
          `Try: npx debrief incidents timeline ${first}   |   npx debrief incidents people ${first}   |   npx debrief people unmatched\n`,
      );
    });
}

interface DemoFlags {
  out: string;
  seed: string;
  messages: string;
  json?: boolean;
}

async function generate(options: DemoFlags) {
  const seed = Number(options.seed);
  const messages = Number(options.messages);
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got ${JSON.stringify(options.seed)}`);
  if (!Number.isInteger(messages) || messages < 100) throw new InputError(`--messages must be an integer of at least 100, got ${JSON.stringify(options.messages)}`);
  // Loaded on demand: the generator is only needed here, not at every CLI start.
  const { generateDemo } = await import("../demo/index.js");
  const progress = createProgress("generate", !options.json && process.stderr.isTTY === true);
  try {
    return generateDemo({ seed, messages, outDir: options.out, onProgress: (done: number, total: number) => progress.update(done, total, "messages") });
  } finally {
    progress.stop();
  }
}
