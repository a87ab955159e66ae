import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { recordAudit } from "../db/repositories/audit.js";
import { ensureOwnerTeam, recordOwnerSnapshot, upsertCatalogTeam, upsertService } from "../db/repositories/catalog.js";
import { readCatalogFile, type CatalogEntity, type GroupEntity, type ServiceEntity } from "../importers/catalog/backstage-reader.js";
import { readCatalogHistory } from "../importers/catalog/git-history.js";
import { ImportError } from "../importers/import-error.js";
import { linkPagerdutyIncidents } from "./link-pagerduty.js";
import { matchPagerdutyServices, type PagerdutyServiceMatches } from "./match-services.js";

/** Options for {@link importCatalog}. */
export interface CatalogImportOptions {
  /** Backstage catalog files (`catalog-info.yaml`), each with any number of documents. */
  paths: string[];
  /**
   * When the files said what they say (epoch ms): owners that differ from the snapshot
   * before change at this date. Default: now.
   */
  asOf?: number;
  /** Read every commit of this git repository's catalog files instead of `paths`. */
  git?: { repo: string; pathGlob?: string };
  /** Who runs the import, for the audit trail. */
  actor: string;
}

/** What a catalog import did. */
export interface CatalogImportSummary {
  /** Entities read, by kind (in the last snapshot, for a git history). */
  components: number;
  systems: number;
  groups: number;
  /** Services whose ownership history was set or changed by this import (0 on a repeat). */
  ownersChanged: number;
  /** Entities of kinds Debrief does not read. */
  ignored: number;
  /** Commits read, for a git history; 1 otherwise. */
  snapshots: number;
  /** Problems that did not stop the import, one line each (a service owned by a user). */
  warnings: string[];
  /** PagerDuty services matched to catalog services afterwards. */
  pagerduty: PagerdutyServiceMatches;
  importId: number;
}

/** The catalog as it stood at one moment. */
export interface CatalogSnapshot {
  asOf: number;
  entities: CatalogEntity[];
}

/**
 * Imports Backstage entities in one transaction: Groups become teams, Components and
 * Systems services, and each service's owner is recorded as a snapshot at `asOf` (or
 * at every commit of a git history, oldest first) from which its ownership periods are
 * derived. Then PagerDuty services are matched to them and the services of linked
 * PagerDuty incidents recorded, so a catalog imported after PagerDuty gives the same
 * result as one imported before. Everything is read and checked before anything is
 * written; importing the same files again changes nothing.
 */
export async function importCatalog(store: Store, options: CatalogImportOptions): Promise<CatalogImportSummary> {
  const now = Date.now();
  let snapshots: CatalogSnapshot[];
  let sourceName: string;
  if (options.git) {
    if (options.paths.length > 0) throw new ImportError("give either catalog files or --git, not both");
    if (options.asOf !== undefined) throw new ImportError("--as-of does not apply to --git: every commit is dated by git");
    snapshots = readCatalogHistory(options.git.repo, options.git.pathGlob);
    sourceName = `git ${options.git.repo}${options.git.pathGlob ? ` (${options.git.pathGlob})` : ""}`;
  } else {
    if (options.paths.length === 0) throw new ImportError("no catalog files given");
    snapshots = [{ asOf: options.asOf ?? now, entities: options.paths.flatMap((path) => readCatalogFile(path)) }];
    sourceName = options.paths.join(", ");
  }
  for (const snapshot of snapshots) checkUnique(snapshot.entities);
  const last = snapshots[snapshots.length - 1];
  if (last === undefined || snapshots.every((s) => s.entities.every((e) => e.kind === "ignored"))) {
    throw new ImportError(`${sourceName}: found nothing to import (no Component, System or Group entity)`);
  }
  return store.db.transaction().execute(async (trx) => {
    await store.dialect.lockImports(trx);
    const job = await trx
      .insertInto("imports")
      .values({ kind: "catalog", sourceName, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const changed = new Set<number>();
    let warnings: string[] = [];
    for (const snapshot of snapshots) {
      const result = await applySnapshot(trx, snapshot, job.id, now);
      for (const id of result.changed) changed.add(id);
      warnings = result.warnings;
    }
    const pagerduty = await matchPagerdutyServices(trx);
    // The services of PagerDuty incidents linked before the catalog was known count now.
    await linkPagerdutyIncidents(trx, now);
    const counts = {
      components: last.entities.filter((e) => e.kind === "component").length,
      systems: last.entities.filter((e) => e.kind === "system").length,
      groups: last.entities.filter((e) => e.kind === "group").length,
      ownersChanged: changed.size,
      ignored: last.entities.filter((e) => e.kind === "ignored").length,
    };
    await trx
      .updateTable("imports")
      .set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify({ ...counts, snapshots: snapshots.length, pagerdutyMatched: pagerduty.matched }) })
      .where("id", "=", job.id)
      .execute();
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: "import.catalog",
        subjectType: "import",
        subjectId: job.id,
        details: { ...(options.git ? { git: options.git } : { paths: options.paths, asOf: options.asOf ?? null }), ...counts, snapshots: snapshots.length, warnings: warnings.length },
      },
      now,
    );
    return { ...counts, snapshots: snapshots.length, warnings, pagerduty, importId: job.id };
  });
}

/** Writes one snapshot's teams and services and records its owners. */
async function applySnapshot(trx: Db, snapshot: CatalogSnapshot, importId: number, now: number): Promise<{ changed: number[]; warnings: string[] }> {
  const groups = snapshot.entities.filter((e): e is GroupEntity => e.kind === "group");
  const services = snapshot.entities.filter((e): e is ServiceEntity => e.kind === "component" || e.kind === "system");
  const warnings: string[] = [];
  const changed: number[] = [];
  // Keyed ignoring case: Backstage compares entity references case-insensitively.
  const teamIds = new Map<string, number>();
  for (const group of groups) teamIds.set(group.name.toLowerCase(), (await upsertCatalogTeam(trx, group, now)).id);
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
    if (await recordOwnerSnapshot(trx, { serviceId: id, teamId, asOf: snapshot.asOf, ownedSince: service.ownedSince, importId })) changed.push(id);
  }
  return { changed, warnings };
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
