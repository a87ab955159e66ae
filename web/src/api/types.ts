/*
 * The JSON the HTTP API answers, derived from the zod schemas in src/core, which the
 * server validates every response against: nothing here is a second copy of a server
 * shape. Only the UI's own state (timeline filters) is declared here.
 */

import type { z } from "zod";
import type { Account as AccountSchema, User as UserSchema } from "../../../src/core/accounts.js";
import type { Annotation as AnnotationSchema, ConflictBody, CreateAnnotationBody, UpdateAnnotationBody } from "../../../src/core/annotations.js";
import type { ErrorBody } from "../../../src/core/common.js";
import type { ImportJob as ImportJobSchema } from "../../../src/core/imports.js";
import type { GuideStep as GuideStepSchema, IncidentDetail as IncidentDetailSchema, IncidentListItem as IncidentListItemSchema, IncidentSource as IncidentSourceSchema, UpdateIncidentBody } from "../../../src/core/incidents.js";
import type {
  BreakdownSummary as BreakdownSummarySchema,
  EvidenceRef as EvidenceRefSchema,
  Participant as ParticipantSchema,
  ParticipantEvidence as ParticipantEvidenceSchema,
  PeopleBreakdown as PeopleBreakdownSchema,
  PersonCount as PersonCountSchema,
  SummaryMoment as SummaryMomentSchema,
} from "../../../src/core/people.js";
import type { Mention as MentionSchema, MessageAttachment as MessageAttachmentSchema, Reference as ReferenceSchema, TimelineAnnotation, TimelineEvent as TimelineEventSchema, TimelinePage as TimelinePageSchema } from "../../../src/core/timeline.js";
import type { AnnotationTag } from "../../../src/core/annotation-tags.js";
import type { EventSource } from "../../../src/core/timeline.js";

export { ANNOTATION_TAGS, type AnnotationTag } from "../../../src/core/annotation-tags.js";
export { type Role, ROLES } from "../../../src/core/accounts.js";
export { type ImportKind, IMPORT_KINDS } from "../../../src/core/imports.js";
export { INCIDENT_STATUSES, type IncidentSort, type IncidentStatus } from "../../../src/core/incidents.js";
export type { Involvement } from "../../../src/core/people.js";
export type { EventKind, EventSource } from "../../../src/core/timeline.js";

/** The signed-in account (`GET /api/me`, `POST /api/auth/login`). */
export type User = z.infer<typeof UserSchema>;

/** An account as administrators see it. */
export type Account = z.infer<typeof AccountSchema>;

/** An analyst assigned to an incident. */
export type AnalystRef = IncidentListItem["analysts"][number];

/** One row of `GET /api/incidents`. */
export type IncidentListItem = z.infer<typeof IncidentListItemSchema>;

/** A source that belongs to an incident. */
export type IncidentSource = z.infer<typeof IncidentSourceSchema>;

/** `GET /api/incidents/:id`. */
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

/** What `PATCH /api/incidents/:id` may change. */
export type IncidentChange = z.input<typeof UpdateIncidentBody>;

/**
 * An annotation on a timeline event, optionally on a range of its text. The timeline
 * nests them under their event without `eventKind`, `eventId` and times;
 * `GET /api/incidents/:id/annotations` and the writes answer them in full.
 */
export type Annotation = z.infer<typeof TimelineAnnotation> & Partial<Pick<z.infer<typeof AnnotationSchema>, "eventKind" | "eventId" | "createdAt" | "updatedAt">>;

/** A decoded mention inside a message's text. */
export type Mention = z.infer<typeof MentionSchema>;

/** A pull request, ticket, commit, PagerDuty incident or plain URL a message refers to. */
export type Reference = z.infer<typeof ReferenceSchema>;

/** An integration's message attachment (PagerDuty, deploy bots). */
export type MessageAttachment = z.infer<typeof MessageAttachmentSchema>;

/** One event of the merged timeline. */
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

/** One page of `GET /api/incidents/:id/timeline`. */
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

/** The timeline filters the UI keeps in its address (the endpoint's query, as UI state). */
export interface TimelineFilters {
  sources: EventSource[];
  person: number | null;
  tag: AnnotationTag | null;
  q: string;
}

/** Body of `POST /api/incidents/:id/annotations`. */
export type NewAnnotation = z.input<typeof CreateAnnotationBody>;

/** Body of `PATCH /api/annotations/:id`. */
export type AnnotationChange = z.input<typeof UpdateAnnotationBody>;

/** One participant of the people breakdown (docs/people-breakdown.md). */
export type Participant = z.infer<typeof ParticipantSchema>;

/** An event a figure came from: a Slack message, a channel join (also a message), or a PagerDuty log entry. */
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

/** The ids behind a participant's figures. */
export type ParticipantEvidence = z.infer<typeof ParticipantEvidenceSchema>;

/** A moment of the incident measured from its start. */
export type SummaryMoment = z.infer<typeof SummaryMomentSchema>;

/** People who share a flag. */
export type PersonCount = z.infer<typeof PersonCountSchema>;

/** The incident-level figures of the breakdown. */
export type BreakdownSummary = z.infer<typeof BreakdownSummarySchema>;

/** `GET /api/incidents/:id/people`. */
export type PeopleBreakdown = z.infer<typeof PeopleBreakdownSchema>;

/** One step of the analysis checklist (`GET /api/incidents/:id/guide`). */
export type GuideStep = z.infer<typeof GuideStepSchema>;

/** The error body every failed request carries; a 409 on an annotation adds the current one. */
export type ApiErrorBody = z.infer<typeof ErrorBody> & Partial<Pick<z.infer<typeof ConflictBody>, "current">>;

/** A background import (`GET /api/imports`). */
export type ImportJob = z.infer<typeof ImportJobSchema>;
