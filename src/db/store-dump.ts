import { type Kysely, sql, type Transaction } from "kysely";
import type { Store } from "./connection.js";
import type { Db } from "./dialect.js";


/** One table as the store holds it: its columns in order and its primary key. */
export interface TableShape {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** Tables this one refers to by foreign key (itself excluded). */
  references: string[];
}

/** Kysely's own bookkeeping: a backup records the applied migrations by name instead. */
const BOOKKEEPING = new Set(["kysely_migration", "kysely_migration_lock"]);

/** Rows read per query when a table is walked in primary-key order. */
const PAGE_ROWS = 5000;

// Raw row access: the CamelCasePlugin would rename snake_case columns in results.
type RawDb = Kysely<Record<string, Record<string, unknown>>> | Transaction<Record<string, Record<string, unknown>>>;
function raw(db: Db): RawDb {
  return db.withoutPlugins() as unknown as RawDb;
}

/**
 * Every data table of the store with its columns, primary key and foreign keys, in an
 * order where each table comes after the tables it refers to (so rows can be written
 * back table by table with foreign keys checked).
 */
export async function describeTables(store: Store, db: Db = store.db): Promise<TableShape[]> {
  const shapes = store.dialect.name === "sqlite" ? await sqliteShapes(db) : await postgresShapes(db);
  return dependencyOrder(shapes.filter((shape) => !BOOKKEEPING.has(shape.name)));
}

async function sqliteShapes(db: Db): Promise<TableShape[]> {
  const all = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(raw(db));
  // Full-text indexes (virtual tables and their shadow tables) are derived from the
  // data and rebuilt as it is written back: they are not part of a backup.
  const virtual = all.rows.filter((t) => /^create virtual table/i.test(t.sql ?? "")).map((t) => t.name);
  const tables = { rows: all.rows.filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`))) };
  const shapes: TableShape[] = [];
  for (const { name } of tables.rows) {
    const info = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name}) order by cid`.execute(raw(db));
    const fks = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(raw(db));
    shapes.push({
      name,
      columns: info.rows.map((c) => c.name),
      primaryKey: info.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      references: [...new Set(fks.rows.map((f) => f.table))].filter((t) => t !== name),
    });
  }
  return shapes;
}

async function postgresShapes(db: Db): Promise<TableShape[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(raw(db));
  const columns = await sql<{ table: string; name: string }>`
    select table_name as "table", column_name as name from information_schema.columns
    where table_schema = current_schema() and is_generated = 'NEVER' order by table_name, ordinal_position`.execute(raw(db));
  const keys = await sql<{ table: string; name: string }>`
    select c.relname as "table", a.attname as name
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary
    order by c.relname, k.position`.execute(raw(db));
  const fks = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent
    from pg_constraint f
    join pg_class c on c.oid = f.conrelid
    join pg_class p on p.oid = f.confrelid
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    where f.contype = 'f'`.execute(raw(db));
  return tables.rows.map(({ name }) => ({
    name,
    columns: columns.rows.filter((c) => c.table === name).map((c) => c.name),
    primaryKey: keys.rows.filter((k) => k.table === name).map((k) => k.name),
    references: [...new Set(fks.rows.filter((f) => f.child === name).map((f) => f.parent))].filter((t) => t !== name),
  }));
}

function dependencyOrder(shapes: TableShape[]): TableShape[] {
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: TableShape[] = [];
  const visit = (shape: TableShape): void => {
    if (done.has(shape.name)) return;
    if (visiting.has(shape.name)) throw new Error(`tables refer to each other in a cycle through ${shape.name}`);
    visiting.add(shape.name);
    for (const parent of shape.references) {
      const parentShape = byName.get(parent);
      if (parentShape) visit(parentShape);
    }
    visiting.delete(shape.name);
    done.add(shape.name);
    ordered.push(shape);
  };
  for (const shape of [...shapes].sort((a, b) => a.name.localeCompare(b.name))) visit(shape);
  return ordered;
}

/**
 * Reads every row of `table` in primary-key order, a page at a time (memory stays flat
 * on a million-message store). Run it inside one read transaction so all tables come
 * from the same moment.
 */
export async function* readTableRows(db: Db, table: TableShape): AsyncGenerator<unknown[][]> {
  const columns = sql.join(table.columns.map((c) => sql.id(c)));
  const from = sql.table(table.name);
  if (table.primaryKey.length === 0) {
    // No key to walk by: one query (only small bookkeeping tables lack a key).
    const result = await sql<Record<string, unknown>>`select ${columns} from ${from}`.execute(raw(db));
    if (result.rows.length > 0) yield result.rows.map((row) => table.columns.map((c) => row[c] ?? null));
    return;
  }
  const key = sql.join(table.primaryKey.map((c) => sql.id(c)));
  let after: unknown[] | null = null;
  for (;;) {
    const where: ReturnType<typeof sql> = after === null ? sql`` : sql`where (${key}) > (${sql.join(after)})`;
    const result: { rows: Record<string, unknown>[] } = await sql<Record<string, unknown>>`select ${columns} from ${from} ${where} order by ${key} limit ${PAGE_ROWS}`.execute(raw(db));
    if (result.rows.length === 0) return;
    yield result.rows.map((row) => table.columns.map((c) => row[c] ?? null));
    if (result.rows.length < PAGE_ROWS) return;
    const last = result.rows[result.rows.length - 1] as Record<string, unknown>;
    after = table.primaryKey.map((c) => last[c]);
  }
}

/** Counts the rows of every data table (for "is this store empty" and for reports). */
export async function countRows(db: Db, tables: readonly TableShape[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(raw(db));
    counts.set(table.name, Number(result.rows[0]?.n ?? 0));
  }
  return counts;
}

/**
 * After rows were written with their ids, moves every PostgreSQL id sequence past the
 * largest id, so the next insert does not collide with a restored row.
 */
export async function resetIdSequences(store: Store, db: Db, tables: readonly TableShape[]): Promise<void> {
  if (store.dialect.name !== "postgres") return;
  for (const table of tables) {
    if (!table.columns.includes("id")) continue;
    const seq = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${table.name}, 'id') as seq`.execute(raw(db));
    const name = seq.rows[0]?.seq;
    if (!name) continue;
    await sql`select setval(${name}, coalesce((select max(id) from ${sql.table(table.name)}), 0) + 1, false)`.execute(raw(db));
  }
}

/** The names of the applied migrations, oldest first. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(raw(db));
  return result.rows.map((row) => row.name);
}

