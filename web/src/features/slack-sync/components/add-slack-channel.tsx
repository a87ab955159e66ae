import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useImportJob } from "../../imports/queries/use-imports";
import { timelineKeyPrefix } from "../../timeline/queries/use-timeline";
import { addSlackChannel, fetchSlackSyncStatus } from "../api/slack-sync-api";

/** A `datetime-local` value read as UTC (the workspace shows UTC times), or undefined when empty. */
function utcIso(value: string): string | undefined {
  if (!value) return undefined;
  return new Date(`${value}${value.length === 16 ? ":00" : ""}Z`).toISOString();
}

/**
 * "Add a Slack channel" on an incident (analysts and admins): the server fetches the
 * channel with its own bot token in a background job; this shows the job until it ends,
 * then refreshes the incident and its timeline.
 */
export function AddSlackChannel({ incidentId }: { incidentId: number }) {
  const id = useId();
  const client = useQueryClient();
  const status = useQuery({ queryKey: ["slack-sync"], queryFn: ({ signal }) => fetchSlackSyncStatus(signal), staleTime: 60_000 });
  const [channel, setChannel] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useMutation({
    mutationFn: () => addSlackChannel(incidentId, { channel: channel.trim(), from: utcIso(from), to: utcIso(to) }),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useImportJob(jobId);
  const finished = job.data?.status === "succeeded" || job.data?.status === "failed";

  useEffect(() => {
    if (job.data?.status !== "succeeded") return;
    void client.invalidateQueries({ queryKey: ["incident", incidentId] });
    void client.invalidateQueries({ queryKey: ["incidents"] });
    void client.invalidateQueries({ queryKey: timelineKeyPrefix(incidentId) });
    void client.invalidateQueries({ queryKey: ["guide", incidentId] });
  }, [job.data?.status, client, incidentId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setJobId(null);
    start.mutate();
  };
  const running = start.isPending || (jobId !== null && !finished);

  return (
    <details className="add-slack-channel">
      <summary>Add a Slack channel</summary>
      {status.data?.available === false ? (
        <p className="muted" role="note">
          Slack sync is not set up on this server: an administrator must set <code>SLACK_BOT_TOKEN</code> (a bot token, <code>xoxb-…</code>) and restart it.
        </p>
      ) : (
        <form className="import-form" onSubmit={submit} aria-label="Add a Slack channel">
          <div className="field">
            <label htmlFor={`${id}-channel`}>Channel</label>
            <input id={`${id}-channel`} required placeholder="#incident-channel" value={channel} onChange={(e) => setChannel(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>From (UTC, optional)</label>
            <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To (UTC, optional)</label>
            <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <p className="muted">The server fetches the channel's messages and threads with its bot token; invite the bot to a private channel first.</p>
          {start.isError && (
            <p className="form-error" role="alert">
              The channel could not be added: {start.error.message}
            </p>
          )}
          <button type="submit" className="button button-primary" disabled={!channel.trim() || running}>
            {running ? "Fetching…" : "Fetch and add"}
          </button>
        </form>
      )}
      {job.data && (
        <p role="status" className={job.data.status === "failed" ? "form-error" : "muted"}>
          {job.data.status === "queued" && `${job.data.originalName}: waiting to start…`}
          {job.data.status === "running" && `${job.data.originalName}: fetching${job.data.progress.total ? ` (part ${job.data.progress.done} of ${job.data.progress.total})` : "…"}`}
          {job.data.status === "succeeded" &&
            `${job.data.originalName} added: ${String(job.data.summary?.fetched ?? 0)} messages fetched (${String(job.data.summary?.added ?? 0)} new, ${String(job.data.summary?.updated ?? 0)} updated). The timeline includes it.`}
          {job.data.status === "failed" && `${job.data.originalName} could not be added: ${job.data.error ?? "unknown error"}`}
        </p>
      )}
    </details>
  );
}
