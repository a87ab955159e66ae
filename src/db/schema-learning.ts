import type { Generated } from "kysely";

/*
 * Tables of the learning side (migration 2026-12-02T0615-learning), kept apart from
 * schema.ts so the core tables' file stays small; `Database` includes them.
 */

export interface LibraryEntriesTable {
  id: Generated<number>;
  incidentId: number;
  version: number;
  title: string;
  /** JSON `[{key, title, markdown}]`. */
  sections: string;
  /** JSON `[{userId, name}]`. */
  authors: string;
  /** JSON string arrays. */
  tags: string;
  services: string;
  teams: string;
  searchText: string;
  publishedAt: number;
  /** `YYYY-MM` of publishedAt, UTC. */
  publishedMonth: string;
  /** 1 once a newer version of the same review is published. */
  superseded: number;
}

export interface LibraryEntryTeamsTable {
  entryId: number;
  team: string;
}

export interface LibraryEntryAuthorsTable {
  entryId: number;
  userId: number;
}

export interface ReviewReadsTable {
  id: Generated<number>;
  entryId: number;
  userId: number;
  visitId: string;
  startedAt: number;
  updatedAt: number;
  visibleMs: number;
  /** JSON array of section keys reached. */
  sections: string;
  sectionsReached: number;
  /** The entry's `publishedMonth`, copied. */
  entryMonth: string;
  /** The reader's directory department when the read was recorded. */
  department: string | null;
}

export interface ReviewQuestionsTable {
  id: Generated<number>;
  entryId: number;
  sectionKey: string;
  /** The question a reply answers; null for a question. */
  parentId: number | null;
  authorUserId: number;
  body: string;
  createdAt: number;
}

export interface ReviewAhasTable {
  id: Generated<number>;
  entryId: number;
  sectionKey: string;
  passage: string;
  note: string | null;
  authorUserId: number;
  createdAt: number;
}

export interface ReviewReactionsTable {
  entryId: number;
  sectionKey: string;
  userId: number;
  reaction: string;
  createdAt: number;
}

export interface NotificationRulesTable {
  id: Generated<number>;
  name: string;
  /** `email` or `slack`. */
  channel: string;
  /** `team`, `department` or `everyone`. */
  audienceType: string;
  audience: string | null;
  /** Slack incoming webhook URL: a secret, never sent to clients. */
  webhookUrl: string | null;
  createdAt: number;
}

export interface NotificationDeliveriesTable {
  id: Generated<number>;
  entryId: number;
  ruleId: number | null;
  channel: string;
  /** E-mail address, or `slack:<rule id>`. */
  target: string;
  /** `queued`, `sent`, `failed` (failed ones are retried until the attempts run out). */
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface ReviewMeetingsTable {
  id: Generated<number>;
  incidentId: number;
  title: string;
  scheduledAt: number;
  transcriptName: string | null;
  createdBy: number | null;
  createdAt: number;
  surveyQuestions: string | null;
  surveyOpen: number;
}

export interface MeetingAttendeesTable {
  id: Generated<number>;
  meetingId: number;
  userId: number | null;
  personId: number | null;
  name: string;
}

export interface MeetingSpeakersTable {
  meetingId: number;
  speakerName: string;
  personId: number | null;
  words: number;
}

export interface MeetingMarksTable {
  id: Generated<number>;
  meetingId: number;
  /** `aha`, `question`, `follow_up` (the parking lot). */
  kind: string;
  text: string;
  authorUserId: number | null;
  at: number;
}

export interface SurveyRespondentsTable {
  meetingId: number;
  userId: number;
}

export interface SurveyAnswersTable {
  meetingId: number;
  /** Random: orders the answers without revealing when, or by whom, they were given. */
  token: string;
  /** JSON array of 1–5 or null. */
  answers: string;
}

/** Distinct (team, month of publication, reader, department) over reads (migration 2026-12-02T0815-learning-team-readers). */
export interface ReviewTeamReadersTable {
  team: string;
  month: string;
  userId: number;
  /** '' when the read had no directory department. */
  department: string;
}

export interface LearningSettingsTable {
  key: string;
  value: string;
  updatedAt: number;
}

/** The learning tables, merged into the store's `Database`. */
export interface LearningTables {
  libraryEntries: LibraryEntriesTable;
  libraryEntryTeams: LibraryEntryTeamsTable;
  libraryEntryAuthors: LibraryEntryAuthorsTable;
  reviewReads: ReviewReadsTable;
  reviewTeamReaders: ReviewTeamReadersTable;
  reviewQuestions: ReviewQuestionsTable;
  reviewAhas: ReviewAhasTable;
  reviewReactions: ReviewReactionsTable;
  notificationRules: NotificationRulesTable;
  notificationDeliveries: NotificationDeliveriesTable;
  reviewMeetings: ReviewMeetingsTable;
  meetingAttendees: MeetingAttendeesTable;
  meetingSpeakers: MeetingSpeakersTable;
  meetingMarks: MeetingMarksTable;
  surveyRespondents: SurveyRespondentsTable;
  surveyAnswers: SurveyAnswersTable;
  learningSettings: LearningSettingsTable;
}
