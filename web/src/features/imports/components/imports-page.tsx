import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { isApiError } from "../../../api/client";
import type { ImportKind } from "../../../api/types";
import { formatUtcDateTime } from "../../../lib/format-time";
import { mayEditIncident } from "../../../lib/permissions";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useIncidents } from "../../incidents/queries/use-incidents";
import { useImports, useStartImport } from "../queries/use-imports";
import { ImportOutcome } from "./import-outcome";

const KINDS: { kind: ImportKind; label: string; accept: string; hint: string }[] = [
  { kind: "slack", label: "Slack export", accept: ".zip", hint: "The workspace export zip. Channels named inc-… or incident-… become incidents." },
  { kind: "pagerduty", label: "PagerDuty data", accept: ".zip", hint: "A zip of the folder of saved PagerDuty API v2 responses." },
  { kind: "people", label: "People directory", accept: ".csv,.json", hint: "The HR directory CSV (or SCIM 2.0 Users JSON); add the team history CSV below." },
  { kind: "transcript", label: "Meeting transcript", accept: ".vtt", hint: "A WebVTT transcript from Zoom or Teams, for one incident." },
  { kind: "catalog", label: "Service catalog", accept: ".yaml,.yml", hint: "A Backstage catalog file: Components and Systems become services, Groups their owning teams (as of today)." },
];

/** Bring data in: upload an export and watch the import run. */
export function ImportsPage() {
  const user = useCurrentUser();
  const allowed = mayEditIncident(user.role);
  const jobs = useImports(allowed);
  const start = useStartImport();
  const incidents = useIncidents({ status: null, q: "", sort: "startedAt", order: "desc" });
  // `?kind=` and `?incident=` (the Guide's links) choose the import and land on its file field.
  const [params] = useSearchParams();
  const askedKind = KINDS.find((k) => k.kind === params.get("kind"))?.kind;
  const askedIncident = Number(params.get("incident"));
  const [kind, setKind] = useState<ImportKind>(askedKind ?? "slack");
  const [file, setFile] = useState<File | null>(null);
  const [teams, setTeams] = useState<File | null>(null);
  const [incidentId, setIncidentId] = useState<number | null>(Number.isSafeInteger(askedIncident) && askedIncident > 0 ? askedIncident : null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [formKey, setFormKey] = useState(0);
  const id = useId();
  const chosen = KINDS.find((k) => k.kind === kind) ?? KINDS[0];

  useEffect(() => {
    document.title = "Imports · Debrief";
  }, []);

  useEffect(() => {
    if (!askedKind || !allowed) return;
    setKind(askedKind);
    fileInput.current?.focus();
    fileInput.current?.scrollIntoView({ block: "center" });
  }, [askedKind, allowed]);

  if (!allowed) {
    return (
      <main className="page" id="main">
        <h1>Imports</h1>
        <p>Analysts and admins bring in Slack, PagerDuty, directory and transcript data. Ask one of them if something is missing.</p>
      </main>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    start.mutate(
      { kind, file, teams: kind === "people" ? teams : null, incidentId: kind === "transcript" ? incidentId : null },
      {
        onSuccess: () => {
          setFile(null);
          setTeams(null);
          setFormKey((k) => k + 1);
        },
      },
    );
  };

  return (
    <main className="page" id="main">
      <h1>Imports</h1>
      <p className="muted">Every import runs in the background, in one transaction, and running it twice changes nothing.</p>
      <form key={formKey} className="import-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-kind`}>What to import</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ImportKind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
          <p className="hint">{chosen?.hint}</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>File</label>
          <input ref={fileInput} id={`${id}-file`} type="file" accept={chosen?.accept} required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        {kind === "people" && (
          <div className="field">
            <label htmlFor={`${id}-teams`}>Team history CSV (optional)</label>
            <input id={`${id}-teams`} type="file" accept=".csv" onChange={(e) => setTeams(e.target.files?.[0] ?? null)} />
          </div>
        )}
        {kind === "transcript" && (
          <div className="field">
            <label htmlFor={`${id}-incident`}>Incident</label>
            <select id={`${id}-incident`} required value={incidentId ?? ""} onChange={(e) => setIncidentId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">Choose the incident…</option>
              {(incidents.data ?? []).map((incident) => (
                <option key={incident.id} value={incident.id}>
                  #{incident.id} {incident.title}
                </option>
              ))}
            </select>
          </div>
        )}
        {start.isError && (
          <p className="form-error" role="alert">
            {isApiError(start.error, 413) ? "The file is larger than the server accepts." : `The upload failed: ${start.error.message}`}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={!file || start.isPending || (kind === "transcript" && !incidentId)}>
          {start.isPending ? "Uploading…" : "Upload and import"}
        </button>
      </form>

      <h2 className="section-title">Recent imports</h2>
      {jobs.isError ? (
        <p className="form-error" role="alert">
          The imports could not be loaded: {jobs.error.message}
        </p>
      ) : !jobs.data ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : jobs.data.length === 0 ? (
        <p className="muted">Nothing imported through the web yet. The command line (`debrief import …`) works too.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Started (UTC)</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((job) => (
                <tr key={job.id}>
                  <td>{job.originalName}</td>
                  <td>{KINDS.find((k) => k.kind === job.kind)?.label ?? (job.kind === "slack-sync" ? "Slack channel (sync)" : job.kind)}</td>
                  <td>
                    <span className={`status job-${job.status}`}>{job.status}</span>
                  </td>
                  <td>
                    {job.progress.total > 0 ? (
                      <progress max={job.progress.total} value={job.progress.done} aria-label={`${job.progress.done} of ${job.progress.total}`} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="nowrap">{formatUtcDateTime(job.startedAt ?? job.createdAt).replace(" UTC", "")}</td>
                  <td className="job-result">
                    <ImportOutcome job={job} />
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
