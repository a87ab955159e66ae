/*
 * Test data for the learning side: a published review in the library (on the test
 * world's published incident), and reader accounts linked to directory people in
 * chosen departments and teams.
 */
import { createUser } from "../src/commands/accounts.js";
import { recordPublication } from "../src/commands/library.js";
import type { Store } from "../src/db/connection.js";
import type { World } from "./server-harness.js";

/** The review's Markdown: a quote with a link to its evidence on the timeline. */
export const EVIDENCE_MARKDOWN = 'Logins slowed down for an hour.\n\n> "the cache looked cold to me" \u2014 [Bob, 02:14](/incidents/2/timeline?event=message:4)\n\nWe learned that the session cache is rebuilt on every deploy.';

/** Publishes a two-section review of the world's published incident; returns the entry id. */
export async function publishTestReview(store: Store, world: World, overrides: { version?: number; title?: string; publishedAt?: string } = {}): Promise<number> {
  const { entryId } = await recordPublication(
    store,
    {
      incidentId: world.incidents.published,
      version: overrides.version ?? 1,
      title: overrides.title ?? "Slow logins after the cache deploy",
      sections: [
        { key: "summary", title: "Summary", markdown: EVIDENCE_MARKDOWN },
        { key: "narrative", title: "How we got here", markdown: "The deploy emptied the cache.\n\n```mermaid\ngraph LR; deploy-->cache-->logins\n```" },
      ],
      publishedAt: overrides.publishedAt ?? new Date(Date.now() - 20 * 86_400_000).toISOString(),
      authors: [{ userId: world.users.analyst.id, name: world.users.analyst.name }],
      tags: ["SEV2", "cache"],
      services: ["login-api"],
      teams: ["identity"],
    },
    "test",
  );
  return entryId;
}

/** A reader account linked to a directory person in `department` (and `team`, when given). */
export async function readerIn(store: Store, email: string, department: string, team?: string): Promise<number> {
  const now = Date.now();
  const person = await store.db
    .insertInto("people")
    .values({ name: email.split("@")[0] ?? email, email, timezone: null, title: null, department, managerId: null, startDate: null, endDate: null, createdAt: now, updatedAt: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (team) {
    let teamRow = await store.db.selectFrom("teams").select("id").where("name", "=", team).executeTakeFirst();
    if (!teamRow) teamRow = await store.db.insertInto("teams").values({ name: team, createdAt: now, catalogRef: null, displayName: null }).returning("id").executeTakeFirstOrThrow();
    await store.db.insertInto("teamMemberships").values({ personId: person.id, teamId: teamRow.id, fromAt: now - 86_400_000, toAt: null }).execute();
  }
  const user = await createUser(store, { email, name: email.split("@")[0] ?? email, role: "viewer", passwordHash: null, actor: "test" });
  await store.db.updateTable("users").set({ personId: person.id }).where("id", "=", user.id).execute();
  return user.id;
}
