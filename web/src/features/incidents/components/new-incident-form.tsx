import { type FormEvent, useId, useState } from "react";
import { useNavigate } from "react-router";
import { utcFromInput } from "../../../lib/utc-input";
import { useChannels, useCreateIncident } from "../queries/use-incidents";

/** A title to start from: `war-room-checkout` reads "War room checkout". */
function titleFromChannel(channel: string): string {
  const words = channel.replace(/^#/, "").replace(/[-_]+/g, " ").trim();
  return words ? `${words[0]?.toUpperCase()}${words.slice(1)}` : "";
}

/**
 * Makes an incident from an imported Slack channel, with an optional time window (UTC),
 * then opens its timeline. `channel` preselects one (an import's outcome offers it).
 */
export function NewIncidentForm({ channel: initialChannel = "", onCancel }: { channel?: string; onCancel?: () => void }) {
  const id = useId();
  const navigate = useNavigate();
  const channels = useChannels();
  const create = useCreateIncident();
  const [channel, setChannel] = useState(initialChannel);
  const [title, setTitle] = useState(titleFromChannel(initialChannel));
  const [titleTouched, setTitleTouched] = useState(false);
  const [severity, setSeverity] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fromIso = utcFromInput(from);
    const toIso = utcFromInput(to);
    create.mutate(
      { title: title.trim(), channels: [channel], ...(fromIso ? { from: fromIso } : {}), ...(toIso ? { to: toIso } : {}), ...(severity.trim() ? { severity: severity.trim() } : {}) },
      { onSuccess: (incident) => void navigate(`/incidents/${incident.id}/timeline`) },
    );
  };

  return (
    <form className="import-form new-incident-form" onSubmit={submit} aria-label={initialChannel ? `New incident from #${initialChannel}` : "New incident"}>
      <div className="field">
        <label htmlFor={`${id}-channel`}>Slack channel</label>
        <select
          id={`${id}-channel`}
          required
          value={channel}
          onChange={(e) => {
            setChannel(e.target.value);
            if (!titleTouched) setTitle(titleFromChannel(e.target.value));
          }}
        >
          <option value="">Choose an imported channel…</option>
          {initialChannel && !(channels.data ?? []).some((c) => c.name === initialChannel) && <option value={initialChannel}>#{initialChannel}</option>}
          {(channels.data ?? []).map((c) => (
            <option key={c.id} value={c.name}>
              #{c.name} ({c.messages.toLocaleString("en-GB")} messages{c.incidents.length > 0 ? `, in ${c.incidents.length === 1 ? "an incident" : `${c.incidents.length} incidents`}` : ""})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          required
          maxLength={500}
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleTouched(true);
          }}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-from`}>From (UTC, optional)</label>
          <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To (UTC, optional)</label>
          <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-severity`}>Severity (optional)</label>
          <input id={`${id}-severity`} placeholder="SEV2" maxLength={50} value={severity} onChange={(e) => setSeverity(e.target.value)} />
        </div>
      </div>
      <p className="hint">Only the channel's messages inside the window belong to the incident; leave both empty to take the whole channel.</p>
      {create.isError && (
        <p className="form-error" role="alert">
          The incident could not be created: {create.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !channel || !title.trim()}>
          {create.isPending ? "Creating…" : "Create the incident"}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
