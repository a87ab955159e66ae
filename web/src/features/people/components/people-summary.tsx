import type { BreakdownSummary } from "../../../api/types";
import { formatDuration } from "../../../lib/format-time";

/** The incident-level figures: how fast it was paged, acknowledged and resolved, and who it leaned on. */
export function PeopleSummary({ summary }: { summary: BreakdownSummary }) {
  const figures = [
    { label: "To first page", value: formatDuration(summary.firstPage?.afterStartSeconds) },
    { label: "To first acknowledgement", value: formatDuration(summary.firstAcknowledgement?.afterStartSeconds) },
    { label: "To resolution", value: formatDuration(summary.resolution?.afterStartSeconds) },
    { label: "People involved", value: String(summary.people) },
    { label: "Neither on call nor owning team", value: String(summary.neitherOnCallNorOwningTeam.count), flag: summary.neitherOnCallNorOwningTeam.count > 0 },
    { label: "Off hours", value: String(summary.offHours.count), flag: summary.offHours.count > 0 },
    { label: "Former owners", value: String(summary.formerOwners.count), flag: summary.formerOwners.count > 0 },
  ];
  return (
    <dl className="stat-grid">
      {figures.map((f) => (
        <div key={f.label} className={f.flag ? "stat stat-flag" : "stat"}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
