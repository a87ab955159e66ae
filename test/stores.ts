import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import { openStore, type Store } from "../src/db/connection.js";
import { describeWithSamples } from "./shared-data.js";

/** The store kinds tests run on: SQLite always; PostgreSQL when a server is given. */
export interface TestStoreKind {
  name: "sqlite" | "postgres";
  /** Opens a new, empty, migrated store of this kind. */
  open(): Promise<Store>;
  /** Removes what `open` created. */
  dispose(): Promise<void>;
}

/**
 * `DEBRIEF_TEST_POSTGRES_URL` names a PostgreSQL server (`.ci/run` starts one); each
 * opened store gets a fresh database on it. In CI the variable is required, so the
 * PostgreSQL half of the suite can never silently disappear.
 */
export function testStoreKinds(): TestStoreKind[] {
  const kinds: TestStoreKind[] = [sqliteKind()];
  const url = process.env.DEBRIEF_TEST_POSTGRES_URL;
  if (url) kinds.push(postgresKind(url));
  else if (process.env.CI) throw new Error("CI is set but DEBRIEF_TEST_POSTGRES_URL is not: the PostgreSQL tests would not run");
  return kinds;
}

function sqliteKind(): TestStoreKind {
  const dirs: string[] = [];
  return {
    name: "sqlite",
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "debrief-test-"));
      dirs.push(dir);
      return openStore({ url: join(dir, "test.db") });
    },
    async dispose() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresKind(adminUrl: string): TestStoreKind {
  const databases: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    async open() {
      const name = `debrief_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await admin((client) => client.query(`create database ${name}`));
      databases.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return openStore({ url: url.toString() });
    },
    async dispose() {
      for (const name of databases.splice(0)) {
        await admin((client) => client.query(`drop database if exists ${name} with (force)`));
      }
    },
  };
}

/** When {@link describeEachStore} opens a fresh store. */
export type StoreLifetime = "test" | "file";

/**
 * A stand-in for whatever `current()` returns when it is used: property reads and
 * method calls go to the current object. Lets a describe body keep writing `store.db`
 * while the helper swaps the store underneath between tests.
 */
export function liveView<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      const value = Reflect.get(current(), property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(current()) : value;
    },
    has: (_target, property) => Reflect.has(current(), property),
  });
}

/**
 * Runs a describe block once per store kind (SQLite, and PostgreSQL when
 * `DEBRIEF_TEST_POSTGRES_URL` is set), titled `<title> on <kind>`. The body gets the
 * store (a {@link liveView}): a new, empty, migrated one for every test by default, or
 * one for the whole block with `lifetime: "file"`. Closing and removing it is done here.
 * With `samples` (paths under `data/external/`), the block is declared with
 * `describeWithSamples`: skipped with the reason where they are missing, failing in CI.
 */
export function describeEachStore(
  title: string,
  body: (store: Store, kind: TestStoreKind) => void,
  options: { lifetime?: StoreLifetime; samples?: readonly string[] } = {},
): void {
  const samples = options.samples;
  const group = samples ? (name: string, fn: () => void) => describeWithSamples(samples, name, fn) : describe;
  for (const kind of testStoreKinds()) {
    group(`${title} on ${kind.name}`, () => {
      let current: Store | undefined;
      const open = async () => {
        current = await kind.open();
      };
      const close = async () => {
        await current?.close();
        current = undefined;
      };
      if ((options.lifetime ?? "test") === "test") {
        beforeEach(open);
        afterEach(close);
        afterAll(() => kind.dispose());
      } else {
        beforeAll(open);
        afterAll(async () => {
          await close();
          await kind.dispose();
        });
      }
      body(
        liveView(() => {
          if (!current) throw new Error("the store is open only inside tests and hooks");
          return current;
        }),
        kind,
      );
    });
  }
}
