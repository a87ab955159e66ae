import { type Kysely, sql } from "kysely";
import type { Dialect } from "../dialect.js";

/*
 * The readers of each team's reviews per month of publication, one row per distinct
 * (team, month, reader, department), kept by the beacon in the same transaction as each
 * read. The dashboard counts distinct readers and departments per team and month from
 * its primary key in order, instead of joining every read with its review's teams and
 * sorting them. Existing reads are backfilled. The department is '' when unknown (a
 * primary key column cannot be null on PostgreSQL); counts read it back as null.
 */

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable("review_team_readers")
    .addColumn("team", "text", (c) => c.notNull())
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("department", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_team_readers_pk", ["team", "month", "user_id", "department"])
    .execute();
  await sql`insert into review_team_readers (team, month, user_id, department)
    select distinct t.team, r.entry_month, r.user_id, coalesce(r.department, '')
    from review_reads r join library_entry_teams t on t.entry_id = r.entry_id`.execute(db);
}

export async function down(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.dropTable("review_team_readers").ifExists().execute();
}
