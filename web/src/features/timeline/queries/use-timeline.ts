import { type InfiniteData, type QueryClient, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Annotation, TimelineEvent, TimelineFilters, TimelinePage } from "../../../api/types";
import { fetchTimelinePage, type TimelineAnchor } from "../api/timeline-api";

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
export function useTimeline(incidentId: number, filters: TimelineFilters, around: string | null = null) {
  const query = useInfiniteQuery({
    queryKey: [...timelineKeyPrefix(incidentId), filters, around],
    queryFn: ({ pageParam, signal }) =>
      fetchTimelinePage(incidentId, filters, pageParam, pageParam === null || "around" in pageParam ? FIRST_PAGE : NEXT_PAGE, signal),
    initialPageParam: (around ? { around } : null) as TimelineAnchor,
    getNextPageParam: (last): TimelineAnchor | undefined => (last.nextCursor ? { after: last.nextCursor } : undefined),
    getPreviousPageParam: (first): TimelineAnchor | undefined => (first.prevCursor ? { before: first.prevCursor } : undefined),
    // Annotations change the cached pages in place; refetching 20,000 events for it would not help anyone.
    staleTime: Infinity,
  });
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? null;
  const startIndex = query.data?.pages[0]?.startIndex ?? 0;
  return { ...query, events, total, startIndex };
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
  client.setQueriesData<TimelineData>({ queryKey: timelineKeyPrefix(incidentId) }, (data) => {
    if (!data) return data;
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
