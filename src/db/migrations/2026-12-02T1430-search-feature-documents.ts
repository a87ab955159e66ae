import type { Kysely } from "kysely";
import type { Dialect, Db } from "../dialect.js";
import { indexAnonymousInput, indexFollowUp, indexInterview, indexReview } from "../search/search-index.js";

/*
 * Reviews (published and drafts), imported write-ups, follow-ups, anonymous input and
 * interview notes become search documents (src/db/search/search-index.ts); from now on
 * the commands that write them keep their documents in the same transaction. What is
 * already stored is indexed here, by the same functions, so it reads exactly as a
 * later edit would write it.
 */

const KINDS = ["review", "write_up", "follow_up", "input", "interview"];

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  // The migrator hands over the store's own connection (with its camelCase mapping).
  const store = db as unknown as Db;
  for (const row of await store.selectFrom("reviews").select("incidentId").execute()) await indexReview(store, row.incidentId);
  for (const row of await store.selectFrom("followUps").select("id").execute()) await indexFollowUp(store, row.id);
  for (const row of await store.selectFrom("anonymousInputs").select("id").execute()) await indexAnonymousInput(store, row.id);
  for (const row of await store.selectFrom("interviews").select("id").execute()) await indexInterview(store, row.id);
}

export async function down(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await (db as unknown as Db).deleteFrom("searchDocuments").where("kind", "in", KINDS).execute();
}
