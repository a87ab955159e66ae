import { isApiError } from "../../../api/client";
import { useIncidentId } from "../../incidents/queries/use-incident-id";
import { usePeopleBreakdown } from "../queries/use-people-breakdown";
import { InvolvementChart } from "./involvement-chart";
import { PeopleSummary } from "./people-summary";
import { PeopleTable } from "./people-table";

/** Who was in the incident, how they were pulled in, and what that says about the organisation. */
export function PeopleView() {
  const incidentId = useIncidentId();
  const breakdown = usePeopleBreakdown(incidentId);

  if (breakdown.isPending) {
    return (
      <p className="tab-body muted" role="status">
        Working out who was involved…
      </p>
    );
  }
  if (breakdown.isError) {
    return (
      <section className="tab-body panel-message">
        <h2>People not available</h2>
        <p>{isApiError(breakdown.error, 403) ? "Your role cannot read the people breakdown." : `It could not be loaded: ${breakdown.error.message}`}</p>
      </section>
    );
  }
  const { participants, summary } = breakdown.data;
  return (
    <div className="tab-body people-view">
      <section aria-labelledby="people-summary-title">
        <h2 id="people-summary-title" className="section-title">
          At a glance
        </h2>
        <PeopleSummary incidentId={incidentId} summary={summary} />
      </section>
      <section aria-labelledby="people-chart-title">
        <h2 id="people-chart-title" className="section-title">
          Who pulled in whom
        </h2>
        <InvolvementChart incidentId={incidentId} participants={participants} summary={summary} />
      </section>
      <section aria-labelledby="people-table-title">
        <h2 id="people-table-title" className="section-title">
          Everyone involved
        </h2>
        {participants.length === 0 ? <p className="muted">No participants found for this incident.</p> : <PeopleTable incidentId={incidentId} participants={participants} />}
      </section>
    </div>
  );
}
