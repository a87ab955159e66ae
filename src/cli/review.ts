import type { Command } from "commander";
import { InputError } from "../commands/create-incident.js";
import { generateReviewSections } from "../commands/review-draft.js";
import { draftReview, publishLatest, reviewIncident } from "../commands/review.js";
import type { ReviewDraftOutputBody } from "../core/review.js";
import { cliActor, printJson, withStore } from "./context.js";

/**
 * The `debrief review` group, shared by every file that adds review subcommands
 * (found if another file created it first, so registration order does not matter).
 */
export function reviewCommandGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === "review") ?? program.command("review").description("write, publish and export incident reviews");
}

function incidentId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`incident id must be a positive integer, got ${JSON.stringify(text)}`);
  return id;
}

/** `debrief review draft|publish`: the review of an incident from the command line. */
export function registerReviewCommands(program: Command): void {
  const group = reviewCommandGroup(program);

  group
    .command("draft")
    .description("create the incident's review draft, or refresh its generated sections, and print it")
    .argument("<incident>", "incident id")
    .option("--template <id>", "template for a new review (default: the default template)")
    .option("--json", "print {reviewId, version, status, sections: [{key, title, markdown}]}")
    .action(async (idText: string, options: { template?: string; json?: boolean }, command: Command) => {
      const id = incidentId(idText);
      const state = await withStore(command, async (store) => {
        if (!(await reviewIncident(store.db, id))) throw new InputError(`no incident ${id}`);
        return draftReview(store, { incidentId: id, templateId: options.template, generate: generateReviewSections, userId: null, actor: cliActor() });
      });
      const output: ReviewDraftOutputBody = {
        reviewId: state.review.id,
        version: state.version.number,
        status: state.version.status as ReviewDraftOutputBody["status"],
        sections: state.sections.map((s) => ({ key: s.key, title: s.title, markdown: s.markdown })),
      };
      if (options.json) return printJson(output);
      process.stdout.write(`Review ${output.reviewId} of incident ${id}, version ${output.version} (${output.status})\n`);
      for (const section of output.sections) process.stdout.write(`\n## ${section.title}\n\n${section.markdown || "_(empty)_"}\n`);
    });

  group
    .command("publish")
    .description("publish the latest version of the incident's review (it is frozen from then on); prints its number")
    .argument("<incident>", "incident id")
    .action(async (idText: string, _options: unknown, command: Command) => {
      const id = incidentId(idText);
      const number = await withStore(command, async (store) => {
        if (!(await reviewIncident(store.db, id))) throw new InputError(`no incident ${id}`);
        return publishLatest(store, { incidentId: id, userId: null, actor: cliActor() });
      });
      process.stdout.write(`${number}\n`);
    });
}
