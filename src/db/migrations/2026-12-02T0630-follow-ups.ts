import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * Follow-ups of an incident: title, kind, status, an owner (a person, who need not have
 * an account), a due day, a tracker link, and the timeline event or annotation they came
 * from, copied as it was (quote, author, time) so a later edit of the annotation does not
 * rewrite why the follow-up exists. Versioned against lost updates, like annotations.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("follow_ups")
    .addColumn("id", dialect.idType, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("owner_person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    // A calendar day (YYYY-MM-DD), compared as text: a due date is a day, not an instant.
    .addColumn("due_date", "text")
    .addColumn("tracker_url", "text")
    .addColumn("context_source", "text")
    .addColumn("context_event_key", "text")
    .addColumn("context_annotation_id", "integer", (c) => c.references("annotations.id").onDelete("set null"))
    .addColumn("context_quote", "text")
    .addColumn("context_author", "text")
    .addColumn("context_at", "bigint")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("follow_ups_incident_index").on("follow_ups").column("incident_id").execute();
  await db.schema.createIndex("follow_ups_owner_index").on("follow_ups").columns(["owner_person_id", "status"]).execute();
  await db.schema.createIndex("follow_ups_due_index").on("follow_ups").columns(["status", "due_date"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("follow_ups").ifExists().execute();
}
