import { type Migration, type MigrationResult, Migrator } from "kysely";
import type { Store } from "./connection.js";
import { migrations } from "./migrations/index.js";

/** Applies every pending migration; returns the names applied. Throws on the first failure. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = createMigrator(store);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed on ${store.description}: ${describe(error)}`);
  return (results ?? []).filter((r: MigrationResult) => r.status === "Success").map((r) => r.migrationName);
}

/** Reverts the most recent migration; returns its name, or null when none is applied. */
export async function migrateDown(store: Store): Promise<string | null> {
  const { error, results } = await createMigrator(store).migrateDown();
  if (error) throw new Error(`migration down failed on ${store.description}: ${describe(error)}`);
  return results?.[0]?.migrationName ?? null;
}

/** Brings the schema to exactly the named migration, applying or reverting what lies between. */
export async function migrateTo(store: Store, name: string): Promise<void> {
  const { error } = await createMigrator(store).migrateTo(name);
  if (error) throw new Error(`migration to ${name} failed on ${store.description}: ${describe(error)}`);
}

/** Lists every known migration and whether it has been applied. */
export async function migrationStatus(store: Store): Promise<{ name: string; appliedAt: string | null }[]> {
  const list = await createMigrator(store).getMigrations();
  return list.map((m) => ({ name: m.name, appliedAt: m.executedAt ? m.executedAt.toISOString() : null }));
}

function createMigrator(store: Store): Migrator {
  const all = migrations(store.dialect);
  return new Migrator({
    db: store.db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => all },
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
