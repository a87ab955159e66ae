/*
 * The merged timeline: what an event can be and where it comes from.
 */

/** The kinds of timeline event (and so what an annotation can be attached to). */
export const EVENT_KINDS = ["message", "page", "cue"] as const;

/** The kind of a timeline event. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** Where a timeline event comes from. */
export const EVENT_SOURCES = ["slack", "pagerduty", "transcript"] as const;

/** The source of a timeline event. */
export type EventSource = (typeof EVENT_SOURCES)[number];

/** `kind:id` of one event, as `around` and annotations name it. */
export const EVENT_REF_PATTERN = /^(?:(?:message|page):\d{1,15}|cue:\d{1,15}:\d{1,15})$/;
