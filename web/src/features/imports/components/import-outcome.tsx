import { useState } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import { CatalogJobSummary, PagerdutyJobSummary, PeopleJobSummary, SlackJobSummary, SlackSyncJobSummary, TranscriptJobSummary } from "../../../../../src/core/imports.js";
import type { ImportJob } from "../../../api/types";
import { NewIncidentForm } from "../../incidents/components/new-incident-form";
import { useChannels } from "../../incidents/queries/use-incidents";

function n(value: number | undefined, one: string, many = `${one}s`): string {
  const count = value ?? 0;
  return `${count.toLocaleString("en-GB")} ${count === 1 ? one : many}`;
}

/** What a finished import created, each part linked to where it can be seen. */
export function ImportOutcome({ job }: { job: ImportJob }) {
  if (job.error) return <span className="form-error">{job.error}</span>;
  if (!job.summary) return <span className="muted">—</span>;
  switch (job.kind) {
    case "slack": {
      const summary = SlackJobSummary.safeParse(job.summary);
      return summary.success ? <SlackOutcome summary={summary.data} /> : <Figures summary={job.summary} />;
    }
    case "pagerduty": {
      const s = PagerdutyJobSummary.safeParse(job.summary);
      if (!s.success) return <Figures summary={job.summary} />;
      return (
        <p className="outcome">
          {n(s.data.incidents, "PagerDuty incident")}, {n(s.data.logEntries, "log entry", "log entries")}, {n(s.data.oncalls, "on-call shift")}.{" "}
          {(s.data.linked ?? 0) > 0 ? (
            <>
              {n(s.data.linked, "link")} to <Link to="/incidents">incidents</Link> whose channels mention them.
            </>
          ) : (
            <>No incident channel mentions them yet: link one from an incident's Details tab.</>
          )}
        </p>
      );
    }
    case "people": {
      const s = PeopleJobSummary.safeParse(job.summary);
      if (!s.success) return <Figures summary={job.summary} />;
      return (
        <p className="outcome">
          <Link to="/people">{n(s.data.people, "person", "people")}</Link> in the directory ({s.data.created ?? 0} new, {s.data.updated ?? 0} changed), {n(s.data.teams, "new team")},{" "}
          {n(s.data.memberships, "team membership")} changed.
        </p>
      );
    }
    case "catalog": {
      const s = CatalogJobSummary.safeParse(job.summary);
      if (!s.success) return <Figures summary={job.summary} />;
      return (
        <p className="outcome">
          {n(s.data.components, "component")}, {n(s.data.systems, "system")}, {n(s.data.groups, "team")} (owners changed on {n(s.data.ownersChanged, "service")}). Record the services an incident
          involved on its Details tab.
          {(s.data.warnings ?? []).length > 0 && <span className="sub">{(s.data.warnings ?? []).join(" · ")}</span>}
        </p>
      );
    }
    case "transcript": {
      const s = TranscriptJobSummary.safeParse(job.summary);
      if (!s.success) return <Figures summary={job.summary} />;
      return (
        <p className="outcome">
          {s.data.added === false ? "Already imported: nothing changed. " : `${n(s.data.cues, "cue")} added. `}
          {s.data.incidentId !== undefined && <Link to={`/incidents/${s.data.incidentId}/timeline`}>Open the incident's timeline</Link>}
          {(s.data.unmatchedSpeakers ?? []).length > 0 && <span className="sub">Speakers matched to nobody: {(s.data.unmatchedSpeakers ?? []).join(", ")}</span>}
        </p>
      );
    }
    case "slack-sync": {
      const s = SlackSyncJobSummary.safeParse(job.summary);
      if (!s.success) return <Figures summary={job.summary} />;
      return <p className="outcome">{n(s.data.added, "message")} added, {n(s.data.updated, "message")} updated.</p>;
    }
  }
}

/** A summary of an unknown shape: its numeric figures. */
function Figures({ summary }: { summary: Record<string, unknown> }) {
  return (
    <span>
      {Object.entries(summary)
        .filter(([, value]) => typeof value === "number")
        .map(([key, value]) => `${key} ${(value as number).toLocaleString("en-GB")}`)
        .join(", ")}
    </span>
  );
}

function SlackOutcome({ summary }: { summary: z.infer<typeof SlackJobSummary> }) {
  const channels = useChannels();
  const [making, setMaking] = useState<string | null>(null);
  const byName = new Map((channels.data ?? []).map((c) => [c.name, c]));
  const created = summary.incidentIds ?? [];
  const names = summary.channels ?? [];
  const titleOf = (id: number) => (channels.data ?? []).flatMap((c) => c.incidents).find((i) => i.id === id)?.title ?? `Incident #${id}`;
  return (
    <div className="outcome" data-testid="import-outcome">
      <p>
        {n(summary.added, "message")} added{(summary.skipped ?? 0) > 0 ? ` (${(summary.skipped ?? 0).toLocaleString("en-GB")} already stored)` : ""} in {n(names.length || summary.conversations, "channel")},{" "}
        {n(summary.users, "Slack account")}.
      </p>
      {created.length > 0 ? (
        <p>
          {created.length === 1 ? "New incident: " : `${created.length} new incidents: `}
          {created.map((id, i) => (
            <span key={id}>
              {i > 0 && ", "}
              <Link to={`/incidents/${id}/timeline`}>{titleOf(id)}</Link>
            </span>
          ))}
          .
        </p>
      ) : (
        <p>No channel was named like an incident channel, so no incident was created. Make one from any channel below.</p>
      )}
      {names.length > 0 && (
        <details className="outcome-channels" open={created.length === 0}>
          <summary>The channels ({names.length})</summary>
          <ul>
            {names.map((name) => {
              const channel = byName.get(name);
              return (
                <li key={name} data-testid="imported-channel">
                  <span className="channels">#{name}</span> {channel && <span className="muted">{n(channel.messages, "message")}</span>}{" "}
                  {channel && channel.incidents.length > 0 ? (
                    <span>
                      in{" "}
                      {channel.incidents.map((incident, i) => (
                        <span key={incident.id}>
                          {i > 0 && ", "}
                          <Link to={`/incidents/${incident.id}/timeline`}>{incident.title}</Link>
                        </span>
                      ))}
                    </span>
                  ) : null}{" "}
                  {making !== name && (
                    <button type="button" className="button button-small" onClick={() => setMaking(name)}>
                      Make an incident <span className="visually-hidden">from #{name}</span>
                    </button>
                  )}
                  {making === name && <NewIncidentForm channel={name} onCancel={() => setMaking(null)} />}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </div>
  );
}
