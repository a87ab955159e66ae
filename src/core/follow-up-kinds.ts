/*
 * The follow-up enumerations on their own, without zod, so the web UI can use them
 * without bundling the schemas.
 */

/** Recovery puts things back as they were; prevention makes a repeat less likely or less harmful. */
export const FOLLOW_UP_KINDS = ["recovery", "prevention"] as const;
/** A follow-up kind. */
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** Where a follow-up stands. `done` and `wont_do` are closed: a closed follow-up is never overdue. */
export const FOLLOW_UP_STATUSES = ["open", "in_progress", "done", "wont_do"] as const;
/** A follow-up status. */
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** The statuses that count as finished. */
export const CLOSED_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ["done", "wont_do"];

/** Trackers whose URLs are recognised (their key is shown); anything else is a plain `link`. */
export const TRACKER_SYSTEMS = ["jira", "github", "gitlab", "linear", "link"] as const;
/** A tracker system. */
export type TrackerSystem = (typeof TRACKER_SYSTEMS)[number];
