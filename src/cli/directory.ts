import type { Command } from "commander";
import { importCatalog } from "../commands/import-catalog.js";
import { importPeople } from "../commands/import-people.js";
import { cliActor, printJson, withStore } from "./context.js";

/** `debrief import people <people.csv|users.json> [--teams team_history.csv] [--json]`. */
export function registerPeopleImport(importGroup: Command): void {
  importGroup
    .command("people")
    .description("import the HR directory: people.csv (with --teams team_history.csv) or SCIM 2.0 Users JSON")
    .argument("<people>", "people.csv, or a SCIM Users JSON file (ListResponse or array of Users)")
    .option("--teams <team_history.csv>", "team memberships over time: email,team,from,to")
    .option("--json", "print one JSON summary object on stdout")
    .action(async (path: string, options: { teams?: string; json?: boolean }, command: Command) => {
      const summary = await withStore(command, (store) => importPeople(store, { path, teamsPath: options.teams, actor: cliActor() }));
      const { importId: _id, ...counts } = summary;
      if (options.json) {
        printJson(counts);
        return;
      }
      process.stdout.write(
        `Imported ${path}: ${counts.people} people (${counts.created} created, ${counts.updated} updated, ${counts.merged} merged), ` +
          `${counts.identities} identities linked, ${counts.teams} teams created, ${counts.memberships} memberships changed.\n`,
      );
    });
}

/** `debrief import catalog <catalog-info.yaml…> [--json]`. */
export function registerCatalogImport(importGroup: Command): void {
  importGroup
    .command("catalog")
    .description("import Backstage catalog files: Components and Systems as services, Groups as teams")
    .argument("<files...>", "catalog-info.yaml files (several documents each are fine)")
    .option("--json", "print one JSON summary object on stdout")
    .action(async (paths: string[], options: { json?: boolean }, command: Command) => {
      const summary = await withStore(command, (store) => importCatalog(store, { paths, actor: cliActor() }));
      for (const warning of summary.warnings) process.stderr.write(`debrief: warning: ${warning}\n`);
      const { components, systems, groups, ownersChanged, ignored } = summary;
      if (options.json) {
        printJson({ components, systems, groups, ownersChanged, ignored });
        return;
      }
      const unmatched = summary.pagerduty.unmatched.length;
      process.stdout.write(
        `Imported ${paths.length} catalog file${paths.length === 1 ? "" : "s"}: ${components} components, ${systems} systems, ${groups} groups ` +
          `(${ignored} other entities ignored), ${ownersChanged} owners set or changed; ` +
          `${summary.pagerduty.matched} PagerDuty services matched${unmatched > 0 ? `, ${unmatched} unmatched` : ""}.\n`,
      );
    });
}
