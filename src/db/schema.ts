import type { Role } from "../core/accounts.js";
import type { ImportJobKind, ImportJobStatus } from "../core/imports.js";
import type { IncidentOrigin, IncidentSourceKind, IncidentStatus } from "../core/incidents.js";
import type { EventKind } from "../core/timeline.js";
import type { Generated, Insertable, Selectable } from "kysely";
import type { LearningTables } from "./schema-learning.js";

/*
 * Table shapes as the application sees them (camelCase; CamelCasePlugin maps them to
 * the snake_case columns the migrations create). Timestamps are epoch milliseconds;
 * booleans are stored as 0/1 integers so both dialects read them the same way.
 */

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  timezone: string | null;
  title: string | null;
  department: string | null;
  managerId: number | null;
  startDate: string | null;
  endDate: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface IdentitiesTable {
  id: Generated<number>;
  personId: number | null;
  /** `slack`, `pagerduty`, `email`, `github`. */
  source: string;
  externalId: string;
  workspace: string | null;
  handle: string | null;
  displayName: string | null;
  email: string | null;
  timezone: string | null;
  title: string | null;
  isBot: number;
  deleted: number;
  updatedAt: number;
  /** `explicit`, `email`, `name`, `created` or `ambiguous`: how it was linked to its person. */
  matchMethod: string | null;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  createdAt: number;
  /** Backstage entity ref (`group:default/payments`) when the catalog named it. */
  catalogRef: string | null;
  displayName: string | null;
}

export interface TeamMembershipsTable {
  id: Generated<number>;
  personId: number;
  teamId: number;
  fromAt: number;
  /** Null while the membership is current. */
  toAt: number | null;
}

export interface ConversationsTable {
  id: Generated<number>;
  source: string;
  externalId: string;
  workspace: string | null;
  name: string;
  /** `channel`, `private_channel`, `dm`, `mpim`. */
  kind: string;
  topic: string | null;
  purpose: string | null;
  createdAt: number | null;
  creatorExternalId: string | null;
  archived: number;
  /** JSON array of member external ids. */
  members: string | null;
}

export interface MessagesTable {
  id: number;
  conversationId: number;
  /** Slack's message timestamp string, the natural key within a conversation. */
  ts: string;
  at: number;
  authorIdentityId: number | null;
  authorExternalId: string | null;
  /** Name a bot or integration posted under, when there is no user. */
  authorName: string | null;
  subtype: string | null;
  text: string;
  /** The mrkdwn as imported; null when it equals `text`. */
  rawText: string | null;
  threadTs: string | null;
  parentUserExternalId: string | null;
  isBroadcast: number;
  replyCount: number;
  editedAt: number | null;
  editedByExternalId: string | null;
  inviterExternalId: string | null;
  /** JSON arrays, or null when empty. */
  files: string | null;
  reactions: string | null;
  attachments: string | null;
  importId: number;
}

export interface MessageMentionsTable {
  messageId: number;
  position: number;
  kind: string;
  target: string;
  label: string;
}

export interface MessageReferencesTable {
  messageId: number;
  position: number;
  kind: string;
  key: string;
  url: string | null;
}

export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  severity: string | null;
  /** Analysis status: `new`, `in_analysis`, `in_review`, `published`. */
  status: IncidentStatus;
  /** `channel` when created from an incident channel on import, `manual` otherwise. */
  origin: IncidentOrigin;
  startedAt: number | null;
  detectedAt: number | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface IncidentSourcesTable {
  id: Generated<number>;
  incidentId: number;
  /** `slack_channel` or `pagerduty_incident`. */
  kind: IncidentSourceKind;
  conversationId: number | null;
  externalId: string | null;
  fromAt: number | null;
  toAt: number | null;
}

export interface ImportsTable {
  id: Generated<number>;
  kind: string;
  sourceName: string;
  startedAt: number;
  finishedAt: number | null;
  /** `running`, `succeeded`, `failed`. */
  status: string;
  summary: string | null;
  error: string | null;
  /** The process running it (`host:pid:tag`), while it runs in batches (SQLite). */
  owner: Generated<string | null>;
}

/** What one committed batch of a running import did, so the import can be undone. */
export interface ImportJournalTable {
  id: Generated<number>;
  importId: number;
  /** `messages` (ids added), `identities`/`conversations` (rows created), `messages_replaced`. */
  tableName: string;
  firstId: number;
  lastId: number;
  /** For replaced rows: their previous content, as JSON. */
  oldValues: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: string | null;
}

export interface ServicesTable {
  id: Generated<number>;
  name: string;
  /** `component` or `system`. */
  kind: string;
  systemName: string | null;
  description: string | null;
  lifecycle: string | null;
  catalogRef: string | null;
  /** From the `pagerduty.com/service-id` annotation. */
  pagerdutyServiceId: string | null;
  updatedAt: number;
}

export interface ServiceOwnersTable {
  id: Generated<number>;
  serviceId: number;
  teamId: number;
  fromAt: number;
  /** Null while the team still owns the service. */
  toAt: number | null;
}

/** What one catalog import said about a service's owner; periods are derived from these. */
export interface ServiceOwnerSnapshotsTable {
  id: Generated<number>;
  serviceId: number;
  teamId: number;
  /** When the catalog said so: `--as-of`, the commit date, or the import time. */
  asOf: number;
  /** The `debrief.dev/owned-since` annotation, or null. */
  ownedSince: number | null;
  importId: number | null;
}

export interface PagerdutyServicesTable {
  id: Generated<number>;
  externalId: string;
  name: string;
  description: string | null;
  escalationPolicyId: string | null;
  /** The catalog service it was matched to, by annotation or by name. */
  serviceId: number | null;
  updatedAt: number;
}

export interface PagerdutyEscalationPoliciesTable {
  id: Generated<number>;
  externalId: string;
  name: string;
  updatedAt: number;
}

export interface PagerdutySchedulesTable {
  id: Generated<number>;
  externalId: string;
  name: string;
  timeZone: string | null;
  updatedAt: number;
}

export interface PagerdutyIncidentsTable {
  id: Generated<number>;
  externalId: string;
  number: number | null;
  title: string;
  status: string | null;
  urgency: string | null;
  priority: string | null;
  serviceExternalId: string | null;
  escalationPolicyExternalId: string | null;
  htmlUrl: string | null;
  createdAt: number;
  resolvedAt: number | null;
  updatedAt: number;
}

export interface PagerdutyLogEntriesTable {
  id: Generated<number>;
  /** The log entry id, or the webhook event id. */
  externalId: string;
  incidentExternalId: string;
  /** As given: `notify_log_entry`, `incident.escalated`, … */
  type: string;
  /** Normalised: `trigger`, `notify`, `acknowledge`, `unacknowledge`, `escalate`, `assign`, `delegate`, `annotate`, `resolve`, `snooze`, `urgency_change`, or the type as given when unknown. */
  kind: string;
  at: number;
  agentType: string | null;
  agentExternalId: string | null;
  /** JSON array of PagerDuty user ids the entry notified or assigned. */
  targetUserIds: string | null;
  channelType: string | null;
  summary: string | null;
  details: string | null;
}

export interface OncallShiftsTable {
  id: Generated<number>;
  userExternalId: string;
  escalationPolicyExternalId: string | null;
  escalationPolicyName: string | null;
  scheduleExternalId: string | null;
  scheduleName: string | null;
  escalationLevel: number | null;
  /** Null start or end: PagerDuty's "always on call" (no schedule). */
  startAt: number | null;
  endAt: number | null;
  /** user|policy|level|schedule|start: the same shift imported twice is one row. */
  naturalKey: string;
}

export interface IncidentServicesTable {
  incidentId: number;
  serviceId: number;
  /** `pagerduty` (from a linked PagerDuty incident's service) or `manual`. */
  origin: string;
}

export interface TranscriptsTable {
  id: Generated<number>;
  incidentId: number;
  name: string;
  /** `zoom`, `teams` or `vtt`. */
  format: string;
  contentSha256: string;
  startedAt: number | null;
  importedAt: number;
}

export interface TranscriptCuesTable {
  transcriptId: number;
  position: number;
  startMs: number;
  endMs: number;
  /** Null when the cue names no speaker. */
  speakerName: string | null;
  personId: number | null;
  text: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64); null for an account that cannot log in with a password. */
  passwordHash: string | null;
  /** `admin`, `analyst`, `member`, `viewer`. */
  role: Role;
  personId: number | null;
  disabled: number;
  createdAt: number;
  updatedAt: number;
}

export interface SessionsTable {
  id: Generated<number>;
  userId: number;
  /** SHA-256 of the session cookie's token: the token itself is never stored. */
  tokenHash: string;
  /** SHA-256 of the session's CSRF token. */
  csrfHash: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  userAgent: string | null;
  ip: string | null;
}

/** A sign-in through the identity provider between its redirect and its callback. */
export interface OidcLoginsTable {
  /** SHA-256 of the `state` sent to the provider: the state itself is never stored. */
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  /** The app path to land on after signing in. */
  returnTo: string;
  createdAt: number;
  expiresAt: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  userId: number;
  name: string;
  /** SHA-256 of the token, which is shown once at creation. */
  tokenHash: string;
  /** The token's first characters, to tell tokens apart in a list. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** SHA-256 of the lower-cased e-mail tried. */
  keyHash: string;
  at: number;
}

export interface IncidentAnalystsTable {
  incidentId: number;
  userId: number;
  assignedAt: number;
}

export interface AnnotationsTable {
  id: Generated<number>;
  incidentId: number;
  /** `message`, `page` or `cue`. */
  eventKind: EventKind;
  /** The event's id as text (message id, log entry id, `transcriptId:position`). */
  eventId: string;
  rangeStart: number | null;
  rangeEnd: number | null;
  quote: string | null;
  /** JSON array of tags. */
  tags: string;
  note: string;
  authorUserId: number;
  /** Starts at 1; every edit must name the version it was based on. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface ImportJobsTable {
  id: Generated<number>;
  /** `slack`, `pagerduty`, `people`, `transcript`, or `slack-sync` (a channel fetched from the Web API). */
  kind: ImportJobKind;
  /** `queued`, `running`, `succeeded`, `failed`. */
  status: ImportJobStatus;
  filePath: string;
  originalName: string;
  options: string | null;
  progressDone: number;
  progressTotal: number;
  summary: string | null;
  error: string | null;
  createdBy: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** `host:pid:random` of the runner that claimed it. */
  runnerId: string | null;
  /** Last sign of life from that runner (PostgreSQL only: SQLite's writer lock is held by the import). */
  heartbeatAt: number | null;
}

export interface ReviewTemplatesTable {
  id: Generated<number>;
  name: string;
  description: string;
  /** JSON array of `{key, title, help}` in order. */
  sections: string;
  /** 0/1: at most one stored template is the default; none means the built-in one. */
  isDefault: number;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ReviewsTable {
  id: Generated<number>;
  incidentId: number;
  /** `builtin:<key>` or a stored template's id as text. */
  template: string;
  latestVersion: number;
  publishedVersion: number | null;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ReviewVersionsTable {
  id: Generated<number>;
  reviewId: number;
  number: number;
  /** `draft`, `in_review`, `published`. */
  status: string;
  /** Starts at 1; every edit names the revision it was based on. */
  revision: number;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
  publishedAt: number | null;
  publishedBy: number | null;
}

export interface ReviewSectionsTable {
  versionId: number;
  key: string;
  position: number;
  title: string;
  help: string;
  markdown: string;
  /** `empty`, `generated`, `proposal`, `edited`. */
  origin: string;
}

export interface ReviewCommentsTable {
  id: Generated<number>;
  reviewId: number;
  sectionKey: string;
  versionNumber: number;
  body: string;
  authorUserId: number;
  createdAt: number;
  resolvedAt: number | null;
  resolvedBy: number | null;
}

export interface ReviewReferencesTable {
  id: Generated<number>;
  reviewId: number;
  kind: string;
  key: string;
  url: string | null;
  /** `message:<id>`, `page:<id>`, `cue:<t>:<n>` or `annotation:<id>`: where it was first seen. */
  evidence: string;
  seenAt: number | null;
  occurrences: number;
  /** 0/1: pruned by the analyst; stays pruned when references are collected again. */
  pruned: number;
  createdAt: number;
}

export interface ReviewHintDismissalsTable {
  id: Generated<number>;
  reviewId: number;
  sectionKey: string;
  category: string;
  text: string;
  /** 0-based: which occurrence of `text` flagged as `category` in the section. */
  occurrence: number;
  dismissedBy: number | null;
  createdAt: number;
}

export interface SearchDocumentsTable {
  id: Generated<number>;
  /** `transcript`, `annotation`, or the kind a feature indexes (`review`, `follow_up`, `interview`, …). */
  kind: string;
  /** The document's id within its kind: the natural key with `kind`. */
  ref: string;
  incidentId: number;
  /** The timeline event the hit opens (`message`, `cue`, `page`), when there is one. */
  eventKind: string | null;
  eventId: string | null;
  at: number;
  personId: number | null;
  /** Who may see it besides the incident's rules: `incident` (anyone who may read the incident's timeline), `analysts`, or `owner`. */
  audience: string;
  ownerUserId: number | null;
  /** JSON array of tags. */
  tags: string | null;
  body: string;
}

/** The whole store. */
export interface FollowUpsTable {
  id: Generated<number>;
  incidentId: number;
  title: string;
  /** `recovery` or `prevention`. */
  kind: string;
  /** `open`, `in_progress`, `done`, `wont_do`. */
  status: string;
  ownerPersonId: number | null;
  /** `YYYY-MM-DD`. */
  dueDate: string | null;
  trackerUrl: string | null;
  /** `event` or `annotation` when the follow-up was made from one. */
  contextSource: string | null;
  /** `message:12`, `page:7`, `cue:3:41`. */
  contextEventKey: string | null;
  contextAnnotationId: number | null;
  contextQuote: string | null;
  contextAuthor: string | null;
  contextAt: number | null;
  createdBy: number | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export interface Database extends LearningTables {
  people: PeopleTable;
  identities: IdentitiesTable;
  teams: TeamsTable;
  teamMemberships: TeamMembershipsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  messageMentions: MessageMentionsTable;
  messageReferences: MessageReferencesTable;
  incidents: IncidentsTable;
  incidentSources: IncidentSourcesTable;
  imports: ImportsTable;
  importJournal: ImportJournalTable;
  auditEvents: AuditEventsTable;
  services: ServicesTable;
  serviceOwners: ServiceOwnersTable;
  serviceOwnerSnapshots: ServiceOwnerSnapshotsTable;
  pagerdutyServices: PagerdutyServicesTable;
  pagerdutyEscalationPolicies: PagerdutyEscalationPoliciesTable;
  pagerdutySchedules: PagerdutySchedulesTable;
  pagerdutyIncidents: PagerdutyIncidentsTable;
  pagerdutyLogEntries: PagerdutyLogEntriesTable;
  oncallShifts: OncallShiftsTable;
  incidentServices: IncidentServicesTable;
  transcripts: TranscriptsTable;
  transcriptCues: TranscriptCuesTable;
  users: UsersTable;
  sessions: SessionsTable;
  oidcLogins: OidcLoginsTable;
  apiTokens: ApiTokensTable;
  loginFailures: LoginFailuresTable;
  incidentAnalysts: IncidentAnalystsTable;
  annotations: AnnotationsTable;
  importJobs: ImportJobsTable;
  followUps: FollowUpsTable;
  reviewTemplates: ReviewTemplatesTable;
  reviews: ReviewsTable;
  reviewVersions: ReviewVersionsTable;
  reviewSections: ReviewSectionsTable;
  reviewComments: ReviewCommentsTable;
  reviewReferences: ReviewReferencesTable;
  reviewHintDismissals: ReviewHintDismissalsTable;
  searchDocuments: SearchDocumentsTable;
}

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type Identity = Selectable<IdentitiesTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type Incident = Selectable<IncidentsTable>;
export type IncidentSource = Selectable<IncidentSourcesTable>;
