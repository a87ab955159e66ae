import { sql } from "kysely";
import type { BreakdownInput, ChannelEvent, Membership, PageEvent, PersonFacts, PriorPage, Shift } from "../../core/breakdown-input.js";
import type { Db } from "../dialect.js";
import { incidentChannelMessages } from "./incidents.js";

const WEEK_MS = 7 * 86_400_000;

/**
 * Loads everything the people breakdown needs for one incident, in a fixed number of
 * queries whatever its size: the channel messages with their authors, inviters and
 * mentions resolved to people; the PagerDuty log entries of its PagerDuty incidents;
 * and for every participant their teams over time, on-call shifts and the pages that
 * reached them the week before. Returns undefined for an unknown incident.
 */
export async function loadBreakdownInput(db: Db, incidentId: number): Promise<BreakdownInput | undefined> {
  const incident = await db.selectFrom("incidents").select(["id", "startedAt"]).where("id", "=", incidentId).executeTakeFirst();
  if (!incident) return undefined;

  const messages = await incidentChannelMessages(db)
    .leftJoin("identities as author", "author.id", "m.authorIdentityId")
    .leftJoin("identities as inviter", (join) => join.onRef("inviter.externalId", "=", "m.inviterExternalId").on("inviter.source", "=", "slack"))
    .where("s.incidentId", "=", incidentId)
    .select(["m.id", "m.at", "m.subtype", "author.personId as personId", "inviter.personId as inviterPersonId"])
    .execute();

  const mentionRows = await incidentChannelMessages(db)
    .innerJoin("messageMentions as mm", "mm.messageId", "m.id")
    .innerJoin("identities as i", (join) => join.onRef("i.externalId", "=", "mm.target").on("i.source", "=", "slack"))
    .where("s.incidentId", "=", incidentId)
    .where("mm.kind", "=", "user")
    .where("i.personId", "is not", null)
    .select(["mm.messageId", "i.personId"])
    .execute();
  const mentioned = new Map<number, number[]>();
  for (const row of mentionRows) {
    if (row.personId === null) continue;
    const list = mentioned.get(row.messageId) ?? [];
    list.push(row.personId);
    mentioned.set(row.messageId, list);
  }
  const channelEvents: ChannelEvent[] = messages.map((m) => ({
    id: m.id,
    at: m.at,
    personId: m.personId ?? null,
    subtype: m.subtype,
    inviterPersonId: m.inviterPersonId ?? null,
    mentionedPersonIds: mentioned.get(m.id) ?? [],
  }));

  const pagerdutyIds = (
    await db.selectFrom("incidentSources").select("externalId").where("incidentId", "=", incidentId).where("kind", "=", "pagerduty_incident").execute()
  )
    .map((r) => r.externalId)
    .filter((id): id is string => id !== null);
  const pdPeople = new Map<string, number>();
  for (const row of await db.selectFrom("identities").select(["externalId", "personId"]).where("source", "=", "pagerduty").where("personId", "is not", null).execute()) {
    if (row.personId !== null) pdPeople.set(row.externalId, row.personId);
  }
  const toPeople = (json: string | null): number[] => {
    if (!json) return [];
    const ids = JSON.parse(json) as string[];
    return ids.map((id) => pdPeople.get(id)).filter((id): id is number => id !== undefined);
  };
  const logEntries =
    pagerdutyIds.length === 0
      ? []
      : await db
          .selectFrom("pagerdutyLogEntries")
          .select(["id", "at", "kind", "incidentExternalId", "targetUserIds", "agentType", "agentExternalId"])
          .where("incidentExternalId", "in", pagerdutyIds)
          .orderBy("at")
          .orderBy("id")
          .execute();
  const pageEvents: PageEvent[] = logEntries.map((entry) => ({
    id: entry.id,
    at: entry.at,
    kind: entry.kind,
    pagerdutyIncidentId: entry.incidentExternalId,
    targetPersonIds: toPeople(entry.targetUserIds),
    agentPersonId: entry.agentType?.startsWith("user") && entry.agentExternalId ? (pdPeople.get(entry.agentExternalId) ?? null) : null,
  }));

  const participantIds = new Set<number>();
  for (const event of channelEvents) if (event.personId !== null) participantIds.add(event.personId);
  for (const event of pageEvents) for (const id of event.targetPersonIds) participantIds.add(id);
  for (const list of mentioned.values()) for (const id of list) participantIds.add(id);
  for (const event of channelEvents) if (event.inviterPersonId !== null) participantIds.add(event.inviterPersonId);
  const ids = [...participantIds];

  const startCandidates = [incident.startedAt, pageEvents.find((p) => p.kind === "trigger")?.at ?? null].filter((v): v is number => v !== null);
  const startedAt = startCandidates.length > 0 ? Math.min(...startCandidates) : null;

  const people = new Map<number, PersonFacts>();
  if (ids.length > 0) {
    const rows = await db.selectFrom("people").select(["id", "name", "email", "timezone", "startDate"]).where("id", "in", ids).execute();
    // A person without a directory time zone still has the one Slack or PagerDuty knows.
    const zones = await db
      .selectFrom("identities")
      .select(["personId", "timezone", "source"])
      .where("personId", "in", ids)
      .where("timezone", "is not", null)
      .orderBy("source")
      .execute();
    const zoneOf = new Map<number, string>();
    for (const zone of zones) if (zone.personId !== null && zone.timezone && !zoneOf.has(zone.personId)) zoneOf.set(zone.personId, zone.timezone);
    for (const row of rows) {
      people.set(row.id, {
        id: row.id,
        name: row.name,
        email: row.email,
        timezone: row.timezone ?? zoneOf.get(row.id) ?? null,
        startDate: row.startDate,
        memberships: [],
        shifts: [],
        priorPages: [],
      });
    }
    const memberships = await db
      .selectFrom("teamMemberships as tm")
      .innerJoin("teams as t", "t.id", "tm.teamId")
      .select(["tm.id", "tm.personId", "t.name as team", "tm.fromAt", "tm.toAt"])
      .where("tm.personId", "in", ids)
      .execute();
    for (const m of memberships) (people.get(m.personId)?.memberships as Membership[] | undefined)?.push({ id: m.id, team: m.team, fromAt: m.fromAt, toAt: m.toAt });

    const pdIdentities = await db.selectFrom("identities").select(["externalId", "personId"]).where("source", "=", "pagerduty").where("personId", "in", ids).execute();
    const pdIdsOf = new Map<string, number>();
    for (const row of pdIdentities) if (row.personId !== null) pdIdsOf.set(row.externalId, row.personId);
    if (pdIdsOf.size > 0) {
      const shifts = await db
        .selectFrom("oncallShifts")
        .select(["id", "userExternalId", "startAt", "endAt", "escalationPolicyName", "escalationLevel"])
        .where("userExternalId", "in", [...pdIdsOf.keys()])
        .execute();
      for (const s of shifts) {
        const personId = pdIdsOf.get(s.userExternalId);
        if (personId === undefined) continue;
        (people.get(personId)?.shifts as Shift[] | undefined)?.push({ id: s.id, startAt: s.startAt, endAt: s.endAt, escalationPolicy: s.escalationPolicyName, level: s.escalationLevel });
      }
      if (startedAt !== null) {
        const notifications = await db
          .selectFrom("pagerdutyLogEntries")
          .select(["id", "at", "incidentExternalId", "targetUserIds"])
          .where("kind", "=", "notify")
          .where("at", ">=", startedAt - WEEK_MS)
          .where("at", "<", startedAt)
          .execute();
        for (const n of notifications) {
          if (!n.targetUserIds) continue;
          for (const pdId of JSON.parse(n.targetUserIds) as string[]) {
            const personId = pdIdsOf.get(pdId);
            if (personId === undefined) continue;
            (people.get(personId)?.priorPages as PriorPage[] | undefined)?.push({ logEntryId: n.id, at: n.at, pagerdutyIncidentId: n.incidentExternalId });
          }
        }
      }
    }
  }

  const owners = await db
    .selectFrom("incidentServices as is")
    .innerJoin("services as sv", "sv.id", "is.serviceId")
    .innerJoin("serviceOwners as so", "so.serviceId", "sv.id")
    .innerJoin("teams as t", "t.id", "so.teamId")
    .where("is.incidentId", "=", incidentId)
    .where(sql<boolean>`(so.from_at <= ${startedAt ?? Number.MAX_SAFE_INTEGER} and (so.to_at is null or so.to_at > ${startedAt ?? 0}))`)
    .select(["t.name as team", "sv.id as serviceId", "sv.name as service", "so.id as ownershipId"])
    .execute();

  return { incident: { id: incident.id, startedAt: incident.startedAt }, channelEvents, pageEvents, people, owningTeams: owners };
}
