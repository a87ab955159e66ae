import { useState } from "react";
import { Link } from "react-router";
import { mayEditIncident } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { useIncidentFollowUps } from "../queries/use-follow-ups";
import { FollowUpForm } from "./follow-up-form";
import { FollowUpTable } from "./follow-up-table";

/** The incident's Follow-ups tab: what the review commits to, who owns it, and by when. */
export function IncidentFollowUps() {
  const incidentId = useIncidentId();
  const user = useCurrentUser();
  const followUps = useIncidentFollowUps(incidentId);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState("");

  return (
    <section className="tab-body" aria-labelledby="follow-ups-title">
      <div className="page-heading">
        <h2 id="follow-ups-title" className="section-title">
          Follow-ups
        </h2>
        {mayEditIncident(user.role) && !adding && (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            New follow-up
          </button>
        )}
      </div>
      <p className="muted">
        Recovery puts back what the incident broke; prevention makes a repeat less likely or less harmful. To start one from a message or an annotation, select it on the{" "}
        <Link to="../timeline">timeline</Link>. <Link to="/follow-ups">Every incident's follow-ups</Link>.
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {adding && (
        <FollowUpForm
          incidentId={incidentId}
          onDone={(message) => {
            setAdding(false);
            setStatus(message);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {followUps.isError ? (
        <p className="form-error" role="alert">
          The follow-ups could not be loaded: {followUps.error.message}
        </p>
      ) : !followUps.data ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : followUps.data.length === 0 ? (
        <p className="empty">No follow-ups yet.</p>
      ) : (
        <FollowUpTable followUps={followUps.data} user={user} onStatus={setStatus} />
      )}
    </section>
  );
}
