import { type FormEvent, type ReactNode, useEffect, useId, useState } from "react";
import { Link, useLocation } from "react-router";
import type { IncidentDetail } from "../../../api/types";
import { formatUtcDateTime } from "../../../lib/format-time";
import { mayEditIncident } from "../../../lib/permissions";
import { utcFromInput, utcInputValue } from "../../../lib/utc-input";
import { useCurrentUser } from "../../auth/queries/use-me";
import { useChangeSources, useChannels, useIncident, useServices, useUpdateIncident } from "../queries/use-incidents";
import { useIncidentId } from "../queries/use-incident-id";
import { IncidentControls } from "./incident-controls";

/**
 * With `#section` in the address (a Guide step's link), scrolls that section into view
 * and puts the cursor in its first field, so the link lands on the control itself.
 */
function useLandOnHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const section = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!section) return;
    section.scrollIntoView({ block: "start" });
    // The field that does the step comes first; a section without one offers its first button.
    const control = ["[data-landing]", "input:not([type=hidden]), select", "button"].map((selector) => section.querySelector<HTMLElement>(selector)).find((found) => found !== null);
    control?.focus({ preventScroll: true });
  }, [hash, ready]);
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} className="details-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function windowText(from: string | null, to: string | null): string {
  if (!from && !to) return "the whole channel";
  return `${from ? formatUtcDateTime(from) : "the start"} to ${to ? formatUtcDateTime(to) : "the end"}`;
}

/** An incident's own facts and where its data comes from; analysts and admins change them here. */
export function IncidentDetails() {
  const id = useIncidentId();
  const user = useCurrentUser();
  const incident = useIncident(id);
  useLandOnHash(incident.data !== undefined);
  if (!incident.data) return <p className="tab-body muted">Loading…</p>;
  const data = incident.data;
  const editable = mayEditIncident(user.role);
  return (
    <div className="tab-body details-view">
      <Section id="analysts" title="Analysts and status">
        <p>{data.analysts.length ? `Analysts: ${data.analysts.map((a) => a.name).join(", ")}.` : "No analyst assigned yet."}</p>
        {editable && <IncidentControls incident={data} user={user} />}
      </Section>
      <Section id="edit" title="Title, severity and times">
        {editable ? <EditIncidentForm incident={data} /> : <p className="muted">Analysts and admins change these.</p>}
      </Section>
      <Section id="channels" title="Slack channels">
        <ChannelSources incident={data} editable={editable} />
      </Section>
      <Section id="pagerduty" title="PagerDuty incidents">
        <PagerdutySources incident={data} editable={editable} />
      </Section>
      <Section id="services" title="Services involved">
        <IncidentServices incident={data} editable={editable} />
      </Section>
    </div>
  );
}

function EditIncidentForm({ incident }: { incident: IncidentDetail }) {
  const id = useId();
  const update = useUpdateIncident(incident.id);
  const [title, setTitle] = useState(incident.title);
  const [severity, setSeverity] = useState(incident.severity ?? "");
  const [startedAt, setStartedAt] = useState(utcInputValue(incident.startedAt));
  const [detectedAt, setDetectedAt] = useState(utcInputValue(incident.detectedAt));
  const [resolvedAt, setResolvedAt] = useState(utcInputValue(incident.resolvedAt));
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const change: Parameters<typeof update.mutate>[0] = {};
    if (title.trim() !== incident.title) change.title = title.trim();
    const sev = severity.trim() || null;
    if (sev !== incident.severity) change.severity = sev;
    const times = { startedAt, detectedAt, resolvedAt } as const;
    for (const key of ["startedAt", "detectedAt", "resolvedAt"] as const) {
      if (times[key] !== utcInputValue(incident[key])) change[key] = utcFromInput(times[key]);
    }
    update.mutate(change, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="import-form" onSubmit={submit} aria-label="Edit the incident">
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} required maxLength={500} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-severity`}>Severity</label>
          <input id={`${id}-severity`} placeholder="none" maxLength={50} value={severity} onChange={(e) => setSeverity(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-started`}>Started (UTC)</label>
          <input id={`${id}-started`} type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-detected`}>Detected (UTC)</label>
          <input id={`${id}-detected`} type="datetime-local" value={detectedAt} onChange={(e) => setDetectedAt(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-resolved`}>Resolved (UTC)</label>
          <input id={`${id}-resolved`} type="datetime-local" value={resolvedAt} onChange={(e) => setResolvedAt(e.target.value)} />
        </div>
      </div>
      {update.isError && (
        <p className="form-error" role="alert">
          Not saved: {update.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending || !title.trim()}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
        {saved && !update.isPending && (
          <span role="status" className="muted">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

function ChannelSources({ incident, editable }: { incident: IncidentDetail; editable: boolean }) {
  const id = useId();
  const change = useChangeSources(incident.id);
  const channels = useChannels(editable);
  const [channel, setChannel] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const sources = incident.sources.filter((s) => s.kind === "slack_channel");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ kind: "add_channel", channel, from: utcFromInput(from), to: utcFromInput(to) }, { onSuccess: () => setChannel("") });
  };
  return (
    <>
      {sources.length === 0 ? (
        <p className="muted">No Slack channel yet.</p>
      ) : (
        <ul className="source-list">
          {sources.map((s) => (
            <li key={s.id} data-testid="channel-source">
              <span className="channels">#{s.channel}</span> <span className="muted">{windowText(s.from, s.to)}</span>
              {editable && (
                <button type="button" className="button button-small" disabled={change.isPending} onClick={() => change.mutate({ kind: "remove_source", sourceId: s.id })}>
                  Remove <span className="visually-hidden">#{s.channel}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="import-form" onSubmit={submit} aria-label="Add an imported channel">
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-channel`}>Imported channel</label>
              <select id={`${id}-channel`} required value={channel} onChange={(e) => setChannel(e.target.value)}>
                <option value="">Choose…</option>
                {(channels.data ?? []).map((c) => (
                  <option key={c.id} value={c.name}>
                    #{c.name} ({c.messages.toLocaleString("en-GB")} messages)
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-from`}>From (UTC, optional)</label>
              <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>To (UTC, optional)</label>
              <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={!channel || change.isPending}>
              Add the channel
            </button>
            <span className="hint">
              Not imported yet? <Link to="/imports?kind=slack">Import a Slack export</Link>.
            </span>
          </div>
        </form>
      )}
      {change.isError && (
        <p className="form-error" role="alert">
          {change.error.message}
        </p>
      )}
    </>
  );
}

function PagerdutySources({ incident, editable }: { incident: IncidentDetail; editable: boolean }) {
  const id = useId();
  const change = useChangeSources(incident.id);
  const [pagerdutyId, setPagerdutyId] = useState("");
  const linked = incident.sources.filter((s) => s.kind === "pagerduty_incident");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ kind: "link_pagerduty", pagerdutyId: pagerdutyId.trim() }, { onSuccess: () => setPagerdutyId("") });
  };
  return (
    <>
      {linked.length === 0 ? (
        <p className="muted">No PagerDuty incident linked. Those the channels mention are linked when either is imported.</p>
      ) : (
        <ul className="source-list">
          {linked.map((s) => (
            <li key={s.id} data-testid="pagerduty-source">
              <span>PagerDuty {s.pagerdutyId}</span>
              {editable && (
                <button type="button" className="button button-small" disabled={change.isPending} onClick={() => change.mutate({ kind: "remove_source", sourceId: s.id })}>
                  Unlink <span className="visually-hidden">PagerDuty {s.pagerdutyId}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="import-form form-inline" onSubmit={submit} aria-label="Link a PagerDuty incident">
          <div className="field">
            <label htmlFor={`${id}-pd`}>PagerDuty incident (number or id)</label>
            <input id={`${id}-pd`} required placeholder="1208 or PT4KHLK" value={pagerdutyId} onChange={(e) => setPagerdutyId(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={!pagerdutyId.trim() || change.isPending}>
            Link
          </button>
        </form>
      )}
    </>
  );
}

function IncidentServices({ incident, editable }: { incident: IncidentDetail; editable: boolean }) {
  const id = useId();
  const change = useChangeSources(incident.id);
  const services = useServices(editable);
  const [serviceId, setServiceId] = useState("");
  const recorded = new Set(incident.services.map((s) => s.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ kind: "add_service", serviceId: Number(serviceId) }, { onSuccess: () => setServiceId("") });
  };
  return (
    <>
      {incident.services.length === 0 ? (
        <p className="muted">No service recorded yet.</p>
      ) : (
        <ul className="source-list">
          {incident.services.map((s) => (
            <li key={s.id} data-testid="incident-service">
              <span>{s.name}</span> <span className="muted">{s.origin === "manual" ? "added by hand" : "from a linked PagerDuty incident"}</span>
              {editable && s.origin === "manual" && (
                <button type="button" className="button button-small" disabled={change.isPending} onClick={() => change.mutate({ kind: "remove_service", serviceId: s.id })}>
                  Remove <span className="visually-hidden">{s.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable &&
        (services.data && services.data.length === 0 ? (
          <p className="muted">
            No service catalog imported yet: <Link to="/imports?kind=catalog">import it</Link>.
          </p>
        ) : (
          <form className="import-form form-inline" onSubmit={submit} aria-label="Record a service">
            <div className="field">
              <label htmlFor={`${id}-service`}>Catalog service</label>
              <select id={`${id}-service`} required value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
                <option value="">Choose…</option>
                {(services.data ?? [])
                  .filter((s) => !recorded.has(s.id))
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </select>
            </div>
            <button type="submit" className="button" disabled={!serviceId || change.isPending}>
              Record it
            </button>
          </form>
        ))}
    </>
  );
}
