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
  "services",
  "serviceOwners",
  "serviceOwnerSnapshots",
  "pagerdutyServices",
  "pagerdutyEscalationPolicies",
  "pagerdutySchedules",
  "pagerdutyIncidents",
  "pagerdutyLogEntries",
  "oncallShifts",
  "incidentServices",
  "transcripts",
  "transcriptCues",
  "users",
  "sessions",
  "apiTokens",
  "loginFailures",
  "incidentAnalysts",
  "annotations",
  "importJobs",
];

/**
 * Every row of every table, in a stable order: equal snapshots mean an unchanged store.
 * `omit` drops columns (such as wall-clock timestamps) before comparing two stores.
 */
export async function snapshotStore(store: Store, omit: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await store.db.selectFrom(table).selectAll().execute();
    out[table] = rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([key]) => !omit.includes(key)))))
      .sort();
  }
  return out;
}
