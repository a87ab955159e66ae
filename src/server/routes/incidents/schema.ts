import { z } from "zod";
import { ANNOTATION_TAGS } from "../../../commands/annotations.js";
import { INCIDENT_STATUSES } from "../../../commands/update-incident.js";
import { EVENT_REF_PATTERN } from "../../../db/repositories/timeline.js";
import { decimalText, errorResponses, IdParams, idNumber, idText, isoTime, searchText, UserRef } from "../common-schema.js";

const Status = z.enum(INCIDENT_STATUSES).describe("analysis status: new, in_analysis, in_review, published");

/** An incident as the list shows it. */
export const IncidentListItem = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: z.string().nullable(),
  status: Status,
  startedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  /** Slack channel names. */
  channels: z.array(z.string()),
  /** Messages in its channels (within each channel's window). */
  messages: z.number().int(),
  /** Distinct people who wrote in its channels. */
  people: z.number().int().describe("distinct people who wrote in its channels"),
  analysts: z.array(UserRef),
});

/** An incident with where it came from. */
export const IncidentDetail = IncidentListItem.extend({
  detectedAt: isoTime.nullable(),
  /** `channel` (found on import) or `manual`. */
  origin: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  sources: z.array(
    z.object({
      /** `slack_channel` or `pagerduty_incident`. */
      kind: z.string().describe("slack_channel or pagerduty_incident"),
      channel: z.string().nullable(),
      pagerdutyId: z.string().nullable(),
      from: isoTime.nullable(),
      to: isoTime.nullable(),
    }),
  ),
  services: z.array(z.object({ id: z.number().int(), name: z.string() })),
});

/** `GET /api/incidents`. */
export const listIncidentsSchema = {
  summary: "Incidents, filtered and sorted (viewers see published ones only)",
  tags: ["incidents"],
  querystring: z.strictObject({
    status: Status.optional(),
    q: searchText.optional().describe("text in the title or a channel name"),
    sort: z.enum(["startedAt", "title", "people", "messages"]).optional().describe("default startedAt"),
    order: z.enum(["asc", "desc"]).optional().describe("default desc, asc for title"),
  }),
  response: { 200: z.object({ incidents: z.array(IncidentListItem) }), ...errorResponses },
};

/** `POST /api/incidents`. */
export const createIncidentSchema = {
  summary: "Create an incident from Slack channels and an optional time window",
  tags: ["incidents"],
  body: z.strictObject({
    title: z.string().trim().min(1).max(500),
    channels: z.array(z.string().trim().min(1).max(200)).min(1).max(50).describe("imported Slack channel names, with or without #"),
    from: z.iso.datetime({ offset: true }).optional().describe("only messages at or after this time"),
    to: z.iso.datetime({ offset: true }).optional().describe("only messages at or before this time"),
    severity: z.string().trim().min(1).max(50).optional(),
  }),
  response: { 201: z.object({ incident: IncidentDetail }), ...errorResponses },
};

/** `GET /api/incidents/:id`. */
export const getIncidentSchema = {
  summary: "One incident with its sources and services",
  tags: ["incidents"],
  params: IdParams,
  response: { 200: z.object({ incident: IncidentDetail }), ...errorResponses },
};

/** `PATCH /api/incidents/:id`. */
export const updateIncidentSchema = {
  summary: "Change status, severity, title or the assigned analysts",
  tags: ["incidents"],
  params: IdParams,
  body: z.strictObject({
    status: Status.optional(),
    severity: z.string().trim().min(1).max(50).nullable().optional().describe("null clears it"),
    title: z.string().trim().min(1).max(500).optional(),
    analystIds: z.array(idNumber).max(50).optional().describe("the complete set of assigned analysts (admin or analyst accounts)"),
  }),
  response: { 200: z.object({ incident: IncidentDetail }), ...errorResponses },
};

const Source = z.enum(["slack", "pagerduty", "transcript"]);

/** One annotation as the timeline nests it under its event. */
const TimelineAnnotation = z.object({
  id: z.number().int(),
  tags: z.array(z.string()),
  note: z.string(),
  rangeStart: z.number().int().nullable(),
  rangeEnd: z.number().int().nullable(),
  quote: z.string().nullable(),
  version: z.number().int(),
  author: UserRef,
});

/** One event of the merged timeline (docs/api.md, "Timeline"). */
export const TimelineEvent = z
  .object({
    key: z.string().describe("kind:id, unique within the incident"),
    kind: z.enum(["message", "page", "cue"]),
    id: z.string().describe("message id, PagerDuty log entry row id, or transcriptId:position"),
    at: isoTime,
    source: Source,
    channel: z.string().nullable(),
    author: z.object({ personId: z.number().int().nullable(), name: z.string(), isBot: z.boolean() }).nullable(),
    subtype: z.string().nullable(),
    text: z.string(),
    thread: z.object({ parentTs: z.string(), isReply: z.boolean(), isBroadcast: z.boolean(), replyCount: z.number().int() }).nullable(),
    invitedBy: z.object({ personId: z.number().int().nullable(), name: z.string() }).nullable().describe("for a channel join: who invited them"),
    editedAt: isoTime.nullable().describe("when the message was last edited"),
    mentions: z.array(z.object({ kind: z.string(), target: z.string(), label: z.string() })),
    references: z.array(z.object({ kind: z.string(), key: z.string(), url: z.string().nullable() })),
    files: z.array(z.unknown()),
    reactions: z.array(z.unknown()),
    attachments: z.array(z.unknown()),
    annotations: z.array(TimelineAnnotation),
  })
  .meta({ id: "TimelineEvent" });

/** `GET /api/incidents/:id/timeline`. */
export const timelineSchema = {
  summary: "The merged timeline, one page at a time",
  tags: ["incidents"],
  params: IdParams,
  querystring: z
    .strictObject({
    cursor: z.string().max(200).optional().describe("nextCursor of the previous page: the page starts just after it"),
    before: z.string().max(200).optional().describe("prevCursor of a page: the page ends just before it"),
    around: z
      .string()
      .regex(EVENT_REF_PATTERN, "expected message:<id>, page:<id> or cue:<transcriptId>:<position>")
      .optional()
      .describe("kind:id of an event the page must contain, a quarter of the page in"),
    limit: decimalText(1, 1000).optional().describe("1–1000, default 200"),
    source: z.union([Source, z.array(Source).max(3)]).optional().describe("slack, pagerduty or transcript; repeatable"),
    person: idText.optional().describe("only events by (or paging) this person id"),
    tag: z.enum(ANNOTATION_TAGS).optional().describe("only events carrying an annotation with this tag"),
    q: searchText.optional().describe("case-insensitive text search"),
  })
    .refine((query) => [query.cursor, query.before, query.around].filter((x) => x !== undefined).length <= 1, {
      message: "cursor, before and around are mutually exclusive",
    }),
  response: {
    200: z.object({
      events: z.array(TimelineEvent),
      /** Pass as `cursor` for the next page; null at the end. */
      nextCursor: z.string().nullable().describe("pass as cursor for the events after this page; null at the end"),
      /** Pass as `before` for the previous page; null at the start. */
      prevCursor: z.string().nullable().describe("pass as before for the events before this page; null at the start"),
      /** Where the page begins in the filtered stream. */
      startIndex: z.number().int().describe("position of the first returned event in the filtered stream"),
      total: z.number().int(),
    }),
    ...errorResponses,
  },
};

const Moment = z.object({ at: isoTime.nullable(), afterStartSeconds: z.number().int().nullable(), logEntryId: z.number().int() }).nullable();
const PersonIds = z.object({ count: z.number().int(), personIds: z.array(z.number().int()) });
const EventRef = z.object({ source: z.string(), id: z.number().int() });

/** One participant of the people breakdown (docs/people-breakdown.md). */
export const Participant = z.object({
  person: z.object({ id: z.number().int(), name: z.string(), email: z.string().nullable() }),
  firstActivityAt: isoTime.nullable(),
  involvement: z.enum(["paged", "mentioned", "invited", "self"]),
  involvedBy: UserRef.nullable().describe("the person who paged, mentioned or invited them"),
  onCall: z.boolean(),
  onCallShift: z.object({ escalationPolicy: z.string().nullable(), level: z.number().int().nullable() }).nullable(),
  teamAtTime: z.string().nullable(),
  owningTeams: z.array(z.string()),
  onOwningTeam: z.boolean(),
  formerOwner: z.object({ team: z.string(), leftAt: isoTime.nullable(), yearsSince: z.number() }).nullable(),
  localTime: z.string().nullable(),
  timezone: z.string().nullable(),
  offHours: z.boolean().nullable(),
  tenureDays: z.number().int().nullable(),
  pagesPrior7d: z.number().int(),
  messages: z.number().int(),
  evidence: z.object({
    firstActivity: EventRef,
    involvement: EventRef.nullable(),
    onCallShiftId: z.number().int().nullable(),
    teamMembershipId: z.number().int().nullable(),
    formerOwnerMembershipId: z.number().int().nullable(),
    priorPageLogEntryIds: z.array(z.number().int()),
    firstMessageId: z.number().int().nullable(),
  }),
});

/** `GET /api/incidents/:id/people`. */
export const peopleBreakdownSchema = {
  summary: "Who was in the incident and how they got involved (the people breakdown)",
  tags: ["incidents"],
  params: IdParams,
  response: {
    200: z.object({
      participants: z.array(Participant),
      summary: z.object({
        startedAt: isoTime.nullable(),
        firstPage: Moment,
        firstAcknowledgement: Moment,
        resolution: Moment,
        people: z.number().int(),
        neitherOnCallNorOwningTeam: PersonIds,
        offHours: PersonIds,
        formerOwners: PersonIds,
      }),
    }),
    ...errorResponses,
  },
};

/** `GET /api/incidents/:id/guide`. */
export const guideSchema = {
  summary: "The analysis checklist, computed from what has been gathered and marked",
  tags: ["incidents"],
  params: IdParams,
  response: {
    200: z.object({
      steps: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          done: z.boolean(),
          detail: z.string().describe("what the data says about this step now"),
          explanation: z.string().describe("why the step matters, for a first-time analyst"),
          link: z.string().describe("where in the UI to do it"),
        }),
      ),
    }),
    ...errorResponses,
  },
};
