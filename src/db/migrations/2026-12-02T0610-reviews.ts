import type { Kysely } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * The review: one per incident, written in versions. A version moves draft →
 * in_review → published; a published version is frozen, and later edits start a new
 * draft version. Each version holds its own copy of the sections, so comparing two
 * versions is comparing two sets of rows, and a published version can never be
 * changed by an edit to a later one. `revision` counts edits to one version: every
 * edit names the revision it was based on (lost updates answer 409).
 *
 * Comments, references and hint dismissals belong to the review, not to a version:
 * a comment made on version 2 still reads on version 3, a pruned reference stays
 * pruned when the draft is regenerated, and a dismissed hint stays dismissed.
 */

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;

  // Templates an admin added. The built-in template lives in code (src/core/review-templates.ts)
  // so its help text improves with the product; at most one stored template is the default,
  // and when none is, the built-in one is.
  await db.schema
    .createTable("review_templates")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("description", "text", (c) => c.notNull())
    // JSON array of {key, title, help} in order.
    .addColumn("sections", "text", (c) => c.notNull())
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("incident_id", "integer", (c) => c.notNull().unique().references("incidents.id").onDelete("cascade"))
    // `builtin:<key>` or the id of a stored template, as text.
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("latest_version", "integer", (c) => c.notNull())
    .addColumn("published_version", "integer")
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("review_versions")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("submitted_at", "bigint")
    .addColumn("published_at", "bigint")
    .addColumn("published_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addUniqueConstraint("review_versions_number_unique", ["review_id", "number"])
    .execute();

  await dialect
    .clusteredByPrimaryKey(
      db.schema
        .createTable("review_sections")
        .addColumn("version_id", "integer", (c) => c.notNull().references("review_versions.id").onDelete("cascade"))
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("help", "text", (c) => c.notNull())
        .addColumn("markdown", "text", (c) => c.notNull())
        // `empty`, `generated` (refreshed with the evidence), `proposal` (from a model,
        // until a person edits it) or `edited` (a person's words: never overwritten).
        .addColumn("origin", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("review_sections_pk", ["version_id", "key"]),
    )
    .execute();

  await db.schema
    .createTable("review_comments")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("section_key", "text", (c) => c.notNull())
    // The version the comment was made on.
    .addColumn("version_number", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("author_user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("resolved_at", "bigint")
    .addColumn("resolved_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("review_comments_review_index").on("review_comments").columns(["review_id", "section_key"]).execute();

  await db.schema
    .createTable("review_references")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    // `pull_request`, `commit`, `issue`, `jira`, `pagerduty`, `slack`, `dashboard`, `link`.
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("url", "text")
    // Where it was first seen: a timeline event (`message:12`) or an annotation (`annotation:3`).
    .addColumn("evidence", "text", (c) => c.notNull())
    .addColumn("seen_at", "bigint")
    .addColumn("occurrences", "integer", (c) => c.notNull())
    .addColumn("pruned", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("review_references_key_unique", ["review_id", "kind", "key"])
    .execute();

  // One dismissed hint: the n-th occurrence of `text` flagged as `category` in a section.
  await db.schema
    .createTable("review_hint_dismissals")
    .addColumn("id", id, (c) => dialect.idColumn(c))
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("section_key", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("occurrence", "integer", (c) => c.notNull())
    .addColumn("dismissed_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("review_hint_dismissals_unique", ["review_id", "section_key", "category", "text", "occurrence"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["review_hint_dismissals", "review_references", "review_comments", "review_sections", "review_versions", "reviews", "review_templates"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
