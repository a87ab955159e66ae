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
  review: { latestVersion: number; status: string; publishedVersion: number | null; sectionsWritten: number; sections: number; openComments: number } | null;
  /** Whether any PagerDuty incident, team history or catalog service has been imported at all. */
  imported: { pagerduty: boolean; directory: boolean; catalog: boolean };
  /** The incident's messages and pages in time order (timeline keys), for the stretches studied. */
  events: { key: string; at: number }[];
  /** Times of the annotated events (messages and pages). */
  annotatedAt: number[];
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
  const annotations = await db.selectFrom("annotations").select(["tags", "eventKind", "eventId"]).where("incidentId", "=", incidentId).execute();
  const annotationEvents = annotations;
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
  const openComments = review
    ? Number((await db.selectFrom("reviewComments").where("reviewId", "=", review.id).where("resolvedAt", "is", null).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)
    : 0;
  const [pagerduty, directory, catalog] = await Promise.all([
    db.selectFrom("pagerdutyIncidents").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("teamMemberships").select("id").limit(1).executeTakeFirst(),
    db.selectFrom("services").select("id").limit(1).executeTakeFirst(),
  ]);
  const messageEvents = await incidentChannelMessages(db).where("s.incidentId", "=", incidentId).select(["m.id", "m.at"]).distinct().execute();
  const pageEvents = await db
    .selectFrom("incidentSources as s")
    .innerJoin("pagerdutyLogEntries as e", "e.incidentExternalId", "s.externalId")
    .where("s.incidentId", "=", incidentId)
    .where("s.kind", "=", "pagerduty_incident")
    .select(["e.id", "e.at"])
    .execute();
  const events = [...messageEvents.map((m) => ({ key: `message:${m.id}`, at: Number(m.at) })), ...pageEvents.map((e) => ({ key: `page:${e.id}`, at: Number(e.at) }))].sort(
    (a, b) => a.at - b.at || a.key.localeCompare(b.key),
  );
  // Annotated events by id, read through their primary keys (annotations name them as text).
  const idsOf = (kind: string) => [...new Set(annotationEvents.filter((a) => a.eventKind === kind).map((a) => Number(a.eventId)).filter((id) => Number.isSafeInteger(id)))];
  const messageIds = idsOf("message");
  const pageIds = idsOf("page");
  const annotatedMessages = messageIds.length === 0 ? [] : await db.selectFrom("messages").select("at").where("id", "in", messageIds.slice(0, 5000)).execute();
  const annotatedPages = pageIds.length === 0 ? [] : await db.selectFrom("pagerdutyLogEntries").select("at").where("id", "in", pageIds.slice(0, 5000)).execute();
  return {
    review: review
      ? {
          latestVersion: review.latestVersion,
          status: review.status,
          publishedVersion: review.publishedVersion,
          sectionsWritten: sections.filter((s) => s.markdown.trim() !== "").length,
          sections: sections.length,
          openComments,
        }
      : null,
    imported: { pagerduty: pagerduty !== undefined, directory: directory !== undefined, catalog: catalog !== undefined },
    events,
    annotatedAt: [...annotatedMessages.map((m) => Number(m.at)), ...annotatedPages.map((e) => Number(e.at))],
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
