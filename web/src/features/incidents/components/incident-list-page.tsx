import { useEffect, useLayoutEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { INCIDENT_STATUSES, type IncidentSort, type IncidentStatus } from "../../../api/types";
import { formatUtcDateTime } from "../../../lib/format-time";
import { markOnce, PERF_MARKS } from "../../../lib/perf-marks";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import type { IncidentListQuery } from "../api/incidents-api";
import { mayEditIncident } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidents } from "../queries/use-incidents";
import { NewIncidentForm } from "./new-incident-form";
import { SeverityBadge, StatusBadge, statusLabel } from "./incident-badges";

const SORTS: readonly IncidentSort[] = ["startedAt", "title", "severity", "status", "people", "messages"];

function readQuery(params: URLSearchParams): IncidentListQuery {
  const status = params.get("status");
  const sort = params.get("sort");
  const order = params.get("order");
  return {
    status: INCIDENT_STATUSES.includes(status as IncidentStatus) ? (status as IncidentStatus) : null,
    q: params.get("q") ?? "",
    sort: SORTS.includes(sort as IncidentSort) ? (sort as IncidentSort) : "startedAt",
    order: order === "asc" ? "asc" : "desc",
  };
}

/** Every incident the reader may see: filter by status and text, sort by column. */
export function IncidentListPage() {
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const [text, setText] = useState(query.q);
  const q = useDebouncedValue(text, 250);
  const incidents = useIncidents({ ...query, q });
  const user = useCurrentUser();
  const [creating, setCreating] = useState(params.get("new") === "1");

  useEffect(() => {
    document.title = "Incidents · Debrief";
  }, []);

  // Keep the typed search in the address so a filtered list can be shared.
  useEffect(() => {
    if ((params.get("q") ?? "") === q) return;
    const next = new URLSearchParams(params);
    if (q) next.set("q", q);
    else next.delete("q");
    setParams(next, { replace: true });
  }, [q, params, setParams]);

  const rows = incidents.data ?? [];
  useLayoutEffect(() => {
    if (rows.length > 0) markOnce(PERF_MARKS.incidentListRows);
  }, [rows.length]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };

  const sortBy = (sort: IncidentSort) => {
    const order = query.sort === sort ? (query.order === "asc" ? "desc" : "asc") : sort === "title" ? "asc" : "desc";
    update({ sort, order });
  };

  const sortHeader = (sort: IncidentSort, label: string, numeric = false) => {
    const active = query.sort === sort;
    return (
      <th scope="col" aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : "none"} className={numeric ? "num" : undefined}>
        <button type="button" className="sort-button" onClick={() => sortBy(sort)}>
          {label}
          <span aria-hidden="true" className="sort-arrow">
            {active ? (query.order === "asc" ? "▲" : "▼") : "↕"}
          </span>
        </button>
      </th>
    );
  };

  return (
    <main className="page" id="main">
      <div className="page-heading">
        <h1>Incidents</h1>
        <p className="muted">
          {incidents.data ? `${rows.length} ${rows.length === 1 ? "incident" : "incidents"}` : "\u00a0"}
          {incidents.isFetching && incidents.data ? " · updating…" : ""}
        </p>
        {mayEditIncident(user.role) && !creating && (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New incident
          </button>
        )}
      </div>
      {creating && (
        <section className="panel-message" aria-label="New incident">
          <h2 className="section-title">New incident from an imported channel</h2>
          <NewIncidentForm onCancel={() => setCreating(false)} />
        </section>
      )}
      <form className="toolbar" role="search" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="incident-q">Search</label>
          <input id="incident-q" type="search" placeholder="Title or channel" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field field-inline">
          <label htmlFor="incident-status">Status</label>
          <select id="incident-status" value={query.status ?? ""} onChange={(e) => update({ status: e.target.value })}>
            <option value="">Any status</option>
            {INCIDENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </div>
        {/* On a phone the column headers are folded away: the order is chosen here instead. */}
        <div className="field field-inline sort-narrow">
          <label htmlFor="incident-sort">Sort</label>
          <select
            id="incident-sort"
            value={`${query.sort}:${query.order}`}
            onChange={(e) => {
              const [sort, order] = e.target.value.split(":");
              update({ sort: sort ?? null, order: order ?? null });
            }}
          >
            <option value="startedAt:desc">Newest first</option>
            <option value="startedAt:asc">Oldest first</option>
            <option value="severity:desc">Worst first</option>
            <option value="status:asc">By analysis status</option>
            <option value="people:desc">Most people</option>
            <option value="title:asc">By title</option>
          </select>
        </div>
      </form>

      {incidents.isError ? (
        <p className="form-error" role="alert">
          The incidents could not be loaded: {incidents.error.message}
        </p>
      ) : incidents.isPending ? (
        <p role="status" className="muted">
          Loading incidents…
        </p>
      ) : rows.length === 0 ? (
        <div className="empty">
          <p>No incidents match.</p>
          {(query.status || q) && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setText("");
                update({ status: null, q: null });
              }}
            >
              Clear the filters
            </button>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table incident-table">
            <caption className="visually-hidden">Incidents, sorted by {query.sort} {query.order === "asc" ? "ascending" : "descending"}</caption>
            <thead>
              <tr>
                {sortHeader("title", "Incident")}
                {sortHeader("severity", "Severity")}
                {sortHeader("status", "Status")}
                {sortHeader("startedAt", "Started (UTC)")}
                <th scope="col">Analysts</th>
                {sortHeader("people", "People", true)}
                {sortHeader("messages", "Messages", true)}
              </tr>
            </thead>
            <tbody>
              {rows.map((incident) => (
                <tr key={incident.id} data-testid="incident-row">
                  <td className="incident-title-cell">
                    <Link to={`/incidents/${incident.id}/timeline`} className="incident-link">
                      {incident.title}
                    </Link>
                    <span className="channels">{incident.channels.map((c) => `#${c}`).join(" ")}</span>
                  </td>
                  <td data-label="Severity" className="cell-severity">
                    <SeverityBadge severity={incident.severity} />
                  </td>
                  <td data-label="Status" className="cell-status">
                    <StatusBadge status={incident.status} />
                  </td>
                  <td data-label="Started" className="nowrap cell-started">
                    {formatUtcDateTime(incident.startedAt).replace(" UTC", "")}
                  </td>
                  <td data-label="Analysts" className="cell-analysts">
                    {incident.analysts.length === 0 ? <span className="muted">none yet</span> : incident.analysts.map((a) => a.name).join(", ")}
                  </td>
                  <td data-label="People" className="num cell-people">
                    {incident.people}
                  </td>
                  <td data-label="Messages" className="num cell-messages">
                    {incident.messages.toLocaleString("en-GB")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
