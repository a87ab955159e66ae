import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * SQLite: new messages are indexed by the import, one `insert … select` for many
 * batches (`indexNewMessages`, src/db/search/search-index.ts), instead of a trigger
 * per row.
 * FTS5 writes its pending terms out at the start of every statement that touches it,
 * so the trigger, firing inside each 64-row insert, wrote a small segment per statement
 * and merged them again: about twice the work of one statement per batch.
 *
 * Edits and deletes keep their triggers, now touching the index only for rows it holds,
 * so a row stored some other way (a test's seed) is merely not found, and the index is
 * never asked to forget a row it never had.
 */

const INDEXED = "exists (select 1 from messages_fts_docsize where id = old.id)";

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect.name !== "sqlite") return;
  for (const trigger of ["messages_fts_insert", "messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  await sql.raw(`create trigger messages_fts_delete after delete on messages when ${INDEXED} begin insert into messages_fts(messages_fts, rowid, text) values ('delete', old.id, old.text); end`).execute(db);
  await sql
    .raw(
      `create trigger messages_fts_update after update of text on messages begin
        insert into messages_fts(messages_fts, rowid, text) select 'delete', old.id, old.text where ${INDEXED};
        insert into messages_fts(rowid, text) values (new.id, new.text);
      end`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect.name !== "sqlite") return;
  for (const trigger of ["messages_fts_update", "messages_fts_delete"]) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  await sql.raw(`create trigger messages_fts_insert after insert on messages begin insert into messages_fts(rowid, text) values (new.id, new.text); end`).execute(db);
  await sql.raw(`create trigger messages_fts_delete after delete on messages begin insert into messages_fts(messages_fts, rowid, text) values ('delete', old.id, old.text); end`).execute(db);
  await sql
    .raw(`create trigger messages_fts_update after update of text on messages begin insert into messages_fts(messages_fts, rowid, text) values ('delete', old.id, old.text); insert into messages_fts(rowid, text) values (new.id, new.text); end`)
    .execute(db);
  await sql.raw(`insert into messages_fts(messages_fts) values ('rebuild')`).execute(db);
}
