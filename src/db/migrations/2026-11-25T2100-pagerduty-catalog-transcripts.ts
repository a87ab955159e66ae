import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * Who was there and why: PagerDuty (incidents, log entries, on-call shifts, services),
 * the service catalog with owners over time, meeting transcripts, and the services an
 * incident involves. PagerDuty users are identities (source `pagerduty`) like Slack's.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;

  // How an identity came to belong to its person: `explicit` (the HR directory names
  // it), `email`, `name` (a unique name match), or `created` (nothing matched, so a new
  // person was made). Shown to the analyst instead of guessing silently.
  await db.schema.alterTable("identities").addColumn("match_method", "text").execute();
  await db.schema.createIndex("identities_email_index").on("identities").column("email").execute();
  await db.schema.alterTable("teams").addColumn("catalog_ref", "text").execute();
  await db.schema.alterTable("teams").addColumn("display_name", "text").execute();
  await db.schema
    .createIndex("team_memberships_unique")
    .on("team_memberships")
    .columns(["person_id", "team_id", "from_at"])
    .unique()
    .execute();

  await db.schema
    .createTable("services")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("system_name", "text")
    .addColumn("description", "text")
    .addColumn("lifecycle", "text")
    .addColumn("catalog_ref", "text", (c) => c.unique())
    .addColumn("pagerduty_service_id", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("service_owners")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("service_id", "integer", (c) => c.notNull().references("services.id").onDelete("cascade"))
    .addColumn("team_id", "integer", (c) => c.notNull().references("teams.id").onDelete("cascade"))
    .addColumn("from_at", "bigint", (c) => c.notNull())
    .addColumn("to_at", "bigint")
    .execute();
  await db.schema.createIndex("service_owners_service_id_index").on("service_owners").column("service_id").execute();

  await db.schema
    .createTable("pagerduty_services")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("escalation_policy_id", "text")
    .addColumn("service_id", "integer", (c) => c.references("services.id").onDelete("set null"))
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pagerduty_escalation_policies")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pagerduty_schedules")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("time_zone", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pagerduty_incidents")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("number", "integer")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("status", "text")
    .addColumn("urgency", "text")
    .addColumn("priority", "text")
    .addColumn("service_external_id", "text")
    .addColumn("escalation_policy_external_id", "text")
    .addColumn("html_url", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("resolved_at", "bigint")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("pagerduty_incidents_number_index").on("pagerduty_incidents").column("number").execute();
  await db.schema.createIndex("pagerduty_incidents_created_at_index").on("pagerduty_incidents").column("created_at").execute();

  // One row per log entry (or webhook event). `kind` is the normalised type
  // (`trigger`, `notify`, `acknowledge`, `escalate`, `assign`, `resolve`, …; unknown
  // types are kept as given); `target_user_ids` the PagerDuty users it reached.
  await db.schema
    .createTable("pagerduty_log_entries")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("external_id", "text", (c) => c.notNull().unique())
    .addColumn("incident_external_id", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("agent_type", "text")
    .addColumn("agent_external_id", "text")
    .addColumn("target_user_ids", "text")
    .addColumn("channel_type", "text")
    .addColumn("summary", "text")
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("pagerduty_log_entries_incident_index").on("pagerduty_log_entries").columns(["incident_external_id", "at"]).execute();
  await db.schema.createIndex("pagerduty_log_entries_at_index").on("pagerduty_log_entries").column("at").execute();

  await db.schema
    .createTable("oncall_shifts")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("user_external_id", "text", (c) => c.notNull())
    .addColumn("escalation_policy_external_id", "text")
    .addColumn("escalation_policy_name", "text")
    .addColumn("schedule_external_id", "text")
    .addColumn("schedule_name", "text")
    .addColumn("escalation_level", "integer")
    .addColumn("start_at", "bigint")
    .addColumn("end_at", "bigint")
    .addColumn("natural_key", "text", (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex("oncall_shifts_user_index").on("oncall_shifts").columns(["user_external_id", "start_at"]).execute();

  await db.schema
    .createTable("incident_services")
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("service_id", "integer", (c) => c.notNull().references("services.id").onDelete("cascade"))
    .addColumn("origin", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("incident_services_pk", ["incident_id", "service_id"])
    .execute();

  await db.schema
    .createTable("transcripts")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("content_sha256", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint")
    .addColumn("imported_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("transcripts_incident_content_unique", ["incident_id", "content_sha256"])
    .execute();

  await db.schema
    .createTable("transcript_cues")
    .addColumn("transcript_id", "integer", (c) => c.notNull().references("transcripts.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("start_ms", "integer", (c) => c.notNull())
    .addColumn("end_ms", "integer", (c) => c.notNull())
    .addColumn("speaker_name", "text")
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("text", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("transcript_cues_pk", ["transcript_id", "position"])
    .$call(dialect.clusteredByPrimaryKey)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "transcript_cues",
    "transcripts",
    "incident_services",
    "oncall_shifts",
    "pagerduty_log_entries",
    "pagerduty_incidents",
    "pagerduty_schedules",
    "pagerduty_escalation_policies",
    "pagerduty_services",
    "service_owners",
    "services",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex("team_memberships_unique").ifExists().execute();
  await db.schema.dropIndex("identities_email_index").ifExists().execute();
  await db.schema.alterTable("identities").dropColumn("match_method").execute();
  await db.schema.alterTable("teams").dropColumn("display_name").execute();
  await db.schema.alterTable("teams").dropColumn("catalog_ref").execute();
}
