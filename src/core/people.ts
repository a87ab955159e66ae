/*
 * People in an incident: how someone got involved.
 */

/** How a person got involved, in the order the breakdown prefers causes at the same instant. */
export const INVOLVEMENTS = ["paged", "mentioned", "invited", "self"] as const;

/** How a person got involved. */
export type Involvement = (typeof INVOLVEMENTS)[number];
