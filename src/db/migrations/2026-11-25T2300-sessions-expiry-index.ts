import type { Kysely } from "kysely";

/* Expired sessions are swept by expiry time; without an index every sweep reads them all. */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("sessions_expires_at_index").on("sessions").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("sessions_expires_at_index").ifExists().execute();
}
