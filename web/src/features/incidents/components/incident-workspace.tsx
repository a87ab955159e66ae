import { useEffect } from "react";
import { Link, NavLink, Outlet } from "react-router";
import { isApiError } from "../../../api/client";
import { formatDuration, formatUtcDateTime } from "../../../lib/format-time";
import { mayEditIncident, mayStudy } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncident } from "../queries/use-incidents";
import { useIncidentId } from "../queries/use-incident-id";
import { SeverityBadge, StatusBadge } from "./incident-badges";
import { ReviewView } from "../../review/components/review-view";
import { IncidentControls } from "./incident-controls";
import { AddSlackChannel } from "../../slack-sync/components/add-slack-channel";

const TABS = [
  { to: "timeline", label: "Timeline" },
  { to: "people", label: "People" },
  { to: "guide", label: "Guide" },
  { to: "interviews", label: "Interviews" },
  { to: "review", label: "Review" },
  { to: "follow-ups", label: "Follow-ups" },
  { to: "meetings", label: "Meetings" },
  { to: "details", label: "Details" },
] as const;

/** One incident: its header and the Timeline, People, Guide and Review tabs (viewers: the published review). */
export function IncidentWorkspace() {
  const id = useIncidentId();
  const user = useCurrentUser();
  const incident = useIncident(id);

  useEffect(() => {
    if (incident.data) document.title = `${incident.data.title} · Debrief`;
  }, [incident.data]);

  if (incident.isError) {
    const missing = isApiError(incident.error, 404) || Number.isNaN(id);
    return (
      <main className="page" id="main">
        <h1>{missing ? "Incident not found" : "The incident could not be loaded"}</h1>
        <p>
          {missing ? "It does not exist, or your role cannot see it." : incident.error.message} <Link to="/incidents">Back to the incidents</Link>.
        </p>
      </main>
    );
  }

  const data = incident.data;
  const duration = data?.startedAt && data.resolvedAt ? (Date.parse(data.resolvedAt) - Date.parse(data.startedAt)) / 1000 : null;

  return (
    <main className="workspace" id="main">
      <header className="workspace-header">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to="/incidents">Incidents</Link> <span aria-hidden="true">/</span> <span>#{id}</span>
        </nav>
        <div className="workspace-title-row">
          <h1 className="workspace-title">{data ? data.title : "Loading…"}</h1>
          {data && mayEditIncident(user.role) && <IncidentControls incident={data} user={user} />}
        </div>
        {data && (
          <dl className="facts">
            <div>
              <dt>Severity</dt>
              <dd>
                <SeverityBadge severity={data.severity} />
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>
                <StatusBadge status={data.status} />
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{formatUtcDateTime(data.startedAt)}</dd>
            </div>
            {duration !== null && (
              <div>
                <dt>Resolved after</dt>
                <dd>{formatDuration(duration)}</dd>
              </div>
            )}
            <div>
              <dt>Analysts</dt>
              <dd>{data.analysts.length ? data.analysts.map((a) => a.name).join(", ") : "none assigned"}</dd>
            </div>
            <div>
              <dt>Sources</dt>
              <dd className="channels">{data.channels.map((c) => `#${c}`).join(" ") || "—"}</dd>
            </div>
          </dl>
        )}
        {data && mayEditIncident(user.role) && <AddSlackChannel incidentId={id} />}
        {mayStudy(user.role) && (
          <nav aria-label="Incident views" className="tabs">
            {TABS.map((tab) => (
              <NavLink key={tab.to} to={tab.to} className={({ isActive }) => (isActive ? "tab tab-active" : "tab")}>
                {tab.label}
              </NavLink>
            ))}
          </nav>
        )}
      </header>
      {mayStudy(user.role) ? (
        <Outlet />
      ) : (
        <section className="panel-message" aria-labelledby="viewer-note">
          <h2 id="viewer-note">Published incident</h2>
          <p>
            Your account can read published incidents. The timeline, the people breakdown and the analysis notes are open to members, analysts and admins; ask an
            admin if you need them.
          </p>
          <ReviewView />
        </section>
      )}
    </main>
  );
}
