import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useCurrentUser } from "../../auth/queries/use-me";
import { FOLLOW_UP_STATUSES, type FollowUpQuery, type FollowUpStatus } from "../api/follow-ups-api";
import { useFollowUps } from "../queries/use-follow-ups";
import { FollowUpTable, STATUS_LABELS } from "./follow-up-table";

function positive(value: string | null): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function readQuery(params: URLSearchParams): FollowUpQuery {
  const status = params.get("status");
  return {
    owner: positive(params.get("owner")),
    team: positive(params.get("team")),
    status: status && FOLLOW_UP_STATUSES.includes(status as FollowUpStatus) ? status : null,
    overdue: params.get("overdue") === "true" ? true : null,
  };
}

/** Every incident's follow-ups, filterable by owner, team, status and overdue; the filters live in the address. */
export function FollowUpsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const query = readQuery(params);
  const followUps = useFollowUps(query);
  // The owners and teams to offer come from the unfiltered list, so a filter never hides its own choices.
  const everything = useFollowUps({});
  const [status, setStatus] = useState("");

  useEffect(() => {
    document.title = "Follow-ups · Debrief";
  }, []);

  const choices = useMemo(() => {
    const owners = new Map<number, string>();
    const teams = new Map<number, string>();
    for (const followUp of everything.data ?? []) {
      if (followUp.owner) owners.set(followUp.owner.id, followUp.owner.name);
      if (followUp.owner?.team) teams.set(followUp.owner.team.id, followUp.owner.team.name);
    }
    const sorted = (map: Map<number, string>) => [...map].sort((a, b) => a[1].localeCompare(b[1]));
    return { owners: sorted(owners), teams: sorted(teams) };
  }, [everything.data]);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <main className="page" id="main">
      <h1>Follow-ups</h1>
      <p className="muted">What every review committed to, soonest due first.</p>
      <div className="toolbar" role="search" aria-label="Filter follow-ups">
        <label className="field-inline">
          Owner
          <select aria-label="Filter by owner" value={query.owner ?? ""} onChange={(e) => set("owner", e.target.value || null)}>
            <option value="">anyone</option>
            {choices.owners.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Team
          <select aria-label="Filter by team" value={query.team ?? ""} onChange={(e) => set("team", e.target.value || null)}>
            <option value="">any team</option>
            {choices.teams.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Status
          <select aria-label="Filter by status" value={query.status ?? ""} onChange={(e) => set("status", e.target.value || null)}>
            <option value="">any status</option>
            {FOLLOW_UP_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={query.overdue === true} onChange={(e) => set("overdue", e.target.checked ? "true" : null)} /> Overdue only
        </label>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {followUps.isError ? (
        <p className="form-error" role="alert">
          The follow-ups could not be loaded: {followUps.error.message}
        </p>
      ) : !followUps.data ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : followUps.data.length === 0 ? (
        <p className="empty">No follow-ups match.</p>
      ) : (
        <>
          <p className="page-status">
            {followUps.data.length} follow-up{followUps.data.length === 1 ? "" : "s"}
            {followUps.data.some((f) => f.overdue) ? `, ${followUps.data.filter((f) => f.overdue).length} overdue` : ""}
          </p>
          <FollowUpTable followUps={followUps.data} user={user} showIncident onStatus={setStatus} />
        </>
      )}
    </main>
  );
}
