import type { Kysely } from "kysely";

/*
 * Which runner holds a running import job, and when it last said so: a job whose
 * runner died (a crash, a killed container) can then be told apart from one still
 * running, and marked failed instead of staying "running" for ever.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("import_jobs").addColumn("runner_id", "text").execute();
  await db.schema.alterTable("import_jobs").addColumn("heartbeat_at", "bigint").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("import_jobs").dropColumn("heartbeat_at").execute();
  await db.schema.alterTable("import_jobs").dropColumn("runner_id").execute();
}
