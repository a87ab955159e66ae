import BetterSqlite3 from "better-sqlite3";
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { type Dialect, postgresDialect, sqliteDialect } from "./dialect.js";
import { migrateToLatest } from "./migrate.js";
import type { Database } from "./schema.js";

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
  close(): Promise<void>;
}

/** How to reach the store. */
export interface StoreOptions {
  /** `postgres://…`, `sqlite:path`, or a plain file path. Defaults to `./debrief.db`. */
  url?: string | undefined;
  /** Run pending migrations on open (the default). */
  migrate?: boolean;
}

/**
 * Opens the store named by `url` (or `DATABASE_URL`, or `./debrief.db`) and brings its
 * schema up to date.
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const url = options.url ?? process.env.DATABASE_URL ?? "./debrief.db";
  const store = /^postgres(ql)?:\/\//.test(url) ? openPostgres(url) : openSqlite(url.replace(/^(sqlite|file):(\/\/)?/, ""), url);
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

function openSqlite(path: string, url: string): Store {
  const handle = new BetterSqlite3(path);
  handle.pragma("journal_mode = WAL");
  handle.pragma("synchronous = NORMAL");
  handle.pragma("foreign_keys = ON");
  handle.pragma("busy_timeout = 10000");
  handle.pragma("cache_size = -16384");
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: handle }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    dialect: sqliteDialect(handle),
    description: `sqlite:${path}`,
    url,
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
    close: () => db.destroy(),
  };
}
