import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * The interview step: interviews with their interviewers and named shares, uploaded
 * transcripts (kept apart so the retention sweep deletes one row), quotes with their
 * consent, and anonymous input through per-incident links (token hashes only; inputs
 * keep no account, address, browser or time of day).
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;
  await db.schema
    .createTable("interviews")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("interviewee_name", "text", (c) => c.notNull())
    .addColumn("scheduled_at", "bigint")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("consent", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("prompts", "text", (c) => c.notNull())
    .addColumn("links", "text", (c) => c.notNull())
    .addColumn("retention_until", "bigint")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("interviews_incident_index").on("interviews").columns(["incident_id", "position"]).execute();

  for (const table of ["interview_interviewers", "interview_shares"]) {
    let builder = db.schema
      .createTable(table)
      .addColumn("interview_id", "integer", (c) => c.notNull().references("interviews.id").onDelete("cascade"))
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"));
    if (table === "interview_shares") builder = builder.addColumn("shared_by", "integer", (c) => c.notNull()).addColumn("shared_at", "bigint", (c) => c.notNull());
    await builder.addPrimaryKeyConstraint(`${table}_pk`, ["interview_id", "user_id"]).execute();
  }
  await db.schema.createIndex("interview_interviewers_user_index").on("interview_interviewers").column("user_id").execute();

  await db.schema
    .createTable("interview_transcripts")
    .addColumn("interview_id", "integer", (c) => c.primaryKey().references("interviews.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("cues", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("anonymous_links")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("revoked_at", "bigint")
    .execute();

  await db.schema
    .createTable("anonymous_inputs")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("link_id", "integer", (c) => c.notNull().references("anonymous_links.id").onDelete("cascade"))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("made_it_hard", "text", (c) => c.notNull())
    .addColumn("surprised", "text", (c) => c.notNull())
    .addColumn("others_should_know", "text", (c) => c.notNull())
    .addColumn("received_on", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("anonymous_inputs_incident_index").on("anonymous_inputs").column("incident_id").execute();

  await db.schema
    .createTable("anonymous_input_rate")
    .addColumn("link_id", "integer", (c) => c.notNull().references("anonymous_links.id").onDelete("cascade"))
    .addColumn("hour", "bigint", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("anonymous_input_rate_pk", ["link_id", "hour"])
    .execute();

  await db.schema
    .createTable("interview_quotes")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("interview_id", "integer", (c) => c.references("interviews.id").onDelete("cascade"))
    .addColumn("anonymous_input_id", "integer", (c) => c.references("anonymous_inputs.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("consent", "text", (c) => c.notNull())
    .addColumn("event_ref", "text")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("interview_quotes_incident_index").on("interview_quotes").columns(["incident_id", "interview_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["interview_quotes", "anonymous_input_rate", "anonymous_inputs", "anonymous_links", "interview_transcripts", "interview_shares", "interview_interviewers", "interviews"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
