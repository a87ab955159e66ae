import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * On SQLite a large import commits in short batches, so the server's writes are never
 * held up behind it. The journal records what each committed batch did — ranges of
 * message ids it added, rows it created, and the previous content of rows it replaced —
 * so a failed or interrupted import can still be undone as a whole. `owner` names the
 * process running an import, so one whose process died can be told apart from one
 * still running and undone.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema.alterTable("imports").addColumn("owner", "text").execute();
  await db.schema
    .createTable("import_journal")
    .addColumn("id", dialect.idType, (c) => dialect.idColumn(c))
    .addColumn("import_id", "integer", (c) => c.notNull())
    .addColumn("table_name", "text", (c) => c.notNull())
    .addColumn("first_id", "integer", (c) => c.notNull())
    .addColumn("last_id", "integer", (c) => c.notNull())
    .addColumn("old_values", "text")
    .execute();
  await db.schema.createIndex("import_journal_import_id_index").on("import_journal").column("import_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("import_journal").execute();
  await db.schema.alterTable("imports").dropColumn("owner").execute();
}
