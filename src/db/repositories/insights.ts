import { sql } from "kysely";
import type {
  InsightIncident,
  InsightMembership,
  InsightPagerdutyIncident,
  InsightPerson,
  InsightService,
  InsightShift,
  InsightsInput,
  PageNotification,
  ParticipationFacts,
} from "../../core/insights.js";
import type { Db } from "../dialect.js";

/** Log entry kinds that pull a person in (the people breakdown's "paged"). */
const PAGING_KINDS = ["notify", "assign", "escalate"];

/**
 * Loads what every insight needs for all incidents at once, in a fixed number of
 * queries whatever the store's size: incidents with their first channel, linked
 * PagerDuty incidents, catalog services (through those PagerDuty incidents' matched
 * services only) and annotation tags; per (incident, person) the earliest message,
 * join, mention and page (window functions, so the messages never leave the
 * database); people with teams over time and shifts; the catalog's owners over time;
 * and every PagerDuty notification to a known person, linked to a channel or not.
 * Channels that look like incident channels but are no incident's source are not read.
 */
export async function loadInsightsInput(db: Db): Promise<InsightsInput> {
  const incidentRows = await db.selectFrom("incidents").select(["id", "title", "status", "startedAt", "resolvedAt"]).orderBy("id").execute();
  const channelRows = await db
    .selectFrom("incidentSources as s")
    .innerJoin("conversations as c", "c.id", "s.conversationId")
    .where("s.kind", "=", "slack_channel")
    .select(["s.incidentId", "c.name"])
    .orderBy("s.id")
    .execute();
  const firstChannel = new Map<number, string>();
  for (const row of channelRows) if (!firstChannel.has(row.incidentId)) firstChannel.set(row.incidentId, row.name);

  const linkRows = await db.selectFrom("incidentSources").select(["incidentId", "externalId"]).where("kind", "=", "pagerduty_incident").orderBy("id").execute();
  const pdServiceRows = await db.selectFrom("pagerdutyServices").select(["externalId", "serviceId"]).execute();
  const catalogOf = new Map(pdServiceRows.map((r) => [r.externalId, r.serviceId]));
  const pdRows = await db.selectFrom("pagerdutyIncidents").select(["externalId", "title", "serviceExternalId", "createdAt", "resolvedAt"]).execute();
  const pagerdutyIncidents = new Map<string, InsightPagerdutyIncident>();
  for (const row of pdRows) {
    pagerdutyIncidents.set(row.externalId, {
      externalId: row.externalId,
      title: row.title,
      serviceId: row.serviceExternalId ? (catalogOf.get(row.serviceExternalId) ?? null) : null,
      createdAt: row.createdAt,
      resolvedAt: row.resolvedAt,
    });
  }
  const linksOf = new Map<number, string[]>();
  for (const row of linkRows) {
    if (row.externalId === null) continue;
    linksOf.set(row.incidentId, [...(linksOf.get(row.incidentId) ?? []), row.externalId]);
  }
  const tagsOf = new Map<number, string[]>();
  for (const row of await db.selectFrom("annotations").select(["incidentId", "tags"]).execute()) {
    const tags = JSON.parse(row.tags) as string[];
    tagsOf.set(row.incidentId, [...(tagsOf.get(row.incidentId) ?? []), ...tags]);
  }
  const incidents: InsightIncident[] = incidentRows.map((row) => {
    const links = linksOf.get(row.id) ?? [];
    const serviceIds = [...new Set(links.map((id) => pagerdutyIncidents.get(id)?.serviceId).filter((id): id is number => typeof id === "number"))];
    return { id: row.id, title: row.title, status: row.status, channel: firstChannel.get(row.id) ?? null, startedAt: row.startedAt, resolvedAt: row.resolvedAt, serviceIds, pagerdutyIncidentIds: links, tags: tagsOf.get(row.id) ?? [] };
  });

  const people = new Map<number, InsightPerson>();
  for (const row of await db.selectFrom("people").select(["id", "name", "email", "timezone"]).execute()) {
    people.set(row.id, { id: row.id, name: row.name, email: row.email, timezone: row.timezone, memberships: [], shifts: [] });
  }
  const memberships = await db.selectFrom("teamMemberships as tm").innerJoin("teams as t", "t.id", "tm.teamId").select(["tm.id", "tm.personId", "tm.teamId", "t.name as team", "tm.fromAt", "tm.toAt"]).execute();
  for (const m of memberships) (people.get(m.personId)?.memberships as InsightMembership[] | undefined)?.push({ id: m.id, teamId: m.teamId, team: m.team, fromAt: m.fromAt, toAt: m.toAt });

  const pdPeople = new Map<string, number>();
  for (const row of await db.selectFrom("identities").select(["externalId", "personId"]).where("source", "=", "pagerduty").where("personId", "is not", null).execute()) {
    if (row.personId !== null) pdPeople.set(row.externalId, row.personId);
  }
  for (const s of await db.selectFrom("oncallShifts").select(["id", "userExternalId", "startAt", "endAt"]).execute()) {
    const personId = pdPeople.get(s.userExternalId);
    if (personId !== undefined) (people.get(personId)?.shifts as InsightShift[] | undefined)?.push({ id: s.id, startAt: s.startAt, endAt: s.endAt });
  }

  const services = new Map<number, InsightService>();
  for (const row of await db.selectFrom("services").select(["id", "name", "systemName"]).execute()) services.set(row.id, { id: row.id, name: row.name, systemName: row.systemName, owners: [] });
  const owners = await db.selectFrom("serviceOwners as so").innerJoin("teams as t", "t.id", "so.teamId").select(["so.id", "so.serviceId", "so.teamId", "t.name as team", "so.fromAt", "so.toAt"]).execute();
  for (const o of owners) (services.get(o.serviceId)?.owners as InsightService["owners"][number][] | undefined)?.push({ id: o.id, teamId: o.teamId, team: o.team, fromAt: o.fromAt, toAt: o.toAt });

  // Every paging log entry, parsed once: notifications for fatigue (any PagerDuty
  // incident), and the earliest paging per (incident, person) for involvement.
  const entries = await db.selectFrom("pagerdutyLogEntries").select(["id", "at", "kind", "incidentExternalId", "targetUserIds"]).where("kind", "in", PAGING_KINDS).where("targetUserIds", "is not", null).execute();
  const notifications: PageNotification[] = [];
  const pagingBy = new Map<string, { at: number; id: number; kind: string; personId: number }[]>();
  for (const entry of entries) {
    const targets = [...new Set((JSON.parse(entry.targetUserIds ?? "[]") as string[]).map((id) => pdPeople.get(id)).filter((id): id is number => id !== undefined))];
    for (const personId of targets) {
      if (entry.kind === "notify") notifications.push({ logEntryId: entry.id, at: entry.at, pagerdutyIncidentId: entry.incidentExternalId, personId });
      const list = pagingBy.get(entry.incidentExternalId) ?? [];
      list.push({ at: entry.at, id: entry.id, kind: entry.kind, personId });
      pagingBy.set(entry.incidentExternalId, list);
    }
  }

  const facts = new Map<string, ParticipationFacts>();
  const factsOf = (incidentId: number, personId: number): ParticipationFacts => {
    const key = `${incidentId}|${personId}`;
    let entry = facts.get(key);
    if (!entry) {
      entry = { incidentId, personId, firstChannel: null, firstMention: null, firstJoin: null, firstPaging: null, firstNotify: null };
      facts.set(key, entry);
    }
    return entry;
  };
  for (const row of await firstPerPerson(db, "author")) factsOf(row.incidentId, row.personId).firstChannel = { at: row.at, messageId: row.id };
  for (const row of await firstPerPerson(db, "join")) factsOf(row.incidentId, row.personId).firstJoin = { at: row.at, messageId: row.id, inviterPersonId: row.otherPersonId };
  for (const row of await firstPerPerson(db, "mention")) factsOf(row.incidentId, row.personId).firstMention = { at: row.at, messageId: row.id, byPersonId: row.otherPersonId };
  for (const incident of incidents) {
    for (const pdId of incident.pagerdutyIncidentIds) {
      for (const page of pagingBy.get(pdId) ?? []) {
        const entry = factsOf(incident.id, page.personId);
        if (!entry.firstPaging || page.at < entry.firstPaging.at || (page.at === entry.firstPaging.at && page.id < entry.firstPaging.logEntryId)) entry.firstPaging = { at: page.at, logEntryId: page.id };
        if (page.kind === "notify" && (!entry.firstNotify || page.at < entry.firstNotify.at || (page.at === entry.firstNotify.at && page.id < entry.firstNotify.logEntryId))) entry.firstNotify = { at: page.at, logEntryId: page.id };
      }
    }
  }

  return {
    incidents,
    participations: [...facts.values()],
    people,
    services,
    notifications,
    pagerdutyIncidents,
    // Follow-ups are recorded by the review feature; until then they are unknown, not absent.
    followUps: { known: false, items: [] },
  };
}

/**
 * Per (incident, person) the earliest message they wrote (`author`), their earliest
 * join with its inviter (`join`), or the earliest message by someone else mentioning
 * them (`mention`), inside the incident's channel windows.
 */
async function firstPerPerson(db: Db, what: "author" | "join" | "mention"): Promise<{ incidentId: number; personId: number; id: number; at: number; otherPersonId: number | null }[]> {
  const window = sql`m.conversation_id = s.conversation_id and (s.from_at is null or m.at >= s.from_at) and (s.to_at is null or m.at <= s.to_at)`;
  let inner;
  if (what === "author") {
    inner = sql`select s.incident_id, a.person_id, m.id, m.at, null as other_person_id
      from incident_sources s join messages m on ${window} join identities a on a.id = m.author_identity_id
      where s.kind = 'slack_channel' and a.person_id is not null`;
  } else if (what === "join") {
    inner = sql`select s.incident_id, a.person_id, m.id, m.at, inv.person_id as other_person_id
      from incident_sources s join messages m on ${window} join identities a on a.id = m.author_identity_id
      left join identities inv on inv.external_id = m.inviter_external_id and inv.source = 'slack'
      where s.kind = 'slack_channel' and m.subtype = 'channel_join' and a.person_id is not null`;
  } else {
    inner = sql`select s.incident_id, t.person_id, m.id, m.at, a.person_id as other_person_id
      from incident_sources s join messages m on ${window} join message_mentions mm on mm.message_id = m.id
      join identities t on t.external_id = mm.target and t.source = 'slack'
      left join identities a on a.id = m.author_identity_id
      where s.kind = 'slack_channel' and mm.kind = 'user' and t.person_id is not null and (a.person_id is null or a.person_id <> t.person_id)`;
  }
  const result = await sql<{ incidentId: number; personId: number; id: number; at: number; otherPersonId: number | null }>`
    select incident_id, person_id, id, at, other_person_id from (
      select x.*, row_number() over (partition by x.incident_id, x.person_id order by x.at, x.id) as rn from (${inner}) x
    ) ranked where rn = 1`.execute(db);
  return result.rows.map((r) => ({ incidentId: Number(r.incidentId), personId: Number(r.personId), id: Number(r.id), at: Number(r.at), otherPersonId: r.otherPersonId === null ? null : Number(r.otherPersonId) }));
}
