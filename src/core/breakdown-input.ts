/*
 * The plain data the people breakdown is computed from: what the store loads
 * (src/db/repositories/breakdown.ts) and the analysis reads (src/analysis/people-breakdown.ts).
 */

/** A message (or join) in one of the incident's channels. */
export interface ChannelEvent {
  id: number;
  at: number;
  /** The person who posted it; null for bots and unknown accounts. */
  personId: number | null;
  subtype: string | null;
  /** For `channel_join`: the person who invited them, when Slack recorded one. */
  inviterPersonId: number | null;
  /** People @-mentioned in it. */
  mentionedPersonIds: readonly number[];
}

/** A PagerDuty log entry of one of the incident's PagerDuty incidents. */
export interface PageEvent {
  id: number;
  at: number;
  /** `trigger`, `notify`, `acknowledge`, `escalate`, `assign`, `resolve`, … */
  kind: string;
  pagerdutyIncidentId: string;
  /** People it notified or assigned. */
  targetPersonIds: readonly number[];
  /** The person who acted (acknowledged, resolved, reassigned), when a person did. */
  agentPersonId: number | null;
}

/** A team membership over time: on the team from `fromAt` until `toAt` (exclusive). */
export interface Membership {
  id: number;
  team: string;
  fromAt: number;
  toAt: number | null;
}

/** An on-call shift; null bounds mean open-ended. */
export interface Shift {
  id: number;
  startAt: number | null;
  endAt: number | null;
  escalationPolicy: string | null;
  level: number | null;
}

/** A page that reached a person before the incident (for on-call load). */
export interface PriorPage {
  logEntryId: number;
  at: number;
  pagerdutyIncidentId: string;
}

/** What Debrief knows about one person. */
export interface PersonFacts {
  id: number;
  name: string;
  email: string | null;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timezone: string | null;
  /** ISO date `YYYY-MM-DD`. */
  startDate: string | null;
  memberships: readonly Membership[];
  shifts: readonly Shift[];
  /** Pages that notified them, at least over the week before the incident. */
  priorPages: readonly PriorPage[];
}

/** A team owning a service involved in the incident. */
export interface OwningTeam {
  team: string;
  serviceId: number;
  service: string;
  ownershipId: number;
}

/** Everything the breakdown is computed from. */
export interface BreakdownInput {
  incident: { id: number; startedAt: number | null };
  channelEvents: readonly ChannelEvent[];
  pageEvents: readonly PageEvent[];
  people: ReadonlyMap<number, PersonFacts>;
  owningTeams: readonly OwningTeam[];
  /** Which sources the store holds at all; absent means all of them (then nothing is unknown for lack of a source). */
  sources?: { onCallShifts: boolean; catalog: boolean };
}
