import { z } from "zod";
import { decimalText, isoTime, searchText, UserRef } from "./common.js";

/*
 * People in an incident: how someone got involved.
 */

/** How a person got involved, in the order the breakdown prefers causes at the same instant. */
export const INVOLVEMENTS = ["paged", "mentioned", "invited", "self"] as const;

/** How a person got involved. */
export type Involvement = (typeof INVOLVEMENTS)[number];

/**
 * The flags the people breakdown raises on a participant, decided in
 * src/analysis/people-flags.ts: neither on call nor on an owning team, a former owner
 * of the affected service, active outside their working hours, paged often the week
 * before.
 */
export const PARTICIPANT_FLAGS = ["outside_rota_and_team", "former_owner", "off_hours", "busy_week"] as const;

/** One flag on a participant. */
export type ParticipantFlag = (typeof PARTICIPANT_FLAGS)[number];

/** An event a figure came from: a Slack message, a channel join (also a message), or a PagerDuty log entry. */
export const EvidenceRef = z.object({ source: z.enum(["message", "join", "page"]), id: z.number().int() });

/** An event a figure came from. */
export type EvidenceRef = z.infer<typeof EvidenceRef>;

/** Why Debrief cannot say whether someone was on call: no PagerDuty schedules imported. */
export const ON_CALL_GAPS = ["no_pagerduty_data"] as const;
/** Why their team is unknown: the directory has no team history for them. */
export const TEAM_GAPS = ["no_directory_entry"] as const;
/** Why owning teams are unknown: no catalog imported, or no service linked to the incident. */
export const OWNERSHIP_GAPS = ["no_catalog", "no_services"] as const;

/** For each fact that may be unknown, why it is; null when it is known (then false means no). */
export const ParticipantUnknowns = z.object({
  onCall: z.enum(ON_CALL_GAPS).nullable(),
  team: z.enum(TEAM_GAPS).nullable(),
  ownership: z.enum(OWNERSHIP_GAPS).nullable(),
});

/** Why a participant's facts are unknown. */
export type ParticipantUnknowns = z.infer<typeof ParticipantUnknowns>;

/** A data source the breakdown missed, the people it left unknown, and where to import it. */
export const MissingData = z.object({
  source: z.enum(["pagerduty", "directory", "catalog"]),
  reason: z.enum([...ON_CALL_GAPS, ...TEAM_GAPS, ...OWNERSHIP_GAPS]),
  personIds: z.array(z.number().int()),
  importPath: z.literal("/imports"),
});

/** A data source the breakdown missed. */
export type MissingData = z.infer<typeof MissingData>;

/** The ids behind a participant's figures (docs/people-breakdown.md, `evidence`). */
export const ParticipantEvidence = z.object({
  firstActivity: EvidenceRef,
  involvement: EvidenceRef.nullable(),
  onCallShiftId: z.number().int().nullable(),
  teamMembershipId: z.number().int().nullable(),
  formerOwnerMembershipId: z.number().int().nullable(),
  priorPageLogEntryIds: z.array(z.number().int()),
  firstMessageId: z.number().int().nullable(),
});

/** The ids behind a participant's figures. */
export type ParticipantEvidence = z.infer<typeof ParticipantEvidence>;

/** One participant of the people breakdown (docs/people-breakdown.md). */
export const Participant = z.object({
  person: z.object({ id: z.number().int(), name: z.string(), email: z.string().nullable() }),
  firstActivityAt: isoTime.nullable(),
  involvement: z.enum(INVOLVEMENTS),
  involvedBy: UserRef.nullable().describe("the person who paged, mentioned or invited them"),
  onCall: z.boolean(),
  onCallShift: z.object({ escalationPolicy: z.string().nullable(), level: z.number().int().nullable() }).nullable(),
  teamAtTime: z.string().nullable(),
  owningTeams: z.array(z.string()),
  onOwningTeam: z.boolean(),
  formerOwner: z.object({ team: z.string(), leftAt: isoTime.nullable(), yearsSince: z.number() }).nullable(),
  /** `firstActivityAt` in the person's own zone, ISO 8601 with the offset in force. */
  localTime: z.string().nullable(),
  timezone: z.string().nullable(),
  offHours: z.boolean().nullable(),
  tenureDays: z.number().int().nullable(),
  pagesPrior7d: z.number().int(),
  messages: z.number().int(),
  /** What the breakdown's rules flag about them, in a fixed order. */
  flags: z.array(z.enum(PARTICIPANT_FLAGS)).describe("outside_rota_and_team, former_owner, off_hours, busy_week"),
  /** Why onCall, teamAtTime or onOwningTeam is unknown; a false there is only a "no" when this is null. */
  unknown: ParticipantUnknowns,
  evidence: ParticipantEvidence,
});

/** One participant of the people breakdown. */
export type Participant = z.infer<typeof Participant>;

/** A moment of the incident measured from its start. */
export const SummaryMoment = z.object({ at: isoTime.nullable(), afterStartSeconds: z.number().int().nullable(), logEntryId: z.number().int() });

/** A moment of the incident measured from its start. */
export type SummaryMoment = z.infer<typeof SummaryMoment>;

/** People who share a flag. */
export const PersonCount = z.object({ count: z.number().int(), personIds: z.array(z.number().int()) });

/** People who share a flag. */
export type PersonCount = z.infer<typeof PersonCount>;

/** The incident-level figures of the breakdown. */
export const BreakdownSummary = z.object({
  startedAt: isoTime.nullable(),
  firstPage: SummaryMoment.nullable(),
  firstAcknowledgement: SummaryMoment.nullable(),
  resolution: SummaryMoment.nullable(),
  people: z.number().int(),
  neitherOnCallNorOwningTeam: PersonCount,
  offHours: PersonCount,
  formerOwners: PersonCount,
  /** The data that was missing and how to add it. */
  missingData: z.array(MissingData),
});

/** The incident-level figures of the breakdown. */
export type BreakdownSummary = z.infer<typeof BreakdownSummary>;

/** `GET /api/incidents/:id/people`. */
export const PeopleBreakdown = z.object({ participants: z.array(Participant), summary: BreakdownSummary });

/** `GET /api/incidents/:id/people`. */
export type PeopleBreakdown = z.infer<typeof PeopleBreakdown>;

/** A person as the directory lists them. */
export const DirectoryPerson = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  timezone: z.string().nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  team: z.string().nullable().describe("their current team"),
  identities: z.array(z.object({ source: z.string().describe("slack, pagerduty, email, github, scim"), externalId: z.string() })),
});

/** A person as the directory lists them. */
export type DirectoryPerson = z.infer<typeof DirectoryPerson>;

/** Query of `GET /api/people`. */
export const PeopleQuery = z.strictObject({
  q: searchText.optional(),
  limit: decimalText(1, 5000).optional().describe("default 1000"),
});

/** `GET /api/people`. */
export const PeopleList = z.object({ people: z.array(DirectoryPerson) });

/** One person with their teams over time and the incidents they took part in. */
export const PersonProfile = DirectoryPerson.extend({
  teams: z.array(z.object({ id: z.number().int().describe("the team membership"), team: z.string(), from: isoTime, to: isoTime.nullable() })),
  incidents: z
    .array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        startedAt: isoTime.nullable(),
        involvement: z.enum(INVOLVEMENTS),
        involvedBy: UserRef.nullable().describe("the person who paged, mentioned or invited them"),
        evidence: EvidenceRef.nullable().describe("the event that involved them, in that incident's timeline"),
      }),
    )
    .describe("newest first, at most 50; involvement as the incident's people breakdown says"),
  shifts: z
    .array(z.object({ id: z.number().int(), escalationPolicy: z.string().nullable(), schedule: z.string().nullable(), level: z.number().int().nullable(), from: isoTime.nullable(), to: isoTime.nullable() }))
    .describe("their PagerDuty on-call shifts, newest first, at most 100"),
  pages: z
    .array(
      z.object({
        id: z.number().int(),
        at: isoTime,
        kind: z.string(),
        summary: z.string().nullable(),
        pagerduty: z.object({ id: z.string(), number: z.number().int().nullable(), title: z.string() }).nullable(),
        incidentId: z.number().int().nullable().describe("the Debrief incident the PagerDuty incident is linked to"),
      }),
    )
    .describe("the PagerDuty log entries asked for with ?pages="),
});

/** Query of `GET /api/people/:id`. */
export const PersonQuery = z.strictObject({
  pages: z
    .string()
    .regex(/^[1-9]\d{0,14}(,[1-9]\d{0,14}){0,199}$/)
    .optional()
    .describe("PagerDuty log entry ids to include (a people breakdown's pages of the week before), comma-separated, at most 200"),
});

/** One person with their teams and incidents. */
export type PersonProfile = z.infer<typeof PersonProfile>;

/** `GET /api/people/:id`. */
export const PersonResponse = z.object({ person: PersonProfile });

