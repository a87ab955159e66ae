import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findIncident, putIncidentChannelSource } from "../db/repositories/incidents.js";
import { SLACK_TOKEN_MISSING } from "../core/slack-sync.js";
import { InputError } from "./create-incident.js";
import { enqueueImport, type ImportJobView } from "./import-jobs.js";
import { type SlackSyncOptions, syncSlack } from "./sync-slack.js";

/** What a `slack-sync` job is asked to do (its options in the job row: no token). */
export interface SlackChannelJobOptions {
  incidentId: number;
  channel: string;
  /** The incident's window in the channel, epoch ms; null for open. */
  fromAt: number | null;
  toAt: number | null;
}

/** A sync never makes the channel an incident of its own: it joins the incident it was added to. */
const NO_NEW_INCIDENTS = /(?!)/;

/**
 * "Add a Slack channel" on an incident: checks the request and queues a background
 * `slack-sync` job. The token is not part of the job: the runner has it in memory.
 */
export async function queueSlackChannelSync(
  store: Store,
  input: { incidentId: number; channel: string; from?: string | undefined; to?: string | undefined; userId: number | null; actor: string; tokenAvailable: boolean },
): Promise<ImportJobView> {
  if (!input.tokenAvailable) throw new SlackSyncUnavailable();
  const channel = input.channel.trim().replace(/^#/, "");
  const fromAt = input.from === undefined ? null : parseTime(input.from, "from");
  const toAt = input.to === undefined ? null : parseTime(input.to, "to");
  if (fromAt !== null && toAt !== null && toAt <= fromAt) throw new InputError("to must be after from");
  if (!(await findIncident(store.db, input.incidentId))) throw new InputError(`no incident ${input.incidentId}`);
  const options: SlackChannelJobOptions = { incidentId: input.incidentId, channel, fromAt, toAt };
  const job = await enqueueImport(store, { kind: "slack-sync", filePath: "", originalName: `#${channel}`, options: { ...options }, userId: input.userId });
  await recordAudit(store.db, {
    actor: input.actor,
    action: "incident.slack_channel.queue",
    subjectType: "incident",
    subjectId: input.incidentId,
    details: { channel, from: input.from ?? null, to: input.to ?? null, job: job.id },
  });
  return job;
}

/** The server has no Slack bot token: the route answers 409 with {@link SLACK_TOKEN_MISSING}. */
export class SlackSyncUnavailable extends Error {
  constructor() {
    super(SLACK_TOKEN_MISSING);
    this.name = "SlackSyncUnavailable";
  }
}

/**
 * Runs a `slack-sync` job: fetches the channel (within the window) through
 * {@link syncSlack}, then makes it a source of the incident with that window, so the
 * timeline shows its messages. Returns the summary shown on the job.
 */
export async function runSlackChannelSync(
  store: Store,
  input: {
    options: Record<string, unknown>;
    token: string | undefined;
    apiUrl: string | undefined;
    actor: string;
    onProgress?: (done: number, total: number) => void;
    client?: SlackSyncOptions["client"];
  },
): Promise<Record<string, unknown>> {
  const options = readOptions(input.options);
  if (!input.token?.trim()) throw new InputError(SLACK_TOKEN_MISSING);
  const summary = await syncSlack(store, {
    channels: [options.channel],
    since: options.fromAt === null ? undefined : new Date(options.fromAt).toISOString(),
    until: options.toAt === null ? undefined : new Date(options.toAt).toISOString(),
    token: input.token,
    apiUrl: input.apiUrl,
    actor: input.actor,
    incidentChannelPattern: NO_NEW_INCIDENTS,
    client: input.client,
    onProgress: ({ slice, slices }) => input.onProgress?.(slice, slices),
  });
  const synced = summary.channels[0];
  if (!synced) throw new InputError(`no channel #${options.channel} was synced`);
  const conversation = await store.db.selectFrom("conversations").select("id").where("source", "=", "slack").where("externalId", "=", synced.id).executeTakeFirst();
  if (!conversation) throw new InputError(`#${synced.name} has no messages in the window: nothing to add to the incident`);
  const added = await store.db.transaction().execute(async (trx) => {
    if (!(await findIncident(trx, options.incidentId))) throw new InputError(`incident ${options.incidentId} no longer exists`);
    const isNew = await putIncidentChannelSource(trx, { incidentId: options.incidentId, conversationId: conversation.id, fromAt: options.fromAt, toAt: options.toAt });
    await recordAudit(trx, {
      actor: input.actor,
      action: "incident.slack_channel.add",
      subjectType: "incident",
      subjectId: options.incidentId,
      details: { channel: synced.name, channelId: synced.id, fromAt: options.fromAt, toAt: options.toAt, new: isNew },
    });
    return isNew;
  });
  return {
    incidentId: options.incidentId,
    channel: synced.name,
    channelId: synced.id,
    fetched: synced.fetched,
    added: synced.added,
    updated: synced.updated,
    sourceAdded: added,
  };
}

function readOptions(raw: Record<string, unknown>): SlackChannelJobOptions {
  const time = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  const incidentId = Number(raw.incidentId);
  if (!Number.isInteger(incidentId) || typeof raw.channel !== "string" || raw.channel === "") throw new InputError("the sync job names no incident or channel");
  return { incidentId, channel: raw.channel, fromAt: time(raw.fromAt), toAt: time(raw.toAt) };
}

function parseTime(value: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InputError(`${field} ${JSON.stringify(value)} is not an ISO 8601 date or date-time`);
  return ms;
}
