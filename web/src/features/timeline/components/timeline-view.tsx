import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import { ANNOTATION_TAGS, type TimelineFilters as Filters } from "../../../api/types";
import { formatUtcDate, utcDayKey } from "../../../lib/format-time";
import { annotatableTags, mayStudy } from "../../../lib/permissions";
import { markOnce, PERF_MARKS } from "../../../lib/perf-marks";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncident } from "../../incidents/queries/use-incidents";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { usePeopleBreakdown } from "../../people/queries/use-people-breakdown";
import { selectedTextRange, type TextRange } from "../api/text-selection";
import { useTimeline } from "../queries/use-timeline";
import { AnnotationPanel } from "./annotation-panel";
import { readTimelineFilters, TimelineFilters, type TimelineFilterValues } from "./timeline-filters";
import { TimelineRow } from "./timeline-row";

/** Rows closer than this to either end of what is loaded fetch the next (or previous) page. */
const PREFETCH_ROWS = 40;
/** The virtualiser's guess at a row's height before it is measured. */
const ESTIMATED_ROW = 68;
/** `?event=` names an event as the API does: `message:12`, `page:7`, `cue:3:41`. */
const EVENT_PARAM = /^(?:(?:message|page):\d+|cue:\d+:\d+)$/;

/**
 * The merged timeline: filters, an infinitely loading virtualised list (20,000 events
 * stay smooth), keyboard selection (j/k, arrows, Enter, Escape), text-range selection,
 * and the annotation panel. With `?event=kind:id` (a link from a piece of evidence) it
 * opens on that event, selected, and loads earlier events as well as later ones.
 */
export function TimelineView() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const incident = useIncident(incidentId);
  const [params, setParams] = useSearchParams();
  const fromUrl = readTimelineFilters(params);
  const [text, setText] = useState(fromUrl.q);
  const q = useDebouncedValue(text, 300);
  const sourcesKey = fromUrl.sources.join(",");
  const filters = useMemo<Filters>(
    () => ({ sources: sourcesKey ? (sourcesKey.split(",") as Filters["sources"]) : [], person: fromUrl.person, tag: fromUrl.tag, q }),
    [sourcesKey, fromUrl.person, fromUrl.tag, q],
  );
  const eventParam = params.get("event");
  const around = eventParam && EVENT_PARAM.test(eventParam) ? eventParam : null;
  const timeline = useTimeline(incidentId, filters, around);
  const people = usePeopleBreakdown(incidentId, mayStudy(user.role));
  const { events, total, startIndex, hasNextPage, isFetchingNextPage, fetchNextPage, hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage } = timeline;

  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [range, setRange] = useState<TextRange | null>(null);
  const [focusToken, setFocusToken] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  /** The `?event=` the list has been scrolled to, and whether its row has been shown. */
  const landedOn = useRef<string | null>(null);
  const [landed, setLanded] = useState(around === null);
  const firstKey = useRef<string | null>(null);

  const allowedTags = annotatableTags(user, ANNOTATION_TAGS);
  const canAnnotate = allowedTags.length > 0;
  // Channel names are noise when the incident has one channel; PagerDuty and transcript rows always name theirs.
  const showChannel = (incident.data?.channels.length ?? 1) > 1;

  const indexByKey = useMemo(() => new Map(events.map((e, i) => [e.key, i])), [events]);
  const selectedIndex = selectedKey === null ? -1 : (indexByKey.get(selectedKey) ?? -1);
  const selectedEvent = selectedIndex >= 0 ? events[selectedIndex] : undefined;

  // Keep the search in the address (shareable), once typing settles.
  useEffect(() => {
    if ((params.get("q") ?? "") === q) return;
    const next = new URLSearchParams(params);
    next.delete("event");
    if (q) next.set("q", q);
    else next.delete("q");
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  const virtualizer = useVirtualizer({
    count: events.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 10,
    getItemKey: (index) => events[index]?.key ?? "loader",
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? -1;
  const firstVisible = items[0]?.index ?? -1;
  const scrolling = virtualizer.isScrolling;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= events.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastVisible, events.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Earlier pages only once the list has settled on the linked event: prepending rows
  // while the virtualiser is still scrolling to an index would move it to the wrong row.
  useEffect(() => {
    if (landed && !scrolling && hasPreviousPage && !isFetchingPreviousPage && firstVisible >= 0 && firstVisible < PREFETCH_ROWS) void fetchPreviousPage();
  }, [landed, scrolling, firstVisible, hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage]);

  // When earlier events are prepended, keep the rows on screen where they were: the new
  // rows are unmeasured, so they push everything down by exactly their estimated height.
  useLayoutEffect(() => {
    const previousFirst = firstKey.current;
    firstKey.current = events[0]?.key ?? null;
    const shifted = previousFirst === null ? undefined : indexByKey.get(previousFirst);
    if (shifted && scrollRef.current) scrollRef.current.scrollTop += shifted * ESTIMATED_ROW;
  }, [events, indexByKey]);

  // Arriving from a link to an event: scroll to it, select it and focus it.
  useEffect(() => {
    if (around === null) {
      landedOn.current = null;
      setLanded(true);
      return;
    }
    if (landedOn.current === around) return;
    const index = indexByKey.get(around);
    if (index === undefined) {
      setLanded(false);
      return;
    }
    landedOn.current = around;
    setSelectedKey(around);
    setRange(null);
    pendingFocus.current = around;
    virtualizer.scrollToIndex(index, { align: "center" });
  }, [around, indexByKey, virtualizer]);

  useLayoutEffect(() => {
    if (events.length > 0 && items.length > 0) markOnce(PERF_MARKS.timelineRows);
  }, [events.length, items.length]);

  // After a keyboard move, focus the newly selected row once the virtualiser has rendered it.
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key) return;
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-event-key="${CSS.escape(key)}"]`);
      if (row) {
        row.focus({ preventScroll: true });
        pendingFocus.current = null;
        if (key === landedOn.current) setLanded(true);
      } else if (frames++ < 10) handle = requestAnimationFrame(tryFocus);
    };
    tryFocus();
    return () => cancelAnimationFrame(handle);
  }, [selectedKey, items]);

  const select = useCallback((key: string) => {
    setSelectedKey(key);
    setRange((current) => (current && current.eventKey === key ? current : null));
  }, []);

  const open = useCallback((key: string) => {
    setSelectedKey(key);
    setRange((current) => (current && current.eventKey === key ? current : null));
    setPanelOpen(true);
    setFocusToken((t) => t + 1);
  }, []);

  const close = useCallback(() => {
    setPanelOpen(false);
    setRange(null);
    // Return focus to the row the panel was about.
    requestAnimationFrame(() => {
      const row = selectedKey ? scrollRef.current?.querySelector<HTMLElement>(`[data-event-key="${CSS.escape(selectedKey)}"]`) : null;
      row?.focus({ preventScroll: true });
    });
  }, [selectedKey]);

  const move = (delta: number) => {
    if (events.length === 0) return;
    const from = selectedIndex < 0 ? (delta > 0 ? -1 : events.length) : selectedIndex;
    const to = Math.max(0, Math.min(events.length - 1, from + delta));
    const event = events[to];
    if (!event) return;
    setSelectedKey(event.key);
    setRange(null);
    pendingFocus.current = event.key;
    virtualizer.scrollToIndex(to, { align: "auto" });
    if (to >= events.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    if (to < PREFETCH_ROWS && landed && hasPreviousPage && !isFetchingPreviousPage) void fetchPreviousPage();
  };

  const onFeedKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable='true']")) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "j":
      case "ArrowDown":
        e.preventDefault();
        move(1);
        break;
      case "k":
      case "ArrowUp":
        e.preventDefault();
        move(-1);
        break;
      case "Enter": {
        if (target.tagName !== "ARTICLE") return;
        e.preventDefault();
        const key = target.getAttribute("data-event-key");
        if (key) open(key);
        break;
      }
      case "Escape":
        if (panelOpen) {
          e.preventDefault();
          close();
        }
        break;
    }
  };

  // j/k with nothing focused (just arrived on the page) start the keyboard selection.
  const moveRef = useRef(move);
  moveRef.current = move;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (document.activeElement !== document.body || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "j") moveRef.current(1);
      else if (e.key === "k") moveRef.current(-1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const onMouseUp = () => {
    if (!canAnnotate) return;
    const picked = selectedTextRange(window.getSelection(), (key) => {
      const index = indexByKey.get(key);
      return index === undefined ? undefined : events[index]?.text;
    });
    if (!picked) return;
    setSelectedKey(picked.eventKey);
    setRange(picked);
    setPanelOpen(true);
  };

  const updateFilters = (change: Partial<TimelineFilterValues>) => {
    if (change.text !== undefined) setText(change.text);
    const next = new URLSearchParams(params);
    // The linked event may not match the new filters; the list starts from the top again.
    next.delete("event");
    if (change.sources !== undefined) {
      next.delete("source");
      for (const s of change.sources) next.append("source", s);
    }
    if (change.person !== undefined) {
      if (change.person === null) next.delete("person");
      else next.set("person", String(change.person));
    }
    if (change.tag !== undefined) {
      if (change.tag === null) next.delete("tag");
      else next.set("tag", change.tag);
    }
    if (change.text === undefined) setParams(next, { replace: true });
  };

  const pendingRange = useMemo(() => (range ? { start: range.rangeStart, end: range.rangeEnd } : null), [range]);
  const filtered = filters.sources.length > 0 || filters.person !== null || filters.tag !== null || filters.q !== "";

  if (timeline.isError && isApiError(timeline.error, 403)) {
    return (
      <section className="panel-message" aria-labelledby="tl-forbidden">
        <h2 id="tl-forbidden">Timeline not available</h2>
        <p>Your role can read published reviews, but not the timeline behind them. Ask an admin for member access.</p>
      </section>
    );
  }

  const tabbableKey = selectedKey ?? events[0]?.key ?? null;

  return (
    <div
      className={panelOpen && selectedEvent ? "timeline-layout timeline-layout-panel" : "timeline-layout"}
      onKeyDown={(e) => {
        if (e.key === "Escape" && panelOpen) {
          e.preventDefault();
          close();
        }
      }}
    >
      <section className="timeline-main" aria-labelledby="timeline-title">
        <div className="timeline-head">
          <h2 id="timeline-title" className="visually-hidden">
            Timeline
          </h2>
          <TimelineFilters values={{ sources: filters.sources, person: filters.person, tag: filters.tag, text }} people={people.data?.participants ?? []} onChange={updateFilters} />
          <p className="timeline-count" aria-live="polite">
            {total === null ? "Loading the timeline…" : `${events.length.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} events loaded`}
            {isFetchingPreviousPage ? " · loading earlier events…" : ""}
            {filtered && total !== null ? " (filtered)" : ""}
            <span className="keys" aria-hidden="true">
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> annotate · <kbd>Esc</kbd> close
            </span>
          </p>
        </div>
        {timeline.isError ? (
          <p className="form-error" role="alert">
            The timeline could not be loaded: {timeline.error.message}
          </p>
        ) : events.length === 0 && !timeline.isPending ? (
          <div className="empty">
            <p>{filtered ? "No events match these filters." : "This incident has no events yet."}</p>
            {filtered && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setText("");
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                Clear the filters
              </button>
            )}
          </div>
        ) : (
          <div
            ref={scrollRef}
            className="timeline-scroll"
            role="feed"
            aria-busy={timeline.isFetching}
            aria-label="Timeline events. Use j and k or the arrow keys to move, Enter to annotate."
            onKeyDown={onFeedKeyDown}
            onMouseUp={onMouseUp}
          >
            <div className="timeline-canvas" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const event = events[item.index];
                const style = { transform: `translateY(${item.start}px)` };
                if (!event) {
                  return (
                    <div key="loader" className="event-slot timeline-loader" data-index={item.index} ref={virtualizer.measureElement} style={style}>
                      Loading more events…
                    </div>
                  );
                }
                const previous = events[item.index - 1];
                const dayLabel = !previous || utcDayKey(previous.at) !== utcDayKey(event.at) ? formatUtcDate(event.at) : null;
                return (
                  <div key={item.key} className="event-slot" data-index={item.index} ref={virtualizer.measureElement} style={style}>
                    <TimelineRow
                      event={event}
                      index={startIndex + item.index}
                      total={total}
                      selected={event.key === selectedKey}
                      tabbable={event.key === tabbableKey}
                      dayLabel={dayLabel}
                      showChannel={showChannel}
                      canAnnotate={canAnnotate}
                      pendingRange={range && range.eventKey === event.key ? pendingRange : null}
                      onSelect={select}
                      onOpen={open}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </section>
      {panelOpen && selectedEvent && (
        <AnnotationPanel incidentId={incidentId} event={selectedEvent} user={user} range={range} onClearRange={() => setRange(null)} onClose={close} focusToken={focusToken} />
      )}
    </div>
  );
}
