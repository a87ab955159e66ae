import { ErrorCode, LogLevel, type Logger, WebClient } from "@slack/web-api";
import { ImportError } from "../import-error.js";

/** Slack's Web API, as the official client reaches it. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** A Slack object as the Web API returns it: the same shapes a workspace export holds. */
export type SlackObject = Record<string, unknown>;

/** How to reach the Web API. */
export interface SlackApiOptions {
  /** A bot token (`xoxb-…`). Kept in memory only. */
  token: string;
  /** The API's base URL, ending in `/api/` ({@link DEFAULT_SLACK_API_URL} by default). */
  apiUrl?: string | undefined;
  /** Retries on rate limits and network errors (the client honours `Retry-After`). */
  retries?: number | undefined;
  /** Items per page asked for (Slack allows up to 1000; 200 is its advice). */
  pageSize?: number | undefined;
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/**
 * The few Web API methods a sync needs, with cursor pagination and Slack's errors turned
 * into messages a person can act on. Rate limits (`429` with `Retry-After`) are waited
 * out by the official client; the token never appears in an error or a log.
 */
export class SlackApi {
  private readonly client: WebClient;
  private readonly pageSize: number;

  constructor(options: SlackApiOptions) {
    this.pageSize = options.pageSize ?? 200;
    this.client = new WebClient(options.token, {
      slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
      logger: silent,
      retryConfig: { retries: options.retries ?? 10, factor: 2, minTimeout: 500, maxTimeout: 60_000, randomize: true },
      // Method names are never URLs here; never let one override the configured base.
      allowAbsoluteUrls: false,
    });
  }

  /** Every account of the workspace (`users.list`). */
  async users(): Promise<SlackObject[]> {
    return this.paged("users.list", {}, "members");
  }

  /** Public and private channels the bot can see (`conversations.list`). */
  async channels(): Promise<SlackObject[]> {
    return this.paged("conversations.list", { types: "public_channel,private_channel", exclude_archived: false }, "channels");
  }

  /** One conversation by id (`conversations.info`). */
  async channel(id: string): Promise<SlackObject> {
    const result = await this.call("conversations.info", { channel: id }, `channel ${id}`);
    const channel = result.channel;
    if (!channel || typeof channel !== "object") throw new ImportError(`Slack conversations.info for ${id}: no channel in the answer`);
    return channel as SlackObject;
  }

  /** The channel's top-level messages with `oldest < ts <= latest` (epoch ms), newest first (`conversations.history`). */
  async history(channel: SlackObject, oldest: number, latest: number): Promise<SlackObject[]> {
    // Slack's bounds are both inclusive or both exclusive: ask inclusive, drop `oldest` itself,
    // so back-to-back windows neither miss nor repeat a message on their boundary.
    const messages = await this.paged("conversations.history", { channel: channel.id, oldest: seconds(oldest), latest: seconds(latest), inclusive: true }, "messages", describeChannel(channel));
    return messages.filter((m) => Number(m.ts) * 1000 > oldest);
  }

  /** A thread: its parent and every reply (`conversations.replies`). */
  async replies(channel: SlackObject, threadTs: string): Promise<SlackObject[]> {
    return this.paged("conversations.replies", { channel: channel.id, ts: threadTs }, "messages", `${describeChannel(channel)} thread ${threadTs}`);
  }

  private async paged(method: string, params: Record<string, unknown>, key: string, what = method): Promise<SlackObject[]> {
    const items: SlackObject[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100_000; page += 1) {
      const result = await this.call(method, { ...params, limit: this.pageSize, ...(cursor ? { cursor } : {}) }, what);
      const list = result[key];
      if (!Array.isArray(list)) throw new ImportError(`Slack ${method} for ${what}: the answer has no ${key} list`);
      for (const item of list) if (item && typeof item === "object") items.push(item as SlackObject);
      const next = (result.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor;
      cursor = typeof next === "string" && next !== "" ? next : undefined;
      if (!cursor) return items;
    }
    throw new ImportError(`Slack ${method} for ${what}: more than 100,000 pages; stopping`);
  }

  private async call(method: string, params: Record<string, unknown>, what: string): Promise<Record<string, unknown>> {
    try {
      return (await this.client.apiCall(method, params)) as unknown as Record<string, unknown>;
    } catch (error) {
      throw new ImportError(`Slack ${method} for ${what}: ${explain(error)}`);
    }
  }
}

/** `#incident-db (C0123)`, for messages. */
export function describeChannel(channel: SlackObject): string {
  return typeof channel.name === "string" ? `#${channel.name} (${String(channel.id)})` : String(channel.id);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(6);
}

const HINTS: Record<string, string> = {
  not_authed: "no token was sent; set SLACK_BOT_TOKEN",
  invalid_auth: "Slack refused the token; check SLACK_BOT_TOKEN",
  account_inactive: "the token's app or bot was removed from the workspace",
  token_revoked: "the token was revoked; create a new one",
  missing_scope: "the bot lacks a scope; it needs channels:history, groups:history, channels:read, groups:read and users:read",
  channel_not_found: "no such channel, or it is private and the bot was not invited (/invite @your-bot in the channel)",
  not_in_channel: "the bot is not a member of the channel (/invite @your-bot in the channel)",
  thread_not_found: "the thread is gone (its parent was deleted)",
  ratelimited: "rate limited for too long; try again later",
};

function explain(error: unknown): string {
  const coded = error as { code?: string; data?: { error?: string; needed?: string }; statusCode?: number; message?: string };
  if (coded.code === ErrorCode.PlatformError && coded.data?.error) {
    const code = coded.data.error;
    const hint = HINTS[code];
    const needed = coded.data.needed ? ` (needed: ${coded.data.needed})` : "";
    return `${code}${needed}${hint ? `: ${hint}` : ""}`;
  }
  if (coded.code === ErrorCode.HTTPError) return `HTTP ${coded.statusCode ?? "error"} from Slack`;
  if (coded.code === ErrorCode.RateLimitedError) return HINTS.ratelimited ?? "rate limited";
  return coded.message ?? String(error);
}
