import type { BreakdownSummary, SummaryMoment } from "../../../api/types";
import { formatDuration } from "../../../lib/format-time";
import { Link } from "react-router";
import { missingDataLines } from "./data-gaps";
import { EvidenceLink } from "./evidence-link";

/**
 * The incident-level figures: how fast it was paged, acknowledged and resolved, and who it
 * leaned on. The times link to the PagerDuty log entries they were measured to.
 */
export function PeopleSummary({ incidentId, summary }: { incidentId: number; summary: BreakdownSummary }) {
  const moment = (label: string, m: SummaryMoment | null) => ({
    label,
    value: formatDuration(m?.afterStartSeconds),
    eventKey: m ? `page:${m.logEntryId}` : null,
  });
  const figures: { label: string; value: string; flag?: boolean; eventKey?: string | null }[] = [
    moment("To first page", summary.firstPage),
    moment("To first acknowledgement", summary.firstAcknowledgement),
    moment("To resolution", summary.resolution),
    { label: "People involved", value: String(summary.people) },
    { label: "Neither on call nor owning team", value: String(summary.neitherOnCallNorOwningTeam.count), flag: summary.neitherOnCallNorOwningTeam.count > 0 },
    { label: "Off hours", value: String(summary.offHours.count), flag: summary.offHours.count > 0 },
    { label: "Former owners", value: String(summary.formerOwners.count), flag: summary.formerOwners.count > 0 },
  ];
  const missing = missingDataLines(summary);
  return (
    <>
      {missing.length > 0 && (
        <ul className="missing-data" aria-label="Missing data">
          {missing.map((m) => (
            <li key={m.text}>
              {m.text} <Link to={m.href}>Go to imports</Link>
            </li>
          ))}
        </ul>
      )}
      <dl className="stat-grid">
        {figures.map((f) => (
          <div key={f.label} className={f.flag ? "stat stat-flag" : "stat"}>
            <dt>{f.label}</dt>
            <dd>
              {f.eventKey ? (
                <EvidenceLink incidentId={incidentId} eventKey={f.eventKey} description={`the PagerDuty log entry it was measured to (${f.label.replace(/^To /, "")}), in the timeline`}>
                  {f.value}
                </EvidenceLink>
              ) : (
                f.value
              )}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
