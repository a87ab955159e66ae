import type { BreakdownInput, ChannelEvent, Membership, OwningTeam, PageEvent, PersonFacts, PriorPage, Shift } from "../../core/breakdown-input.js";
import type { Db } from "../dialect.js";
import { incidentChannelMessages } from "./incidents.js";

const WEEK_MS = 7 * 86_400_000;

// Keeps `in (…)` lists well under every driver's parameter limit.
const CHUNK = 500;

/**
 * Loads everything the people breakdown needs for one incident. Returns undefined for
 * an unknown incident. See {@link loadBreakdownInputs}.
 */
export async function loadBreakdownInput(db: Db, incidentId: number): Promise<BreakdownInput | undefined> {
  return (await loadBreakdownInputs(db, [incidentId])).get(incidentId);
}

/**
 * Loads what the people breakdown needs for many incidents at once, in a number of
 * queries that depends on how many incidents and people there are in chunks of 500,
 * never on one round of queries per incident: the channel messages with their
 * authors, inviters and mentions resolved to people; the PagerDuty log entries of
 * their PagerDuty incidents; for every participant their teams over time, on-call
 * shifts and the pages that reached them the week before each incident; and the teams
 * owning the incidents' services at the time. Unknown ids are left out of the map.
 */
export async function loadBreakdownInputs(db: Db, incidentIds: readonly number[]): Promise<Map<number, BreakdownInput>> {
  const wanted = [...new Set(incidentIds)];
  const incidents: { id: number; startedAt: number | null }[] = [];
  for (const chunk of chunks(wanted)) incidents.push(...(await db.selectFrom("incidents").select(["id", "startedAt"]).where("id", "in", chunk).execute()));
  const result = new Map<number, BreakdownInput>();
  if (incidents.length === 0) return result;
  // Whether there is any on-call schedule or catalog at all: without one, "not on call"
  // and "not on the owning team" are unknowns, not answers.
  const sources = {
    onCallShifts: (await db.selectFrom("oncallShifts").select("id").limit(1).executeTakeFirst()) !== undefined,
    catalog: (await db.selectFrom("services").select("id").limit(1).executeTakeFirst()) !== undefined,
  };
  const ids = incidents.map((i) => i.id);

  // Channel messages and the people they mention, per incident.
  const channelEvents = new Map<number, ChannelEvent[]>(ids.map((id) => [id, []]));
  const mentionedIn = new Map<string, number[]>();
  for (const chunk of chunks(ids)) {
    const mentionRows = await incidentChannelMessages(db)
      .innerJoin("messageMentions as mm", "mm.messageId", "m.id")
      .innerJoin("identities as i", (join) => join.onRef("i.externalId", "=", "mm.target").on("i.source", "=", "slack"))
      .where("s.incidentId", "in", chunk)
      .where("mm.kind", "=", "user")
      .where("i.personId", "is not", null)
      .select(["s.incidentId", "mm.messageId", "i.personId"])
      .execute();
    for (const row of mentionRows) {
      if (row.personId === null) continue;
      const key = `${row.incidentId}:${row.messageId}`;
      const list = mentionedIn.get(key) ?? [];
      list.push(row.personId);
      mentionedIn.set(key, list);
    }
    const messages = await incidentChannelMessages(db)
      .leftJoin("identities as author", "author.id", "m.authorIdentityId")
      .leftJoin("identities as inviter", (join) => join.onRef("inviter.externalId", "=", "m.inviterExternalId").on("inviter.source", "=", "slack"))
      .where("s.incidentId", "in", chunk)
      .select(["s.incidentId", "m.id", "m.at", "m.subtype", "author.personId as personId", "inviter.personId as inviterPersonId"])
      .execute();
    for (const m of messages) {
      channelEvents.get(m.incidentId)?.push({
        id: m.id,
        at: m.at,
        personId: m.personId ?? null,
        subtype: m.subtype,
        inviterPersonId: m.inviterPersonId ?? null,
        mentionedPersonIds: mentionedIn.get(`${m.incidentId}:${m.id}`) ?? [],
      });
    }
  }

  // PagerDuty log entries of the linked PagerDuty incidents.
  const pagerdutyIdsOf = new Map<number, string[]>();
  for (const chunk of chunks(ids)) {
    const rows = await db.selectFrom("incidentSources").select(["incidentId", "externalId"]).where("incidentId", "in", chunk).where("kind", "=", "pagerduty_incident").execute();
    for (const row of rows) if (row.externalId !== null) push(pagerdutyIdsOf, row.incidentId, row.externalId);
  }
  const allPagerdutyIds = [...new Set([...pagerdutyIdsOf.values()].flat())];
  const pdPeople = new Map<string, number>();
  if (allPagerdutyIds.length > 0) {
    for (const row of await db.selectFrom("identities").select(["externalId", "personId"]).where("source", "=", "pagerduty").where("personId", "is not", null).execute()) {
      if (row.personId !== null) pdPeople.set(row.externalId, row.personId);
    }
  }
  const toPeople = (json: string | null): number[] => {
    if (!json) return [];
    const targets = JSON.parse(json) as string[];
    return targets.map((id) => pdPeople.get(id)).filter((id): id is number => id !== undefined);
  };
  const entriesOf = new Map<string, PageEvent[]>();
  for (const chunk of chunks(allPagerdutyIds)) {
    const logEntries = await db
      .selectFrom("pagerdutyLogEntries")
      .select(["id", "at", "kind", "incidentExternalId", "targetUserIds", "agentType", "agentExternalId"])
      .where("incidentExternalId", "in", chunk)
      .orderBy("at")
      .orderBy("id")
      .execute();
    for (const entry of logEntries) {
      const list = entriesOf.get(entry.incidentExternalId) ?? [];
      list.push({
        id: entry.id,
        at: entry.at,
        kind: entry.kind,
        pagerdutyIncidentId: entry.incidentExternalId,
        targetPersonIds: toPeople(entry.targetUserIds),
        agentPersonId: entry.agentType?.startsWith("user") && entry.agentExternalId ? (pdPeople.get(entry.agentExternalId) ?? null) : null,
      });
      entriesOf.set(entry.incidentExternalId, list);
    }
  }
  const pageEventsOf = (incidentId: number): PageEvent[] =>
    (pagerdutyIdsOf.get(incidentId) ?? []).flatMap((pd) => entriesOf.get(pd) ?? []).sort((a, b) => a.at - b.at || a.id - b.id);

  // Who took part in each incident, and when each incident started.
  const participantsOf = new Map<number, number[]>();
  const startOf = new Map<number, number | null>();
  const everyone = new Set<number>();
  const pageEvents = new Map<number, PageEvent[]>();
  for (const incident of incidents) {
    const events = channelEvents.get(incident.id) ?? [];
    const pages = pageEventsOf(incident.id);
    pageEvents.set(incident.id, pages);
    const participants = new Set<number>();
    for (const event of events) {
      if (event.personId !== null) participants.add(event.personId);
      if (event.inviterPersonId !== null) participants.add(event.inviterPersonId);
      for (const id of event.mentionedPersonIds) participants.add(id);
    }
    for (const event of pages) for (const id of event.targetPersonIds) participants.add(id);
    participantsOf.set(incident.id, [...participants]);
    for (const id of participants) everyone.add(id);
    const candidates = [incident.startedAt, pages.find((p) => p.kind === "trigger")?.at ?? null].filter((v): v is number => v !== null);
    startOf.set(incident.id, candidates.length > 0 ? Math.min(...candidates) : null);
  }

  // What is known about every participant, loaded once however many incidents they were in.
  const base = new Map<number, Omit<PersonFacts, "priorPages">>();
  const pdIdsOf = new Map<string, number>();
  for (const chunk of chunks([...everyone])) {
    const rows = await db.selectFrom("people").select(["id", "name", "email", "timezone", "startDate"]).where("id", "in", chunk).execute();
    // A person without a directory time zone still has the one Slack or PagerDuty knows.
    const zones = await db.selectFrom("identities").select(["personId", "timezone", "source"]).where("personId", "in", chunk).where("timezone", "is not", null).orderBy("source").execute();
    const zoneOf = new Map<number, string>();
    for (const zone of zones) if (zone.personId !== null && zone.timezone && !zoneOf.has(zone.personId)) zoneOf.set(zone.personId, zone.timezone);
    for (const row of rows) {
      base.set(row.id, { id: row.id, name: row.name, email: row.email, timezone: row.timezone ?? zoneOf.get(row.id) ?? null, startDate: row.startDate, memberships: [], shifts: [] });
    }
    const memberships = await db
      .selectFrom("teamMemberships as tm")
      .innerJoin("teams as t", "t.id", "tm.teamId")
      .select(["tm.id", "tm.personId", "t.name as team", "tm.fromAt", "tm.toAt"])
      .where("tm.personId", "in", chunk)
      .execute();
    for (const m of memberships) (base.get(m.personId)?.memberships as Membership[] | undefined)?.push({ id: m.id, team: m.team, fromAt: m.fromAt, toAt: m.toAt });
    const pdIdentities = await db.selectFrom("identities").select(["externalId", "personId"]).where("source", "=", "pagerduty").where("personId", "in", chunk).execute();
    for (const row of pdIdentities) if (row.personId !== null) pdIdsOf.set(row.externalId, row.personId);
  }
  for (const chunk of chunks([...pdIdsOf.keys()])) {
    const shifts = await db
      .selectFrom("oncallShifts")
      .select(["id", "userExternalId", "startAt", "endAt", "escalationPolicyName", "escalationLevel"])
      .where("userExternalId", "in", chunk)
      .execute();
    for (const s of shifts) {
      const personId = pdIdsOf.get(s.userExternalId);
      if (personId === undefined) continue;
      (base.get(personId)?.shifts as Shift[] | undefined)?.push({ id: s.id, startAt: s.startAt, endAt: s.endAt, escalationPolicy: s.escalationPolicyName, level: s.escalationLevel });
    }
  }

  // Pages that reached each participant in the week before each incident: one read of
  // every notification in the span the incidents cover, then a window per incident.
  const starts = [...startOf.values()].filter((s): s is number => s !== null);
  const notifications: { id: number; at: number; incidentExternalId: string; targets: number[] }[] = [];
  if (pdIdsOf.size > 0 && starts.length > 0) {
    const rows = await db
      .selectFrom("pagerdutyLogEntries")
      .select(["id", "at", "incidentExternalId", "targetUserIds"])
      .where("kind", "=", "notify")
      .where("at", ">=", Math.min(...starts) - WEEK_MS)
      .where("at", "<", Math.max(...starts))
      .orderBy("at")
      .orderBy("id")
      .execute();
    for (const n of rows) {
      if (!n.targetUserIds) continue;
      const targets = (JSON.parse(n.targetUserIds) as string[]).map((pd) => pdIdsOf.get(pd)).filter((id): id is number => id !== undefined);
      if (targets.length > 0) notifications.push({ id: n.id, at: n.at, incidentExternalId: n.incidentExternalId, targets });
    }
  }

  // Teams owning each incident's services at its start.
  const ownersOf = new Map<number, OwningTeam[]>();
  for (const chunk of chunks(ids)) {
    const owners = await db
      .selectFrom("incidentServices as is")
      .innerJoin("services as sv", "sv.id", "is.serviceId")
      .innerJoin("serviceOwners as so", "so.serviceId", "sv.id")
      .innerJoin("teams as t", "t.id", "so.teamId")
      .where("is.incidentId", "in", chunk)
      .select(["is.incidentId", "t.name as team", "sv.id as serviceId", "sv.name as service", "so.id as ownershipId", "so.fromAt", "so.toAt"])
      .execute();
    for (const o of owners) {
      const startedAt = startOf.get(o.incidentId) ?? null;
      // Owned at the start; with no known start, any ownership period counts.
      if (o.fromAt > (startedAt ?? Number.MAX_SAFE_INTEGER) || (o.toAt !== null && o.toAt <= (startedAt ?? 0))) continue;
      push(ownersOf, o.incidentId, { team: o.team, serviceId: o.serviceId, service: o.service, ownershipId: o.ownershipId });
    }
  }

  for (const incident of incidents) {
    const startedAt = startOf.get(incident.id) ?? null;
    const people = new Map<number, PersonFacts>();
    const window = startedAt === null ? [] : notifications.slice(firstAtOrAfter(notifications, startedAt - WEEK_MS), firstAtOrAfter(notifications, startedAt));
    const prior = new Map<number, PriorPage[]>();
    for (const n of window) for (const target of n.targets) push(prior, target, { logEntryId: n.id, at: n.at, pagerdutyIncidentId: n.incidentExternalId });
    for (const personId of participantsOf.get(incident.id) ?? []) {
      const facts = base.get(personId);
      if (facts) people.set(personId, { ...facts, priorPages: prior.get(personId) ?? [] });
    }
    result.set(incident.id, {
      incident: { id: incident.id, startedAt: incident.startedAt },
      channelEvents: channelEvents.get(incident.id) ?? [],
      pageEvents: pageEvents.get(incident.id) ?? [],
      people,
      owningTeams: ownersOf.get(incident.id) ?? [],
      sources,
    });
  }
  return result;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Index of the first notification at or after `at` (they are sorted by time). */
function firstAtOrAfter(list: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as { at: number }).at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
