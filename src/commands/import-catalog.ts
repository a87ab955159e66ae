import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { ensureOwnerTeam, setServiceOwner, upsertCatalogTeam, upsertService } from "../db/repositories/catalog.js";
import { readCatalogFile, type CatalogEntity, type GroupEntity, type ServiceEntity } from "../importers/catalog/backstage-reader.js";
import { ImportError } from "../core/errors.js";
import { matchPagerdutyServices, type PagerdutyServiceMatches } from "./match-services.js";

/** Options for {@link importCatalog}. */
export interface CatalogImportOptions {
  /** Backstage catalog files (`catalog-info.yaml`), each with any number of documents. */
  paths: string[];
  /** Who runs the import, for the audit trail. */
  actor: string;
}

/** What a catalog import did. */
export interface CatalogImportSummary {
  /** Entities read, by kind. */
  components: number;
  systems: number;
  groups: number;
  /** Services whose owning team was set or changed by this import (0 on a repeat). */
  ownersChanged: number;
  /** Entities of kinds Debrief does not read. */
  ignored: number;
  /** Problems that did not stop the import, one line each (a service owned by a user). */
  warnings: string[];
  /** PagerDuty services matched to catalog services afterwards. */
  pagerduty: PagerdutyServiceMatches;
  importId: number;
}

/**
 * Imports Backstage entities in one transaction: Groups become teams, Components and
 * Systems services with their owning team over time (a new owner closes the previous
 * period), then PagerDuty services are matched to them. Every file is read and checked
 * before anything is written; importing the same files again changes nothing.
 */
export async function importCatalog(store: Store, options: CatalogImportOptions): Promise<CatalogImportSummary> {
  if (options.paths.length === 0) throw new ImportError("no catalog files given");
  const entities = options.paths.flatMap((path) => readCatalogFile(path));
  checkUnique(entities);
  const groups = entities.filter((e): e is GroupEntity => e.kind === "group");
  const services = entities.filter((e): e is ServiceEntity => e.kind === "component" || e.kind === "system");
  const now = Date.now();
  return store.db.transaction().execute(async (trx) => {
    await store.dialect.lockImports(trx);
    const sourceName = options.paths.join(", ");
    const job = await trx
      .insertInto("imports")
      .values({ kind: "catalog", sourceName, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const warnings: string[] = [];
    // Keyed ignoring case: Backstage compares entity references case-insensitively.
    const teamIds = new Map<string, number>();
    for (const group of groups) teamIds.set(group.name.toLowerCase(), (await upsertCatalogTeam(trx, group, now)).id);
    let ownersChanged = 0;
    for (const service of services) {
      const { id } = await upsertService(
        trx,
        {
          name: service.name,
          kind: service.kind,
          systemName: service.systemName,
          description: service.description,
          lifecycle: service.lifecycle,
          catalogRef: service.catalogRef,
          pagerdutyServiceId: service.pagerdutyServiceId,
        },
        now,
      );
      const owner = service.owner;
      if (owner.kind !== "group") {
        // Debrief records ownership by teams; a person owning a service says nothing about a team.
        warnings.push(`${service.place}: owner ${owner.kind}:${owner.namespace}/${owner.name} is not a group; ownership not recorded`);
        continue;
      }
      let teamId = teamIds.get(owner.name.toLowerCase());
      if (teamId === undefined) {
        teamId = (await ensureOwnerTeam(trx, owner.name, `group:${owner.namespace}/${owner.name}`, now)).id;
        teamIds.set(owner.name.toLowerCase(), teamId);
      }
      if (await setServiceOwner(trx, id, teamId, service.ownedSince, now)) ownersChanged += 1;
    }
    const pagerduty = await matchPagerdutyServices(trx);
    const counts = {
      components: services.filter((s) => s.kind === "component").length,
      systems: services.filter((s) => s.kind === "system").length,
      groups: groups.length,
      ownersChanged,
      ignored: entities.filter((e) => e.kind === "ignored").length,
    };
    await trx
      .updateTable("imports")
      .set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify({ ...counts, pagerdutyMatched: pagerduty.matched }) })
      .where("id", "=", job.id)
      .execute();
    await recordAudit(
      trx,
      { actor: options.actor, action: "import.catalog", subjectType: "import", subjectId: job.id, details: { paths: options.paths, ...counts, warnings: warnings.length } },
      now,
    );
    return { ...counts, warnings, pagerduty, importId: job.id };
  });
}

/**
 * One entity per ref, one service and one team per name, across every file of the
 * import: a second definition would silently overwrite the first.
 */
function checkUnique(entities: readonly CatalogEntity[]): void {
  const refs = new Map<string, string>();
  const serviceNames = new Map<string, string>();
  const teamNames = new Map<string, string>();
  for (const entity of entities) {
    if (entity.kind === "ignored") continue;
    const earlier = refs.get(entity.catalogRef);
    if (earlier !== undefined) throw new ImportError(`${entity.place}: ${entity.catalogRef} is already defined at ${earlier}`);
    refs.set(entity.catalogRef, entity.place);
    // Teams and services are each named uniquely in the store, whatever the namespace.
    const names = entity.kind === "group" ? teamNames : serviceNames;
    const what = entity.kind === "group" ? "team" : "service";
    const key = entity.kind === "group" ? entity.name.toLowerCase() : entity.name;
    const sameName = names.get(key);
    if (sameName !== undefined) throw new ImportError(`${entity.place}: a ${what} named ${JSON.stringify(entity.name)} is already defined at ${sameName}`);
    names.set(key, entity.place);
  }
}
