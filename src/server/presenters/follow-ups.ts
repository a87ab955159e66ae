import { parseTrackerUrl } from "../../analysis/tracker-links.js";
import { isOverdue } from "../../commands/follow-ups.js";
import type { FollowUp, FollowUpKind, FollowUpStatus } from "../../core/follow-ups.js";
import type { StoredFollowUp } from "../../db/repositories/follow-ups.js";
import { iso } from "./incidents.js";

/** A follow-up with its incident, owner, tracker key, overdue flag and the event it came from. */
export function presentFollowUp(followUp: StoredFollowUp, today: string): FollowUp {
  return {
    id: followUp.id,
    incident: { id: followUp.incidentId, title: followUp.incidentTitle },
    title: followUp.title,
    // Kind and status are checked when written; the response schema checks them again on the way out.
    kind: followUp.kind as FollowUpKind,
    status: followUp.status as FollowUpStatus,
    owner: followUp.owner,
    dueDate: followUp.dueDate,
    overdue: isOverdue(followUp, today),
    tracker: followUp.trackerUrl === null ? null : parseTrackerUrl(followUp.trackerUrl),
    context: followUp.context
      ? {
          source: followUp.context.source as "event" | "annotation",
          eventKey: followUp.context.eventKey,
          annotationId: followUp.context.annotationId,
          quote: followUp.context.quote,
          author: followUp.context.author,
          at: iso(followUp.context.at),
          link: `/incidents/${followUp.incidentId}/timeline?event=${encodeURIComponent(followUp.context.eventKey)}`,
        }
      : null,
    version: followUp.version,
    createdBy: followUp.createdBy,
    createdAt: iso(followUp.createdAt) as string,
    updatedAt: iso(followUp.updatedAt) as string,
  };
}
