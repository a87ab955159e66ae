import { z } from "zod";
import { ANNOTATION_TAGS } from "./annotation-tags.js";
import { decimalText, idText, isoTime, searchText, UserRef } from "./common.js";

/*
 * The merged timeline: what an event can be and where it comes from.
 */

/** The kinds of timeline event (and so what an annotation can be attached to). */
export const EVENT_KINDS = ["message", "page", "cue"] as const;

/** The kind of a timeline event. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where a timeline event comes from. */
export const EVENT_SOURCES = ["slack", "pagerduty", "transcript"] as const;

/** The source of a timeline event. */
export type EventSource = (typeof EVENT_SOURCES)[number];

/** `kind:id` of one event, as `around` and annotations name it. */
export const EVENT_REF_PATTERN = /^(?:(?:message|page):\d{1,15}|cue:\d{1,15}:\d{1,15})$/;

const Source = z.enum(EVENT_SOURCES);

/** One annotation as the timeline nests it under its event. */
export const TimelineAnnotation = z.object({
  id: z.number().int(),
  tags: z.array(z.enum(ANNOTATION_TAGS)),
  note: z.string(),
  rangeStart: z.number().int().nullable(),
  rangeEnd: z.number().int().nullable(),
  quote: z.string().nullable(),
  version: z.number().int(),
  author: UserRef,
});

/** A decoded mention inside a message's text (`user`, `channel`, `broadcast`, …). */
export const Mention = z.object({ kind: z.string(), target: z.string(), label: z.string() });

/** A decoded mention inside a message's text. */
export type Mention = z.infer<typeof Mention>;

/** A pull request, ticket, commit, PagerDuty incident or plain URL a message refers to. */
export const Reference = z.object({ kind: z.string(), key: z.string(), url: z.string().nullable() });

/** Something a message refers to. */
export type Reference = z.infer<typeof Reference>;

/** An integration's message attachment (PagerDuty, deploy bots), as the Slack import keeps it. */
export const MessageAttachment = z.object({
  title: z.string().nullish(),
  titleLink: z.string().nullish(),
  pretext: z.string().nullish(),
  text: z.string().nullish(),
  fallback: z.string().nullish(),
  serviceName: z.string().nullish(),
});

/** An integration's message attachment. */
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/** Who wrote (or did) an event; `isBot` is decided once, in the timeline read. */
export const EventAuthor = z.object({ personId: z.number().int().nullable(), name: z.string(), isBot: z.boolean() });

/** One event of the merged timeline (docs/api.md, "Timeline"). */
export const TimelineEvent = z
  .object({
    key: z.string().describe("kind:id, unique within the incident"),
    kind: z.enum(EVENT_KINDS),
    id: z.string().describe("message id, PagerDuty log entry row id, or transcriptId:position"),
    at: isoTime,
    source: Source,
    channel: z.string().nullable(),
    author: EventAuthor.nullable(),
    subtype: z.string().nullable(),
    text: z.string(),
    thread: z
      .object({
        parentTs: z.string(),
        isReply: z.boolean(),
        isBroadcast: z.boolean(),
        replyCount: z.number().int(),
        parentKey: z.string().nullable().describe("for a reply: key of the message it answers, when that is in the incident"),
      })
      .nullable(),
    invitedBy: z.object({ personId: z.number().int().nullable(), name: z.string() }).nullable().describe("for a channel join: who invited them"),
    editedAt: isoTime.nullable().describe("when the message was last edited"),
    mentions: z.array(Mention),
    references: z.array(Reference),
    files: z.array(z.unknown()),
    reactions: z.array(z.unknown()),
    attachments: z.array(MessageAttachment),
    annotations: z.array(TimelineAnnotation),
  })
  .meta({ id: "TimelineEvent" });

/** One event of the merged timeline. */
export type TimelineEvent = z.infer<typeof TimelineEvent>;

/** Query of `GET /api/incidents/:id/timeline`. */
export const TimelineQuery = z
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
    annotated: z.enum(["1", "true"]).optional().describe("only events carrying at least one annotation"),
    view: z
      .enum(["time", "threads"])
      .optional()
      .describe("threads: a reply is left out when its parent is in the stream (read it with the thread endpoint); time (default): every event"),
  })
  .refine((query) => [query.cursor, query.before, query.around].filter((x) => x !== undefined).length <= 1, {
    message: "cursor, before and around are mutually exclusive",
  });

/** Query of `GET /api/incidents/:id/timeline`. */
export type TimelineQuery = z.infer<typeof TimelineQuery>;

/** One page of `GET /api/incidents/:id/timeline`. */
export const TimelinePage = z.object({
  events: z.array(TimelineEvent),
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: z.string().nullable().describe("pass as cursor for the events after this page; null at the end"),
  /** Pass as `before` for the previous page; null at the start. */
  prevCursor: z.string().nullable().describe("pass as before for the events before this page; null at the start"),
  /** Where the page begins in the filtered stream. */
  startIndex: z.number().int().describe("position of the first returned event in the filtered stream"),
  total: z.number().int(),
  aroundParent: z.string().nullable().describe("in the threads view, when around named a folded reply: its parent's key, which the page is built around"),
});

/** One page of `GET /api/incidents/:id/timeline`. */
export type TimelinePage = z.infer<typeof TimelinePage>;

/** Query of `GET /api/incidents/:id/timeline/thread`. */
export const ThreadQuery = z.strictObject({
  event: z.string().regex(/^message:\d{1,15}$/, "expected message:<id>").describe("the thread's parent or any of its replies"),
});

/** `GET /api/incidents/:id/timeline/thread`: the replies of one thread. */
export const ThreadReplies = z.object({
  parentKey: z.string().describe("key of the message that started the thread"),
  replies: z.array(TimelineEvent).describe("in time order, as far as they are in the incident's channels"),
});

/** The replies of one thread. */
export type ThreadReplies = z.infer<typeof ThreadReplies>;
