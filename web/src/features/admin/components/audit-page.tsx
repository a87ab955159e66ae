import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { formatUtcDateTime } from "../../../lib/format-time";
import { useCurrentUser } from "../../auth/queries/use-me";
import { type AuditFilter, listAudit } from "../api/admin-api";
import { NotAdmin } from "./accounts-page";
import { AdminTabs, errorText } from "./admin-tabs";

const FIELDS: (keyof AuditFilter)[] = ["actor", "action", "subjectType", "subjectId", "from", "to"];

function filterFrom(params: URLSearchParams): AuditFilter {
  const get = (key: keyof AuditFilter) => params.get(key) ?? "";
  return { actor: get("actor"), action: get("action"), subjectType: get("subjectType"), subjectId: get("subjectId"), from: get("from"), to: get("to") };
}

/** The audit trail (admin): every write and every refused access, newest first, filterable and paged. */
export function AuditPage() {
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const events = useInfiniteQuery({
    queryKey: ["admin", "audit", filter],
    queryFn: ({ pageParam, signal }) => listAudit(filter, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.length === 50 ? (last[last.length - 1]?.id ?? null) : null),
    enabled: me.role === "admin",
  });

  useEffect(() => {
    document.title = "Audit trail · Admin · Debrief";
  }, []);

  if (me.role !== "admin") return <NotAdmin />;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FIELDS) if (draft[key].trim() !== "") next.set(key, draft[key].trim());
    setParams(next);
  };
  const rows = events.data?.pages.flat() ?? [];
  const field = (key: keyof AuditFilter, label: string, hint: string, type = "text") => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input id={`audit-${key}`} type={type} value={draft[key]} placeholder={hint} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </div>
  );

  return (
    <main className="page admin-page" id="main">
      <h1>Admin</h1>
      <AdminTabs />
      <h2>Audit trail</h2>
      <p className="muted">Every change, every sign-in and every refused access. Reads of confidential material are recorded as reads, never with what was read.</p>
      <form className="filter-grid" onSubmit={apply} aria-label="Filter the audit trail">
        {field("actor", "Who", "user:12, cli:ana, anonymous")}
        {field("action", "Action", "auth. or incident.update")}
        {field("subjectType", "Subject", "incident, user, session…")}
        {field("subjectId", "Subject id", "12")}
        {field("from", "From", "", "datetime-local")}
        {field("to", "Until", "", "datetime-local")}
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              setDraft(filterFrom(new URLSearchParams()));
              setParams(new URLSearchParams());
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {events.isPending && <p role="status">Loading the audit trail…</p>}
      {events.error && <p role="alert">{errorText(events.error)}</p>}
      {events.data && rows.length === 0 && <p role="status">No events match.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table audit-table">
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((event) => (
                <tr key={event.id} data-audit-id={event.id}>
                  <td>{formatUtcDateTime(event.at)}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams({ actor: event.actor }))}>
                      {event.actor}
                    </button>
                  </td>
                  <td>{event.action}</td>
                  <td>{event.subjectType ? `${event.subjectType} ${event.subjectId ?? ""}` : "—"}</td>
                  <td className="audit-details">{event.details ? JSON.stringify(event.details) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.hasNextPage && (
        <button type="button" className="button" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
          {events.isFetchingNextPage ? "Loading…" : "Older events"}
        </button>
      )}
    </main>
  );
}
