/*
 * The JSON the HTTP API answers, as docs/api.md describes it. Times are ISO 8601
 * strings; ids are integers unless said otherwise. Where the contract leaves a field's
 * presence open (an event without an author, a breakdown without a zone) the type says
 * `| null` so the UI has to handle it.
 */

/** Account roles, most to least privileged. */
export type Role = "admin" | "analyst" | "member" | "viewer";

/** The signed-in account (`GET /api/me`, `POST /api/auth/login`). */
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** Where an incident is in its analysis. */
export type IncidentStatus = "new" | "in_analysis" | "in_review" | "published";

/** The statuses in the order the analysis moves through them. */
export const INCIDENT_STATUSES: readonly IncidentStatus[] = ["new", "in_analysis", "in_review", "published"];

/** An analyst assigned to an incident. */
export interface AnalystRef {
  id: number;
  name: string;
}

/** One row of `GET /api/incidents`. */
export interface IncidentListItem {
  id: number;
  title: string;
  severity: string | null;
  status: IncidentStatus;
  startedAt: string | null;
  resolvedAt: string | null;
  channels: string[];
  messages: number;
  people: number;
  analysts: AnalystRef[];
}

/** Sort keys `GET /api/incidents` accepts. */
export type IncidentSort = "startedAt" | "title" | "people" | "messages";

/** A source that belongs to an incident. */
export interface IncidentSource {
  kind: string;
  channel?: string | null;
  pagerdutyId?: string | null;
  from?: string | null;
  to?: string | null;
}

/** `GET /api/incidents/:id`. */
export interface IncidentDetail extends IncidentListItem {
  detectedAt: string | null;
  origin: string;
  sources: IncidentSource[];
  services: { id: number; name: string }[];
}

/** Where a timeline event comes from. */
export type EventSource = "slack" | "pagerduty" | "transcript";

/** What a timeline event is. */
export type EventKind = "message" | "page" | "cue";

import type { AnnotationTag } from "../../../src/core/annotation-tags.js";

export type { AnnotationTag };
export { ANNOTATION_TAGS } from "../../../src/core/annotation-tags.js";



/** An annotation on a timeline event, optionally on a range of its text. */
export interface Annotation {
  id: number;
  /** Present on `GET /api/incidents/:id/annotations`; the timeline nests them under their event. */
  eventKind?: EventKind;
  eventId?: string;
  tags: AnnotationTag[];
  note: string;
  /** UTF-16 offsets into the event's `text`, end exclusive; null for the whole event. */
  rangeStart: number | null;
  rangeEnd: number | null;
  quote: string | null;
  version: number;
  author: { id: number; name: string };
  createdAt?: string;
  updatedAt?: string;
}

/** A decoded mention inside a message's text. */
export interface Mention {
  kind: "user" | "channel" | "broadcast" | string;
  target: string;
  label: string;
}

/** A pull request, ticket, commit, PagerDuty incident or plain URL a message refers to. */
export interface Reference {
  kind: "github_pr" | "github_issue" | "github_commit" | "jira" | "pagerduty_incident" | "url" | string;
  key: string;
  url: string | null;
}

/** An integration's message attachment (PagerDuty, deploy bots). */
export interface MessageAttachment {
  title?: string | null;
  titleLink?: string | null;
  pretext?: string | null;
  text?: string | null;
  fallback?: string | null;
  serviceName?: string | null;
}

/** One event of the merged timeline. */
export interface TimelineEvent {
  /** `kind:id`, unique within the incident. */
  key: string;
  kind: EventKind;
  /** Message id, PagerDuty log entry row id, or `transcriptId:position`. */
  id: string;
  at: string;
  source: EventSource;
  /** Slack channel name, or the transcript's name. */
  channel: string | null;
  author: { personId: number | null; name: string; isBot: boolean } | null;
  /** Slack subtype (`channel_join`, `bot_message`…) or the PagerDuty entry kind (`notify`…). */
  subtype: string | null;
  text: string;
  thread: { parentTs: string; isReply: boolean; isBroadcast: boolean; replyCount: number } | null;
  /** For a channel join: who invited them. */
  invitedBy: { personId: number | null; name: string } | null;
  editedAt: string | null;
  mentions: Mention[];
  references: Reference[];
  files: unknown[];
  reactions: unknown[];
  attachments: MessageAttachment[];
  annotations: Annotation[];
}

/** One page of `GET /api/incidents/:id/timeline`. */
export interface TimelinePage {
  events: TimelineEvent[];
  /** Pass as `cursor` for the events after this page; null at the end. */
  nextCursor: string | null;
  /** Pass as `before` for the events before this page; null at the start. */
  prevCursor: string | null;
  /** Position of the page's first event in the (filtered) stream. */
  startIndex: number;
  total: number;
}

/** Filters the timeline endpoint accepts. */
export interface TimelineFilters {
  sources: EventSource[];
  person: number | null;
  tag: AnnotationTag | null;
  q: string;
}

/** Body of `POST /api/incidents/:id/annotations`. */
export interface NewAnnotation {
  eventKind: EventKind;
  eventId: string;
  rangeStart?: number;
  rangeEnd?: number;
  quote?: string;
  tags: AnnotationTag[];
  note: string;
}

/** Body of `PATCH /api/annotations/:id`. */
export interface AnnotationChange {
  version: number;
  tags?: AnnotationTag[];
  note?: string;
}

/** How a participant got involved. */
export type Involvement = "paged" | "mentioned" | "invited" | "self";

/** One participant of the people breakdown (docs/people-breakdown.md). */
export interface Participant {
  person: { id: number; name: string; email: string | null };
  firstActivityAt: string | null;
  involvement: Involvement;
  involvedBy: { id: number; name: string } | null;
  onCall: boolean;
  onCallShift: { escalationPolicy: string | null; level: number | null } | null;
  teamAtTime: string | null;
  owningTeams: string[];
  onOwningTeam: boolean;
  formerOwner: { team: string; leftAt: string | null; yearsSince: number } | null;
  /** `firstActivityAt` in the person's own zone, ISO 8601 with the offset in force. */
  localTime: string | null;
  timezone: string | null;
  offHours: boolean | null;
  tenureDays: number | null;
  pagesPrior7d: number;
  messages: number;
  evidence: ParticipantEvidence;
}

/** An event a figure came from: a Slack message, a channel join (also a message), or a PagerDuty log entry. */
export interface EvidenceRef {
  source: "message" | "join" | "page";
  id: number;
}

/** The ids behind a participant's figures (docs/people-breakdown.md, `evidence`). */
export interface ParticipantEvidence {
  firstActivity: EvidenceRef;
  involvement: EvidenceRef | null;
  onCallShiftId: number | null;
  teamMembershipId: number | null;
  formerOwnerMembershipId: number | null;
  priorPageLogEntryIds: number[];
  firstMessageId: number | null;
}

/** A moment of the incident measured from its start. */
export interface SummaryMoment {
  at: string | null;
  afterStartSeconds: number | null;
  logEntryId: number;
}

/** People who share a flag. */
export interface PersonCount {
  count: number;
  personIds: number[];
}

/** The incident-level figures of the breakdown. */
export interface BreakdownSummary {
  startedAt: string | null;
  firstPage: SummaryMoment | null;
  firstAcknowledgement: SummaryMoment | null;
  resolution: SummaryMoment | null;
  people: number;
  neitherOnCallNorOwningTeam: PersonCount;
  offHours: PersonCount;
  formerOwners: PersonCount;
}

/** `GET /api/incidents/:id/people`. */
export interface PeopleBreakdown {
  participants: Participant[];
  summary: BreakdownSummary;
}

/** One step of the analysis checklist (`GET /api/incidents/:id/guide`). */
export interface GuideStep {
  key: string;
  title: string;
  done: boolean;
  /** What was found, e.g. "3 of 5 key moments marked". */
  detail: string | null;
  /** Why this step matters, for a first-time analyst. */
  explanation: string;
  /** Where in the product the step is done: an app path (`/incidents/3/timeline`) or an API path. */
  link: string | null;
}

/** The error body every failed request carries. */
export interface ApiErrorBody {
  error: string;
  details?: unknown[];
  current?: Annotation;
}

/** What an import reads. */
export type ImportKind = "slack" | "pagerduty" | "people" | "transcript";

/** A background import (`GET /api/imports`). */
export interface ImportJob {
  id: number;
  kind: ImportKind | string;
  status: "queued" | "running" | "succeeded" | "failed" | string;
  originalName: string;
  progress: { done: number; total: number };
  summary: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
