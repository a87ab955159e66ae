import * as Plot from "@observablehq/plot";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import type { DashboardPoint } from "../../../../../src/core/learning.js";
import { fetchDashboard } from "../../library/api/library-api";
import "../../library/library.css";

const FLAG_TITLES: Record<string, string> = {
  small_meeting: "Small review meetings",
  dominated_meeting: "One voice dominated",
  engineering_only: "Engineering only",
  unread: "Not read outside its authors",
  no_questions_or_ahas: "No questions, no a-ha",
  overdue_follow_ups: "Follow-ups overdue",
};

/** The library list of the reviews behind a point: published in its month (and by its team). */
function pointLink(p: DashboardPoint): string {
  const [year = "1970", month = "01"] = p.month.split("-");
  const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const params = new URLSearchParams({ from: `${p.month}-01`, to: `${p.month}-${String(last).padStart(2, "0")}` });
  if (p.team) params.set("team", p.team);
  return `/library?${params.toString()}`;
}

const SERIES: { key: keyof DashboardPoint; label: string }[] = [
  { key: "incidents", label: "Incidents" },
  { key: "reviewsPublished", label: "Reviews published" },
  { key: "uniqueReaders", label: "Unique readers" },
  { key: "departmentsReached", label: "Departments reached" },
  { key: "meetingAttendees", label: "Meeting attendees" },
  { key: "questions", label: "Questions" },
  { key: "ahas", label: "A-ha marks" },
];

/** A small-multiple line chart: one panel per measure, each dot a link to the reviews behind it. */
function MonthCharts({ points }: { points: DashboardPoint[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const rows = points.flatMap((p) => SERIES.map((s) => ({ month: new Date(`${p.month}-01T00:00:00Z`), measure: s.label, value: Number(p[s.key] ?? 0), href: pointLink(p), title: `${s.label}, ${p.month}: ${Number(p[s.key] ?? 0)}` })));
    const chart = Plot.plot({
      width: 900,
      height: 110 * SERIES.length,
      marginLeft: 50,
      fy: { label: null, domain: SERIES.map((s) => s.label) },
      y: { grid: true, label: null },
      x: { label: null, type: "utc" },
      facet: { data: rows, y: "measure", marginRight: 140 },
      marks: [Plot.lineY(rows, { x: "month", y: "value", fy: "measure", stroke: "#1f5fae" }), Plot.dot(rows, { x: "month", y: "value", fy: "measure", fill: "#1f5fae", r: 4, href: "href", title: "title" })],
    });
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [points]);
  return <div ref={ref} className="dashboard-chart" aria-label="Learning measures by month; each dot links to the reviews behind it" />;
}

/** The learning dashboard: the error side beside the insight side, and programme-health flags. */
export function LearningDashboardPage() {
  const dashboard = useQuery({ queryKey: ["learning-dashboard"], queryFn: ({ signal }) => fetchDashboard({}, signal) });
  if (dashboard.isPending) return <main id="main" className="page"><p role="status">Loading the dashboard…</p></main>;
  if (dashboard.isError) return <main id="main" className="page"><h1>Learning</h1><p role="alert">{dashboard.error.message}</p></main>;
  const data = dashboard.data;
  return (
    <main id="main" className="page learning-page">
      <div className="page-head">
        <h1>Learning</h1>
        <p className="muted">Incidents and time to resolve beside what the organisation learned from them: reading, meetings, questions and a-ha moments.</p>
        <p className="privacy-note">{data.privacy}</p>
      </div>
      <section aria-labelledby="health-heading" className="health">
        <h2 id="health-heading">Programme health</h2>
        <p className="muted">
          Thresholds: meetings with fewer than {data.settings.minMeetingAttendees} attendees, one speaker above {Math.round(data.settings.maxSpeakerShare * 100)}% of the words, no reader outside the authors within {data.settings.unreadDays} days; engineering departments: {data.settings.engineeringDepartments.join(", ")}.
        </p>
        {!data.followUpsTracked && <p className="muted">Overdue follow-ups cannot be checked: follow-ups are not tracked in this installation.</p>}
        {data.followUpsTracked && data.overdueByTeam.length === 0 && <p data-testid="no-overdue">No follow-up is overdue (due before today, UTC, and not done or won't do).</p>}
        {data.flags.length === 0 ? (
          <p>No flags.</p>
        ) : (
          Object.entries(data.flagCounts).map(([kind, count]) => (
            <div key={kind} className="health-group">
              <h3>
                {FLAG_TITLES[kind] ?? kind} <span className="muted">({count})</span>
              </h3>
              <ul>
                {data.flags
                  .filter((f) => f.kind === kind)
                  .map((f) => (
                    <li key={`${f.kind}-${f.entryId}-${f.meetingId}-${f.link}`} data-testid="health-flag">
                      <Link to={f.link}>{f.message}</Link>
                    </li>
                  ))}
              </ul>
            </div>
          ))
        )}
      </section>
      <section aria-labelledby="months-heading">
        <h2 id="months-heading">By month</h2>
        <MonthCharts points={data.months} />
        <table className="dashboard-table">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Incidents</th>
              <th scope="col">Median hours to resolve</th>
              <th scope="col">Reviews</th>
              <th scope="col">Readers</th>
              <th scope="col">Departments</th>
              <th scope="col">Meetings</th>
              <th scope="col">Attendees</th>
              <th scope="col">Speakers</th>
              <th scope="col">Speaking balance</th>
              <th scope="col">Questions</th>
              <th scope="col">A-ha</th>
              <th scope="col">Follow-ups done</th>
            </tr>
          </thead>
          <tbody>
            {data.months.map((p) => (
              <DashboardRow key={p.month} point={p} label={p.month} />
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="teams-heading">
        <h2 id="teams-heading">By team</h2>
        <table className="dashboard-table">
          <thead>
            <tr>
              <th scope="col">Team, month</th>
              <th scope="col">Incidents</th>
              <th scope="col">Median hours to resolve</th>
              <th scope="col">Reviews</th>
              <th scope="col">Readers</th>
              <th scope="col">Departments</th>
              <th scope="col">Meetings</th>
              <th scope="col">Attendees</th>
              <th scope="col">Speakers</th>
              <th scope="col">Speaking balance</th>
              <th scope="col">Questions</th>
              <th scope="col">A-ha</th>
              <th scope="col">Follow-ups done</th>
            </tr>
          </thead>
          <tbody>
            {data.teams.map((p) => (
              <DashboardRow key={`${p.team}-${p.month}`} point={p} label={`${p.team}, ${p.month}`} />
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

function DashboardRow({ point: p, label }: { point: DashboardPoint; label: string }) {
  const cell = (value: number | null) => (value === null ? "unknown" : value);
  return (
    <tr>
      <th scope="row">{p.entryIds.length > 0 ? <Link to={pointLink(p)}>{label}</Link> : label}</th>
      <td>{p.incidents}</td>
      <td>{p.medianHoursToResolve ?? "—"}</td>
      <td>{p.reviewsPublished}</td>
      <td>{p.uniqueReaders}</td>
      <td>{p.departmentsReached}</td>
      <td>{p.meetings}</td>
      <td>{p.meetingAttendees}</td>
      <td>{p.speakers}</td>
      <td>{p.speakingBalance ?? "—"}</td>
      <td>{p.questions}</td>
      <td>{p.ahas}</td>
      <td>{p.followUpsLink !== null && p.followUpsDone !== null ? <Link to={p.followUpsLink}>{p.followUpsDone}</Link> : cell(p.followUpsDone)}</td>
    </tr>
  );
}
