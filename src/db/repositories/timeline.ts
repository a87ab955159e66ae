import { InvalidCursorError, UnknownTimelineEventError } from "../../core/errors.js";
import { isBotAuthor } from "../../analysis/message-author.js";
import type { AnnotationTag } from "../../core/annotation-tags.js";
import { EVENT_REF_PATTERN, type EventSource, type MessageAttachment, type TimelineEvent, type TimelinePage } from "../../core/timeline.js";
import { sql } from "kysely";
import type { Db } from "../dialect.js";
import { incidentChannelMessages } from "./incidents.js";

/** Which events to return, and from where in the stream. */
export interface TimelineQuery {
  /** Opaque: the `nextCursor` of the previous page; the page starts just after it. */
  cursor?: string | null;
  /** Opaque: the `prevCursor` of a page; the page ends just before it. */
  before?: string | null;
  /** `kind:id` of an event the page must contain (a quarter of the page before it). */
  around?: string | null;
  /** 1–1000; default 200. */
  limit?: number;
  sources?: EventSource[];
  /** Only events by (or, for pages, reaching) this person. */
  personId?: number | null;
  /** Only events carrying an annotation with this tag. */
  tag?: AnnotationTag | null;
  /** Case-insensitive text search. */
  q?: string | null;
  /** Only events carrying at least one annotation. */
  annotated?: boolean;
  /**
   * `threads`: a thread reply is left out of the stream when its parent is in it (read
   * the replies with {@link threadReplies}); `time` (the default): every event in time order.
   */
  view?: "time" | "threads";
}

// The shapes of an event and a page are the API contract, defined once in src/core/timeline.ts.
export type { TimelineEvent, TimelinePage };

type Kind = TimelineEvent["kind"];
/** Order of kinds at the same millisecond: the page that woke someone comes before their reply. */
const RANK: Record<Kind, number> = { page: 0, message: 1, cue: 2 };

interface Slot {
  kind: Kind;
  /** The event's id as the API names it. */
  id: string;
  at: number;
  /** Numeric tiebreak within a kind (row id, or transcript id × 1e6 + position). */
  order: number;
}

/**
 * One page of an incident's merged timeline: Slack messages of its channels, log
 * entries of its PagerDuty incidents, and cues of its transcripts, in time order.
 *
 * Two steps keep large incidents fast: first the positions of every matching event
 * (kind, id, time — a few numbers each) are read and merged, which gives the total and
 * where the cursor (or the `around` event) falls; then full details are read only for
 * the page's events.
 *
 * @throws InvalidCursorError for a cursor it did not make, or more than one of `cursor`, `before`, `around`
 * @throws UnknownTimelineEventError when `around` is not in the (filtered) stream
 */
export async function timelinePage(db: Db, incidentId: number, query: TimelineQuery): Promise<TimelinePage> {
  const anchors = [query.cursor, query.before, query.around].filter((x) => x !== null && x !== undefined && x !== "");
  if (anchors.length > 1) throw new InvalidCursorError("cursor, before and around are mutually exclusive");
  const around = query.around ? parseEventRef(query.around) : null;
  const limit = Math.min(1000, Math.max(1, query.limit ?? 200));
  const sources = new Set(query.sources && query.sources.length > 0 ? query.sources : ["slack", "pagerduty", "transcript"]);
  const like = query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const tagged = query.tag || query.annotated ? await taggedEvents(db, incidentId, query.tag ?? null) : null;
  const slots: Slot[] = [];
  /** In the threads view, the folded reply `around` named is shown through its parent. */
  let aroundParent: string | null = null;

  if (sources.has("slack")) {
    let messages = incidentChannelMessages(db).where("s.incidentId", "=", incidentId).select(["m.id", "m.at", "m.ts", "m.threadTs", "m.conversationId"]);
    if (query.personId) {
      messages = messages
        .innerJoin("identities as i", "i.id", "m.authorIdentityId")
        .where("i.personId", "=", query.personId);
    }
    if (like) messages = messages.where(sql<boolean>`lower(m.text) like ${like} escape '\\'`);
    const rows = await messages.execute();
    // A reply is folded under its parent only when the parent is in the stream: a reply
    // whose parent is outside the channel's window (or the filters) stays in place.
    const parents = new Map<string, number>();
    if (query.view === "threads") for (const row of rows) if (row.threadTs !== null && row.threadTs === row.ts) parents.set(`${row.conversationId}:${row.ts}`, row.id);
    for (const row of rows) {
      const id = String(row.id);
      if (tagged && !tagged.has(`message:${id}`)) continue;
      const parentId = row.threadTs !== null && row.threadTs !== row.ts ? parents.get(`${row.conversationId}:${row.threadTs}`) : undefined;
      if (parentId !== undefined) {
        if (around && around.kind === "message" && around.id === id) aroundParent = `message:${parentId}`;
        continue;
      }
      slots.push({ kind: "message", id, at: row.at, order: row.id });
    }
  }

  const pagerdutyIds = sources.has("pagerduty") ? await linkedPagerduty(db, incidentId) : [];
  if (pagerdutyIds.length > 0) {
    let entries = db.selectFrom("pagerdutyLogEntries as e").select(["e.id", "e.at"]).where("e.incidentExternalId", "in", pagerdutyIds);
    if (query.personId) {
      const pdIds = (
        await db.selectFrom("identities").select("externalId").where("source", "=", "pagerduty").where("personId", "=", query.personId).execute()
      ).map((r) => r.externalId);
      if (pdIds.length === 0) entries = entries.where(sql<boolean>`1 = 0`);
      else {
        entries = entries.where((eb) =>
          eb.or([eb("e.agentExternalId", "in", pdIds), ...pdIds.map((pd) => eb("e.targetUserIds", "like", `%"${pd}"%`))]),
        );
      }
    }
    if (like) entries = entries.where(sql<boolean>`lower(coalesce(e.summary, '')) like ${like} escape '\\'`);
    for (const row of await entries.execute()) {
      const id = String(row.id);
      if (tagged && !tagged.has(`page:${id}`)) continue;
      slots.push({ kind: "page", id, at: row.at, order: row.id });
    }
  }

  if (sources.has("transcript")) {
    let cues = db
      .selectFrom("transcriptCues as c")
      .innerJoin("transcripts as t", "t.id", "c.transcriptId")
      .innerJoin("incidents as i", "i.id", "t.incidentId")
      .where("t.incidentId", "=", incidentId)
      .select(["c.transcriptId", "c.position", "c.startMs", "t.startedAt", "i.startedAt as incidentStartedAt", "t.importedAt"]);
    if (query.personId) cues = cues.where("c.personId", "=", query.personId);
    if (like) cues = cues.where(sql<boolean>`lower(c.text) like ${like} escape '\\'`);
    for (const row of await cues.execute()) {
      const id = `${row.transcriptId}:${row.position}`;
      if (tagged && !tagged.has(`cue:${id}`)) continue;
      // A transcript without a known start is placed from the incident's start.
      const base = row.startedAt ?? row.incidentStartedAt ?? row.importedAt;
      slots.push({ kind: "cue", id, at: base + row.startMs, order: row.transcriptId * 1_000_000 + row.position });
    }
  }

  slots.sort(compareSlots);
  let start = 0;
  const after = decodeCursor(query.cursor ?? null);
  const before = decodeCursor(query.before ?? null);
  if (after) start = firstAfter(slots, after);
  else if (before) start = Math.max(0, firstAtOrAfter(slots, before) - limit);
  else if (around) {
    // The slot list is already the merged, filtered stream: its index is the event's position.
    const anchor = aroundParent ? parseEventRef(aroundParent) : around;
    const index = slots.findIndex((s) => s.kind === anchor.kind && s.id === anchor.id);
    if (index < 0) throw new UnknownTimelineEventError("no such event in this incident's timeline");
    start = Math.max(0, index - Math.floor(limit / 4));
  }
  const end = before ? firstAtOrAfter(slots, before) : Math.min(slots.length, start + limit);
  const page = slots.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  return {
    events: await eventDetails(db, incidentId, page),
    nextCursor: last && end < slots.length ? encodeCursor(last) : null,
    prevCursor: first && start > 0 ? encodeCursor(first) : null,
    startIndex: start,
    total: slots.length,
    aroundParent,
  };
}

/** A thread as the threads view opens it: its parent's key and the replies, in time order. */
export interface ThreadReplies {
  parentKey: string;
  replies: TimelineEvent[];
}

/** The most replies one thread read returns. */
const MAX_THREAD_REPLIES = 1000;

/**
 * The replies of the thread `messageId` belongs to (it may be the parent or any reply),
 * as far as they are in the incident's channels and windows; undefined when the message
 * is not in the incident or not in a thread.
 */
export async function threadReplies(db: Db, incidentId: number, messageId: number): Promise<ThreadReplies | undefined> {
  const message = await incidentChannelMessages(db)
    .where("s.incidentId", "=", incidentId)
    .where("m.id", "=", messageId)
    .select(["m.id", "m.ts", "m.threadTs", "m.conversationId"])
    .executeTakeFirst();
  if (!message || message.threadTs === null) return undefined;
  const thread = await incidentChannelMessages(db)
    .where("s.incidentId", "=", incidentId)
    .where("m.conversationId", "=", message.conversationId)
    .where("m.threadTs", "=", message.threadTs)
    .select(["m.id", "m.at", "m.ts"])
    .orderBy("m.at")
    .orderBy("m.id")
    .limit(MAX_THREAD_REPLIES + 1)
    .execute();
  const parent = thread.find((m) => m.ts === message.threadTs);
  if (!parent) return undefined;
  const slots: Slot[] = thread.filter((m) => m.id !== parent.id).slice(0, MAX_THREAD_REPLIES).map((m) => ({ kind: "message", id: String(m.id), at: m.at, order: m.id }));
  return { parentKey: `message:${parent.id}`, replies: await eventDetails(db, incidentId, slots) };
}

/** Binary search: the index of the first slot strictly after `cursor`. */
function firstAfter(slots: Slot[], cursor: Pick<Slot, "at" | "kind" | "order">): number {
  return lowerBound(slots, (slot) => compareSlots(slot, cursor) <= 0);
}

/** Binary search: the index of the first slot at or after `cursor` (the count of those before it). */
function firstAtOrAfter(slots: Slot[], cursor: Pick<Slot, "at" | "kind" | "order">): number {
  return lowerBound(slots, (slot) => compareSlots(slot, cursor) < 0);
}

/** The first index whose slot is not `isBefore`, for a sorted list. */
function lowerBound(slots: Slot[], isBefore: (slot: Slot) => boolean): number {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(slots[mid] as Slot)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export { EVENT_REF_PATTERN };

function parseEventRef(ref: string): { kind: Kind; id: string } {
  if (!EVENT_REF_PATTERN.test(ref)) throw new InvalidCursorError("around: expected message:<id>, page:<id> or cue:<transcriptId>:<position>");
  const colon = ref.indexOf(":");
  return { kind: ref.slice(0, colon) as Kind, id: ref.slice(colon + 1) };
}

function compareSlots(a: Pick<Slot, "at" | "kind" | "order">, b: Pick<Slot, "at" | "kind" | "order">): number {
  return a.at - b.at || RANK[a.kind] - RANK[b.kind] || a.order - b.order;
}

function encodeCursor(slot: Slot): string {
  return Buffer.from(`${slot.at}:${slot.kind}:${slot.order}`).toString("base64url");
}

function decodeCursor(cursor: string | null): Pick<Slot, "at" | "kind" | "order"> | null {
  if (!cursor) return null;
  const [at, kind, order] = Buffer.from(cursor, "base64url").toString("utf8").split(":");
  if (!at || !order || !(kind === "message" || kind === "page" || kind === "cue") || Number.isNaN(Number(at)) || Number.isNaN(Number(order))) {
    throw new InvalidCursorError("invalid timeline cursor");
  }
  return { at: Number(at), kind, order: Number(order) };
}

// The errors live in src/core/errors.ts, where the API's error handler finds them.
export { InvalidCursorError, UnknownTimelineEventError };

async function linkedPagerduty(db: Db, incidentId: number): Promise<string[]> {
  const rows = await db.selectFrom("incidentSources").select("externalId").where("incidentId", "=", incidentId).where("kind", "=", "pagerduty_incident").execute();
  return rows.map((r) => r.externalId).filter((id): id is string => id !== null);
}

/** The events carrying an annotation with `tag`, or any annotation when `tag` is null. */
async function taggedEvents(db: Db, incidentId: number, tag: string | null): Promise<Set<string>> {
  let rows = db.selectFrom("annotations").select(["eventKind", "eventId", "tags"]).where("incidentId", "=", incidentId);
  if (tag) rows = rows.where("tags", "like", `%${JSON.stringify(tag)}%`);
  return new Set((await rows.execute()).filter((r) => tag === null || (JSON.parse(r.tags) as string[]).includes(tag)).map((r) => `${r.eventKind}:${r.eventId}`));
}

async function eventDetails(db: Db, incidentId: number, page: Slot[]): Promise<TimelineEvent[]> {
  const messageIds = page.filter((s) => s.kind === "message").map((s) => Number(s.id));
  const pageIds = page.filter((s) => s.kind === "page").map((s) => Number(s.id));
  const cueKeys = page.filter((s) => s.kind === "cue").map((s) => s.id);
  const byKey = new Map<string, TimelineEvent>();
  const json = (text: string | null): unknown[] => (text ? (JSON.parse(text) as unknown[]) : []);

  if (messageIds.length > 0) {
    const rows = await db
      .selectFrom("messages as m")
      .innerJoin("conversations as c", "c.id", "m.conversationId")
      .leftJoin("identities as i", "i.id", "m.authorIdentityId")
      .leftJoin("people as p", "p.id", "i.personId")
      .leftJoin("identities as inv", (join) => join.onRef("inv.externalId", "=", "m.inviterExternalId").on("inv.source", "=", "slack"))
      .leftJoin("people as invp", "invp.id", "inv.personId")
      .where("m.id", "in", messageIds)
      .select([
        "m.id", "m.conversationId", "m.at", "m.ts", "m.subtype", "m.text", "m.threadTs", "m.isBroadcast", "m.replyCount", "m.files", "m.reactions", "m.attachments",
        "m.authorExternalId", "m.authorName", "c.name as channel", "i.id as identityId", "i.displayName", "i.isBot", "p.id as personId", "p.name as personName",
        "m.editedAt", "m.inviterExternalId", "inv.displayName as inviterDisplayName", "invp.id as inviterPersonId", "invp.name as inviterPersonName",
      ])
      .execute();
    const mentions = await db.selectFrom("messageMentions").selectAll().where("messageId", "in", messageIds).orderBy("messageId").orderBy("position").execute();
    const references = await db.selectFrom("messageReferences").selectAll().where("messageId", "in", messageIds).orderBy("messageId").orderBy("position").execute();
    const parentTs = [...new Set(rows.filter((r) => r.threadTs !== null && r.threadTs !== r.ts).map((r) => r.threadTs as string))];
    const parentRows =
      parentTs.length === 0
        ? []
        : await incidentChannelMessages(db)
            .where("s.incidentId", "=", incidentId)
            .where("m.ts", "in", parentTs)
            .where("m.conversationId", "in", [...new Set(rows.map((r) => r.conversationId))])
            .select(["m.id", "m.ts", "m.conversationId"])
            .execute();
    const parentOf = new Map(parentRows.map((r) => [`${r.conversationId}:${r.ts}`, `message:${r.id}`]));
    for (const row of rows) {
      const isBot = isBotAuthor({ identityId: row.identityId ?? null, identityIsBot: row.isBot === 1, authorName: row.authorName });
      byKey.set(`message:${row.id}`, {
        key: `message:${row.id}`,
        kind: "message",
        id: String(row.id),
        at: new Date(row.at).toISOString(),
        source: "slack",
        channel: row.channel,
        author:
          row.authorExternalId === null && row.authorName === null
            ? null
            : { personId: row.personId ?? null, name: row.personName ?? row.displayName ?? row.authorName ?? row.authorExternalId ?? "unknown", isBot },
        subtype: row.subtype,
        text: row.text,
        thread:
          row.threadTs === null
            ? null
            : {
                parentTs: row.threadTs,
                isReply: row.threadTs !== row.ts,
                isBroadcast: row.isBroadcast === 1,
                replyCount: row.replyCount,
                parentKey: row.threadTs === row.ts ? null : (parentOf.get(`${row.conversationId}:${row.threadTs}`) ?? null),
              },
        invitedBy:
          row.inviterExternalId === null
            ? null
            : { personId: row.inviterPersonId ?? null, name: row.inviterPersonName ?? row.inviterDisplayName ?? row.inviterExternalId },
        editedAt: row.editedAt === null ? null : new Date(row.editedAt).toISOString(),
        mentions: mentions.filter((x) => x.messageId === row.id).map((x) => ({ kind: x.kind, target: x.target, label: x.label })),
        references: references.filter((x) => x.messageId === row.id).map((x) => ({ kind: x.kind, key: x.key, url: x.url })),
        files: json(row.files),
        reactions: json(row.reactions),
        attachments: json(row.attachments) as MessageAttachment[],
        annotations: [],
      });
    }
  }

  if (pageIds.length > 0) {
    const rows = await db
      .selectFrom("pagerdutyLogEntries as e")
      .leftJoin("identities as i", (join) => join.onRef("i.externalId", "=", "e.agentExternalId").on("i.source", "=", "pagerduty"))
      .leftJoin("people as p", "p.id", "i.personId")
      .leftJoin("pagerdutyIncidents as pi", "pi.externalId", "e.incidentExternalId")
      .where("e.id", "in", pageIds)
      .select(["e.id", "e.at", "e.kind", "e.summary", "e.agentType", "e.agentExternalId", "e.targetUserIds", "pi.number", "pi.htmlUrl", "p.id as personId", "p.name as personName", "i.displayName"])
      .execute();
    for (const row of rows) {
      const agentIsUser = row.agentType?.startsWith("user") ?? false;
      byKey.set(`page:${row.id}`, {
        key: `page:${row.id}`,
        kind: "page",
        id: String(row.id),
        at: new Date(row.at).toISOString(),
        source: "pagerduty",
        channel: row.number === null ? null : `PagerDuty #${row.number}`,
        author: agentIsUser ? { personId: row.personId ?? null, name: row.personName ?? row.displayName ?? row.agentExternalId ?? "unknown", isBot: false } : { personId: null, name: "PagerDuty", isBot: true },
        subtype: row.kind,
        text: row.summary ?? row.kind,
        thread: null,
        invitedBy: null,
        editedAt: null,
        mentions: [],
        references: row.htmlUrl ? [{ kind: "pagerduty_incident", key: row.htmlUrl.split("/").pop() ?? row.htmlUrl, url: row.htmlUrl }] : [],
        files: [],
        reactions: [],
        attachments: [],
        annotations: [],
      });
    }
  }

  if (cueKeys.length > 0) {
    const transcriptIds = [...new Set(cueKeys.map((k) => Number(k.split(":")[0])))];
    const rows = await db
      .selectFrom("transcriptCues as c")
      .innerJoin("transcripts as t", "t.id", "c.transcriptId")
      .leftJoin("people as p", "p.id", "c.personId")
      .where("c.transcriptId", "in", transcriptIds)
      .select(["c.transcriptId", "c.position", "c.startMs", "c.speakerName", "c.text", "t.name", "t.startedAt", "p.id as personId", "p.name as personName"])
      .execute();
    const wanted = new Set(cueKeys);
    const at = new Map(page.filter((s) => s.kind === "cue").map((s) => [s.id, s.at]));
    for (const row of rows) {
      const id = `${row.transcriptId}:${row.position}`;
      if (!wanted.has(id)) continue;
      byKey.set(`cue:${id}`, {
        key: `cue:${id}`,
        kind: "cue",
        id,
        at: new Date(at.get(id) ?? 0).toISOString(),
        source: "transcript",
        channel: row.name,
        author: { personId: row.personId ?? null, name: row.personName ?? row.speakerName ?? "unknown speaker", isBot: false },
        subtype: null,
        text: row.text,
        thread: null,
        invitedBy: null,
        editedAt: null,
        mentions: [],
        references: [],
        files: [],
        reactions: [],
        attachments: [],
        annotations: [],
      });
    }
  }

  if (page.length > 0) {
    const annotations = await db
      .selectFrom("annotations as a")
      .innerJoin("users as u", "u.id", "a.authorUserId")
      .where("a.incidentId", "=", incidentId)
      .where("a.eventId", "in", [...new Set(page.map((s) => s.id))])
      .select(["a.id", "a.eventKind", "a.eventId", "a.tags", "a.note", "a.rangeStart", "a.rangeEnd", "a.quote", "a.version", "u.id as userId", "u.name as userName"])
      .orderBy("a.id")
      .execute();
    for (const a of annotations) {
      byKey.get(`${a.eventKind}:${a.eventId}`)?.annotations.push({
        id: a.id,
        tags: JSON.parse(a.tags) as AnnotationTag[],
        note: a.note,
        rangeStart: a.rangeStart,
        rangeEnd: a.rangeEnd,
        quote: a.quote,
        version: a.version,
        author: { id: a.userId, name: a.userName },
      });
    }
  }
  return page.map((slot) => byKey.get(`${slot.kind}:${slot.id}`)).filter((e): e is TimelineEvent => e !== undefined);
}
