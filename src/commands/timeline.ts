import type { TimelineEvent, TimelinePage } from "../core/timeline.js";
import type { Store } from "../db/connection.js";
import { type ThreadReplies, threadReplies, type TimelineQuery, timelinePage } from "../db/repositories/timeline.js";

export type { TimelineQuery };

/**
 * One page of an incident's merged timeline: the one read path behind
 * `GET /api/incidents/:id/timeline` and `debrief incidents timeline`.
 *
 * @throws InvalidCursorError for a cursor it did not make, or more than one of `cursor`, `before`, `around`
 * @throws UnknownTimelineEventError when `around` is not in the (filtered) stream
 */
export async function readTimeline(store: Store, incidentId: number, query: TimelineQuery = {}): Promise<TimelinePage> {
  return timelinePage(store.db, incidentId, query);
}

/**
 * The replies of the thread a message belongs to (the parent or any reply), for the
 * threads view; undefined when the message is not in the incident or not in a thread.
 */
export async function readThread(store: Store, incidentId: number, messageId: number): Promise<ThreadReplies | undefined> {
  return threadReplies(store.db, incidentId, messageId);
}

/** The largest page the timeline serves: reading a whole timeline takes total / this pages. */
const WHOLE_TIMELINE_PAGE = 1000;

/** Every event of an incident's merged timeline, in order, read page by page. */
export async function readWholeTimeline(store: Store, incidentId: number, query: Omit<TimelineQuery, "cursor" | "before" | "around" | "limit" | "view"> = {}): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: TimelinePage = await readTimeline(store, incidentId, { ...query, cursor, limit: WHOLE_TIMELINE_PAGE });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return events;
}
