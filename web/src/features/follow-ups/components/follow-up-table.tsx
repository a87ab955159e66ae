import { Link } from "react-router";
import { ConflictError } from "../../../api/client";
import type { User } from "../../../api/types";
import { formatUtcDateTime } from "../../../lib/format-time";
import { mayEditIncident } from "../../../lib/permissions";
import { FOLLOW_UP_STATUSES, type FollowUp, type FollowUpStatus } from "../api/follow-ups-api";
import { useFollowUpMutations } from "../queries/use-follow-ups";

/** How a status reads in the UI. */
export const STATUS_LABELS: Record<FollowUpStatus, string> = { open: "Open", in_progress: "In progress", done: "Done", wont_do: "Won't do" };

interface FollowUpTableProps {
  followUps: FollowUp[];
  user: User;
  /** Show which incident each belongs to (the list across incidents). */
  showIncident?: boolean;
  onStatus?: (message: string) => void;
}

/** Follow-ups as a table: due, title with tracker key and context, owner, kind, status (editable for analysts). */
export function FollowUpTable({ followUps, user, showIncident = false, onStatus }: FollowUpTableProps) {
  const { update } = useFollowUpMutations();
  const editable = mayEditIncident(user.role);
  const setStatus = (followUp: FollowUp, status: FollowUpStatus) =>
    update.mutate(
      { id: followUp.id, change: { version: followUp.version, status } },
      {
        onSuccess: () => onStatus?.(`“${followUp.title}” is now ${STATUS_LABELS[status].toLowerCase()}.`),
        onError: (error) => onStatus?.(error instanceof ConflictError ? "Someone changed this follow-up meanwhile; the list shows what is stored now." : `It could not be saved: ${error.message}`),
      },
    );

  return (
    <div className="table-wrap">
      <table className="data-table follow-up-table">
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Follow-up</th>
            {showIncident && <th scope="col">Incident</th>}
            <th scope="col">Owner</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {followUps.map((followUp) => (
            <tr key={followUp.id} data-testid="follow-up" className={followUp.overdue ? "follow-up-overdue" : undefined}>
              <td className="nowrap">
                {followUp.dueDate ?? <span className="muted">no date</span>}
                {followUp.overdue && <span className="overdue-badge">overdue</span>}
              </td>
              <td>
                <span className="follow-up-title">{followUp.title}</span>
                {followUp.tracker && (
                  <>
                    {" "}
                    <a className="tracker-key" href={followUp.tracker.url} target="_blank" rel="noreferrer noopener">
                      {followUp.tracker.key ?? "link"}
                    </a>
                  </>
                )}
                {followUp.context && (
                  <p className="follow-up-context-line">
                    <Link to={followUp.context.link}>
                      {followUp.context.source === "annotation" ? "From an annotation" : "From the timeline"}
                      {followUp.context.at ? `, ${formatUtcDateTime(followUp.context.at)}` : ""}
                    </Link>
                    : “{followUp.context.quote.length > 140 ? `${followUp.context.quote.slice(0, 140)}…` : followUp.context.quote}”
                    {followUp.context.author ? ` — ${followUp.context.author}` : ""}
                  </p>
                )}
              </td>
              {showIncident && (
                <td>
                  <Link to={`/incidents/${followUp.incident.id}/follow-ups`}>{followUp.incident.title}</Link>
                </td>
              )}
              <td>
                {followUp.owner ? (
                  <>
                    {followUp.owner.name}
                    {followUp.owner.team && <span className="muted"> · {followUp.owner.team.name}</span>}
                  </>
                ) : (
                  <span className="muted">no owner</span>
                )}
              </td>
              <td>{followUp.kind === "recovery" ? "Recovery" : "Prevention"}</td>
              <td>
                {editable ? (
                  <select aria-label={`Status of ${followUp.title}`} value={followUp.status} onChange={(e) => setStatus(followUp, e.target.value as FollowUpStatus)} disabled={update.isPending}>
                    {FOLLOW_UP_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {STATUS_LABELS[status]}
                      </option>
                    ))}
                  </select>
                ) : (
                  STATUS_LABELS[followUp.status]
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
