import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { FULL_VISIBILITY, SEARCH_LIMIT, searchIncidents } from "../commands/search.js";
import { SearchSyntaxError } from "../core/search.js";
import { printJson, withStore } from "./context.js";

/** `debrief search <query>`: full-text search across incidents. */
export function registerSearchCommand(program: Command): void {
  program
    .command("search")
    .description('search messages, transcripts and annotations: words, "phrases", prefix*, -exclusions')
    .argument("<query...>", "what to look for (an exclusion like -staging may be typed as is)")
    // `-staging` is an exclusion in the query, not an option.
    .allowUnknownOption(true)
    .option("--json", "print the result as JSON")
    .option("--limit <n>", `at most this many hits (default ${SEARCH_LIMIT.default}, at most ${SEARCH_LIMIT.max})`)
    .action(async (words: string[], options: { json?: boolean; limit?: string }, command: Command) => {
      const limit = options.limit === undefined ? undefined : Number(options.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMIT.max)) throw new InputError(`--limit must be an integer from 1 to ${SEARCH_LIMIT.max}, got ${JSON.stringify(options.limit)}`);
      const query = words.join(" ");
      const result = await withStore(command, async (store) => {
        try {
          return await searchIncidents(store, { query, visibility: FULL_VISIBILITY, ...(limit === undefined ? {} : { limit }) });
        } catch (error) {
          if (error instanceof SearchSyntaxError) throw new InputError(error.message);
          throw error;
        }
      });
      if (options.json) return printJson(result);
      if (result.groups.length === 0) {
        process.stdout.write(`Nothing found for ${JSON.stringify(query)}.\n`);
        return;
      }
      for (const group of result.groups) {
        process.stdout.write(`#${group.incident.id}  ${group.incident.title}${group.incident.channel ? `  [#${group.incident.channel}]` : ""}\n`);
        for (const hit of group.hits) {
          const snippet = hit.snippet.map((p) => (p.hit ? `[${p.text}]` : p.text)).join("").replace(/\s+/g, " ");
          process.stdout.write(`    ${hit.at.slice(0, 16).replace("T", " ")}  ${hit.source.padEnd(10)} ${(hit.author.name ?? "").padEnd(18)} ${snippet}   (${hit.event})\n`);
        }
      }
    });
}
