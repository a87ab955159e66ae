/*
 * Patterns across incidents: the plain data the insights are computed from (loaded in
 * batches by src/db/repositories/insights.ts, read by src/analysis/insights/*) and the
 * zod schemas of the rows the CLI and the API give out.
 */
import { z } from "zod";

/** How a person got involved in an incident (the people breakdown's rule). */
export type InsightInvolvement = "paged" | "mentioned" | "invited" | "self";

/** One incident as the insights see it. */
export interface InsightIncident {
  id: number;
  title: string;
  status: string;
  /** The name of its first Slack channel. */
  channel: string | null;
  startedAt: number | null;
  resolvedAt: number | null;
  /**
   * Catalog services of its linked PagerDuty incidents (matched to the catalog); a
   * service named in chat or in the channel name does not count.
   */
  serviceIds: readonly number[];
  /** PagerDuty incidents linked to it. */
  pagerdutyIncidentIds: readonly string[];
  /** Annotation tags on its events, one entry per annotation and tag. */
  tags: readonly string[];
}

/**
 * What one person did first in one incident, and what may have pulled them in; the
 * loader gives the earliest of each, the analysis decides (see `involvementOf`).
 */
export interface ParticipationFacts {
  incidentId: number;
  personId: number;
  /** Their earliest message or join in the incident's channels. */
  firstChannel: { at: number; messageId: number } | null;
  /** The earliest message by someone else that @-mentioned them. */
  firstMention: { at: number; messageId: number; byPersonId: number | null } | null;
  /** Their earliest join, and who invited them when Slack recorded it. */
  firstJoin: { at: number; messageId: number; inviterPersonId: number | null } | null;
  /** The earliest notify, assign or escalate log entry naming them. */
  firstPaging: { at: number; logEntryId: number } | null;
  /** The earliest notify log entry naming them. */
  firstNotify: { at: number; logEntryId: number } | null;
}

/** A team membership over time (`toAt` exclusive, null while current). */
export interface InsightMembership {
  id: number;
  teamId: number;
  team: string;
  fromAt: number;
  toAt: number | null;
}

/** An on-call shift; null bounds are open-ended. */
export interface InsightShift {
  id: number;
  startAt: number | null;
  endAt: number | null;
}

/** A person with their teams over time and shifts. */
export interface InsightPerson {
  id: number;
  name: string;
  email: string | null;
  /** The directory's IANA time zone; null when unknown. */
  timezone: string | null;
  memberships: readonly InsightMembership[];
  shifts: readonly InsightShift[];
}

/** A catalog service and its owners over time. */
export interface InsightService {
  id: number;
  name: string;
  systemName: string | null;
  owners: readonly { id: number; teamId: number; team: string; fromAt: number; toAt: number | null }[];
}

/** A PagerDuty notify log entry reaching one person (one row per target person). */
export interface PageNotification {
  logEntryId: number;
  at: number;
  pagerdutyIncidentId: string;
  personId: number;
}

/** A PagerDuty incident, for its title (what triggered) and service. */
export interface InsightPagerdutyIncident {
  externalId: string;
  title: string;
  serviceId: number | null;
  createdAt: number;
  resolvedAt: number | null;
}

/**
 * A follow-up (opportunity) on an incident. Follow-ups are recorded by the review
 * feature; until a store holds them, the list is empty and `known` is false.
 */
export interface InsightFollowUp {
  id: number;
  incidentId: number;
  title: string;
  status: string;
}

/** Everything the insights are computed from. */
export interface InsightsInput {
  incidents: readonly InsightIncident[];
  participations: readonly ParticipationFacts[];
  people: ReadonlyMap<number, InsightPerson>;
  services: ReadonlyMap<number, InsightService>;
  notifications: readonly PageNotification[];
  pagerdutyIncidents: ReadonlyMap<string, InsightPagerdutyIncident>;
  followUps: { known: boolean; items: readonly InsightFollowUp[] };
}

/** Thresholds and hours; every insight takes them, the defaults are the documented ones. */
export interface InsightSettings {
  /** Silos: listed from this many pulls. */
  minSiloPulls: number;
  /** Fatigue: rows from this many pages in a week. */
  minWeeklyPages: number;
  /** Local hour at which the working day starts (before it is off hours). */
  workdayStartHour: number;
  /** Local hour from which it is off hours (and a night starts). */
  workdayEndHour: number;
  /** Fatigue: gaps between pages shorter than this are recovery gaps too short. */
  recoveryGapMs: number;
  /** Recurring: a contributor or tag recurs from this many incidents. */
  minRecurrence: number;
  /** Chaos: a suggestion needs this many incidents behind it. */
  minChaosIncidents: number;
}

/** The defaults named in docs/insights.md. */
export const DEFAULT_INSIGHT_SETTINGS: InsightSettings = {
  minSiloPulls: 2,
  minWeeklyPages: 3,
  workdayStartHour: 8,
  workdayEndHour: 20,
  recoveryGapMs: 48 * 3_600_000,
  minRecurrence: 2,
  minChaosIncidents: 2,
};

/* ---------- API and CLI rows ---------- */

const id = z.number().int();
/** A person in an insight row. */
export const InsightPersonRef = z.object({ id, name: z.string(), email: z.string().nullable() });
/** An incident behind a figure: open it at `/incidents/:id`. */
export const InsightIncidentRef = z.object({ id, title: z.string(), channel: z.string().nullable().describe("the incident's first channel's name") });
/** The event that shows it: a message (`/incidents/:id/timeline?event=message:<id>`) or a page log entry. */
export const InsightEvidence = z.object({
  incidentId: id,
  kind: z.enum(["message", "page"]),
  id: z.number().int(),
  at: z.string().describe("ISO 8601"),
});

/** `debrief insights silos` row. */
export const SiloRow = z.object({
  person: InsightPersonRef,
  count: z.number().int().describe("incidents they were pulled into by mention or invitation, off call, their team owning none of its services"),
  incidents: z.array(InsightIncidentRef).describe("chronological"),
  evidence: z.array(InsightEvidence).describe("per incident, the mention or join that pulled them in"),
  teams: z.array(z.string()).describe("their team at each pull, in the same order (null teams left out)"),
});
/** Per service: who outside its owning team keeps being pulled in. */
export const SiloServiceRow = z.object({
  service: z.object({ id, name: z.string() }),
  people: z.array(z.object({ person: InsightPersonRef, count: z.number().int(), incidents: z.array(InsightIncidentRef) })),
});

/** `debrief insights fatigue` row. */
export const FatigueRow = z.object({
  person: InsightPersonRef,
  week: z.string().describe("ISO week of the page time in UTC, YYYY-Www"),
  pages: z.number().int().describe("distinct PagerDuty incidents that paged them that week"),
  offHoursPages: z.number().int().nullable().describe("null when their time zone is unknown"),
  maxConsecutiveNights: z.number().int().nullable().describe("null when their time zone is unknown"),
  timezone: z.string().nullable(),
  evidence: z.array(
    z.object({
      pagerdutyIncidentId: z.string(),
      logEntryId: z.number().int().describe("the earliest notification: re-notifications are not new pages"),
      at: z.string(),
      localTime: z.string().nullable(),
      offHours: z.boolean().nullable(),
      night: z.string().nullable().describe("the local date the night starts on, when the page fell in a night"),
      incidentIds: z.array(id).describe("Debrief incidents the PagerDuty incident is linked to; empty when it has no channel"),
    }),
  ),
});
/** Per person beside the weekly rows. */
export const FatigueProfile = z.object({
  person: InsightPersonRef,
  shifts: z.number().int().describe("on-call shifts overlapping the range"),
  maxConsecutiveOnCallDays: z.number().int().describe("UTC calendar days in a row touched by a shift"),
  shortRecoveryGaps: z.array(z.object({ from: InsightEvidence.omit({ incidentId: true }).extend({ pagerdutyIncidentId: z.string() }), to: InsightEvidence.omit({ incidentId: true }).extend({ pagerdutyIncidentId: z.string() }), hours: z.number() })),
  joinedOffHoursUnpaged: z.array(z.object({ incident: InsightIncidentRef, evidence: InsightEvidence, localTime: z.string() })),
});

/** `debrief insights drift` row. */
export const DriftRow = z.object({
  person: InsightPersonRef,
  team: z.string(),
  incidents: z.array(InsightIncidentRef).describe("chronological"),
  leftOn: z.string().describe("YYYY-MM-DD, the day their membership of the team ended"),
  yearsSince: z.number().describe("years from leaving to the earliest of the incidents, one decimal"),
  evidence: z.array(InsightEvidence),
});

/** `debrief insights services` row. */
export const ServiceRow = z.object({
  service: z.object({ id, name: z.string() }),
  incidents: z.number().int(),
  channels: z.array(z.string()),
  incidentList: z.array(InsightIncidentRef),
  owningTeams: z.array(z.string()).describe("current owners"),
  medianTimeToResolveMs: z.number().nullable().describe("incident start to resolution; null when no incident has both"),
  timeToResolveMs: z.array(z.object({ incidentId: id, ms: z.number() })),
  contributors: z.array(z.object({ person: InsightPersonRef, incidents: z.array(id) })).describe("people in at least two of its incidents"),
  tags: z.array(z.object({ tag: z.string(), incidents: z.array(id) })).describe("annotation tags in at least two of its incidents"),
  followUps: z.array(z.object({ id, incidentId: id, title: z.string(), status: z.string() })).nullable().describe("null when follow-ups are not recorded"),
});

/** `debrief insights chaos` row. */
export const ChaosRow = z.object({
  hypothesis: z.string(),
  service: z.object({ id, name: z.string() }),
  trigger: z.string().describe("what failed, as the PagerDuty incidents called it"),
  incidents: z.array(InsightIncidentRef),
  owningTeam: z.string().nullable(),
  coveredByFollowUp: z.boolean().nullable().describe("null when follow-ups are not recorded"),
  followUps: z.array(z.object({ id, incidentId: id, title: z.string(), status: z.string() })),
  evidence: z.array(z.object({ pagerdutyIncidentId: z.string(), title: z.string() })),
});

/** One entry of a newcomer's reading list. */
export const ReadingListRow = z.object({
  incident: InsightIncidentRef,
  startedAt: z.string().nullable(),
  reasons: z.array(z.string()),
  score: z.number(),
});

export type SiloRow = z.infer<typeof SiloRow>;
export type SiloServiceRow = z.infer<typeof SiloServiceRow>;
export type FatigueRow = z.infer<typeof FatigueRow>;
export type FatigueProfile = z.infer<typeof FatigueProfile>;
export type DriftRow = z.infer<typeof DriftRow>;
export type ServiceRow = z.infer<typeof ServiceRow>;
export type ChaosRow = z.infer<typeof ChaosRow>;
export type ReadingListRow = z.infer<typeof ReadingListRow>;
export type InsightEvidence = z.infer<typeof InsightEvidence>;
export type InsightIncidentRef = z.infer<typeof InsightIncidentRef>;

/** The insight kinds the CLI and API name. */
export const INSIGHT_KINDS = ["silos", "fatigue", "drift", "services", "chaos"] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];
