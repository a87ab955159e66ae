import type { Kysely } from "kysely";

/*
 * A sign-in through the identity provider spans two requests (the redirect out and the
 * callback), possibly on two app instances: what the callback must check — the PKCE
 * verifier, the nonce, where to return — waits here, keyed by a hash of the state.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("oidc_logins")
    .addColumn("state_hash", "text", (c) => c.primaryKey())
    .addColumn("code_verifier", "text", (c) => c.notNull())
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("return_to", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("oidc_logins_expires_at_index").on("oidc_logins").column("expires_at").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("oidc_logins").ifExists().execute();
}
