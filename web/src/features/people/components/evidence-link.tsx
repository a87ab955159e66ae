import type { ReactNode } from "react";
import { Link } from "react-router";
import type { EvidenceRef } from "../../../api/types";

/**
 * The timeline's name for a piece of evidence: a channel join is a Slack message too, and
 * a PagerDuty log entry is a `page` event.
 */
export function evidenceEventKey(ref: EvidenceRef): string {
  return `${ref.source === "page" ? "page" : "message"}:${ref.id}`;
}

/** Where the timeline opens on an event (`kind:id`), selected. */
export function timelineEventPath(incidentId: number, eventKey: string): string {
  return `/incidents/${incidentId}/timeline?event=${encodeURIComponent(eventKey)}`;
}

/**
 * A figure of the people view as a link to the event it came from, so every number can be
 * traced back. `description` completes the accessible name for screen readers (the visible
 * text alone, "Paged" or "4 min", does not say where the link goes).
 */
export function EvidenceLink({ incidentId, eventKey, description, children }: { incidentId: number; eventKey: string; description: string; children: ReactNode }) {
  return (
    <Link to={timelineEventPath(incidentId, eventKey)} className="evidence-link" data-testid="evidence-link" data-event-key={eventKey}>
      {children}
      <span className="visually-hidden"> — {description}</span>
    </Link>
  );
}
