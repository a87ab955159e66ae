import { useId } from "react";
import { useNavigate } from "react-router";
import type { BreakdownSummary, Involvement, Participant } from "../../../api/types";
import { formatDuration, formatUtcTime } from "../../../lib/format-time";
import { evidenceEventKey, timelineEventPath } from "./evidence-link";
import { placeMomentLabels } from "./moment-labels";
import { INVOLVEMENT_LABELS, isOutsideRotaAndTeam } from "./people-flags";

interface InvolvementChartProps {
  incidentId: number;
  participants: readonly Participant[];
  summary: BreakdownSummary;
}

const WIDTH = 1000;
const LABEL_WIDTH = 190;
const RIGHT_PAD = 24;
const TOP = 44;
const ROW = 26;
const BOTTOM = 36;
const PAGERDUTY_ROW_ID = -1;

const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

function ticksFor(from: number, to: number): number[] {
  const spanMin = (to - from) / 60_000;
  const step = (TICK_STEPS_MIN.find((s) => spanMin / s <= 8) ?? 10080) * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

function tickLabel(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  if (spanMs > 36 * 3_600_000) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 16);
}

/** A marker for a participant's first activity, its shape telling how they got involved. */
function Marker({ involvement, x, y }: { involvement: Involvement; x: number; y: number }) {
  const className = `marker marker-${involvement}`;
  switch (involvement) {
    case "paged":
      return <path className={className} d={`M ${x} ${y - 7} L ${x + 7} ${y} L ${x} ${y + 7} L ${x - 7} ${y} Z`} />;
    case "invited":
      return <rect className={className} x={x - 5.5} y={y - 5.5} width={11} height={11} rx={1.5} />;
    case "self":
      return <path className={className} d={`M ${x} ${y - 7} L ${x + 6.5} ${y + 5} L ${x - 6.5} ${y + 5} Z`} />;
    default:
      return <circle className={className} cx={x} cy={y} r={6} />;
  }
}

function describe(participants: readonly Participant[], spanMs: number): string {
  const counts: Record<Involvement, number> = { paged: 0, mentioned: 0, invited: 0, self: 0 };
  for (const p of participants) counts[p.involvement] += 1;
  const outside = participants.filter(isOutsideRotaAndTeam).length;
  return (
    `${participants.length} people got involved over ${formatDuration(spanMs / 1000)}: ` +
    `${counts.paged} paged, ${counts.mentioned} @-mentioned, ${counts.invited} invited, ${counts.self} joined on their own. ` +
    `${outside} were neither on call nor on an owning team. Arrows run from whoever pulled a person in to that person's first activity.`
  );
}

/**
 * Who pulled in whom, over time: one row per person in order of first activity, a
 * marker at their first activity (shape and colour by how they got involved), and an
 * arrow from the row of the person who paged, mentioned or invited them.
 */
export function InvolvementChart({ incidentId, participants, summary }: InvolvementChartProps) {
  const navigate = useNavigate();
  const id = useId();
  const placed = participants.filter((p) => p.firstActivityAt !== null);
  if (placed.length === 0) return <p className="muted">No one has a recorded first activity, so there is nothing to draw.</p>;

  const times = placed.map((p) => Date.parse(p.firstActivityAt as string));
  const parse = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
  const startedAt = parse(summary.startedAt);
  const pageAt = parse(summary.firstPage?.at);
  const ackAt = parse(summary.firstAcknowledgement?.at);
  const resolvedAt = parse(summary.resolution?.at);
  // The picture is about people arriving: it spans their arrivals, and the resolution
  // only when it is not hours later (then it is named at the right edge instead).
  let from = Math.min(...times, ...[startedAt, pageAt].filter((t): t is number => t !== null));
  let to = Math.max(...times, ...[ackAt].filter((t): t is number => t !== null));
  if (resolvedAt !== null && resolvedAt > to && resolvedAt - to <= (to - from) * 0.5) to = resolvedAt;
  if (to - from < 10 * 60_000) to = from + 10 * 60_000;
  const pad = (to - from) * 0.03;
  from -= pad;
  to += pad;
  const spanMs = to - from;

  const hasPagerDuty = placed.some((p) => p.involvement === "paged") || summary.firstPage !== null;
  const rows: { id: number; name: string }[] = [...(hasPagerDuty ? [{ id: PAGERDUTY_ROW_ID, name: "PagerDuty" }] : []), ...placed.map((p) => ({ id: p.person.id, name: p.person.name }))];
  const rowOf = new Map(rows.map((r, i) => [r.id, i]));
  const height = TOP + rows.length * ROW + BOTTOM;
  const x = (ms: number) => LABEL_WIDTH + ((ms - from) / spanMs) * (WIDTH - LABEL_WIDTH - RIGHT_PAD);
  const y = (row: number) => TOP + row * ROW + ROW / 2;
  const axisY = TOP + rows.length * ROW + 6;

  const moments = [
    { label: "first page", at: pageAt, className: "moment-page" },
    { label: "first ack", at: ackAt, className: "moment-ack" },
    { label: "resolved", at: resolvedAt, className: "moment-resolve" },
  ];
  const beyond = resolvedAt !== null && resolvedAt > to ? resolvedAt : null;
  const beyondText =
    beyond === null ? null : `resolved ${formatUtcTime(new Date(beyond).toISOString()).slice(0, 5)} UTC, ${formatDuration((beyond - (startedAt ?? from)) / 1000)} after the start →`;
  // Labels that would overlap go up a line: first page and first ack are often seconds apart.
  const shown = placeMomentLabels(
    moments.filter((m): m is (typeof moments)[number] & { at: number } => m.at !== null && m.at >= from && m.at <= to).map((m) => ({ label: m.label, x: x(m.at), className: m.className })),
    WIDTH - RIGHT_PAD,
    beyondText === null ? [] : [[WIDTH - RIGHT_PAD - beyondText.length * 6.5, WIDTH - RIGHT_PAD]],
  );

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-labelledby={`${id}-title ${id}-desc`} className="involvement-chart" preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-title`}>Who pulled in whom, over time</title>
        <desc id={`${id}-desc`}>{describe(placed, spanMs)}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
          </marker>
        </defs>

        {rows.map((row, i) => (
          <g key={row.id} className={i % 2 === 0 ? "chart-row chart-row-even" : "chart-row"}>
            <rect x={0} y={TOP + i * ROW} width={WIDTH} height={ROW} className="chart-row-band" />
            <text x={LABEL_WIDTH - 12} y={y(i)} className={row.id === PAGERDUTY_ROW_ID ? "row-label row-label-system" : "row-label"} textAnchor="end" dominantBaseline="central">
              {row.name.length > 24 ? `${row.name.slice(0, 23)}…` : row.name}
            </text>
          </g>
        ))}

        {ticksFor(from, to).map((t) => (
          <g key={t} className="tick">
            <line x1={x(t)} x2={x(t)} y1={TOP} y2={axisY} />
            <text x={x(t)} y={axisY + 16} textAnchor="middle">
              {tickLabel(t, spanMs)}
            </text>
          </g>
        ))}
        <text x={LABEL_WIDTH - 12} y={axisY + 16} textAnchor="end" className="axis-unit">
          UTC
        </text>

        {shown.map((m) => (
          <g key={m.label} className={`moment ${m.className}`}>
            <line x1={m.x} x2={m.x} y1={TOP - 6 - m.level * 13} y2={axisY} />
            <text x={m.textX} y={TOP - 9 - m.level * 13} textAnchor={m.anchor}>
              {m.label}
            </text>
          </g>
        ))}
        {beyond !== null && (
          <text x={WIDTH - RIGHT_PAD} y={TOP - 9} textAnchor="end" className="moment moment-resolve moment-beyond">
            {beyondText}
          </text>
        )}

        {placed.map((p) => {
          const row = rowOf.get(p.person.id) as number;
          const at = Date.parse(p.firstActivityAt as string);
          return <line key={`life-${p.person.id}`} className="lifeline" x1={x(at)} x2={WIDTH - RIGHT_PAD} y1={y(row)} y2={y(row)} />;
        })}

        {placed.map((p) => {
          const sourceId = p.involvement === "paged" ? PAGERDUTY_ROW_ID : p.involvedBy?.id;
          const sourceRow = sourceId === undefined ? undefined : rowOf.get(sourceId);
          const row = rowOf.get(p.person.id) as number;
          if (sourceRow === undefined || sourceRow === row) return null;
          const px = x(Date.parse(p.firstActivityAt as string));
          const y1 = y(sourceRow);
          const y2 = y(row) + (sourceRow < row ? -8 : 8);
          const bend = Math.min(36, Math.max(12, Math.abs(y2 - y1) / 2));
          return (
            <path
              key={`arrow-${p.person.id}`}
              className={`pull pull-${p.involvement}`}
              d={`M ${px - bend} ${y1} C ${px} ${y1}, ${px} ${y1}, ${px} ${y2}`}
              markerEnd={`url(#${id}-arrow)`}
            />
          );
        })}

        {placed.map((p) => {
          const row = rowOf.get(p.person.id) as number;
          const px = x(Date.parse(p.firstActivityAt as string));
          const by = p.involvement === "paged" ? "by PagerDuty" : p.involvedBy ? `by ${p.involvedBy.name}` : "";
          const label = `${p.person.name}: ${INVOLVEMENT_LABELS[p.involvement].toLowerCase()} ${by} at ${formatUtcTime(p.firstActivityAt as string)} UTC`;
          // Each mark opens the event that involved the person (or their first activity).
          const path = timelineEventPath(incidentId, evidenceEventKey(p.evidence.involvement ?? p.evidence.firstActivity));
          return (
            <a
              key={`dot-${p.person.id}`}
              href={path}
              className="person-mark"
              aria-label={`${label} — open in the timeline`}
              data-testid="chart-evidence-link"
              onClick={(event) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                void navigate(path);
              }}
            >
              <title>{label}</title>
              {isOutsideRotaAndTeam(p) && <circle cx={px} cy={y(row)} r={11} className="outside-ring" />}
              <Marker involvement={p.involvement} x={px} y={y(row)} />
            </a>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          {(["paged", "mentioned", "invited", "self"] as const).map((kind) => (
            <li key={kind}>
              <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
                <Marker involvement={kind} x={0} y={0} />
              </svg>
              {INVOLVEMENT_LABELS[kind]}
            </li>
          ))}
          <li>
            <svg width="24" height="18" viewBox="-12 -9 24 18" aria-hidden="true">
              <circle cx={0} cy={0} r={8} className="outside-ring" />
            </svg>
            Neither on call nor on an owning team
          </li>
          <li>
            <svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
              <line x1={2} x2={26} y1={6} y2={6} className="pull pull-mentioned" />
            </svg>
            Pulled in by
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
