import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { importOwner, importOwnerAlive } from "../db/import-owner.js";
import { clearJournal, journalCreated, type JournaledTable, journalReplaced, undoImport } from "../db/repositories/import-journal.js";

/**
 * How a long import writes. On PostgreSQL it is one transaction, as before: writers
 * take row locks, so the server's own writes never wait behind it. On SQLite, which
 * admits one writer for the whole file, it commits in short batches, journalled, so the
 * server's writes get the lock between them; a failure undoes the batches.
 */
export interface ImportUnit {
  readonly importId: number;
  /** True when the import commits in batches (SQLite). */
  readonly batched: boolean;
  /** Where to read what is already stored: outside any transaction when batched (no lock held). */
  readonly read: Db;
  /** Runs one batch of writes: its own short transaction (batched) or part of the import's one. */
  write<T>(work: (trx: Db) => Promise<T>): Promise<T>;
  /** Records rows a batch created, so an undo removes them (nothing to do unless batched). */
  created(trx: Db, table: JournaledTable, ids: readonly number[]): Promise<void>;
  /** Keeps a message's content before a batch replaces it (nothing to do unless batched). */
  replacing(trx: Db, messageId: number): Promise<void>;
}

/** What identifies an import in the `imports` table. */
export interface ImportUnitOptions {
  kind: string;
  sourceName: string;
  /** The owner recorded on a batched import; defaults to this process and thread. */
  owner?: string | undefined;
}

/**
 * Runs an import as a unit. `body` does the work through the unit; `finish` runs in the
 * last transaction, which makes the import final (its summary, incidents, audit event):
 * until it commits the import's row says `running`, and if anything fails — or the
 * process dies and a later import or runner notices — every batch is undone.
 */
export async function runImportUnit<T, R>(
  store: Store,
  options: ImportUnitOptions,
  body: (unit: ImportUnit) => Promise<T>,
  finish: (trx: Db, unit: ImportUnit, result: T) => Promise<R>,
): Promise<R> {
  const now = Date.now();
  if (store.dialect.name !== "sqlite") {
    return store.db.transaction().execute(async (trx) => {
      await store.dialect.lockImports(trx);
      const row = await trx
        .insertInto("imports")
        .values({ kind: options.kind, sourceName: options.sourceName, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      const unit: ImportUnit = {
        importId: row.id,
        batched: false,
        read: trx,
        write: (work) => work(trx),
        created: async () => {},
        replacing: async () => {},
      };
      return finish(trx, unit, await body(unit));
    });
  }
  const owner = options.owner ?? importOwner();
  const importId = await claimImport(store, options, owner, now);
  const unit: ImportUnit = {
    importId,
    batched: true,
    read: store.db,
    write: (work) => {
      store.yieldToWaitingWriters();
      return store.db.transaction().execute(work);
    },
    created: (trx, table, ids) => journalCreated(trx, importId, table, ids),
    replacing: (trx, messageId) => journalReplaced(trx, importId, messageId),
  };
  try {
    const result = await body(unit);
    store.yieldToWaitingWriters();
    return await store.db.transaction().execute(async (trx) => {
      const outcome = await finish(trx, unit, result);
      await clearJournal(trx, importId);
      await trx.updateTable("imports").set({ owner: null }).where("id", "=", importId).execute();
      return outcome;
    });
  } catch (error) {
    try {
      await undoImport(store.db, importId, () => store.yieldToWaitingWriters());
    } catch (undoError) {
      // The journal is still there: the next import, or the job runner, finishes the undo.
      process.stderr.write(`import #${importId} could not be undone yet: ${undoError instanceof Error ? undoError.message : String(undoError)}\n`);
    }
    throw error;
  }
}

/**
 * Marks a new batched import running, once no other live import runs (SQLite: one
 * import at a time, as the advisory lock does on PostgreSQL). Imports left behind by a
 * dead process are undone first.
 */
async function claimImport(store: Store, options: ImportUnitOptions, owner: string, now: number): Promise<number> {
  for (;;) {
    await undoInterruptedImports(store);
    const id = await store.db.transaction().execute(async (trx) => {
      const running = await trx.selectFrom("imports").select(["id", "owner"]).where("status", "=", "running").execute();
      if (running.some((row) => row.owner !== null && importOwnerAlive(row.owner))) return null;
      const row = await trx
        .insertInto("imports")
        .values({ kind: options.kind, sourceName: options.sourceName, startedAt: now, finishedAt: null, status: "running", summary: null, error: null, owner })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    });
    if (id !== null) return id;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Undoes the batched imports whose process died before they finished (a crash,
 * `kill -9`), or every running one of `owner` (a worker thread that was stopped).
 * Returns how many were undone.
 */
export async function undoInterruptedImports(store: Store, options: { owner?: string } = {}): Promise<number> {
  if (store.dialect.name !== "sqlite") return 0;
  const running = await store.db.selectFrom("imports").select(["id", "owner"]).where("status", "=", "running").where("owner", "is not", null).execute();
  let undone = 0;
  for (const row of running) {
    if (row.owner === null) continue;
    const abandoned = options.owner === undefined ? !importOwnerAlive(row.owner) : row.owner === options.owner;
    if (!abandoned) continue;
    await undoImport(store.db, row.id, () => store.yieldToWaitingWriters());
    undone += 1;
  }
  return undone;
}
