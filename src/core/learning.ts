import { z } from "zod";
import { FOLLOW_UP_STATUSES } from "./follow-up-kinds.js";

/*
 * The learning side of Debrief: the library of published reviews, the reader's
 * questions and "I didn't know that" marks, readership (with its privacy rules),
 * review meetings, notifications on publish and the learning dashboard. Request and
 * response shapes are declared here once, for the server and the web UI.
 */

const isoTime = z.string().meta({ format: "date-time" });
const id = z.number().int().positive().max(2_147_483_647);
/** A section key as the review names it (`summary`, `narrative`, …). */
const sectionKey = z.string().min(1).max(80).regex(/^[a-z0-9][a-z0-9_-]*$/, "lower-case letters, digits, - and _");

/**
 * What the library needs to know of one published review version. The review model
 * owns reviews and their versions; on publish it hands this to the library
 * (`recordPublication`, then `notifyPublished`).
 */
export const PublishedReviewInput = z.strictObject({
  incidentId: id,
  version: z.number().int().min(1),
  title: z.string().min(1).max(300),
  /** Sections in reading order, Markdown bodies. */
  sections: z.array(z.strictObject({ key: sectionKey, title: z.string().min(1).max(200), markdown: z.string().max(500_000) })).min(1).max(100),
  publishedAt: isoTime,
  authors: z.array(z.strictObject({ userId: id, name: z.string().min(1).max(200) })).max(50),
  tags: z.array(z.string().min(1).max(60)).max(30).default([]),
  services: z.array(z.string().min(1).max(200)).max(50).default([]),
  teams: z.array(z.string().min(1).max(200)).max(50).default([]),
});
/** A published review version as the library receives it. */
export type PublishedReviewInput = z.infer<typeof PublishedReviewInput>;

/** Who asked or wrote something. */
export const PersonRef = z.object({ id: z.number().int(), name: z.string() });

/** One review in the library list. */
export const LibraryItem = z.object({
  id: z.number().int().describe("the library entry id"),
  incidentId: z.number().int(),
  version: z.number().int(),
  title: z.string(),
  excerpt: z.string().describe("the first words of the first section, as plain text"),
  publishedAt: isoTime,
  authors: z.array(z.string()),
  tags: z.array(z.string()),
  services: z.array(z.string()),
  teams: z.array(z.string()),
  readers: z.number().int().describe("distinct accounts that opened it"),
  questions: z.number().int(),
  ahas: z.number().int(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

/** `GET /api/library` query. */
export const LibraryQuery = z.strictObject({
  q: z.string().max(200).optional().describe("words in the title or the text"),
  service: z.string().max(200).optional(),
  team: z.string().max(200).optional(),
  tag: z.string().max(60).optional(),
  from: z.iso.date().optional().describe("published on or after this day (YYYY-MM-DD, UTC)"),
  to: z.iso.date().optional().describe("published on or before this day"),
  sort: z.enum(["newest", "most_read"]).default("newest"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;

/** `GET /api/library` answer. */
export const LibraryList = z.object({
  items: z.array(LibraryItem),
  total: z.number().int(),
  /** Values to filter by, from every published review. */
  facets: z.object({ services: z.array(z.string()), teams: z.array(z.string()), tags: z.array(z.string()) }),
});
export type LibraryList = z.infer<typeof LibraryList>;

/** A reply in a question's thread. */
export const QuestionReply = z.object({ id: z.number().int(), author: PersonRef, body: z.string(), createdAt: isoTime });

/** A question on a section, with its thread. */
export const ReaderQuestion = z.object({
  id: z.number().int(),
  sectionKey: z.string(),
  author: PersonRef,
  body: z.string(),
  createdAt: isoTime,
  replies: z.array(QuestionReply),
});
export type ReaderQuestion = z.infer<typeof ReaderQuestion>;

/** An "I didn't know that" mark. Others see the passage and note, never who marked it. */
export const AhaMark = z.object({
  id: z.number().int(),
  sectionKey: z.string(),
  passage: z.string(),
  note: z.string().nullable(),
  mine: z.boolean().describe("true when the caller made this mark"),
  createdAt: isoTime,
});
export type AhaMark = z.infer<typeof AhaMark>;

/** The reactions a reader can leave on a section. */
export const REACTIONS = ["thanks", "insightful", "surprised", "same_here"] as const;
export type Reaction = (typeof REACTIONS)[number];

/** A follow-up of the review's incident, as the reader page lists it. */
export const FollowUp = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  owner: z.string().nullable(),
  dueDate: z.string().nullable().describe("YYYY-MM-DD"),
  overdue: z.boolean().describe("due before today (UTC) and not done or won't do"),
});

/** `GET /api/library/:id`: everything the reader page shows. */
export const ReaderPage = z.object({
  entry: LibraryItem,
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      markdown: z.string().describe("for callers who may not open the timeline, evidence links are removed and the quotes kept"),
      questions: z.number().int(),
      ahas: z.number().int(),
      reactions: z.record(z.string(), z.number().int()),
      myReactions: z.array(z.enum(REACTIONS)),
    }),
  ),
  questions: z.array(ReaderQuestion),
  ahas: z.array(AhaMark),
  /** The incident's follow-ups with their status now; null for callers who may not read follow-ups (viewers): not shown, never "none". */
  followUps: z.array(FollowUp).nullable(),
  canOpenEvidence: z.boolean().describe("whether the caller may open the timeline behind quotes"),
  canSeeReadership: z.boolean(),
});
export type ReaderPage = z.infer<typeof ReaderPage>;

/** `POST /api/library/:id/questions`. */
export const AskQuestionBody = z.strictObject({
  sectionKey,
  body: z.string().trim().min(1).max(4000),
  /** Answer to this question instead of asking a new one. */
  parentId: id.optional(),
});

/** `POST /api/library/:id/ahas`. */
export const AhaBody = z.strictObject({
  sectionKey,
  passage: z.string().trim().min(1).max(1000).describe("the words the reader marked"),
  note: z.string().trim().max(200).optional().describe("one line"),
});

/** `POST /api/library/:id/reactions` (toggles). */
export const ReactionBody = z.strictObject({ sectionKey, reaction: z.enum(REACTIONS) });

/** One reading session, as the reader page's beacon reports it. */
export const ReadReport = z.strictObject({
  entryId: id,
  /** A random id the page picks once per visit: later reports of the same visit update it. */
  visitId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  /** Milliseconds the page was visible in this visit so far. */
  visibleMs: z.number().int().min(0).max(24 * 3600 * 1000),
  /** Section keys that have been on screen. */
  sectionsReached: z.array(sectionKey).max(100),
});
export type ReadReport = z.infer<typeof ReadReport>;

/** `POST /api/reads`: a batch of reports, as one beacon sends them. */
export const ReadBeacon = z.strictObject({ reports: z.array(ReadReport).min(1).max(50) });

/** The figure shown when fewer than this many readers are in a group. */
export const MIN_GROUP_READERS = 3;

/** A group of readers: the count, or "fewer than 3" when the group is small. */
export const ReaderGroup = z.object({
  name: z.string(),
  readers: z.union([z.number().int(), z.literal("fewer than 3")]),
});
export type ReaderGroup = z.infer<typeof ReaderGroup>;

/** `GET /api/library/:id/readership`: aggregates only, for analysts and admins. */
export const Readership = z.object({
  entryId: z.number().int(),
  uniqueReaders: z.number().int(),
  byDepartment: z.array(ReaderGroup),
  byTeam: z.array(ReaderGroup),
  medianVisibleSeconds: z.number().nullable(),
  /** Median share of the sections a reader reached, 0–1. */
  medianShareReached: z.number().nullable(),
  /** Readers by whole days from publishing to their first read. */
  daysToFirstRead: z.array(z.object({ days: z.number().int(), readers: z.union([z.number().int(), z.literal("fewer than 3")]) })),
  sections: z.array(z.object({ key: z.string(), title: z.string(), reached: z.number().int(), questions: z.number().int(), ahas: z.number().int() })),
  privacy: z.string().describe("the privacy rule, in words, for the page to show"),
});
export type Readership = z.infer<typeof Readership>;

/** Shown wherever readership is shown. */
export const READERSHIP_PRIVACY_NOTE =
  "Only totals are shown. Nobody, admins included, can see which person read what; each reader sees only their own history. Departments and teams with fewer than 3 readers are shown as \u201cfewer than 3\u201d.";

/** `GET /api/me/reading`: the caller's own reading history. */
export const MyReading = z.object({
  reads: z.array(z.object({ entryId: z.number().int(), title: z.string(), firstReadAt: isoTime, visibleSeconds: z.number(), sectionsReached: z.number().int() })),
});

/** A notification of a publication, one per recipient channel. */
export const NotificationDelivery = z.object({
  id: z.number().int(),
  entryId: z.number().int(),
  channel: z.enum(["email", "slack"]),
  target: z.string().describe("the e-mail address, or the Slack rule's name"),
  status: z.enum(["queued", "sent", "failed"]),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
  sentAt: isoTime.nullable(),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

/** Who hears of a publication. */
export const NotificationRule = z.object({
  id: z.number().int(),
  channel: z.enum(["email", "slack"]),
  audienceType: z.enum(["team", "department", "everyone"]),
  audience: z.string().nullable(),
  /** Slack only: shown as its host, never in full (it is a secret). */
  webhookHost: z.string().nullable(),
  name: z.string(),
});
export type NotificationRule = z.infer<typeof NotificationRule>;

/** `POST /api/notification-rules`. */
export const NotificationRuleBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  channel: z.enum(["email", "slack"]),
  audienceType: z.enum(["team", "department", "everyone"]),
  audience: z.string().trim().min(1).max(200).optional(),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});

/** A review meeting. */
export const ReviewMeeting = z.object({
  id: z.number().int(),
  incidentId: z.number().int(),
  title: z.string(),
  scheduledAt: isoTime,
  attendees: z.array(z.object({ name: z.string(), department: z.string().nullable(), userId: z.number().int().nullable(), personId: z.number().int().nullable() })),
  transcript: z.object({ name: z.string(), words: z.number().int() }).nullable(),
  speakers: z.array(z.object({ name: z.string(), department: z.string().nullable(), words: z.number().int(), share: z.number() })),
  speakingByDepartment: z.array(z.object({ department: z.string(), words: z.number().int(), share: z.number() })),
  marks: z.array(z.object({ id: z.number().int(), kind: z.enum(["aha", "question", "follow_up"]), text: z.string(), at: isoTime })),
  survey: z.object({ open: z.boolean(), questions: z.array(z.string()), responses: z.number().int(), averages: z.array(z.number().nullable()) }).nullable(),
});
export type ReviewMeeting = z.infer<typeof ReviewMeeting>;

/** `POST /api/incidents/:id/meetings`. */
export const ScheduleMeetingBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  scheduledAt: z.iso.datetime({ offset: true }),
  attendees: z.array(z.union([z.strictObject({ userId: id }), z.strictObject({ personId: id })])).max(500).default([]),
});

/** `POST /api/meetings/:id/marks`: during the meeting. */
export const MeetingMarkBody = z.strictObject({ kind: z.enum(["aha", "question", "follow_up"]), text: z.string().trim().min(1).max(1000) });

/** `POST /api/meetings/:id/transcript`. */
export const MeetingTranscriptBody = z.strictObject({ name: z.string().min(1).max(200), content: z.string().min(1).max(5_000_000) });

/** The survey's default questions: 1–5 answers. */
export const DEFAULT_SURVEY_QUESTIONS = [
  "How much did you learn about how the system really works? (1 little – 5 a lot)",
  "How safe did it feel to speak up? (1 not at all – 5 completely)",
  "How well did the meeting use your time? (1 poorly – 5 well)",
  "How likely are you to come to the next review meeting? (1 unlikely – 5 certainly)",
] as const;

/** `POST /api/meetings/:id/survey/answers`: anonymous. */
export const SurveyAnswerBody = z.strictObject({ answers: z.array(z.number().int().min(1).max(5).nullable()).min(3).max(4) });

/** Programme-health thresholds (settings; these are the defaults). */
export const LearningSettings = z.strictObject({
  minMeetingAttendees: z.number().int().min(0).max(100).default(3).describe("a meeting with fewer attendees is flagged"),
  maxSpeakerShare: z.number().min(0.1).max(1).default(0.7).describe("a meeting where one person spoke more than this share of the words is flagged"),
  unreadDays: z.number().int().min(1).max(365).default(14).describe("a review nobody outside its authors read within this many days is flagged"),
  engineeringDepartments: z.array(z.string().min(1).max(100)).max(50).default(["Engineering"]).describe("departments counted as engineering"),
});
export type LearningSettings = z.infer<typeof LearningSettings>;

/** Default thresholds. */
export const DEFAULT_LEARNING_SETTINGS: LearningSettings = LearningSettings.parse({});

/** The flags programme health raises. */
export const HEALTH_FLAG_KINDS = ["small_meeting", "dominated_meeting", "engineering_only", "unread", "no_questions_or_ahas", "overdue_follow_ups"] as const;

/** One programme-health flag with the evidence behind it. */
export const HealthFlag = z.object({
  kind: z.enum(HEALTH_FLAG_KINDS),
  message: z.string(),
  /** Where to see the evidence in the app. */
  link: z.string(),
  entryId: z.number().int().nullable(),
  meetingId: z.number().int().nullable(),
});
export type HealthFlag = z.infer<typeof HealthFlag>;

/** One month (or one team in one month) of the learning dashboard. */
export const DashboardPoint = z.object({
  month: z.string().describe("YYYY-MM"),
  team: z.string().nullable().describe("null for the whole organisation"),
  incidents: z.number().int(),
  medianHoursToResolve: z.number().nullable(),
  reviewsPublished: z.number().int(),
  uniqueReaders: z.number().int(),
  departmentsReached: z.number().int(),
  meetings: z.number().int(),
  meetingAttendees: z.number().int(),
  meetingDepartments: z.number().int(),
  speakers: z.number().int(),
  /** 1 when everyone spoke the same share, towards 0 when one person spoke most (normalised entropy); null without transcripts. */
  speakingBalance: z.number().nullable(),
  questions: z.number().int(),
  ahas: z.number().int(),
  /** Follow-ups done in the month (by their last change), by the owner's current team on team rows; null while follow-ups are not tracked: unknown, not zero. */
  followUpsDone: z.number().int().nullable(),
  /** The follow-ups list behind `followUpsDone` (done ones, of the team on team rows). */
  followUpsLink: z.string().nullable(),
  /** The library entries behind the point. */
  entryIds: z.array(z.number().int()),
});
export type DashboardPoint = z.infer<typeof DashboardPoint>;

/** `GET /api/learning/dashboard`. */
export const LearningDashboard = z.object({
  months: z.array(DashboardPoint),
  teams: z.array(DashboardPoint),
  flags: z.array(HealthFlag).describe("at most 100 of each kind, newest first"),
  flagCounts: z.record(z.string(), z.number().int()).describe("how many of each kind, all of them"),
  /** False while follow-ups are not tracked: their flag cannot be computed, which is not the same as none overdue. */
  followUpsTracked: z.boolean(),
  /** Overdue follow-ups now (due before today, UTC, not closed), by the owner's current team; a null team for owners on no team or no owner. */
  overdueByTeam: z.array(z.object({ team: z.string().nullable(), teamId: z.number().int().nullable(), overdue: z.number().int(), link: z.string() })),
  settings: LearningSettings,
  privacy: z.string(),
});
export type LearningDashboard = z.infer<typeof LearningDashboard>;

/** `GET /api/learning/dashboard` query. */
export const DashboardQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}$/).optional().describe("first month, YYYY-MM"),
  to: z.string().regex(/^\d{4}-\d{2}$/).optional().describe("last month, YYYY-MM"),
});
