import { INCIDENT_STATUSES, type IncidentDetail, type IncidentStatus, type User } from "../../../api/types";
import { useUpdateIncident } from "../queries/use-incidents";
import { statusLabel } from "./incident-badges";

/** For analysts and admins: move the analysis along and take it on. */
export function IncidentControls({ incident, user }: { incident: IncidentDetail; user: User }) {
  const update = useUpdateIncident(incident.id);
  const assigned = incident.analysts.some((a) => a.id === user.id);
  const analystIds = incident.analysts.map((a) => a.id);
  return (
    <div className="incident-controls">
      <label className="field-inline field">
        <span>Status</span>
        <select value={incident.status} disabled={update.isPending} onChange={(e) => update.mutate({ status: e.target.value as IncidentStatus })}>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button-small"
        disabled={update.isPending}
        onClick={() => update.mutate({ analystIds: assigned ? analystIds.filter((id) => id !== user.id) : [...analystIds, user.id] })}
      >
        {assigned ? "Step down as analyst" : "Assign me as analyst"}
      </button>
      {update.isError && (
        <span className="form-error" role="alert">
          {update.error.message}
        </span>
      )}
    </div>
  );
}
