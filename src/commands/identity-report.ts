import { sql } from "kysely";
import type { Db } from "../db/dialect.js";

/** What identity resolution could not settle, for a person to look at. */
export interface IdentityReport {
  /** Accounts that matched nobody (a new person was made) or several people (ambiguous). */
  unmatchedAccounts: { source: string; externalId: string; name: string | null; email: string | null; reason: "no match" | "ambiguous name"; personId: number | null }[];
  /** People known to Slack but not to PagerDuty or the other way round, when both were imported. */
  singleSource: { personId: number; name: string; sources: string[] }[];
  /** Transcript speakers matched to nobody. */
  unmatchedSpeakers: { name: string; cues: number; transcripts: number }[];
}

/** Builds the identity report. */
export async function identityReport(db: Db): Promise<IdentityReport> {
  const accounts = await db
    .selectFrom("identities")
    .select(["source", "externalId", "displayName", "email", "matchMethod", "personId"])
    .where("isBot", "=", 0)
    .where("matchMethod", "in", ["created", "ambiguous"])
    .orderBy("source")
    .orderBy("displayName")
    .execute();
  const sources = await db
    .selectFrom("identities")
    .innerJoin("people", "people.id", "identities.personId")
    .select(["people.id as personId", "people.name", "identities.source"])
    .where("identities.isBot", "=", 0)
    .where("identities.source", "in", ["slack", "pagerduty"])
    .execute();
  const bySource = new Map<number, { name: string; sources: Set<string> }>();
  const present = new Set<string>();
  for (const row of sources) {
    present.add(row.source);
    const entry = bySource.get(row.personId) ?? { name: row.name, sources: new Set<string>() };
    entry.sources.add(row.source);
    bySource.set(row.personId, entry);
  }
  const singleSource =
    present.size < 2
      ? []
      : [...bySource.entries()]
          .filter(([, entry]) => entry.sources.size === 1 && entry.sources.has("pagerduty"))
          .map(([personId, entry]) => ({ personId, name: entry.name, sources: [...entry.sources] }))
          .sort((a, b) => a.name.localeCompare(b.name));
  const speakers = await db
    .selectFrom("transcriptCues")
    .select(["speakerName", (eb) => eb.fn.countAll<number>().as("cues"), sql<number>`count(distinct transcript_id)`.as("transcripts")])
    .where("personId", "is", null)
    .where("speakerName", "is not", null)
    .groupBy("speakerName")
    .orderBy("speakerName")
    .execute();
  return {
    unmatchedAccounts: accounts.map((a) => ({
      source: a.source,
      externalId: a.externalId,
      name: a.displayName,
      email: a.email,
      reason: a.matchMethod === "ambiguous" ? "ambiguous name" : "no match",
      personId: a.personId,
    })),
    singleSource,
    unmatchedSpeakers: speakers.map((s) => ({ name: s.speakerName ?? "", cues: Number(s.cues), transcripts: Number(s.transcripts) })),
  };
}
