import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * The foundation schema: people and their identities across sources, teams over time,
 * conversations and messages as imported (with decoded mentions and references in side
 * tables), incidents and the sources that belong to them, the import journal and the
 * audit trail. Indexes are kept lean: each one costs on every imported message.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;
  await db.schema
    .createTable("people")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("timezone", "text")
    .addColumn("title", "text")
    .addColumn("department", "text")
    .addColumn("manager_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("start_date", "text")
    .addColumn("end_date", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("identities")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("workspace", "text")
    .addColumn("handle", "text")
    .addColumn("display_name", "text")
    .addColumn("email", "text")
    .addColumn("timezone", "text")
    .addColumn("title", "text")
    .addColumn("is_bot", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deleted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("identities_source_external_id_unique", ["source", "external_id"])
    .execute();
  await db.schema.createIndex("identities_person_id_index").on("identities").column("person_id").execute();

  await db.schema
    .createTable("teams")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("team_memberships")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("person_id", "integer", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("from_at", "bigint", (c) => c.notNull())
    .addColumn("to_at", "bigint")
    .execute();
  await db.schema.createIndex("team_memberships_person_id_index").on("team_memberships").column("person_id").execute();
  await db.schema.createIndex("team_memberships_team_id_index").on("team_memberships").column("team_id").execute();

  await db.schema
    .createTable("imports")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source_name", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "bigint")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("error", "text")
    .execute();

  await db.schema
    .createTable("conversations")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("external_id", "text", (c) => c.notNull())
    .addColumn("workspace", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("topic", "text")
    .addColumn("purpose", "text")
    .addColumn("created_at", "bigint")
    .addColumn("creator_external_id", "text")
    .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("members", "text")
    .addUniqueConstraint("conversations_source_external_id_unique", ["source", "external_id"])
    .execute();

  // Mentions and references are clustered by (message_id, position): one b-tree each,
  // read in message order by the timeline, and no second index to maintain on import.
  // Message ids are reserved by the importer (see Dialect.reserveIds), so side-table rows
  // can be written in the same bulk pass; on PostgreSQL they still come from the sequence.
  await db.schema
    .createTable("messages")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("conversation_id", "integer", (c) => c.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("ts", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("author_identity_id", "integer", (c) => c.references("identities.id").onDelete("set null"))
    .addColumn("author_external_id", "text")
    .addColumn("author_name", "text")
    .addColumn("subtype", "text")
    .addColumn("text", "text", (c) => c.notNull())
    // Null when the raw mrkdwn equals the decoded text (most messages): half the bytes.
    .addColumn("raw_text", "text")
    .addColumn("thread_ts", "text")
    .addColumn("parent_user_external_id", "text")
    .addColumn("is_broadcast", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reply_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("edited_at", "bigint")
    .addColumn("edited_by_external_id", "text")
    .addColumn("inviter_external_id", "text")
    .addColumn("files", "text")
    .addColumn("reactions", "text")
    .addColumn("attachments", "text")
    .addColumn("import_id", "integer", (c) => c.notNull())
    .addUniqueConstraint("messages_conversation_id_ts_unique", ["conversation_id", "ts"])
    .execute();

  await db.schema
    .createTable("message_mentions")
    .addColumn("message_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("message_mentions_pk", ["message_id", "position"])
    .$call(dialect.clusteredByPrimaryKey)
    .execute();

  await db.schema
    .createTable("message_references")
    .addColumn("message_id", "integer", (c) => c.notNull().references("messages.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addPrimaryKeyConstraint("message_references_pk", ["message_id", "position"])
    .$call(dialect.clusteredByPrimaryKey)
    .execute();

  await db.schema
    .createTable("incidents")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("severity", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint")
    .addColumn("detected_at", "bigint")
    .addColumn("resolved_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("incident_sources")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("conversation_id", "integer", (c) => c.references("conversations.id").onDelete("cascade"))
    .addColumn("external_id", "text")
    .addColumn("from_at", "bigint")
    .addColumn("to_at", "bigint")
    .execute();
  await db.schema.createIndex("incident_sources_incident_id_index").on("incident_sources").column("incident_id").execute();
  await db.schema.createIndex("incident_sources_conversation_id_index").on("incident_sources").column("conversation_id").execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_type", "text")
    .addColumn("subject_id", "text")
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("audit_events_at_index").on("audit_events").column("at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_events",
    "incident_sources",
    "incidents",
    "message_references",
    "message_mentions",
    "messages",
    "conversations",
    "imports",
    "team_memberships",
    "teams",
    "identities",
    "people",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
