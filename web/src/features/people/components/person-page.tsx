import { useEffect } from "react";
import { Link, useLocation, useParams, useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import { formatUtcDateTime } from "../../../lib/format-time";
import { usePersonProfile } from "../queries/use-person";
import { evidenceEventKey, timelineEventPath } from "./evidence-link";
import { INVOLVEMENT_LABELS } from "./people-flags";

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "—";
}

/** The `pages` query: PagerDuty log entry ids, as a people breakdown's page count links them. */
function readPages(value: string | null): number[] {
  if (!value) return [];
  return value
    .split(",")
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .slice(0, 200);
}

/**
 * A person: their teams over time, their on-call shifts, the incidents they were in and
 * how they got involved each time. The people breakdown's team, on-call and page-count
 * cells link here, to the membership, the shift or the pages (`#membership-3`,
 * `#shift-7`, `?pages=…#pages`), which are marked.
 */
export function PersonPage() {
  const { personId } = useParams();
  const id = Number(personId);
  const [params] = useSearchParams();
  const pages = readPages(params.get("pages"));
  const { hash } = useLocation();
  const target = decodeURIComponent(hash.slice(1));
  const profile = usePersonProfile(id, pages);

  useEffect(() => {
    if (profile.data) document.title = `${profile.data.name} · Debrief`;
  }, [profile.data]);

  useEffect(() => {
    if (!profile.data || !target) return;
    document.getElementById(target)?.scrollIntoView({ block: "center" });
  }, [profile.data, target]);

  if (profile.isError) {
    return (
      <main className="page" id="main">
        <h1>{isApiError(profile.error, 404) ? "Person not found" : "The person could not be loaded"}</h1>
        <p>
          <Link to="/people">Back to the people</Link>.
        </p>
      </main>
    );
  }
  if (!profile.data) {
    return (
      <main className="page" id="main">
        <p className="muted" role="status">
          Loading…
        </p>
      </main>
    );
  }
  const person = profile.data;
  const marked = (key: string) => (key === target ? "is-target" : undefined);
  return (
    <main className="page person-page" id="main">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/people">People</Link> <span aria-hidden="true">/</span> <span>{person.name}</span>
      </nav>
      <h1>{person.name}</h1>
      <p className="muted">{[person.title, person.department, person.team ? `team ${person.team}` : null, person.timezone, person.email].filter(Boolean).join(" · ") || "No directory entry."}</p>

      <section aria-labelledby="person-incidents">
        <h2 id="person-incidents" className="section-title">
          Incidents ({person.incidents.length})
        </h2>
        {person.incidents.length === 0 ? (
          <p className="muted">Not in any incident so far.</p>
        ) : (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">How involved</th>
                </tr>
              </thead>
              <tbody>
                {person.incidents.map((incident) => (
                  <tr key={incident.id} data-testid="person-incident">
                    <td>
                      <Link to={`/incidents/${incident.id}/people`}>{incident.title}</Link>
                    </td>
                    <td className="nowrap">{formatUtcDateTime(incident.startedAt).replace(" UTC", "")}</td>
                    <td>
                      {incident.evidence ? (
                        <Link to={timelineEventPath(incident.id, evidenceEventKey(incident.evidence))} className="evidence-link">
                          {INVOLVEMENT_LABELS[incident.involvement]}
                          <span className="visually-hidden"> — the event that involved {person.name}, in the timeline</span>
                        </Link>
                      ) : (
                        INVOLVEMENT_LABELS[incident.involvement]
                      )}
                      {incident.involvedBy && <span className="by"> by {incident.involvedBy.name}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {pages.length > 0 && (
        <section id="pages" aria-labelledby="person-pages" className={marked("pages")}>
          <h2 id="person-pages" className="section-title">
            Pages asked about ({person.pages.length})
          </h2>
          <ul className="source-list">
            {person.pages.map((page) => (
              <li key={page.id} data-testid="person-page-entry">
                <span className="nowrap">{formatUtcDateTime(page.at)}</span> {page.kind}
                {page.pagerduty && (
                  <span>
                    {" "}
                    on PagerDuty {page.pagerduty.number !== null ? `#${page.pagerduty.number}` : page.pagerduty.id} “{page.pagerduty.title}”
                  </span>
                )}
                {page.incidentId !== null && (
                  <>
                    {" "}
                    <Link to={timelineEventPath(page.incidentId, `page:${page.id}`)}>in its incident's timeline</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="person-teams">
        <h2 id="person-teams" className="section-title">
          Teams
        </h2>
        {person.teams.length === 0 ? (
          <p className="muted">No directory entry with team history: import the people directory with its team history.</p>
        ) : (
          <ul className="source-list">
            {person.teams.map((t) => (
              <li key={t.id} id={`membership-${t.id}`} className={marked(`membership-${t.id}`)}>
                <strong>{t.team}</strong> from {day(t.from)} {t.to ? `to ${day(t.to)}` : "until now"}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="person-shifts">
        <h2 id="person-shifts" className="section-title">
          On-call shifts
        </h2>
        {person.shifts.length === 0 ? (
          <p className="muted">No PagerDuty on-call shift known for them.</p>
        ) : (
          <ul className="source-list">
            {person.shifts.map((s) => (
              <li key={s.id} id={`shift-${s.id}`} className={marked(`shift-${s.id}`)}>
                {s.escalationPolicy ?? s.schedule ?? "A rota"}
                {s.level !== null ? `, level ${s.level}` : ""}: {s.from ? formatUtcDateTime(s.from) : "always"}
                {s.to ? ` to ${formatUtcDateTime(s.to)}` : s.from ? " onwards" : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
