import type { Generated, Insertable, Selectable } from "kysely";

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
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  createdAt: number;
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
  status: string;
  /** `channel` when created from an incident channel on import, `manual` otherwise. */
  origin: string;
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
  kind: string;
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

/** The whole store. */
export interface Database {
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
  auditEvents: AuditEventsTable;
}

export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type Identity = Selectable<IdentitiesTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type Incident = Selectable<IncidentsTable>;
export type IncidentSource = Selectable<IncidentSourcesTable>;
