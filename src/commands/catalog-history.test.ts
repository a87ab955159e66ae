import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { BEGINNING_OF_TIME } from "../analysis/ownership-history.js";
import { registerCatalogImport } from "../cli/directory.js";
import type { Store } from "../db/connection.js";
import { ImportError } from "../importers/import-error.js";
import { runImportCli, tempDb } from "../../test/run-import-cli.js";
import { testStoreKinds } from "../../test/stores.js";
import { importCatalog } from "./import-catalog.js";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

function component(name: string, owner: string, ownedSince?: string): Record<string, unknown> {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Component",
    metadata: { name, ...(ownedSince ? { annotations: { "debrief.dev/owned-since": ownedSince } } : {}) },
    spec: { type: "service", lifecycle: "production", owner },
  };
}

function yaml(entities: Record<string, unknown>[]): string {
  return entities.map((entity) => stringify(entity)).join("---\n");
}

function writeCatalog(entities: Record<string, unknown>[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "debrief-catalog-history-")), "catalog-info.yaml");
  writeFileSync(path, yaml(entities));
  return path;
}

/** A git repository whose commits, dated as given, each write the catalog files given. */
function gitRepo(commits: { date: string; files: Record<string, Record<string, unknown>[] | string> }[]): string {
  const repo = mkdtempSync(join(tmpdir(), "debrief-catalog-git-"));
  const git = (args: string[], date?: string) =>
    execFileSync("git", ["-C", repo, ...args], {
      env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
      stdio: "pipe",
    });
  git(["init", "-q"]);
  for (const commit of commits) {
    for (const [file, content] of Object.entries(commit.files)) {
      const path = join(repo, file);
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, typeof content === "string" ? content : yaml(content));
    }
    git(["add", "-A"]);
    git(["commit", "-q", "-m", `catalog at ${commit.date}`], `${commit.date}T12:00:00Z`);
  }
  return repo;
}

for (const kind of testStoreKinds()) {
  describe(`catalog ownership over time on ${kind.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await kind.open();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(() => kind.dispose());

    const ownersOf = async (serviceName: string) =>
      store.db
        .selectFrom("serviceOwners as o")
        .innerJoin("services as s", "s.id", "o.serviceId")
        .innerJoin("teams as t", "t.id", "o.teamId")
        .select(["t.name as team", "o.fromAt", "o.toAt"])
        .where("s.name", "=", serviceName)
        .orderBy("o.fromAt")
        .execute();

    it("lets today's owner own the past, and a snapshot --as-of an earlier date put the earlier owner back in its place", async () => {
      await importCatalog(store, { paths: [writeCatalog([component("ledger", "payments")])], actor: "test" });
      expect(await ownersOf("ledger")).toEqual([{ team: "payments", fromAt: BEGINNING_OF_TIME, toAt: null }]);
      const summary = await importCatalog(store, { paths: [writeCatalog([component("ledger", "billing")])], asOf: day("2024-01-01"), actor: "test" });
      expect(summary.ownersChanged).toBe(1);
      const history = await ownersOf("ledger");
      expect(history).toHaveLength(2);
      expect(history[0]).toEqual({ team: "billing", fromAt: BEGINNING_OF_TIME, toAt: history[1]?.fromAt });
      expect(history[1]?.team).toBe("payments");
      expect(history[1]?.fromAt).toBeGreaterThan(day("2024-01-01"));
    });

    it("records an owner change at the snapshot date, keeps the history, and ignores a repeat", async () => {
      await importCatalog(store, { paths: [writeCatalog([component("ledger", "billing")])], asOf: day("2024-01-01"), actor: "test" });
      await importCatalog(store, { paths: [writeCatalog([component("ledger", "payments")])], asOf: day("2025-03-01"), actor: "test" });
      const again = await importCatalog(store, { paths: [writeCatalog([component("ledger", "payments")])], asOf: day("2025-09-01"), actor: "test" });
      expect(again.ownersChanged).toBe(0);
      expect(await ownersOf("ledger")).toEqual([
        { team: "billing", fromAt: BEGINNING_OF_TIME, toAt: day("2025-03-01") },
        { team: "payments", fromAt: day("2025-03-01"), toAt: null },
      ]);
      expect(await store.db.selectFrom("serviceOwnerSnapshots").select("id").execute()).toHaveLength(2);
    });

    it("respects the owned-since annotation between snapshots", async () => {
      await importCatalog(store, { paths: [writeCatalog([component("ledger", "billing")])], asOf: day("2024-01-01"), actor: "test" });
      await importCatalog(store, { paths: [writeCatalog([component("ledger", "payments", "2024-06-15")])], asOf: day("2025-03-01"), actor: "test" });
      expect(await ownersOf("ledger")).toEqual([
        { team: "billing", fromAt: BEGINNING_OF_TIME, toAt: day("2024-06-15") },
        { team: "payments", fromAt: day("2024-06-15"), toAt: null },
      ]);
    });

    it("reads every commit of a git repository, oldest first, and dates each owner change by its commit", async () => {
      const repo = gitRepo([
        { date: "2023-02-01", files: { "services/ledger/catalog-info.yaml": [component("ledger", "billing")], "services/api/catalog-info.yaml": [component("api", "sre")] } },
        { date: "2024-05-10", files: { "services/ledger/catalog-info.yaml": [component("ledger", "payments")], "README.md": "not a catalog" } },
        { date: "2024-08-01", files: { "README.md": "still not a catalog, and not read" } },
        { date: "2025-11-20", files: { "services/ledger/catalog-info.yaml": [component("ledger", "ledger-team")] } },
      ]);
      const summary = await importCatalog(store, { paths: [], git: { repo }, actor: "test" });
      expect(summary).toMatchObject({ snapshots: 3, components: 2, ownersChanged: 2 });
      const at = (date: string) => Date.parse(`${date}T12:00:00Z`);
      expect(await ownersOf("ledger")).toEqual([
        { team: "billing", fromAt: BEGINNING_OF_TIME, toAt: at("2024-05-10") },
        { team: "payments", fromAt: at("2024-05-10"), toAt: at("2025-11-20") },
        { team: "ledger-team", fromAt: at("2025-11-20"), toAt: null },
      ]);
      expect(await ownersOf("api")).toEqual([{ team: "sre", fromAt: BEGINNING_OF_TIME, toAt: null }]);
      // The same history again changes nothing.
      const again = await importCatalog(store, { paths: [], git: { repo }, actor: "test" });
      expect(again.ownersChanged).toBe(0);
      // --path narrows the files read.
      const narrowed = await importCatalog(store, { paths: [], git: { repo, pathGlob: "services/api/*.yaml" }, actor: "test" });
      expect(narrowed).toMatchObject({ snapshots: 1, components: 1 });
    });

    it("names the file and commit of a broken catalog in the history, and writes nothing", async () => {
      const repo = gitRepo([
        { date: "2023-02-01", files: { "catalog-info.yaml": [component("ledger", "billing")] } },
        { date: "2024-05-10", files: { "catalog-info.yaml": "kind: Component\nmetadata:\n  name: [broken\n" } },
      ]);
      const error = await importCatalog(store, { paths: [], git: { repo }, actor: "test" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toMatch(/^catalog-info\.yaml@[0-9a-f]{7} document 1: YAML syntax error/);
      expect(await store.db.selectFrom("services").select("id").execute()).toEqual([]);
    });

    it("says it found nothing for a repository without catalog files", async () => {
      const repo = gitRepo([{ date: "2023-02-01", files: { "README.md": "hello" } }]);
      await expect(importCatalog(store, { paths: [], git: { repo }, actor: "test" })).rejects.toThrow(/found nothing to import/);
      expect(await store.db.selectFrom("imports").select("id").execute()).toEqual([]);
    });
  });
}

describe("debrief import catalog --as-of / --git (CLI)", () => {
  it("takes --as-of as a date and --git with --path", async () => {
    const db = tempDb("debrief-cli-catalog-history-");
    const first = await runImportCli(registerCatalogImport, db, ["catalog", writeCatalog([component("ledger", "billing")]), "--as-of", "2024-01-01", "--json"]);
    expect(JSON.parse(first.stdout)).toEqual({ components: 1, systems: 0, groups: 0, ownersChanged: 1, ignored: 0 });
    const repo = gitRepo([{ date: "2025-01-01", files: { "catalog/main.yaml": [component("ledger", "payments")] } }]);
    const second = await runImportCli(registerCatalogImport, db, ["catalog", "--git", repo, "--path", "catalog/*.yaml", "--json"]);
    expect(JSON.parse(second.stdout)).toEqual({ components: 1, systems: 0, groups: 0, ownersChanged: 1, ignored: 0, snapshots: 1 });
  });

  it("refuses an --as-of that is not a date", async () => {
    const run = runImportCli(registerCatalogImport, tempDb(), ["catalog", writeCatalog([component("ledger", "billing")]), "--as-of", "last tuesday"]);
    await expect(run).rejects.toThrow(/--as-of "last tuesday" is not a date/);
  });
});
