import type { IncidentStatus } from "../../../api/types";

const STATUS_LABELS: Record<IncidentStatus, string> = {
  new: "New",
  in_analysis: "In analysis",
  in_review: "In review",
  published: "Published",
};

/** How a status reads. */
export function statusLabel(status: IncidentStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** The analysis status as a small coloured label. */
export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`status status-${status}`}>{statusLabel(status)}</span>;
}

/** SEV1…SEV4, or a dash. */
export function SeverityBadge({ severity }: { severity: string | null }) {
  if (!severity) return <span className="muted">—</span>;
  const level = /(\d)/.exec(severity)?.[1] ?? "x";
  return <span className={`severity severity-${level}`}>{severity}</span>;
}
