/*
 * Performance marks the benchmark (bench/ui-bench.ts) and anyone with the browser's
 * performance panel can read: each is set once per page load, when the thing it names
 * is first on screen.
 */

/** Names of the marks this app sets. */
export const PERF_MARKS = {
  incidentListRows: "debrief:incident-list-rows",
  timelineRows: "debrief:timeline-rows",
} as const;

/** Sets the mark unless this page load already has it. */
export function markOnce(name: string): void {
  if (performance.getEntriesByName(name, "mark").length > 0) return;
  performance.mark(name);
}
