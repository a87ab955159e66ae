import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * Learning from published reviews: the library (one entry per published review
 * version, written when it is published), reads reported by the reader page, questions
 * with their replies, "I didn't know that" marks, reactions, the notification queue and
 * its rules, review meetings (attendees, speakers from the transcript, marks made during
 * it, an anonymous survey) and the programme-health settings.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;

  await db.schema
    .createTable("library_entries")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // JSON: [{key, title, markdown}], [{userId, name}], and string arrays.
    .addColumn("sections", "text", (c) => c.notNull())
    .addColumn("authors", "text", (c) => c.notNull())
    .addColumn("tags", "text", (c) => c.notNull())
    .addColumn("services", "text", (c) => c.notNull())
    .addColumn("teams", "text", (c) => c.notNull())
    // Lower-cased title, text, tags, services and teams: what a search matches.
    .addColumn("search_text", "text", (c) => c.notNull())
    .addColumn("published_at", "bigint", (c) => c.notNull())
    // `YYYY-MM` (UTC) of published_at: the dashboard's month, grouped in SQL on both dialects.
    .addColumn("published_month", "text", (c) => c.notNull())
    // The newest version of a review replaces the older ones in the library.
    .addColumn("superseded", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("library_entries_version_unique", ["incident_id", "version"])
    .execute();
  await db.schema.createIndex("library_entries_published_index").on("library_entries").columns(["superseded", "published_at"]).execute();

  // Teams and authors of an entry, as rows, so filters and the dashboard join on them.
  await db.schema
    .createTable("library_entry_teams")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("team", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("library_entry_teams_pk", ["entry_id", "team"])
    .execute();
  await db.schema.createIndex("library_entry_teams_team_index").on("library_entry_teams").columns(["team", "entry_id"]).execute();
  await db.schema
    .createTable("library_entry_authors")
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("library_entry_authors_pk", ["entry_id", "user_id"])
    .execute();

  await db.schema
    .createTable("review_reads")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("visit_id", "text", (c) => c.notNull())
    .addColumn("started_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("visible_ms", "integer", (c) => c.notNull())
    // JSON array of section keys, and how many of the entry's sections that is.
    .addColumn("sections", "text", (c) => c.notNull())
    .addColumn("sections_reached", "integer", (c) => c.notNull())
    // Copied when the read is recorded, so the dashboard groups reads without a join per
    // read: the entry's publication month, and the reader's directory department then.
    .addColumn("entry_month", "text", (c) => c.notNull())
    .addColumn("department", "text")
    .addUniqueConstraint("review_reads_visit_unique", ["user_id", "visit_id"])
    .execute();
  // Covering for the dashboard's passes over reads (by review, by team, by month): no row lookups.
  await db.schema.createIndex("review_reads_entry_index").on("review_reads").columns(["entry_id", "user_id", "entry_month", "department", "started_at"]).execute();
  await db.schema.createIndex("review_reads_month_index").on("review_reads").columns(["entry_month", "user_id", "department"]).execute();

  await db.schema
    .createTable("review_questions")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("section_key", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("review_questions.id").onDelete("cascade"))
    .addColumn("author_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("review_questions_entry_index").on("review_questions").columns(["entry_id", "created_at"]).execute();

  await db.schema
    .createTable("review_ahas")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("section_key", "text", (c) => c.notNull())
    .addColumn("passage", "text", (c) => c.notNull())
    .addColumn("note", "text")
    .addColumn("author_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("review_ahas_entry_index").on("review_ahas").columns(["entry_id", "created_at"]).execute();

  await dialect
    .clusteredByPrimaryKey(
      db.schema
        .createTable("review_reactions")
        .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
        .addColumn("section_key", "text", (c) => c.notNull())
        .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
        .addColumn("reaction", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("review_reactions_pk", ["entry_id", "section_key", "user_id", "reaction"]),
    )
    .execute();

  await db.schema
    .createTable("notification_rules")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("audience_type", "text", (c) => c.notNull())
    .addColumn("audience", "text")
    .addColumn("webhook_url", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("notification_deliveries")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("entry_id", "integer", (c) => c.notNull().references("library_entries.id").onDelete("cascade"))
    .addColumn("rule_id", "integer", (c) => c.references("notification_rules.id").onDelete("set null"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("next_attempt_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("sent_at", "bigint")
    .addUniqueConstraint("notification_deliveries_unique", ["entry_id", "channel", "target"])
    .execute();
  await db.schema.createIndex("notification_deliveries_due_index").on("notification_deliveries").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("review_meetings")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().references("incidents.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("scheduled_at", "bigint", (c) => c.notNull())
    .addColumn("transcript_name", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    // JSON array of questions while a survey is open or was run; null without a survey.
    .addColumn("survey_questions", "text")
    .addColumn("survey_open", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("review_meetings_incident_index").on("review_meetings").columns(["incident_id", "scheduled_at"]).execute();

  await db.schema
    .createTable("meeting_attendees")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("review_meetings.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("meeting_attendees_meeting_index").on("meeting_attendees").column("meeting_id").execute();

  await db.schema
    .createTable("meeting_speakers")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("review_meetings.id").onDelete("cascade"))
    .addColumn("speaker_name", "text", (c) => c.notNull())
    .addColumn("person_id", "integer", (c) => c.references("people.id").onDelete("set null"))
    .addColumn("words", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("meeting_speakers_pk", ["meeting_id", "speaker_name"])
    .execute();

  await db.schema
    .createTable("meeting_marks")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("review_meetings.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("author_user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("meeting_marks_meeting_index").on("meeting_marks").columns(["meeting_id", "at"]).execute();

  // Who answered the survey and what was answered are kept apart, with nothing that
  // links a row of one to a row of the other (answers carry no author and no time).
  await db.schema
    .createTable("survey_respondents")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("review_meetings.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("survey_respondents_pk", ["meeting_id", "user_id"])
    .execute();
  await db.schema
    .createTable("survey_answers")
    .addColumn("meeting_id", "integer", (c) => c.notNull().references("review_meetings.id").onDelete("cascade"))
    .addColumn("token", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("survey_answers_pk", ["meeting_id", "token"])
    .execute();

  await db.schema
    .createTable("learning_settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "learning_settings",
    "survey_answers",
    "survey_respondents",
    "meeting_marks",
    "meeting_speakers",
    "meeting_attendees",
    "review_meetings",
    "notification_deliveries",
    "notification_rules",
    "review_reactions",
    "review_ahas",
    "review_questions",
    "review_reads",
    "library_entry_authors",
    "library_entry_teams",
    "library_entries",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
