import type { Store } from "../src/db/connection.js";
import type { Database } from "../src/db/schema.js";

const TABLES: (keyof Database)[] = [
  "people",
  "identities",
  "teams",
  "teamMemberships",
  "conversations",
  "messages",
  "messageMentions",
  "messageReferences",
  "incidents",
  "incidentSources",
  "imports",
  "auditEvents",
];

/** Every row of every table, in a stable order: equal snapshots mean an unchanged store. */
export async function snapshotStore(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}
