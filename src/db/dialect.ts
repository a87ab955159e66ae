import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, Transaction } from "kysely";
import { sql } from "kysely";
import type BetterSqlite3 from "better-sqlite3";
import { importOwnerAlive } from "./import-owner.js";
import type { Database } from "./schema.js";

/** The two stores Debrief runs on. */
export type DialectName = "sqlite" | "postgres";

/** A connection or an open transaction: every repository method takes either. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * The few places where SQLite and PostgreSQL differ, behind one small interface.
 * Everything else goes through Kysely on one code path.
 */
export interface Dialect {
  readonly name: DialectName;
  /** Applies the primary-key definition for a generated integer id column. */
  idColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /**
   * Stores a table in its primary key's order (SQLite `WITHOUT ROWID`); PostgreSQL
   * has no such option and keeps the primary-key index beside the heap.
   */
  clusteredByPrimaryKey<T extends string, C extends string>(builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  /** The column type of generated ids (`integer`, or `serial` on PostgreSQL). */
  readonly idType: "integer" | "serial";
  /**
   * Reserves `count` fresh ids for `table` inside the current transaction, so rows and
   * their side-table rows can be written in bulk without a round trip per row.
   */
  reserveIds(trx: Db, table: "messages", count: number): Promise<number[]>;
  /** Inserts many rows of plain values (snake_case columns) into one table. */
  bulkInsert(trx: Db, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void>;
  /** Serialises imports: holds a lock until the surrounding transaction ends. */
  lockImports(trx: Db): Promise<void>;
  /**
   * A value that changes whenever anything in the store may have changed, from this
   * process or another; equal values mean nothing was committed in between. Cheap, for
   * caches of derived data. Null when the store cannot tell (then nothing is cached).
   */
  dataVersion(db: Db): Promise<string | null>;
}

/** SQLite: statements are prepared once and reused, on the same connection Kysely uses. */
export function sqliteDialect(handle: BetterSqlite3.Database): Dialect {
  const statements = new Map<string, BetterSqlite3.Statement>();
  let totalChanges: BetterSqlite3.Statement | undefined;
  const nextIds = new Map<string, number>();
  const ROWS_PER_STATEMENT = 64;
  const statement = (table: string, columns: readonly string[], rowCount: number): BetterSqlite3.Statement => {
    const key = `${table}|${columns.join(",")}|${rowCount}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const tuple = `(${columns.map(() => "?").join(",")})`;
      const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(",")}) values ${Array.from({ length: rowCount }, () => tuple).join(",")}`;
      prepared = handle.prepare(text);
      statements.set(key, prepared);
    }
    return prepared;
  };
  return {
    name: "sqlite",
    idType: "integer",
    clusteredByPrimaryKey: (builder) => builder.modifyEnd(sql`without rowid`),
    idColumn: (column) => column.primaryKey(),
    async reserveIds(trx, table, count) {
      // SQLite has one writer at a time and this runs inside its transaction, so the
      // counter only has to start from the current maximum once per transaction.
      let next = nextIds.get(table);
      if (next === undefined || !handle.inTransaction) {
        const row = await sql<{ maxId: number | null }>`select max(id) as max_id from ${sql.table(table)}`.execute(trx);
        next = (row.rows[0]?.maxId ?? 0) + 1;
      }
      const ids = Array.from({ length: count }, (_, i) => (next as number) + i);
      nextIds.set(table, next + count);
      return ids;
    },
    async bulkInsert(_trx, table, columns, rows) {
      let at = 0;
      if (rows.length >= ROWS_PER_STATEMENT) {
        const many = statement(table, columns, ROWS_PER_STATEMENT);
        // One parameter array, refilled for every statement: no garbage per row.
        const params: unknown[] = new Array(ROWS_PER_STATEMENT * columns.length);
        for (; at + ROWS_PER_STATEMENT <= rows.length; at += ROWS_PER_STATEMENT) {
          let p = 0;
          for (let r = at; r < at + ROWS_PER_STATEMENT; r += 1) {
            const row = rows[r] as unknown[];
            for (let c = 0; c < row.length; c += 1) params[p++] = row[c];
          }
          many.run(params);
        }
      }
      if (at < rows.length) {
        const one = statement(table, columns, 1);
        for (; at < rows.length; at += 1) one.run(rows[at] as unknown[]);
      }
    },
    async lockImports(trx) {
      // The write transaction itself is the lock: SQLite admits one writer. A Slack
      // import commits in batches, though, and marks itself running meanwhile.
      const running = await trx.selectFrom("imports").select(["id", "owner"]).where("status", "=", "running").where("owner", "is not", null).execute();
      const live = running.find((row) => row.owner !== null && importOwnerAlive(row.owner));
      if (live) throw new Error(`another import (#${live.id}) is still running; try again when it has finished`);
    },
    async dataVersion() {
      // data_version moves when another connection commits (the import worker, another
      // process); total_changes() counts every row this connection has written.
      // Inside a transaction this connection sees rows that may still be rolled back.
      if (handle.inTransaction) return null;
      totalChanges ??= handle.prepare("select total_changes()").pluck();
      return `${String(handle.pragma("data_version", { simple: true }))}:${String(totalChanges.get())}`;
    },
  };
}

/** PostgreSQL: ids come from the table's sequence; rows go in multi-row inserts. */
export function postgresDialect(): Dialect {
  const MAX_PARAMETERS = 60_000;
  return {
    name: "postgres",
    idType: "serial",
    clusteredByPrimaryKey: (builder) => builder,
    idColumn: (column) => column.primaryKey(),
    async reserveIds(trx, table, count) {
      if (count === 0) return [];
      const result = await sql<{ id: number }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${count})`.execute(trx);
      return result.rows.map((row) => row.id);
    },
    async bulkInsert(trx, table, columns, rows) {
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
      for (let at = 0; at < rows.length; at += perStatement) {
        const chunk = rows.slice(at, at + perStatement);
        const values = sql.join(chunk.map((row) => sql`(${sql.join(row)})`));
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${values}`.execute(trx);
      }
    },
    async lockImports(trx) {
      // A transaction-scoped advisory lock: concurrent imports from several app
      // instances wait for each other instead of racing on the same natural keys.
      await sql`select pg_advisory_xact_lock(727465)`.execute(trx);
    },
    async dataVersion(db) {
      // The write-ahead log's insert position moves with every write to the cluster, from
      // any instance. A standby cannot report it: then nothing is cached.
      try {
        const result = await sql<{ lsn: string }>`select pg_current_wal_insert_lsn()::text as lsn`.execute(db);
        return result.rows[0]?.lsn ?? null;
      } catch {
        return null;
      }
    },
  };
}
