import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * Full-text search. Messages are indexed where they are stored (no second copy of
 * their text): SQLite keeps an FTS5 index over `messages` up to date with triggers;
 * PostgreSQL keeps a GIN index on the expression `to_tsvector('english', text)`.
 * Everything else searchable (transcript cues, annotations, and the documents other
 * features add) is a row of `search_documents`, indexed the same way. Both use English
 * stemming (FTS5's porter tokenizer, PostgreSQL's `english` configuration).
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("search_documents")
    .addColumn("id", dialect.idType, (c) => dialect.idColumn(c))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("event_kind", "text")
    .addColumn("event_id", "text")
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("person_id", "integer")
    .addColumn("audience", "text", (c) => c.notNull().defaultTo("incident"))
    .addColumn("owner_user_id", "integer")
    .addColumn("tags", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addUniqueConstraint("search_documents_kind_ref_unique", ["kind", "ref"])
    .execute();
  await db.schema.createIndex("search_documents_incident_index").on("search_documents").column("incident_id").execute();

  if (dialect.name === "sqlite") {
    const tokenize = "tokenize = 'porter unicode61 remove_diacritics 2'";
    await sql.raw(`create virtual table messages_fts using fts5(text, content = 'messages', content_rowid = 'id', ${tokenize})`).execute(db);
    await sql.raw(`create trigger messages_fts_insert after insert on messages begin insert into messages_fts(rowid, text) values (new.id, new.text); end`).execute(db);
    await sql.raw(`create trigger messages_fts_delete after delete on messages begin insert into messages_fts(messages_fts, rowid, text) values ('delete', old.id, old.text); end`).execute(db);
    await sql
      .raw(`create trigger messages_fts_update after update of text on messages begin insert into messages_fts(messages_fts, rowid, text) values ('delete', old.id, old.text); insert into messages_fts(rowid, text) values (new.id, new.text); end`)
      .execute(db);
    await sql.raw(`insert into messages_fts(messages_fts) values ('rebuild')`).execute(db);
    await sql.raw(`create virtual table search_documents_fts using fts5(body, content = 'search_documents', content_rowid = 'id', ${tokenize})`).execute(db);
    await sql.raw(`create trigger search_documents_fts_insert after insert on search_documents begin insert into search_documents_fts(rowid, body) values (new.id, new.body); end`).execute(db);
    await sql.raw(`create trigger search_documents_fts_delete after delete on search_documents begin insert into search_documents_fts(search_documents_fts, rowid, body) values ('delete', old.id, old.body); end`).execute(db);
    await sql
      .raw(`create trigger search_documents_fts_update after update of body on search_documents begin insert into search_documents_fts(search_documents_fts, rowid, body) values ('delete', old.id, old.body); insert into search_documents_fts(rowid, body) values (new.id, new.body); end`)
      .execute(db);
  } else {
    await sql.raw(`create index messages_text_search_index on messages using gin (to_tsvector('english', text))`).execute(db);
    await sql.raw(`alter table search_documents add column tsv tsvector generated always as (to_tsvector('english', body)) stored`).execute(db);
    await sql.raw(`create index search_documents_tsv_index on search_documents using gin (tsv)`).execute(db);
  }

  // What is already stored becomes searchable.
  await sql`insert into search_documents (kind, ref, incident_id, event_kind, event_id, at, person_id, audience, owner_user_id, tags, body)
    select 'transcript', cast(c.transcript_id as text) || ':' || cast(c.position as text), t.incident_id, 'cue',
      cast(c.transcript_id as text) || ':' || cast(c.position as text), coalesce(t.started_at, t.imported_at) + c.start_ms, c.person_id, 'incident', null, null, c.text
    from transcript_cues c join transcripts t on t.id = c.transcript_id`.execute(db);
  await sql`insert into search_documents (kind, ref, incident_id, event_kind, event_id, at, person_id, audience, owner_user_id, tags, body)
    select 'annotation', cast(a.id as text), a.incident_id, a.event_kind, a.event_id, a.created_at, u.person_id, 'incident', a.author_user_id, a.tags,
      a.note || ' ' || coalesce(a.quote, '')
    from annotations a left join users u on u.id = a.author_user_id`.execute(db);
}

export async function down(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect.name === "sqlite") {
    for (const trigger of ["messages_fts_insert", "messages_fts_delete", "messages_fts_update", "search_documents_fts_insert", "search_documents_fts_delete", "search_documents_fts_update"]) {
      await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
    }
    await sql.raw("drop table if exists messages_fts").execute(db);
    await sql.raw("drop table if exists search_documents_fts").execute(db);
  } else {
    await sql.raw("drop index if exists messages_text_search_index").execute(db);
  }
  await db.schema.dropTable("search_documents").ifExists().execute();
}
