import { once } from "node:events";
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { sql } from "kysely";
import { InputError } from "./create-incident.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { migrateTo, migrateToLatest, migrationStatus } from "../db/migrate.js";
import { undoImport } from "../db/repositories/import-journal.js";
import { appliedMigrations, countRows, describeTables, readTableRows, resetIdSequences, type TableShape } from "../db/store-dump.js";
import { redactForExport } from "./interview-export.js";
import { rebuildMessageIndex } from "../db/search/search-index.js";

/** The first line of every backup file. */
export interface BackupHeader {
  format: "debrief-backup";
  version: 1;
  createdAt: string;
  /** The kind of store it was taken from. */
  store: "sqlite" | "postgres";
  /** Applied migrations at the moment of the backup, oldest first: the schema the rows fit. */
  migrations: string[];
}

/** What a backup, restore or export did, table by table. */
export interface DumpSummary {
  tables: { name: string; rows: number }[];
  rows: number;
  migrations: string[];
}

/** Reports progress of a long dump or restore: rows done so far, and the table at hand. */
export type DumpProgress = (rowsDone: number, rowsTotal: number, table: string) => void | Promise<void>;

const FORMAT = "debrief-backup";
const EXPORT_FORMAT = "debrief-export";
const INSERT_ROWS = 500;

/**
 * Writes the whole store to one gzip-compressed file of JSON lines (docs/formats/backup.md),
 * online: every table is read in one read transaction, so the file holds the store as it
 * was at one moment even while the server runs and an import writes. The file appears
 * under its name only when complete.
 */
export async function backupStore(store: Store, outFile: string, progress?: DumpProgress): Promise<DumpSummary> {
  const partial = `${outFile}.partial`;
  mkdirSync(dirname(outFile), { recursive: true });
  const gzip = createGzip({ level: 6 });
  const file = createWriteStream(partial);
  gzip.pipe(file);
  const closed = once(file, "close");
  try {
    const summary = await inSnapshot(store, async (db) => {
      const tables = await describeTables(store, db);
      const counts = await countRows(db, tables);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const header: BackupHeader = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), store: store.dialect.name, migrations: await appliedMigrations(db) };
      await writeLine(gzip, header);
      const done: { name: string; rows: number }[] = [];
      let rowsDone = 0;
      for (const table of tables) {
        await writeLine(gzip, { table: table.name, columns: table.columns });
        let rows = 0;
        for await (const page of readTableRows(db, table)) {
          for (const row of page) await writeLine(gzip, row);
          rows += page.length;
          rowsDone += page.length;
          await progress?.(rowsDone, total, table.name);
        }
        await writeLine(gzip, { end: table.name, rows });
        done.push({ name: table.name, rows });
      }
      await writeLine(gzip, { done: true, tables: done.length, rows: rowsDone });
      return { tables: done, rows: rowsDone, migrations: header.migrations };
    });
    gzip.end();
    await closed;
    renameSync(partial, outFile);
    return summary;
  } catch (error) {
    gzip.destroy();
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Loads a backup into an empty store, in one transaction: either every row is there
 * afterwards or none is. The store is brought to the backup's schema first and to the
 * latest schema after, so a backup taken by an older Debrief restores into a newer one.
 */
export async function restoreStore(store: Store, backupFile: string, progress?: DumpProgress): Promise<DumpSummary> {
  const lines = readLines(backupFile);
  const header = await readHeader(lines, backupFile);
  const known = new Set((await migrationStatus(store)).map((m) => m.name));
  const unknown = header.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new InputError(`${backupFile}: the backup was taken by a newer Debrief (unknown migrations: ${unknown.join(", ")}); upgrade before restoring`);
  const nonEmpty = [...(await countRows(store.db, await describeTables(store))).entries()].filter(([, n]) => n > 0);
  if (nonEmpty.length > 0) {
    throw new InputError(`${store.description} is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(", ")}): restore into a new store`);
  }
  // The rows fit the schema of the backup's moment: restore into that, then migrate up.
  const last = header.migrations[header.migrations.length - 1];
  if (last) await migrateTo(store, last);
  const tables = new Map((await describeTables(store)).map((t) => [t.name, t]));
  const summary = await store.db.transaction().execute(async (trx) => {
    if (store.dialect.name === "sqlite") await sql`pragma defer_foreign_keys = on`.execute(trx);
    const done: { name: string; rows: number }[] = [];
    const written: TableShape[] = [];
    let table: TableShape | null = null;
    let columns: string[] = [];
    let batch: unknown[][] = [];
    let rowsDone = 0;
    let finished = false;
    const flush = async (): Promise<void> => {
      if (!table || batch.length === 0) return;
      await store.dialect.bulkInsert(trx, table.name, columns, batch);
      rowsDone += batch.length;
      await progress?.(rowsDone, 0, table.name);
      batch = [];
    };
    let lineNo = 1;
    for await (const text of lines) {
      lineNo += 1;
      if (finished) throw new InputError(`${backupFile}: line ${lineNo}: data after the end of the backup`);
      const value = parseLine(text, backupFile, lineNo);
      if (Array.isArray(value)) {
        if (!table) throw new InputError(`${backupFile}: line ${lineNo}: a row outside any table`);
        if (value.length !== columns.length) throw new InputError(`${backupFile}: line ${lineNo}: ${value.length} values for ${columns.length} columns of ${table.name}`);
        batch.push(value);
        if (batch.length >= INSERT_ROWS) await flush();
        continue;
      }
      if (typeof value.table === "string" && Array.isArray(value.columns)) {
        const target = tables.get(value.table);
        if (!target) throw new InputError(`${backupFile}: line ${lineNo}: table ${value.table} does not exist in this schema`);
        const missing = (value.columns as unknown[]).filter((c) => typeof c !== "string" || !target.columns.includes(c));
        if (missing.length > 0) throw new InputError(`${backupFile}: line ${lineNo}: ${value.table} has no column ${missing.join(", ")}`);
        table = target;
        columns = value.columns as string[];
        continue;
      }
      if (typeof value.end === "string") {
        await flush();
        if (!table || value.end !== table.name) throw new InputError(`${backupFile}: line ${lineNo}: end of ${String(value.end)} without its start`);
        const count = await countRows(trx, [table]);
        if (count.get(table.name) !== value.rows) throw new InputError(`${backupFile}: line ${lineNo}: ${table.name} should hold ${String(value.rows)} rows, read ${count.get(table.name) ?? 0}`);
        done.push({ name: table.name, rows: Number(value.rows) });
        written.push(table);
        table = null;
        continue;
      }
      if (value.done === true) {
        finished = true;
        continue;
      }
      throw new InputError(`${backupFile}: line ${lineNo}: not a backup line`);
    }
    if (!finished) throw new InputError(`${backupFile}: the backup ends early (line ${lineNo}): it is incomplete, nothing was restored`);
    await resetIdSequences(store, trx, written);
    // Backups leave the full-text indexes out; messages are indexed again from their rows.
    await rebuildMessageIndex(trx, store.dialect.name);
    return { tables: done, rows: rowsDone, migrations: header.migrations };
  });
  await migrateToLatest(store);
  // A backup taken while a batched SQLite import ran holds the batches it had committed:
  // nothing runs that import in the restored store, so it is undone from its journal,
  // as a crashed one would be, and the store is as it was before that import began.
  const running = await store.db.selectFrom("imports").select("id").where("status", "=", "running").where("owner", "is not", null).execute();
  for (const { id } of running) await undoImport(store.db, id);
  return summary;
}

/**
 * Writes every table as documented JSON (docs/formats/export.md): `manifest.json` and one
 * `<table>.ndjson` file per table, a JSON object per row with the column names as keys.
 * Read in one snapshot, like a backup. The folder appears under its name only when complete.
 */
export async function exportStore(store: Store, outDir: string, progress?: DumpProgress): Promise<DumpSummary> {
  const partial = `${outDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const summary = await inSnapshot(store, async (db) => {
      const tables = await describeTables(store, db);
      const counts = await countRows(db, tables);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const done: { name: string; rows: number; file: string; columns: string[] }[] = [];
      let rowsDone = 0;
      for (const table of tables) {
        const fileName = `${table.name}.ndjson`;
        const out = createWriteStream(join(partial, fileName));
        const closed = once(out, "close");
        let rows = 0;
        for await (const page of readTableRows(db, table)) {
          for (const row of page) await writeLine(out, redactForExport(table.name, Object.fromEntries(table.columns.map((c, i) => [c, row[i]]))));
          rows += page.length;
          rowsDone += page.length;
          await progress?.(rowsDone, total, table.name);
        }
        out.end();
        await closed;
        done.push({ name: table.name, rows, file: fileName, columns: table.columns });
      }
      const migrations = await appliedMigrations(db);
      const manifest = { format: EXPORT_FORMAT, version: 1, createdAt: new Date().toISOString(), store: store.dialect.name, migrations, tables: done };
      const out = createWriteStream(join(partial, "manifest.json"));
      const closed = once(out, "close");
      out.end(`${JSON.stringify(manifest, null, 2)}\n`);
      await closed;
      return { tables: done.map(({ name, rows }) => ({ name, rows })), rows: rowsDone, migrations };
    });
    rmSync(outDir, { recursive: true, force: true });
    renameSync(partial, outDir);
    return summary;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies the whole store into another, empty one (SQLite to PostgreSQL, say): a backup
 * to a temporary file, then a restore from it, so the target gets all or nothing.
 */
export async function copyStore(source: Store, target: Store, progress?: DumpProgress): Promise<DumpSummary> {
  const dir = mkdtempSync(join(tmpdir(), "debrief-copy-"));
  try {
    const file = join(dir, "store.debrief-backup");
    await backupStore(source, file, progress);
    return await restoreStore(target, file, progress);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lists a folder's files, for messages about what an export wrote. */
export function exportedFiles(dir: string): string[] {
  return readdirSync(dir).sort();
}

// One read transaction for a whole dump. On PostgreSQL, REPEATABLE READ gives every
// query the snapshot of its first; on SQLite in WAL mode, a read transaction sees the
// database as of its first read, whatever writers commit meanwhile.
async function inSnapshot<T>(store: Store, work: (db: Db) => Promise<T>): Promise<T> {
  const builder = store.db.transaction();
  // Read-only on SQLite too, so the snapshot never takes the write lock (see src/db/sqlite-driver.ts).
  const transaction = store.dialect.name === "postgres" ? builder.setIsolationLevel("repeatable read") : builder.setAccessMode("read only");
  return transaction.execute(async (trx) => {
    if (store.dialect.name === "postgres") await sql`set transaction read only`.execute(trx);
    return work(trx);
  });
}

async function writeLine(stream: Writable, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, "drain");
}

function readLines(file: string): AsyncIterableIterator<string> {
  const input = createReadStream(file);
  const gunzip = createGunzip();
  // A missing or unreadable file, or one that is not gzip, ends the line reader with an error.
  input.on("error", (error) => gunzip.destroy(error));
  return createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity })[Symbol.asyncIterator]();
}

async function readHeader(lines: AsyncIterableIterator<string>, file: string): Promise<BackupHeader> {
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch (error) {
    throw new InputError(`${file}: not a Debrief backup (${error instanceof Error ? error.message : String(error)})`);
  }
  if (first.done) throw new InputError(`${file}: empty file, not a Debrief backup`);
  const header = parseLine(first.value, file, 1);
  if (Array.isArray(header) || header.format !== FORMAT) throw new InputError(`${file}: line 1: not a Debrief backup`);
  if (header.version !== 1) throw new InputError(`${file}: line 1: backup format version ${String(header.version)} is not supported`);
  if (!Array.isArray(header.migrations) || !header.migrations.every((m) => typeof m === "string")) throw new InputError(`${file}: line 1: no migration list`);
  return header as unknown as BackupHeader;
}

function parseLine(text: string, file: string, line: number): Record<string, unknown> | unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: line ${line}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (value === null || typeof value !== "object") throw new InputError(`${file}: line ${line}: expected an object or an array`);
  return value as Record<string, unknown> | unknown[];
}
