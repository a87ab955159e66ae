/*
 * Incidents: the analysis statuses and where an incident came from.
 */

/** Where an incident is in its analysis, in order. */
export const INCIDENT_STATUSES = ["new", "in_analysis", "in_review", "published"] as const;

/** An incident's analysis status. */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** `channel` when created from an incident channel on import, `manual` by hand. */
export const INCIDENT_ORIGINS = ["channel", "manual"] as const;

/** How an incident was created. */
export type IncidentOrigin = (typeof INCIDENT_ORIGINS)[number];

/** The kinds of source an incident is built from. */
export const INCIDENT_SOURCE_KINDS = ["slack_channel", "pagerduty_incident"] as const;

/** One kind of incident source. */
export type IncidentSourceKind = (typeof INCIDENT_SOURCE_KINDS)[number];
