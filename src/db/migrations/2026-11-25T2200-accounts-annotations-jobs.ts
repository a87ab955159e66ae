import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * The analyst's workspace: accounts with roles, login sessions and API tokens (both
 * stored only as SHA-256 hashes), failed logins (to slow guessing), annotations on
 * timeline events (versioned against lost updates), analysts assigned to incidents,
 * and import jobs run in the background (in the database, so any app instance can
 * report their progress).
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;

  await db.schema
    .createTable("users")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("csrf_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("last_seen_at", "bigint", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("sessions_user_id_index").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("api_tokens")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("expires_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_key_index").on("login_failures").columns(["key_hash", "at"]).execute();

  await db.schema
    .createTable("incident_analysts")
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("assigned_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_analysts_pk", ["incident_id", "user_id"])
    .execute();

  // An annotation marks one timeline event (a message, a PagerDuty log entry or a
  // transcript cue), optionally a character range of its text.
  await db.schema
    .createTable("annotations")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("event_kind", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("range_start", "integer")
    .addColumn("range_end", "integer")
    .addColumn("quote", "text")
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("author_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("annotations_incident_index").on("annotations").columns(["incident_id", "event_kind", "event_id"]).execute();

  await db.schema
    .createTable("import_jobs")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("file_path", "text", (c) => c.notNull())
    .addColumn("original_name", "text", (c) => c.notNull())
    .addColumn("options", "text")
    .addColumn("progress_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("progress_total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("summary", "text")
    .addColumn("error", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("started_at", "bigint")
    .addColumn("finished_at", "bigint")
    .execute();
  await db.schema.createIndex("import_jobs_status_index").on("import_jobs").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["import_jobs", "annotations", "incident_analysts", "login_failures", "api_tokens", "sessions", "users"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
