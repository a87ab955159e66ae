import BetterSqlite3 from "better-sqlite3";
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { type Dialect, postgresDialect, sqliteDialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";
import { createWriteTurn, letWaitingWritersGo, PatientSqliteDialect, type WriteTurn } from "./sqlite-driver.js";

// int8 (counts, sums, epoch milliseconds) arrives as a string by default: every value
// Debrief stores fits in a double, so read them as numbers.
pg.types.setTypeParser(20, Number);

/** An open store: the Kysely instance, its dialect helpers and how to close it. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the store lives, with any password removed: for messages and logs. */
  description: string;
  /** The URL it was opened with, so a worker thread can open its own connection. Never log it. */
  url: string;
  /**
   * SQLite: the count of this process's writers waiting for the write lock, to share
   * with an import worker thread (see {@link StoreOptions.writeTurn}).
   */
  writeTurn: WriteTurn | null;
  /**
   * Called by a long import before each batch it commits: on SQLite, lets the writers
   * waiting in the process that started it go first. Nothing to do on PostgreSQL.
   */
  yieldToWaitingWriters(): void;
  close(): Promise<void>;
}

/** How to reach the store. */
export interface StoreOptions {
  /** `postgres://…`, `sqlite:path`, or a plain file path. Defaults to `./debrief.db`. */
  url?: string | undefined;
  /** Run pending migrations on open (the default). */
  migrate?: boolean;
  /**
   * SQLite: the write-turn counter of the store this one works for (an import worker
   * thread gets the server's), so its batches give way to the server's writes.
   */
  writeTurn?: WriteTurn | undefined;
}

/**
 * Opens the store named by `url` (or `DATABASE_URL`, or `./debrief.db`) and brings its
 * schema up to date.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const url = options.url ?? process.env.DATABASE_URL ?? "./debrief.db";
  const store = /^postgres(ql)?:\/\//.test(url) ? openPostgres(url) : openSqlite(url.replace(/^(sqlite|file):(\/\/)?/, ""), url, options.writeTurn);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openSqlite(path: string, url: string, sharedTurn: WriteTurn | undefined): Store {
  const handle = new BetterSqlite3(path);
  handle.pragma("journal_mode = WAL");
  handle.pragma("synchronous = NORMAL");
  handle.pragma("foreign_keys = ON");
  // Never wait for the write lock inside SQLite: that would block the event loop. The
  // driver retries a busy statement on a timer instead (src/db/sqlite-driver.ts).
  handle.pragma("busy_timeout = 0");
  handle.pragma("cache_size = -16384");
  const turn = sharedTurn ?? createWriteTurn();
  const db = new Kysely<Database>({
    dialect: new PatientSqliteDialect(handle, turn),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    dialect: sqliteDialect(handle),
    description: `sqlite:${path}`,
    url,
    writeTurn: turn,
    yieldToWaitingWriters: () => letWaitingWritersGo(turn),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover, admin shutdown) is replaced
  // on next use; without this handler its error event would end the process.
  pool.on("error", (error) => {
    process.stderr.write(`debrief: idle PostgreSQL connection lost: ${error.message}\n`);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    dialect: postgresDialect(),
    description: url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@"),
    url,
    writeTurn: null,
    yieldToWaitingWriters: () => {},
    close: () => db.destroy(),
  };
}
