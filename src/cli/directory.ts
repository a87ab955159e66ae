import type { Command } from "commander";
import { importCatalog } from "../commands/import-catalog.js";
import { importPeople } from "../commands/import-people.js";
import { InputError } from "../commands/create-incident.js";
import { DEFAULT_CATALOG_GLOB } from "../importers/catalog/git-history.js";
import { isoDateMs } from "../importers/people/directory-fields.js";
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

/** `debrief import catalog <catalog-info.yaml…> [--as-of DATE] [--json]`, or `--git REPO [--path GLOB]`. */
export function registerCatalogImport(importGroup: Command): void {
  importGroup
    .command("catalog")
    .description("import Backstage catalog files: Components and Systems as services, Groups as teams, owners over time")
    .argument("[files...]", "catalog-info.yaml files (several documents each are fine)")
    .option("--as-of <date>", "when the files said this (YYYY-MM-DD or an ISO 8601 time); default: now")
    .option("--git <repo>", "read the catalog files of every commit of this git repository, oldest first")
    .option("--path <glob>", `which files of the repository are catalog files (with --git; default ${DEFAULT_CATALOG_GLOB})`)
    .option("--json", "print one JSON summary object on stdout")
    .action(async (paths: string[], options: { asOf?: string; git?: string; path?: string; json?: boolean }, command: Command) => {
      if (options.path !== undefined && options.git === undefined) throw new InputError("--path needs --git");
      const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
      const git = options.git === undefined ? undefined : { repo: options.git, ...(options.path ? { pathGlob: options.path } : {}) };
      const summary = await withStore(command, (store) => importCatalog(store, { paths, asOf, git, actor: cliActor() }));
      for (const warning of summary.warnings) process.stderr.write(`debrief: warning: ${warning}\n`);
      const { components, systems, groups, ownersChanged, ignored, snapshots } = summary;
      if (options.json) {
        printJson({ components, systems, groups, ownersChanged, ignored, ...(git ? { snapshots } : {}) });
        return;
      }
      const unmatched = summary.pagerduty.unmatched.length;
      const what = git ? `${snapshots} commit${snapshots === 1 ? "" : "s"} of ${git.repo}` : `${paths.length} catalog file${paths.length === 1 ? "" : "s"}`;
      process.stdout.write(
        `Imported ${what}: ${components} components, ${systems} systems, ${groups} groups ` +
          `(${ignored} other entities ignored), ${ownersChanged} owners set or changed; ` +
          `${summary.pagerduty.matched} PagerDuty services matched${unmatched > 0 ? `, ${unmatched} unmatched` : ""}.\n`,
      );
    });
}

/** `--as-of`: a date (00:00 UTC) or an ISO 8601 time with its offset. */
export function parseAsOf(text: string): number {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const ms = isoDateMs(trimmed);
    if (ms !== null) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
  }
  throw new InputError(`--as-of ${JSON.stringify(text)} is not a date (YYYY-MM-DD) or an ISO 8601 time with an offset`);
}
