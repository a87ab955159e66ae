/*
 * The people breakdown: for everyone in an incident, how they got involved and what
 * that says about the organisation. Pure: plain data in, plain data out, so every rule
 * can be tested on hand-made cases and traced back to the events it used.
 */

import type { BreakdownInput, ChannelEvent, PageEvent } from "../core/breakdown-input.js";
import type { Involvement, MissingData, ParticipantFlag, ParticipantUnknowns } from "../core/people.js";
import { isOutsideRotaAndTeam, participantFlags } from "./people-flags.js";

export type { BreakdownInput, ChannelEvent, Membership, OwningTeam, PageEvent, PersonFacts, PriorPage, Shift } from "../core/breakdown-input.js";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type { Involvement };

/** The ids of the events behind each figure of one participant. */
export interface ParticipantEvidence {
  firstActivity: { source: "message" | "join" | "page"; id: number };
  involvement: { source: "page" | "message" | "join"; id: number } | null;
  onCallShiftId: number | null;
  teamMembershipId: number | null;
  formerOwnerMembershipId: number | null;
  priorPageLogEntryIds: number[];
  firstMessageId: number | null;
}

/** One participant's row. */
export interface Participant {
  person: { id: number; name: string; email: string | null };
  firstActivityAt: number;
  involvement: Involvement;
  involvedBy: { id: number; name: string } | null;
  onCall: boolean;
  /** The rota of the shift that made them on call: any team's, at any level. */
  onCallShift: { escalationPolicy: string | null; level: number | null } | null;
  teamAtTime: string | null;
  owningTeams: string[];
  onOwningTeam: boolean;
  formerOwner: { team: string; leftAt: number; yearsSince: number } | null;
  /** `firstActivityAt` in their own time zone, ISO 8601 with offset; null without a zone. */
  localTime: string | null;
  timezone: string | null;
  offHours: boolean | null;
  tenureDays: number | null;
  pagesPrior7d: number;
  messages: number;
  /** What src/analysis/people-flags.ts flags about them. */
  flags: ParticipantFlag[];
  /** Why onCall, teamAtTime or onOwningTeam is unknown; null members are known. */
  unknown: ParticipantUnknowns;
  evidence: ParticipantEvidence;
}

/** Incident-level figures, each with the event it came from. */
export interface BreakdownSummary {
  startedAt: number | null;
  firstPage: { at: number; logEntryId: number; afterStartMs: number | null } | null;
  firstAcknowledgement: { at: number; logEntryId: number; afterStartMs: number | null } | null;
  resolution: { at: number; logEntryId: number; afterStartMs: number | null } | null;
  people: number;
  /** People neither on call nor on an owning team: the ones the organisation leaned on. */
  neitherOnCallNorOwningTeam: { count: number; personIds: number[] };
  offHours: { count: number; personIds: number[] };
  formerOwners: { count: number; personIds: number[] };
  /** What data was missing, for whom, and where to import it. */
  missingData: MissingData[];
}

/** The breakdown for one incident. */
export interface PeopleBreakdown {
  participants: Participant[];
  summary: BreakdownSummary;
}

/** Subtypes that are not someone speaking. */
const NOT_SPEECH = new Set(["channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive", "bot_add", "bot_remove", "pinned_item"]);

/**
 * PagerDuty log-entry kinds that reach a named person: a notification, an assignment or
 * reassignment (which is also how a responder request lands), an escalation to them, a
 * delegation. Each counts as "paged", whoever asked for it.
 */
export const PAGING_KINDS: ReadonlySet<string> = new Set(["notify", "assign", "escalate", "delegate"]);

/** Computes the people breakdown; participants are ordered by first activity. */
export function peopleBreakdown(input: BreakdownInput): PeopleBreakdown {
  const activity = new Map<number, { first: ChannelEvent | null; join: ChannelEvent | null; messages: number; firstMessage: ChannelEvent | null }>();
  const mentions = new Map<number, ChannelEvent[]>();
  const events = [...input.channelEvents].sort((a, b) => a.at - b.at || a.id - b.id);
  for (const event of events) {
    // A topic, purpose or rename that names someone is not a message to them.
    const mentionable = !NOT_SPEECH.has(event.subtype ?? "");
    for (const mentioned of mentionable ? event.mentionedPersonIds : []) {
      // Mentioning yourself pulls nobody in.
      if (mentioned === event.personId) continue;
      const list = mentions.get(mentioned) ?? [];
      list.push(event);
      mentions.set(mentioned, list);
    }
    if (event.personId === null) continue;
    const entry = activity.get(event.personId) ?? { first: null, join: null, messages: 0, firstMessage: null };
    if (!entry.first) entry.first = event;
    if (event.subtype === "channel_join") {
      if (!entry.join) entry.join = event;
    } else if (!NOT_SPEECH.has(event.subtype ?? "")) {
      entry.messages += 1;
      if (!entry.firstMessage) entry.firstMessage = event;
    }
    activity.set(event.personId, entry);
  }
  const pages = [...input.pageEvents].sort((a, b) => a.at - b.at || a.id - b.id);
  const paging = new Map<number, PageEvent>();
  for (const page of pages) {
    if (!PAGING_KINDS.has(page.kind)) continue;
    for (const target of page.targetPersonIds) if (!paging.has(target)) paging.set(target, page);
  }
  const notified = new Map<number, PageEvent>();
  for (const page of pages) {
    if (page.kind !== "notify") continue;
    for (const target of page.targetPersonIds) if (!notified.has(target)) notified.set(target, page);
  }

  const startedAt = incidentStart(input, pages);
  const owningTeamNames = [...new Set(input.owningTeams.map((o) => o.team))].sort();
  const participantIds = new Set<number>([...activity.keys(), ...paging.keys()]);
  const participants: Participant[] = [];
  for (const personId of participantIds) {
    const person = input.people.get(personId);
    if (!person) continue;
    const seen = activity.get(personId);
    const page = notified.get(personId) ?? null;
    const channelFirst = seen?.first ?? null;
    let firstActivityAt: number;
    let firstActivity: ParticipantEvidence["firstActivity"];
    if (channelFirst && (!page || channelFirst.at <= page.at)) {
      firstActivityAt = channelFirst.at;
      firstActivity = { source: channelFirst.subtype === "channel_join" ? "join" : "message", id: channelFirst.id };
    } else if (page) {
      firstActivityAt = page.at;
      firstActivity = { source: "page", id: page.id };
    } else {
      const assigned = paging.get(personId) as PageEvent;
      firstActivityAt = assigned.at;
      firstActivity = { source: "page", id: assigned.id };
    }

    // The earliest cause at or before their first channel activity (or ever, when they
    // never appeared in the channel).
    const horizon = channelFirst?.at ?? Number.POSITIVE_INFINITY;
    const causes: { kind: Involvement; at: number; by: number | null; evidence: NonNullable<ParticipantEvidence["involvement"]> }[] = [];
    const pagedBy = paging.get(personId);
    if (pagedBy && pagedBy.at <= horizon) {
      // Someone who reassigned or asked for them paged them; PagerDuty itself (a
      // notification, an escalation rule) is nobody.
      const requester = pagedBy.agentPersonId !== null && pagedBy.agentPersonId !== personId && pagedBy.kind !== "notify" && pagedBy.kind !== "escalate" ? pagedBy.agentPersonId : null;
      causes.push({ kind: "paged", at: pagedBy.at, by: requester, evidence: { source: "page", id: pagedBy.id } });
    }
    const mentionedIn = (mentions.get(personId) ?? []).find((m) => m.at <= horizon);
    if (mentionedIn) causes.push({ kind: "mentioned", at: mentionedIn.at, by: mentionedIn.personId, evidence: { source: "message", id: mentionedIn.id } });
    const join = seen?.join ?? null;
    if (join && join.inviterPersonId !== null && join.inviterPersonId !== personId && join.at <= horizon) {
      causes.push({ kind: "invited", at: join.at, by: join.inviterPersonId, evidence: { source: "join", id: join.id } });
    }
    const rank: Record<Involvement, number> = { paged: 0, mentioned: 1, invited: 2, self: 3 };
    causes.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
    const cause = causes[0] ?? null;
    const involvedByPerson = cause?.by !== null && cause?.by !== undefined ? input.people.get(cause.by) : undefined;

    const at = firstActivityAt;
    const shift = person.shifts.find((s) => (s.startAt === null || s.startAt <= at) && (s.endAt === null || at < s.endAt)) ?? null;
    const current = person.memberships
      .filter((m) => m.fromAt <= at && (m.toAt === null || at < m.toAt))
      .sort((a, b) => b.fromAt - a.fromAt)[0] ?? null;
    const teamAtTime = current?.team ?? null;
    const onOwningTeam = teamAtTime !== null && owningTeamNames.includes(teamAtTime);
    const former = onOwningTeam
      ? null
      : person.memberships
          .filter((m) => owningTeamNames.includes(m.team) && m.toAt !== null && m.toAt <= at)
          .sort((a, b) => (b.toAt ?? 0) - (a.toAt ?? 0))[0] ?? null;
    const local = person.timezone ? localClock(at, person.timezone) : null;
    const windowStart = (startedAt ?? at) - WEEK_MS;
    const windowEnd = startedAt ?? at;
    const prior = person.priorPages.filter((p) => p.at >= windowStart && p.at < windowEnd);
    const priorIncidents = new Set(prior.map((p) => p.pagerdutyIncidentId));
    const startMs = person.startDate ? Date.parse(`${person.startDate}T00:00:00Z`) : Number.NaN;

    const row: Omit<Participant, "flags"> = {
      person: { id: person.id, name: person.name, email: person.email },
      firstActivityAt,
      involvement: cause?.kind ?? "self",
      involvedBy: involvedByPerson ? { id: involvedByPerson.id, name: involvedByPerson.name } : null,
      onCall: shift !== null,
      onCallShift: shift ? { escalationPolicy: shift.escalationPolicy, level: shift.level } : null,
      teamAtTime,
      owningTeams: owningTeamNames,
      onOwningTeam,
      formerOwner: former ? { team: former.team, leftAt: former.toAt as number, yearsSince: roundTo((at - (former.toAt as number)) / (365.25 * DAY_MS), 1) } : null,
      localTime: local?.iso ?? null,
      timezone: person.timezone,
      offHours: local ? local.hour < 8 || local.hour >= 20 || local.weekday === 0 || local.weekday === 6 : null,
      tenureDays: Number.isNaN(startMs) ? null : Math.floor((at - startMs) / DAY_MS),
      pagesPrior7d: priorIncidents.size,
      messages: seen?.messages ?? 0,
      unknown: {
        // With no schedules at all, no shift is not "not on call".
        onCall: input.sources?.onCallShifts === false && person.shifts.length === 0 ? "no_pagerduty_data" : null,
        team: person.memberships.length === 0 ? "no_directory_entry" : null,
        ownership: owningTeamNames.length > 0 ? null : input.sources?.catalog === false ? "no_catalog" : "no_services",
      },
      evidence: {
        firstActivity,
        involvement: cause?.evidence ?? null,
        onCallShiftId: shift?.id ?? null,
        teamMembershipId: current?.id ?? null,
        formerOwnerMembershipId: former?.id ?? null,
        priorPageLogEntryIds: prior.map((p) => p.logEntryId),
        firstMessageId: seen?.firstMessage?.id ?? null,
      },
    };
    participants.push({ ...row, flags: participantFlags(row) });
  }
  participants.sort((a, b) => a.firstActivityAt - b.firstActivityAt || a.person.id - b.person.id);
  return { participants, summary: summarise(participants, pages, startedAt) };
}

function incidentStart(input: BreakdownInput, pages: readonly PageEvent[]): number | null {
  const trigger = pages.find((p) => p.kind === "trigger");
  const candidates = [input.incident.startedAt, trigger?.at ?? null].filter((v): v is number => v !== null);
  return candidates.length > 0 ? Math.min(...candidates) : null;
}

function summarise(participants: readonly Participant[], pages: readonly PageEvent[], startedAt: number | null): BreakdownSummary {
  const first = (kind: string) => {
    const page = pages.find((p) => p.kind === kind);
    return page ? { at: page.at, logEntryId: page.id, afterStartMs: startedAt === null ? null : page.at - startedAt } : null;
  };
  const resolves = pages.filter((p) => p.kind === "resolve");
  const lastResolve = resolves[resolves.length - 1];
  const ids = (list: readonly Participant[]) => ({ count: list.length, personIds: list.map((p) => p.person.id) });
  return {
    startedAt,
    firstPage: first("notify"),
    firstAcknowledgement: first("acknowledge"),
    resolution: lastResolve ? { at: lastResolve.at, logEntryId: lastResolve.id, afterStartMs: startedAt === null ? null : lastResolve.at - startedAt } : null,
    people: participants.length,
    neitherOnCallNorOwningTeam: ids(participants.filter(isOutsideRotaAndTeam)),
    offHours: ids(participants.filter((p) => p.offHours === true)),
    formerOwners: ids(participants.filter((p) => p.formerOwner !== null)),
    missingData: missingData(participants),
  };
}

/** One entry per reason some participant's fact is unknown, in a fixed order. */
function missingData(participants: readonly Participant[]): MissingData[] {
  const out: MissingData[] = [];
  const add = (source: MissingData["source"], reason: MissingData["reason"], who: readonly Participant[]) => {
    if (who.length > 0) out.push({ source, reason, personIds: who.map((p) => p.person.id), importPath: "/imports" });
  };
  add("pagerduty", "no_pagerduty_data", participants.filter((p) => p.unknown.onCall === "no_pagerduty_data"));
  add("directory", "no_directory_entry", participants.filter((p) => p.unknown.team === "no_directory_entry"));
  add("catalog", "no_catalog", participants.filter((p) => p.unknown.ownership === "no_catalog"));
  add("catalog", "no_services", participants.filter((p) => p.unknown.ownership === "no_services"));
  return out;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock at `ms` in `timeZone`: ISO 8601 with the zone's offset at that
 * instant (daylight saving included), the hour, and the weekday (0 = Sunday).
 */
export function localClock(ms: number, timeZone: string): { iso: string; hour: number; weekday: number } | null {
  let format = clockFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        weekday: "short",
      });
    } catch {
      return null;
    }
    clockFormats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  const iso = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday ?? "");
  return { iso, hour: Number(parts.hour), weekday };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
