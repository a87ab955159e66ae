/**
 * How much of an incident's timeline has been read and marked, for the analysis guide:
 * the events in time order are cut into stretches of about equal count, and a stretch
 * counts as studied when an annotation sits on one of its events or between its first
 * and last. "Studied" is then a property of the whole timeline, not of one annotation.
 */

/** One event of the timeline: its timeline key (`message:12`) and time. */
export interface StretchEvent {
  key: string;
  at: number;
}

/** What the stretches say. */
export interface TimelineStretches {
  /** How many stretches the timeline was cut into (0 for an empty timeline). */
  total: number;
  /** How many of them hold an annotation. */
  annotated: number;
  /** The first event of the earliest stretch without one, to open the timeline there; null when none is left. */
  firstUnannotated: { key: string; at: number } | null;
}

/** How many stretches a timeline is cut into at most. */
export const STRETCHES = 10;

/**
 * Cuts `events` (in time order) into at most {@link STRETCHES} stretches of about equal
 * count and finds those without an annotation at any of `annotatedAt` (times of
 * annotated events).
 */
export function timelineStretches(events: readonly StretchEvent[], annotatedAt: readonly number[], parts = STRETCHES): TimelineStretches {
  if (events.length === 0) return { total: 0, annotated: 0, firstUnannotated: null };
  const count = Math.min(parts, events.length);
  const times = [...annotatedAt].sort((a, b) => a - b);
  let annotated = 0;
  let firstUnannotated: TimelineStretches["firstUnannotated"] = null;
  for (let i = 0; i < count; i += 1) {
    const start = Math.floor((i * events.length) / count);
    const end = Math.floor(((i + 1) * events.length) / count) - 1;
    const first = events[start] as StretchEvent;
    const last = events[end] as StretchEvent;
    if (times.some((t) => t >= first.at && t <= last.at)) annotated += 1;
    else firstUnannotated ??= { key: first.key, at: first.at };
  }
  return { total: count, annotated, firstUnannotated };
}
