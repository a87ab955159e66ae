import { type InfiniteData, type QueryClient, useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ThreadReplies } from "../../../../../src/core/timeline.js";
import type { Annotation, TimelineEvent, TimelineFilters, TimelinePage } from "../../../api/types";
import { fetchAnnotatedEvents, fetchThread, fetchTimelinePage, type TimelineAnchor, type TimelineView } from "../api/timeline-api";

/** The first page is small so rows appear quickly; later pages are larger. */
const FIRST_PAGE = 200;
const NEXT_PAGE = 500;

/** Query key of every timeline query of an incident (all filter combinations). */
export function timelineKeyPrefix(incidentId: number) {
  return ["timeline", incidentId] as const;
}

/**
 * The incident's timeline for the given filters, fetched page by page as it is scrolled,
 * both ways when it was opened `around` an event (`kind:id`). `startIndex` is the
 * position in the stream of the first loaded event.
 */
export function useTimeline(incidentId: number, filters: TimelineFilters, around: string | null = null, view: TimelineView = "time") {
  const query = useInfiniteQuery({
    queryKey: [...timelineKeyPrefix(incidentId), filters, around, view],
    queryFn: ({ pageParam, signal }) =>
      fetchTimelinePage(incidentId, filters, pageParam, pageParam === null || "around" in pageParam ? FIRST_PAGE : NEXT_PAGE, signal, view),
    initialPageParam: (around ? { around } : null) as TimelineAnchor,
    getNextPageParam: (last): TimelineAnchor | undefined => (last.nextCursor ? { after: last.nextCursor } : undefined),
    getPreviousPageParam: (first): TimelineAnchor | undefined => (first.prevCursor ? { before: first.prevCursor } : undefined),
    // Annotations change the cached pages in place; refetching 20,000 events for it would not help anyone.
    staleTime: Infinity,
  });
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? null;
  const startIndex = query.data?.pages[0]?.startIndex ?? 0;
  /** When `around` named a reply folded into its thread: the thread's parent. */
  const aroundParent = query.data?.pages.find((page) => page.aroundParent)?.aroundParent ?? null;
  return { ...query, events, total, startIndex, aroundParent };
}

/** What the list needs of each thread query: its replies, or that it failed (stable, so the result is kept between renders). */
function threadStates(results: { data?: ThreadReplies; isError: boolean }[]): (TimelineEvent[] | "failed" | null)[] {
  return results.map((result) => (result.data ? result.data.replies : result.isError ? "failed" : null));
}

/** The replies of each thread in `parentKeys`, by parent key, as they arrive. */
export function useThreads(incidentId: number, parentKeys: readonly string[]) {
  const states = useQueries({
    queries: parentKeys.map((key) => ({
      queryKey: [...timelineKeyPrefix(incidentId), "thread", key],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchThread(incidentId, key, signal),
      staleTime: Infinity,
    })),
    combine: threadStates,
  });
  return useMemo(() => {
    const byParent = new Map<string, TimelineEvent[]>();
    const failed = new Set<string>();
    states.forEach((state, i) => {
      const key = parentKeys[i] as string;
      if (state === "failed") failed.add(key);
      else if (state) byParent.set(key, state);
    });
    return { byParent, failed };
  }, [states, parentKeys]);
}

/** Every annotated event of the incident, for the list of annotations. */
export function useAnnotatedEvents(incidentId: number, enabled: boolean) {
  // Under ["annotations", id], which every annotation change invalidates.
  return useQuery({ queryKey: ["annotations", incidentId, "events"], queryFn: ({ signal }) => fetchAnnotatedEvents(incidentId, signal), enabled });
}

type TimelineData = InfiniteData<TimelinePage, TimelineAnchor>;

/**
 * Applies a change to one event's annotations in every cached timeline of the incident,
 * so a saved annotation shows at once without reloading thousands of events.
 */
export function patchEventAnnotations(
  client: QueryClient,
  incidentId: number,
  eventKey: string,
  change: (annotations: Annotation[]) => Annotation[],
): void {
  client.setQueriesData<TimelineData | ThreadReplies>({ queryKey: timelineKeyPrefix(incidentId) }, (data) => {
    if (!data) return data;
    if ("replies" in data) {
      const index = data.replies.findIndex((e) => e.key === eventKey);
      if (index < 0) return data;
      const replies = data.replies.slice();
      const event = replies[index] as TimelineEvent;
      replies[index] = { ...event, annotations: change(event.annotations) };
      return { ...data, replies };
    }
    let touched = false;
    const pages = data.pages.map((page) => {
      const index = page.events.findIndex((e) => e.key === eventKey);
      if (index < 0) return page;
      touched = true;
      const events = page.events.slice();
      const event = events[index] as TimelineEvent;
      events[index] = { ...event, annotations: change(event.annotations) };
      return { ...page, events };
    });
    return touched ? { ...data, pages } : data;
  });
}
