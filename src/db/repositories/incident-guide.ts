import type { Db } from "../dialect.js";
import "../interview-schema.js";
import { incidentChannelMessages } from "./incidents.js";

/** What has been gathered and done for one incident: the facts the analysis checklist is computed from. */
export interface GuideFacts {
  analysts: string[];
  channels: string[];
  messages: number;
  pagerdutyIncidents: number;
  /** Distinct people who wrote in its channels. */
  people: number;
  /** Of those, how many have any team history from the directory. */
  peopleWithTeams: number;
  services: string[];
  transcripts: number;
  annotations: number;
  /** Every tag used on the incident's annotations. */
  tags: Set<string>;
  /** Interviews by status (planned, done, declined): counts only, nothing of their content. */
  interviews: Record<string, number>;
  /** The review's latest version: its number, status, and how many sections hold text. */
  review: { latestVersion: number; status: string; publishedVersion: number | null; sectionsWritten: number; sections: number } | null;
}

/** Reads the checklist facts of one incident in a fixed number of small queries. */
export async function loadGuideFacts(db: Db, incidentId: number): Promise<GuideFacts> {
  const analysts = await db
    .selectFrom("incidentAnalysts as ia")
    .innerJoin("users as u", "u.id", "ia.userId")
    .select("u.name")
    .where("ia.incidentId", "=", incidentId)
    .orderBy("ia.assignedAt")
    .execute();
  const sources = await db
    .selectFrom("incidentSources as s")
    .leftJoin("conversations as c", "c.id", "s.conversationId")
    .select(["s.kind", "c.name"])
    .where("s.incidentId", "=", incidentId)
    .execute();
  const counts = await incidentChannelMessages(db)
    .leftJoin("identities as i", "i.id", "m.authorIdentityId")
    .where("s.incidentId", "=", incidentId)
    .select([(eb) => eb.fn.countAll<number>().as("messages"), (eb) => eb.fn.count<number>("i.personId").distinct().as("people")])
    .executeTakeFirst();
  const withTeams = await incidentChannelMessages(db)
    .innerJoin("identities as i", "i.id", "m.authorIdentityId")
    .where("s.incidentId", "=", incidentId)
    .where((eb) => eb.exists(eb.selectFrom("teamMemberships as tm").select("tm.id").whereRef("tm.personId", "=", "i.personId")))
    .select((eb) => eb.fn.count<number>("i.personId").distinct().as("people"))
    .executeTakeFirst();
  const services = await db
    .selectFrom("incidentServices as x")
    .innerJoin("services as sv", "sv.id", "x.serviceId")
    .select("sv.name")
    .where("x.incidentId", "=", incidentId)
    .orderBy("sv.name")
    .execute();
  const transcripts = await db.selectFrom("transcripts").select((eb) => eb.fn.countAll<number>().as("count")).where("incidentId", "=", incidentId).executeTakeFirst();
  const annotations = await db.selectFrom("annotations").select("tags").where("incidentId", "=", incidentId).execute();
  const interviewRows = await db.selectFrom("interviews").select(["status", (eb) => eb.fn.countAll<number>().as("count")]).where("incidentId", "=", incidentId).groupBy("status").execute();
  const tags = new Set<string>();
  for (const a of annotations) for (const tag of JSON.parse(a.tags) as string[]) tags.add(tag);
  const review = await db
    .selectFrom("reviews as r")
    .innerJoin("reviewVersions as v", (join) => join.onRef("v.reviewId", "=", "r.id").onRef("v.number", "=", "r.latestVersion"))
    .select(["r.id", "r.latestVersion", "r.publishedVersion", "v.id as versionId", "v.status"])
    .where("r.incidentId", "=", incidentId)
    .executeTakeFirst();
  const sections = review ? await db.selectFrom("reviewSections").select(["markdown"]).where("versionId", "=", review.versionId).execute() : [];
  return {
    review: review
      ? { latestVersion: review.latestVersion, status: review.status, publishedVersion: review.publishedVersion, sectionsWritten: sections.filter((s) => s.markdown.trim() !== "").length, sections: sections.length }
      : null,
    analysts: analysts.map((a) => a.name),
    channels: sources.filter((s) => s.kind === "slack_channel" && s.name !== null).map((s) => s.name as string),
    messages: Number(counts?.messages ?? 0),
    pagerdutyIncidents: sources.filter((s) => s.kind === "pagerduty_incident").length,
    people: Number(counts?.people ?? 0),
    peopleWithTeams: Number(withTeams?.people ?? 0),
    services: services.map((s) => s.name),
    transcripts: Number(transcripts?.count ?? 0),
    annotations: annotations.length,
    tags,
    interviews: Object.fromEntries(interviewRows.map((r) => [r.status, Number(r.count)])),
  };
}
