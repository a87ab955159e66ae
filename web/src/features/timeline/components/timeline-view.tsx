import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import { ANNOTATION_TAGS, type TimelineEvent, type TimelineFilters as Filters } from "../../../api/types";
import { formatUtcDate, utcDayKey } from "../../../lib/format-time";
import { annotatableTags, mayStudy } from "../../../lib/permissions";
import { markOnce, PERF_MARKS } from "../../../lib/perf-marks";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncident } from "../../incidents/queries/use-incidents";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { usePeopleBreakdown } from "../../people/queries/use-people-breakdown";
import { draftsSnapshot, eventsWithDrafts, subscribeDrafts } from "../api/annotation-drafts";
import { selectedTextRange, type TextRange } from "../api/text-selection";
import type { TimelineView as View } from "../api/timeline-api";
import { useThreads, useTimeline } from "../queries/use-timeline";
import { AnnotationIndex } from "./annotation-index";
import { AnnotationPanel } from "./annotation-panel";
import { readTimelineFilters, TimelineFilters, type TimelineFilterValues } from "./timeline-filters";
import { TimelineRow } from "./timeline-row";
import "./timeline.css";

/** Rows closer than this to either end of what is loaded fetch the next (or previous) page. */
const PREFETCH_ROWS = 40;
/** The virtualiser's guess at a row's height before it is measured. */
const ESTIMATED_ROW = 68;
/** `?event=` names an event as the API does: `message:12`, `page:7`, `cue:3:41`. */
const EVENT_PARAM = /^(?:(?:message|page):\d+|cue:\d+:\d+)$/;

/** One row of the list: an event of the stream, or a reply shown inside its opened thread. */
interface Row {
  event: TimelineEvent;
  /** Position in the (filtered) stream; null for a reply inside an opened thread. */
  streamIndex: number | null;
  inThread: boolean;
}

/** `n event(s)`, in words. */
function eventsText(n: number): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? "event" : "events"}`;
}

/**
 * The merged timeline: filters, an infinitely loading virtualised list (20,000 events
 * stay smooth), keyboard selection (j/k, arrows, Enter, Escape), text-range selection,
 * the annotation panel and the list of all annotations. Slack threads are folded under
 * their parent and open in place (`?view=time` shows every event in time order; a search
 * or a person or tag filter lists replies in place too). With `?event=kind:id` (a link
 * from a piece of evidence) it opens on that event, selected, and loads earlier events
 * as well as later ones; a reply opens its thread.
 */
export function TimelineView() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const incident = useIncident(incidentId);
  const [params, setParams] = useSearchParams();
  const fromUrl = readTimelineFilters(params);
  const [text, setText] = useState(fromUrl.q);
  const settled = useDebouncedValue(text, 300);
  // Clearing the search takes effect at once (and so keeps the selected event in view).
  const q = text.trim() === "" ? "" : settled;
  const sourcesKey = fromUrl.sources.join(",");
  const filters = useMemo<Filters>(
    () => ({ sources: sourcesKey ? (sourcesKey.split(",") as Filters["sources"]) : [], person: fromUrl.person, tag: fromUrl.tag, q }),
    [sourcesKey, fromUrl.person, fromUrl.tag, q],
  );
  const eventParam = params.get("event");
  const around = eventParam && EVENT_PARAM.test(eventParam) ? eventParam : null;
  const chosenView: View = params.get("view") === "time" ? "time" : "threads";
  // A search or a person or tag filter lists matching replies where they are, in time order.
  const narrowed = fromUrl.person !== null || fromUrl.tag !== null || q !== "";
  const view: View = chosenView === "threads" && !narrowed ? "threads" : "time";
  const threaded = view === "threads";
  const timeline = useTimeline(incidentId, filters, around, view);
  const people = usePeopleBreakdown(incidentId, mayStudy(user.role));
  const { events, total, startIndex, hasNextPage, isFetchingNextPage, fetchNextPage, hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage, aroundParent } = timeline;

  /** Parents whose thread is open, in the threads view. */
  const [expanded, setExpanded] = useState<string[]>([]);
  const openThreads = useMemo(() => (threaded ? expanded : []), [threaded, expanded]);
  const threads = useThreads(incidentId, openThreads);
  // A link to a reply folded into its thread opens that thread.
  useEffect(() => {
    if (threaded && aroundParent) setExpanded((current) => (current.includes(aroundParent) ? current : [...current, aroundParent]));
  }, [threaded, aroundParent]);
  const rows = useMemo(() => {
    const out: Row[] = [];
    events.forEach((event, i) => {
      out.push({ event, streamIndex: startIndex + i, inThread: false });
      const replies = threaded && expanded.includes(event.key) ? threads.byParent.get(event.key) : undefined;
      for (const reply of replies ?? []) out.push({ event: reply, streamIndex: null, inThread: true });
    });
    return out;
  }, [events, startIndex, threaded, expanded, threads.byParent]);
  const drafts = useSyncExternalStore(subscribeDrafts, draftsSnapshot);
  const drafted = useMemo(() => eventsWithDrafts(drafts, incidentId), [drafts, incidentId]);

  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const [indexOpen, setIndexOpen] = useState(false);
  /** Open the annotation panel once the list has landed on this event (from the list of annotations). */
  const openOnLanding = useRef<string | null>(null);
  const [range, setRange] = useState<TextRange | null>(null);
  const [focusToken, setFocusToken] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);
  /** The `?event=` the list has been scrolled to, and whether its row has been shown. */
  const landedOn = useRef<string | null>(null);
  const [landed, setLanded] = useState(around === null);
  const firstKey = useRef<string | null>(null);
  /** The row that has the keyboard focus, kept while the focus is only lost to a DOM move. */
  const focusedKey = useRef<string | null>(null);

  const allowedTags = annotatableTags(user, ANNOTATION_TAGS);
  const canAnnotate = allowedTags.length > 0;
  // Channel names are noise when the incident has one channel; PagerDuty and transcript rows always name theirs.
  const showChannel = (incident.data?.channels.length ?? 1) > 1;

  const indexByKey = useMemo(() => new Map(rows.map((r, i) => [r.event.key, i])), [rows]);
  const selectedIndex = selectedKey === null ? -1 : (indexByKey.get(selectedKey) ?? -1);
  const selectedEvent = selectedIndex >= 0 ? rows[selectedIndex]?.event : undefined;

  // Keep the search in the address (shareable), once typing settles. Clearing it keeps
  // the selected event in view ("show in context"); a new search starts from the top.
  useEffect(() => {
    if ((params.get("q") ?? "") === q) return;
    const next = new URLSearchParams(params);
    next.delete("event");
    if (!q && selectedKey) next.set("event", selectedKey);
    if (q) next.set("q", q);
    else next.delete("q");
    setParams(next, { replace: true });
  }, [q, params, setParams, selectedKey]);

  const virtualizer = useVirtualizer({
    count: rows.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW,
    overscan: 10,
    getItemKey: (index) => rows[index]?.event.key ?? "loader",
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? -1;
  const firstVisible = items[0]?.index ?? -1;
  const scrolling = virtualizer.isScrolling;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [lastVisible, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Earlier pages only once the list has settled on the linked event: prepending rows
  // while the virtualiser is still scrolling to an index would move it to the wrong row.
  useEffect(() => {
    if (landed && !scrolling && hasPreviousPage && !isFetchingPreviousPage && firstVisible >= 0 && firstVisible < PREFETCH_ROWS) void fetchPreviousPage();
  }, [landed, scrolling, firstVisible, hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage]);

  // When earlier events are prepended, keep the rows on screen where they were: the new
  // rows are unmeasured, so they push everything down by exactly their estimated height.
  useLayoutEffect(() => {
    const previousFirst = firstKey.current;
    firstKey.current = rows[0]?.event.key ?? null;
    const shifted = previousFirst === null ? undefined : indexByKey.get(previousFirst);
    if (shifted && scrollRef.current) scrollRef.current.scrollTop += shifted * ESTIMATED_ROW;
  }, [rows, indexByKey]);

  // Earlier events put before the focused row shift every index, so for a render the
  // virtualiser leaves that row out, and the browser drops its focus with it: give the
  // focus back once the row is drawn again, or a landed-on event would lose it as soon
  // as earlier events load.
  useLayoutEffect(() => {
    const key = focusedKey.current;
    if (!key || (document.activeElement !== null && document.activeElement !== document.body)) return;
    scrollRef.current?.querySelector<HTMLElement>(`[data-event-key="${CSS.escape(key)}"]`)?.focus({ preventScroll: true });
  }, [items, rows]);

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
    if (rows.length > 0 && items.length > 0) markOnce(PERF_MARKS.timelineRows);
  }, [rows.length, items.length]);

  // After a keyboard move or a landing, focus the newly selected row once the virtualiser
  // has rendered it, and make sure it is in view: rows measured after the scroll (taller
  // or shorter than the estimate) can have moved it.
  useEffect(() => {
    const key = pendingFocus.current;
    if (!key) return;
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const scroller = scrollRef.current;
      const row = scroller?.querySelector<HTMLElement>(`[data-event-key="${CSS.escape(key)}"]`);
      if (row && scroller) {
        const box = row.getBoundingClientRect();
        const view = scroller.getBoundingClientRect();
        if (box.top < view.top || box.bottom > view.bottom) row.scrollIntoView({ block: box.height > view.height ? "start" : "center" });
        row.focus({ preventScroll: true });
        pendingFocus.current = null;
        if (key === landedOn.current) {
          setLanded(true);
          if (openOnLanding.current === key) {
            openOnLanding.current = null;
            setIndexOpen(false);
            setPanelOpen(true);
          }
        }
      } else if (frames++ < 60) handle = requestAnimationFrame(tryFocus);
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
    if (rows.length === 0) return;
    const from = selectedIndex < 0 ? (delta > 0 ? -1 : rows.length) : selectedIndex;
    const to = Math.max(0, Math.min(rows.length - 1, from + delta));
    const event = rows[to]?.event;
    if (!event) return;
    setSelectedKey(event.key);
    setRange(null);
    pendingFocus.current = event.key;
    virtualizer.scrollToIndex(to, { align: "auto" });
    if (to >= rows.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) void fetchNextPage();
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
      return index === undefined ? undefined : rows[index]?.event.text;
    });
    if (!picked) return;
    setSelectedKey(picked.eventKey);
    setRange(picked);
    setPanelOpen(true);
  };

  const updateFilters = (change: Partial<TimelineFilterValues>) => {
    if (change.text !== undefined) setText(change.text);
    const next = new URLSearchParams(params);
    // Narrower filters start from the top again (the event may not match them); wider
    // ones keep the selected event in view.
    next.delete("event");
    const widerSources = change.sources !== undefined && (change.sources.length === 0 || (filters.sources.length > 0 && filters.sources.every((s) => change.sources?.includes(s))));
    const wider = change.person === null || change.tag === null || widerSources;
    if (wider && selectedKey) next.set("event", selectedKey);
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

  /** Leaves every filter and opens the timeline at `key`, in `inView` (the chosen one by default). */
  const showInContext = useCallback(
    (key: string, inView: View = chosenView) => {
      setText("");
      const next = new URLSearchParams();
      if (inView === "time") next.set("view", "time");
      next.set("event", key);
      setParams(next, { replace: false });
    },
    [chosenView, setParams],
  );
  /** From time order (or a search): the event in its thread, in the threads view. */
  const openThread = useCallback((key: string) => showInContext(key, "threads"), [showInContext]);
  const toggleThread = useCallback((key: string) => {
    setExpanded((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]));
  }, []);
  const chooseView = (next: View) => {
    const updated = new URLSearchParams(params);
    if (next === "time") updated.set("view", "time");
    else updated.delete("view");
    updated.delete("event");
    if (selectedKey) updated.set("event", selectedKey);
    setParams(updated, { replace: true });
  };
  /** From the list of annotations: the event, selected, with its annotation panel. */
  const openFromIndex = (key: string) => {
    const index = indexByKey.get(key);
    if (index !== undefined) {
      setSelectedKey(key);
      setRange(null);
      setIndexOpen(false);
      setPanelOpen(true);
      pendingFocus.current = key;
      virtualizer.scrollToIndex(index, { align: "center" });
      return;
    }
    openOnLanding.current = key;
    showInContext(key);
  };
  const aroundMissing = timeline.isError && around !== null && (isApiError(timeline.error, 404) || isApiError(timeline.error, 400));

  if (timeline.isError && isApiError(timeline.error, 403)) {
    return (
      <section className="panel-message" aria-labelledby="tl-forbidden">
        <h2 id="tl-forbidden">Timeline not available</h2>
        <p>Your role can read published reviews, but not the timeline behind them. Ask an admin for member access.</p>
      </section>
    );
  }

  const tabbableKey = selectedKey ?? rows[0]?.event.key ?? null;
  const showPanel = panelOpen && selectedEvent !== undefined;
  const showIndex = !showPanel && indexOpen;

  return (
    <div
      className={showPanel || showIndex ? "timeline-layout timeline-layout-panel" : "timeline-layout"}
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
          <div className="timeline-tools">
            <div className="view-toggle" role="group" aria-label="How threads are shown">
              <button type="button" className="button button-small" aria-pressed={chosenView === "threads"} onClick={() => chooseView("threads")}>
                Threads
              </button>
              <button type="button" className="button button-small" aria-pressed={chosenView === "time"} onClick={() => chooseView("time")}>
                Time order
              </button>
            </div>
            {chosenView === "threads" && narrowed && <span className="hint">A search or filter lists matching replies in place.</span>}
            <button type="button" className="button button-small" aria-pressed={showIndex} onClick={() => {
                if (showPanel) {
                  setPanelOpen(false);
                  setIndexOpen(true);
                } else setIndexOpen((open) => !open);
              }} data-testid="annotation-index-toggle">
              All annotations
            </button>
          </div>
          <p className="timeline-count" aria-live="polite">
            {timeline.isError
              ? ""
              : total === null
                ? "Loading the timeline…"
                : events.length >= total
                  ? `${eventsText(total)}${threaded ? ", thread replies folded" : ""}`
                  : `${events.length.toLocaleString("en-GB")} of ${eventsText(total)} loaded`}
            {isFetchingPreviousPage ? " · loading earlier events…" : ""}
            {filtered && total !== null && !timeline.isError ? " (filtered)" : ""}
            <span className="keys" aria-hidden="true">
              <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> annotate · <kbd>Esc</kbd> close
            </span>
          </p>
        </div>
        {eventParam !== null && around === null && (
          <p className="form-error" role="alert">
            The link names no event (“{eventParam}”): the timeline is shown from the start.
          </p>
        )}
        {aroundMissing ? (
          <div className="form-error timeline-link-error" role="alert">
            <p>
              The linked event ({around}) is not in this incident's timeline{filtered ? " with these filters" : ""}. It may have been removed by a new import, or
              the link may be for another incident.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setText("");
                setParams(chosenView === "time" ? new URLSearchParams({ view: "time" }) : new URLSearchParams(), { replace: true });
              }}
            >
              Open the timeline from the start
            </button>
          </div>
        ) : timeline.isError ? (
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
            onFocus={(e) => {
              focusedKey.current = (e.target as HTMLElement).getAttribute("data-event-key");
            }}
            onBlur={(e) => {
              // Focus going elsewhere on purpose (not to nothing, as a DOM move leaves it).
              if (e.relatedTarget !== null) focusedKey.current = null;
            }}
          >
            <div className="timeline-canvas" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const row = rows[item.index];
                const event = row?.event;
                const style = { transform: `translateY(${item.start}px)` };
                if (!row || !event) {
                  return (
                    <div key="loader" className="event-slot timeline-loader" data-index={item.index} ref={virtualizer.measureElement} style={style}>
                      Loading more events…
                    </div>
                  );
                }
                const previous = rows[item.index - 1]?.event;
                const dayLabel = !previous || utcDayKey(previous.at) !== utcDayKey(event.at) ? formatUtcDate(event.at) : null;
                const opened = threaded && !row.inThread && event.thread !== null && !event.thread.isReply && event.thread.replyCount > 0;
                return (
                  <div key={item.key} className="event-slot" data-index={item.index} ref={virtualizer.measureElement} style={style}>
                    <TimelineRow
                      event={event}
                      index={row.streamIndex}
                      total={total}
                      selected={event.key === selectedKey}
                      tabbable={event.key === tabbableKey}
                      dayLabel={dayLabel}
                      showChannel={showChannel}
                      canAnnotate={canAnnotate}
                      pendingRange={range && range.eventKey === event.key ? pendingRange : null}
                      onSelect={select}
                      onOpen={open}
                      inThread={row.inThread}
                      thread={
                        opened
                          ? {
                              expanded: expanded.includes(event.key),
                              loading: expanded.includes(event.key) && !threads.byParent.has(event.key) && !threads.failed.has(event.key),
                              failed: threads.failed.has(event.key),
                            }
                          : null
                      }
                      onToggleThread={toggleThread}
                      onOpenThread={threaded ? undefined : openThread}
                      search={q}
                      hasDraft={drafted.has(event.key)}
                      onShowInContext={filtered ? showInContext : undefined}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </section>
      {showPanel && selectedEvent && (
        <AnnotationPanel incidentId={incidentId} event={selectedEvent} user={user} range={range} onClearRange={() => setRange(null)} onClose={close} focusToken={focusToken} />
      )}
      {showIndex && <AnnotationIndex incidentId={incidentId} onOpenEvent={openFromIndex} onClose={() => setIndexOpen(false)} />}
    </div>
  );
}
