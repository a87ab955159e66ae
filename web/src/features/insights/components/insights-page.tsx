import * as Plot from "@observablehq/plot";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect } from "react";
import { Link, NavLink, useParams, useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import { type ChaosRow, type DriftRow, type FatigueRow, fetchInsight, type InsightAnswers, type InsightEvidence, type InsightFilters, type InsightIncidentRef, type InsightKind, type ServiceRow, type SiloRow } from "../api/insights-api";
import { PlotFigure } from "./plot-figure";

const KINDS: { kind: InsightKind; title: string; intro: string }[] = [
  { kind: "silos", title: "Knowledge silos", intro: "People pulled in by @-mention or invitation while off call, into incidents on services their team did not own. Listed from two such incidents." },
  { kind: "fatigue", title: "On-call fatigue", intro: "Pages per person and ISO week (UTC): distinct PagerDuty incidents, those at off hours in their own time zone (before 08:00, from 20:00, weekends), and nights in a row with a page. From three pages a week." },
  { kind: "drift", title: "Ownership drift", intro: "Former members of a team still pulled into incidents on that team's services, and how long after they left." },
  { kind: "services", title: "Recurring services", intro: "Services of the PagerDuty incidents linked to each incident: how often they fail, how long it takes, and who and what keeps coming back." },
  { kind: "chaos", title: "Chaos experiments", intro: "Failures that already happened more than once, written as hypotheses to test on purpose with the owning team." },
];

const incidentPath = (id: number) => `/incidents/${id}`;
const eventPath = (e: InsightEvidence) => `/incidents/${e.incidentId}/timeline?event=${encodeURIComponent(`${e.kind}:${e.id}`)}`;

function IncidentLinks({ incidents, evidence }: { incidents: readonly InsightIncidentRef[]; evidence?: readonly InsightEvidence[] }) {
  return (
    <span className="insight-incidents">
      {incidents.map((incident, i) => {
        const proof = evidence?.find((e) => e.incidentId === incident.id);
        return (
          <Link key={`${incident.id}-${i}`} to={proof ? eventPath(proof) : incidentPath(incident.id)} className="evidence-link" data-testid="evidence-link" title={incident.title}>
            #{incident.channel ?? incident.id}
          </Link>
        );
      })}
    </span>
  );
}

function Table({ head, children }: { head: string[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="insight-table">
        <thead>
          <tr>
            {/* By position: a heading may repeat (a count and the list behind it). */}
            {head.map((h, i) => (
              <th key={`${i}:${h}`} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function SilosView({ data }: { data: InsightAnswers["silos"] }) {
  const build = useCallback(
    () =>
      Plot.plot({
        marginLeft: 170,
        height: 40 + data.rows.length * 24,
        x: { label: "incidents pulled into", grid: true },
        y: { label: null },
        marks: [Plot.barX(data.rows, { x: "count", y: (r: SiloRow) => r.person.name, sort: { y: "-x" }, fill: "#5b7bd5", href: (r: SiloRow) => (r.evidence[0] ? eventPath(r.evidence[0]) : incidentPath(r.incidents[0]?.id ?? 0)), title: (r: SiloRow) => `${r.person.name}: ${r.count} incidents` }), Plot.ruleX([0])],
      }),
    [data],
  );
  return (
    <>
      {data.rows.length > 0 && <PlotFigure build={build} label="Silo pulls per person" />}
      <Table head={["Person", "Incidents", "Team at the time", "Pulled into"]}>
        {data.rows.map((r) => (
          <tr key={r.person.id}>
            <td>
              {r.person.name} <span className="muted">{r.person.email}</span>
            </td>
            <td>{r.count}</td>
            <td>{[...new Set(r.teams)].join(", ")}</td>
            <td>
              <IncidentLinks incidents={r.incidents} evidence={r.evidence} />
            </td>
          </tr>
        ))}
      </Table>
      {data.services.length > 0 && (
        <>
          <h2>By service: who outside the owning team keeps being pulled in</h2>
          <Table head={["Service", "People"]}>
            {data.services.map((s) => (
              <tr key={s.service.id}>
                <td>{s.service.name}</td>
                <td>
                  {s.people.map((p) => (
                    <div key={p.person.id}>
                      {p.person.name} ({p.count}): <IncidentLinks incidents={p.incidents} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </>
  );
}

function pageLink(e: FatigueRow["evidence"][number]): string | null {
  const incidentId = e.incidentIds[0];
  return incidentId === undefined ? null : `/incidents/${incidentId}/timeline?event=${encodeURIComponent(`page:${e.logEntryId}`)}`;
}

function FatigueView({ data }: { data: InsightAnswers["fatigue"] }) {
  const build = useCallback(
    () =>
      Plot.plot({
        marginLeft: 170,
        height: 60 + new Set(data.rows.map((r) => r.person.id)).size * 26,
        x: { label: "ISO week", type: "band", tickRotate: -30 },
        y: { label: null },
        r: { range: [3, 14] },
        color: { legend: true, label: "off-hours pages", scheme: "oranges" },
        marks: [
          Plot.dot(data.rows, {
            x: "week",
            y: (r: FatigueRow) => r.person.name,
            r: "pages",
            fill: (r: FatigueRow) => r.offHoursPages ?? 0,
            stroke: "#333",
            href: (r: FatigueRow) => r.evidence.map(pageLink).find((l) => l !== null) ?? "",
            title: (r: FatigueRow) => `${r.person.name}, ${r.week}: ${r.pages} pages, ${r.offHoursPages ?? "?"} off hours, ${r.maxConsecutiveNights ?? "?"} nights in a row`,
          }),
        ],
      }),
    [data],
  );
  return (
    <>
      {data.rows.length > 0 && <PlotFigure build={build} label="Pages per person and week" />}
      <Table head={["Person", "Week", "Pages", "Off hours", "Nights in a row", "Pages (earliest notification)"]}>
        {data.rows.map((r) => (
          <tr key={`${r.person.id}-${r.week}`}>
            <td>{r.person.name}</td>
            <td>{r.week}</td>
            <td>{r.pages}</td>
            <td>{r.offHoursPages ?? "unknown (no time zone)"}</td>
            <td>{r.maxConsecutiveNights ?? "unknown"}</td>
            <td>
              {r.evidence.map((e) => {
                const link = pageLink(e);
                const label = `${e.pagerdutyIncidentId}${e.offHours ? " (off hours)" : ""}`;
                return link ? (
                  <Link key={e.logEntryId} to={link} className="evidence-link" data-testid="evidence-link" title={e.localTime ?? e.at}>
                    {label}
                  </Link>
                ) : (
                  <span key={e.logEntryId} className="muted" title="PagerDuty incident linked to no incident channel">
                    {label}, no channel
                  </span>
                );
              })}
            </td>
          </tr>
        ))}
      </Table>
      {data.profiles.length > 0 && (
        <>
          <h2>Per person</h2>
          <Table head={["Person", "Shifts", "On-call days in a row", "Recovery gaps under 48 h", "Joined off hours without a page"]}>
            {data.profiles.map((p) => (
              <tr key={p.person.id}>
                <td>{p.person.name}</td>
                <td>{p.shifts}</td>
                <td>{p.maxConsecutiveOnCallDays}</td>
                <td>{p.shortRecoveryGaps.length}</td>
                <td>
                  <IncidentLinks incidents={p.joinedOffHoursUnpaged.map((j) => j.incident)} evidence={p.joinedOffHoursUnpaged.map((j) => j.evidence)} />
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </>
  );
}

function DriftView({ data }: { data: InsightAnswers["drift"] }) {
  const build = useCallback(
    () =>
      Plot.plot({
        marginLeft: 220,
        height: 40 + data.rows.length * 24,
        x: { label: "years since they left the team", grid: true },
        y: { label: null },
        marks: [Plot.barX(data.rows, { x: "yearsSince", y: (r: DriftRow) => `${r.person.name} · ${r.team}`, sort: { y: "-x" }, fill: "#8a6bbf", href: (r: DriftRow) => (r.evidence[0] ? eventPath(r.evidence[0]) : ""), title: (r: DriftRow) => `left ${r.team} on ${r.leftOn}` }), Plot.ruleX([0])],
      }),
    [data],
  );
  return (
    <>
      {data.rows.length > 0 && <PlotFigure build={build} label="Years from leaving a team to being pulled back" />}
      <Table head={["Person", "Former team", "Left on", "Years since", "Pulled into"]}>
        {data.rows.map((r) => (
          <tr key={`${r.person.id}-${r.team}`}>
            <td>{r.person.name}</td>
            <td>{r.team}</td>
            <td>{r.leftOn}</td>
            <td>{r.yearsSince}</td>
            <td>
              <IncidentLinks incidents={r.incidents} evidence={r.evidence} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function ServicesView({ data }: { data: InsightAnswers["services"] }) {
  const build = useCallback(
    () =>
      Plot.plot({
        marginLeft: 150,
        height: 40 + data.rows.length * 22,
        x: { label: "incidents", grid: true },
        y: { label: null },
        marks: [Plot.barX(data.rows, { x: "incidents", y: (r: ServiceRow) => r.service.name, sort: { y: "-x" }, fill: "#3d9a8b", href: (r: ServiceRow) => incidentPath(r.incidentList[0]?.id ?? 0), title: (r: ServiceRow) => `${r.service.name}: ${r.incidents} incidents` }), Plot.ruleX([0])],
      }),
    [data],
  );
  const minutes = (ms: number | null) => (ms === null ? "unknown" : `${Math.round(ms / 60_000)} min`);
  return (
    <>
      {data.rows.length > 0 && <PlotFigure build={build} label="Incidents per service" />}
      <Table head={["Service", "Incidents", "Median time to resolve", "Owners", "Recurring people", "Recurring tags", "Incidents"]}>
        {data.rows.map((r) => (
          <tr key={r.service.id}>
            <td>{r.service.name}</td>
            <td>{r.incidents}</td>
            <td>{minutes(r.medianTimeToResolveMs)}</td>
            <td>{r.owningTeams.join(", ")}</td>
            <td>{r.contributors.map((c) => `${c.person.name} (${c.incidents.length})`).join(", ")}</td>
            <td>{r.tags.map((t) => `${t.tag} (${t.incidents.length})`).join(", ")}</td>
            <td>
              <IncidentLinks incidents={r.incidentList} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function ChaosView({ data }: { data: InsightAnswers["chaos"] }) {
  const build = useCallback(
    () =>
      Plot.plot({
        marginLeft: 150,
        height: 40 + data.rows.length * 24,
        x: { label: "incidents behind the suggestion", grid: true },
        y: { label: null },
        marks: [Plot.barX(data.rows, { x: (r: ChaosRow) => r.incidents.length, y: (r: ChaosRow) => `${r.service.name}`, fill: "#c7773a", href: (r: ChaosRow) => incidentPath(r.incidents[0]?.id ?? 0), title: (r: ChaosRow) => r.hypothesis }), Plot.ruleX([0])],
      }),
    [data],
  );
  return (
    <>
      {data.rows.length > 0 && <PlotFigure build={build} label="Repeated failures per service" />}
      <Table head={["Hypothesis", "Service", "Run it with", "Covered by a follow-up", "Incidents"]}>
        {data.rows.map((r) => (
          <tr key={`${r.service.id}-${r.trigger}`}>
            <td>{r.hypothesis}</td>
            <td>{r.service.name}</td>
            <td>{r.owningTeam ?? "no owner in the catalog"}</td>
            <td>{r.coveredByFollowUp === null ? "unknown (follow-ups not recorded)" : r.coveredByFollowUp ? "yes" : "no"}</td>
            <td>
              <IncidentLinks incidents={r.incidents} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function Answer({ kind, data }: { kind: InsightKind; data: InsightAnswers[InsightKind] }) {
  switch (kind) {
    case "silos":
      return <SilosView data={data as InsightAnswers["silos"]} />;
    case "fatigue":
      return <FatigueView data={data as InsightAnswers["fatigue"]} />;
    case "drift":
      return <DriftView data={data as InsightAnswers["drift"]} />;
    case "services":
      return <ServicesView data={data as InsightAnswers["services"]} />;
    case "chaos":
      return <ChaosView data={data as InsightAnswers["chaos"]} />;
  }
}

/** One insight per page: a chart and the table behind it, filtered by time range and team. */
export function InsightsPage() {
  const { kind: kindParam } = useParams();
  const meta = KINDS.find((k) => k.kind === kindParam) ?? KINDS[0];
  const kind = meta?.kind ?? "silos";
  const [params, setParams] = useSearchParams();
  const filters: InsightFilters = { from: params.get("from") ?? "", to: params.get("to") ?? "", team: params.get("team") ?? "" };
  const answer = useQuery({ queryKey: ["insights", kind, filters], queryFn: ({ signal }) => fetchInsight(kind, filters, signal) });
  useEffect(() => {
    document.title = `${meta?.title ?? "Insights"} · Debrief`;
  }, [meta]);
  const update = (key: keyof InsightFilters, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <main id="main" className="page">
      <div className="page-heading">
        <h1>{meta?.title}</h1>
        {answer.data?.team && <p className="muted">Team: {answer.data.team}</p>}
      </div>
      <nav aria-label="Insights" className="insight-tabs">
        {KINDS.map((k) => (
          <NavLink key={k.kind} to={{ pathname: `/insights/${k.kind}`, search: params.toString() }}>
            {k.title}
          </NavLink>
        ))}
      </nav>
      <p className="muted">{meta?.intro}</p>
      <div className="toolbar">
        <label>
          From <input type="date" value={filters.from} onChange={(e) => update("from", e.target.value)} data-testid="insight-from" />
        </label>
        <label>
          To <input type="date" value={filters.to} onChange={(e) => update("to", e.target.value)} data-testid="insight-to" />
        </label>
        <label>
          Team <input type="search" value={filters.team} placeholder="all teams" onChange={(e) => update("team", e.target.value.trim())} data-testid="insight-team" />
        </label>
      </div>
      {answer.isPending && <p className="page-status">Computing…</p>}
      {answer.isError && (
        <p className="form-error" role="alert">
          {isApiError(answer.error, 403) ? "Insights are for analysts and admins, and for members about their own team." : answer.error.message}
        </p>
      )}
      {answer.data && answer.data.rows.length === 0 && <p className="empty">Nothing to show for this range and team.</p>}
      {answer.data && <Answer kind={kind} data={answer.data} />}
    </main>
  );
}
