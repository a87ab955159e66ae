import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect as KyselyDialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  type TransactionSettings,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";

/**
 * Counts the writers of this process waiting for SQLite's write lock, shared (a
 * `SharedArrayBuffer`) with the import worker thread so a running import lets them go
 * first between its batches.
 */
export type WriteTurn = Int32Array;

/** A fresh, shareable write-turn counter. */
export function createWriteTurn(): WriteTurn {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** How long a statement waits for the write lock, asynchronously, before it fails. */
const MAX_WAIT_MS = 120_000;

/**
 * Kysely's SQLite dialect, except that a statement never waits synchronously for the
 * write lock. The connection has `busy_timeout = 0`: a statement that finds the lock
 * taken fails at once with `SQLITE_BUSY` and is retried after a short timer, with the
 * connection released in between so reads go on. Transactions start with
 * `BEGIN IMMEDIATE` (unless read-only), so the lock is taken (or waited for) at their
 * start, where a retry is always safe, never half-way through one.
 */
export class PatientSqliteDialect implements KyselyDialect {
  readonly #handle: BetterSqlite3.Database;
  readonly #turn: WriteTurn;

  constructor(handle: BetterSqlite3.Database, turn: WriteTurn) {
    this.#handle = handle;
    this.#turn = turn;
  }

  createDriver(): Driver {
    return new PatientSqliteDriver(this.#handle, this.#turn);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

class PatientSqliteDriver implements Driver {
  readonly #handle: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  readonly #connection: PatientSqliteConnection;

  constructor(handle: BetterSqlite3.Database, turn: WriteTurn) {
    this.#handle = handle;
    this.#connection = new PatientSqliteConnection(handle, this.#mutex, turn);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // SQLite has one connection here; the mutex hands it to one query or transaction at a time.
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // A read-only transaction (a backup's snapshot) must not take the write lock.
    await connection.executeQuery(CompiledQuery.raw(settings.accessMode === "read only" ? "begin deferred" : "begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#handle.close();
  }
}

class PatientSqliteConnection implements DatabaseConnection {
  readonly #handle: BetterSqlite3.Database;
  readonly #mutex: Mutex;
  readonly #turn: WriteTurn;

  constructor(handle: BetterSqlite3.Database, mutex: Mutex, turn: WriteTurn) {
    this.#handle = handle;
    this.#mutex = mutex;
    this.#turn = turn;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    let waited = 0;
    let delay = 1;
    let counted = false;
    try {
      for (;;) {
        try {
          return this.#run<R>(compiledQuery);
        } catch (error) {
          // Only plain SQLITE_BUSY is worth retrying (BUSY_SNAPSHOT is not, and cannot
          // happen: transactions take the lock when they begin).
          if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || waited >= MAX_WAIT_MS) throw error;
          if (!counted) {
            counted = true;
            Atomics.add(this.#turn, 0, 1);
          }
          // Outside a transaction nothing is held: let other queries (reads) run meanwhile.
          const outside = !this.#handle.inTransaction;
          if (outside) this.#mutex.unlock();
          await new Promise((resolve) => setTimeout(resolve, delay));
          if (outside) await this.#mutex.lock();
          waited += delay;
          delay = Math.min(delay * 2, 4);
        }
      }
    } finally {
      if (counted) {
        Atomics.sub(this.#turn, 0, 1);
        Atomics.notify(this.#turn, 0);
      }
    }
  }

  #run<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const statement = this.#handle.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error("SQLite streams only select queries");
    const statement = this.#handle.prepare(compiledQuery.sql);
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** A promise-chained lock: one holder at a time, waiters resumed in turn. */
class Mutex {
  #held: Promise<void> | null = null;
  #release: (() => void) | null = null;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = null;
    this.#release = null;
    release?.();
  }
}

/**
 * Called by a long-running writer (an import) before each of its batches: while other
 * writers of this process are waiting for the lock, wait (synchronously: this runs in a
 * worker thread) up to `maxMs` for them to go first.
 */
export function letWaitingWritersGo(turn: WriteTurn, maxMs = 200): void {
  const until = Date.now() + maxMs;
  for (;;) {
    const waiting = Atomics.load(turn, 0);
    const left = until - Date.now();
    if (waiting <= 0 || left <= 0) return;
    Atomics.wait(turn, 0, waiting, Math.min(left, 5));
  }
}
