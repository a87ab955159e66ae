import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../db/connection.js";
import { describeChannel, SlackApi, type SlackApiOptions, type SlackObject } from "../importers/slack/web-api-client.js";
import { InputError } from "./create-incident.js";
import { importSlackExport, type SlackImportSummary } from "./import-slack-export.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options for {@link syncSlack}. */
export interface SlackSyncOptions {
  /** Channel names (with or without `#`) or ids (`C…`, `G…`). */
  channels: readonly string[];
  /** Start of the window (ISO 8601); the channel's creation when absent. */
  since?: string | undefined;
  /** End of the window (ISO 8601); now when absent. */
  until?: string | undefined;
  /** A bot token (the CLI reads `SLACK_BOT_TOKEN`); used for requests only, never stored. */
  token: string | undefined;
  /** The Web API's base URL (tests point it at a local fake). */
  apiUrl?: string | undefined;
  /** Who runs the sync, for the audit trail. */
  actor: string;
  /** Channels whose name matches become incidents, as with an export. */
  incidentChannelPattern?: RegExp | undefined;
  /** Each stored slice covers this many days (default 30): an interrupted sync loses at most one slice of work. */
  sliceDays?: number | undefined;
  /** Days before the newest stored message that a repeated sync fetches again, to pick up edits (default 3). */
  lookbackDays?: number | undefined;
  /** Client settings (tests use fast retries and small pages). */
  client?: Omit<SlackApiOptions, "token" | "apiUrl"> | undefined;
  onProgress?: ((progress: { channel: string; slice: number; slices: number; messages: number }) => void) | undefined;
}

/** What a sync did, per channel and in all. */
export interface SlackSyncSummary {
  channels: { id: string; name: string; from: string; to: string; fetched: number; added: number; updated: number }[];
  fetched: number;
  added: number;
  updated: number;
  incidents: number;
}

/**
 * `debrief sync slack --channel …`: fetches channels' messages and threads from the Slack
 * Web API with a bot token and stores them through the export importer, so a message
 * that came by export and by sync is stored once (same natural key) and edits refresh
 * it. Work goes oldest first in slices, each stored in its own transaction: a sync that
 * is interrupted continues after the newest message it stored (less a look-back for
 * edits), and a repeated sync only adds what is new or edited.
 */
export async function syncSlack(store: Store, options: SlackSyncOptions): Promise<SlackSyncSummary> {
  const token = options.token?.trim();
  if (!token) throw new InputError("SLACK_BOT_TOKEN is not set: give a Slack bot token (xoxb-…) with channels:history, groups:history, channels:read, groups:read and users:read");
  if (options.channels.length === 0) throw new InputError("name at least one channel with --channel");
  const since = options.since === undefined ? null : parseTime(options.since, "--since");
  const until = options.until === undefined ? Date.now() : parseTime(options.until, "--until");
  if (since !== null && until <= since) throw new InputError("--until must be after --since");
  const sliceMs = (options.sliceDays ?? 30) * DAY_MS;
  const lookbackMs = (options.lookbackDays ?? 3) * DAY_MS;
  if (!(sliceMs > 0) || !(lookbackMs >= 0)) throw new InputError("slice and look-back days must be positive");
  const api = new SlackApi({ ...options.client, token, apiUrl: options.apiUrl });

  const channels = await resolveChannels(api, options.channels);
  const users = await api.users();
  const summary: SlackSyncSummary = { channels: [], fetched: 0, added: 0, updated: 0, incidents: 0 };
  for (const channel of channels) {
    const id = String(channel.id);
    const created = typeof channel.created === "number" ? channel.created * 1000 : 0;
    const floor = since ?? created;
    const stored = await newestStored(store, id, floor);
    const from = stored === null ? floor : Math.max(floor, stored - lookbackMs);
    const row = { id, name: String(channel.name ?? id), from: new Date(from).toISOString(), to: new Date(until).toISOString(), fetched: 0, added: 0, updated: 0 };
    const slices = Math.max(1, Math.ceil((until - from) / sliceMs));
    for (let slice = 0; slice < slices; slice += 1) {
      const oldest = from + slice * sliceMs;
      const latest = Math.min(until, oldest + sliceMs);
      const messages = await fetchSlice(api, channel, oldest, latest);
      options.onProgress?.({ channel: describeChannel(channel), slice: slice + 1, slices, messages: row.fetched + messages.length });
      if (messages.length === 0) continue;
      const result = await storeSlice(store, options, users, channel, messages);
      row.fetched += messages.length;
      row.added += result.added;
      row.updated += result.updated;
      summary.incidents += result.incidents;
    }
    summary.channels.push(row);
    summary.fetched += row.fetched;
    summary.added += row.added;
    summary.updated += row.updated;
  }
  return summary;
}

async function resolveChannels(api: SlackApi, wanted: readonly string[]): Promise<SlackObject[]> {
  let listed: SlackObject[] | null = null;
  const found: SlackObject[] = [];
  for (const raw of wanted) {
    const name = raw.trim().replace(/^#/, "");
    // Ids are upper case (C…, G…); channel names never are.
    if (/^[CG][A-Z0-9]+$/.test(name)) {
      found.push(await api.channel(name));
      continue;
    }
    listed ??= await api.channels();
    const channel = listed.find((c) => c.name === name || c.name_normalized === name);
    if (!channel) throw new InputError(`no channel #${name} that the bot can see: check the name, or invite the bot to a private channel (/invite @your-bot)`);
    found.push(channel);
  }
  return found;
}

/** The channel's top-level messages in the slice, and every reply of the threads they start. */
async function fetchSlice(api: SlackApi, channel: SlackObject, oldest: number, latest: number): Promise<SlackObject[]> {
  const top = await api.history(channel, oldest, latest);
  const byTs = new Map<string, SlackObject>();
  for (const message of top) if (typeof message.ts === "string") byTs.set(message.ts, message);
  for (const message of top) {
    const isParent = typeof message.ts === "string" && message.thread_ts === message.ts && Number(message.reply_count ?? 0) > 0;
    if (!isParent) continue;
    for (const reply of await api.replies(channel, message.ts as string)) {
      if (typeof reply.ts === "string" && !byTs.has(reply.ts)) byTs.set(reply.ts, reply);
    }
  }
  return [...byTs.values()];
}

/** Writes the slice as a one-channel export folder and imports it in one transaction. */
async function storeSlice(store: Store, options: SlackSyncOptions, users: SlackObject[], channel: SlackObject, messages: SlackObject[]): Promise<SlackImportSummary> {
  const dir = mkdtempSync(join(tmpdir(), "debrief-slack-sync-"));
  try {
    const folder = String(channel.name ?? channel.id);
    writeFileSync(join(dir, "users.json"), JSON.stringify(users));
    const isPrivate = channel.is_private === true || channel.is_group === true;
    writeFileSync(join(dir, isPrivate ? "groups.json" : "channels.json"), JSON.stringify([{ ...channel, members: Array.isArray(channel.members) ? channel.members : [] }]));
    writeFileSync(join(dir, isPrivate ? "channels.json" : "groups.json"), "[]");
    mkdirSync(join(dir, folder), { recursive: true });
    const byDay = new Map<string, SlackObject[]>();
    for (const message of messages) {
      const day = new Date(Number(message.ts) * 1000).toISOString().slice(0, 10);
      const list = byDay.get(day) ?? [];
      list.push(message);
      byDay.set(day, list);
    }
    for (const [day, list] of byDay) {
      list.sort((a, b) => Number(a.ts) - Number(b.ts));
      writeFileSync(join(dir, folder, `${day}.json`), JSON.stringify(list));
    }
    return await importSlackExport(store, {
      path: dir,
      sourceName: `slack sync ${describeChannel(channel)}`,
      actor: options.actor,
      ...(options.incidentChannelPattern ? { incidentChannelPattern: options.incidentChannelPattern } : {}),
      parseInWorker: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The time of the newest stored message of the channel at or after `floor`, or null. */
async function newestStored(store: Store, channelId: string, floor: number): Promise<number | null> {
  const row = await store.db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversationId")
    .where("conversations.source", "=", "slack")
    .where("conversations.externalId", "=", channelId)
    .where("messages.at", ">=", floor)
    .select((eb) => eb.fn.max("messages.at").as("newest"))
    .executeTakeFirst();
  const newest = row?.newest;
  return newest === null || newest === undefined ? null : Number(newest);
}

function parseTime(value: string, flag: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InputError(`${flag} ${JSON.stringify(value)} is not an ISO 8601 date or date-time`);
  return ms;
}
