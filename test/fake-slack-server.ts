import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A Slack object in the Web API's shapes. */
export type SlackJson = Record<string, unknown>;

/** What the fake workspace holds. Change it between syncs to edit or delete messages. */
export interface FakeSlackWorkspace {
  token: string;
  users: SlackJson[];
  /** Channels with `id`, `name`, `created`, `is_private`…; `member: false` makes history answer `not_in_channel`. */
  channels: (SlackJson & { member?: boolean })[];
  /** Channel id → every message, top-level and replies (replies carry `thread_ts` ≠ `ts`). */
  messages: Record<string, SlackJson[]>;
}

/** A failure answered before the normal answer. */
export interface FakeSlackFault {
  method: string;
  /** `429` with `Retry-After`, or a Slack error code answered with `ok: false`. */
  kind: { status: 429; retryAfter: number } | { error: string };
  times?: number;
  /** Fail only after this many normal answers of the method (default 0). */
  after?: number;
}

/** One request the fake saw. */
export interface FakeSlackRequest {
  method: string;
  params: Record<string, string>;
  authorization: string | undefined;
  status: number;
}

/** A running fake Web API: point the client's `slackApiUrl` at `url`. */
export interface FakeSlack {
  url: string;
  requests: FakeSlackRequest[];
  faults: FakeSlackFault[];
  close(): Promise<void>;
}

/**
 * A small Slack Web API on 127.0.0.1: `users.list`, `conversations.list`, `.info`,
 * `.history` (oldest/latest/inclusive, newest first) and `.replies`, with cursor
 * pagination by `limit`, bearer-token checks, `ok: false` errors and rate limits,
 * answering in the response shapes of the real API.
 */
export async function startFakeSlack(workspace: FakeSlackWorkspace): Promise<FakeSlack> {
  const requests: FakeSlackRequest[] = [];
  const faults: FakeSlackFault[] = [];
  const served = new Map<string, number>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const authorization = req.headers.authorization;
    const record = (status: number) => requests.push({ method, params, authorization, status });
    const send = (status: number, json: SlackJson, headers: Record<string, string> = {}) => {
      record(status);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(json));
    };
    const fault = faults.find((f) => f.method === method && (f.times ?? 1) > 0 && (served.get(method) ?? 0) >= (f.after ?? 0));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if ("status" in fault.kind) return send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.kind.retryAfter) });
      return send(200, { ok: false, error: fault.kind.error });
    }
    if (authorization !== `Bearer ${workspace.token}`) return send(200, { ok: false, error: "invalid_auth" });
    served.set(method, (served.get(method) ?? 0) + 1);
    const limit = Math.max(1, Number(params.limit ?? 100));
    const page = (items: SlackJson[], key: string, extra: SlackJson = {}) => {
      const start = Number(params.cursor ? Buffer.from(params.cursor, "base64").toString("utf8").replace(/^offset:/, "") : 0);
      const slice = items.slice(start, start + limit);
      const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString("base64") : "";
      send(200, { ok: true, [key]: slice, ...extra, has_more: next !== "", response_metadata: { next_cursor: next } });
    };
    const channel = workspace.channels.find((c) => c.id === params.channel);
    switch (method) {
      case "users.list":
        return page(workspace.users, "members", { cache_ts: 1_700_000_000 });
      case "conversations.list": {
        const types = (params.types ?? "public_channel").split(",");
        return page(
          workspace.channels.filter((c) => types.includes(c.is_private ? "private_channel" : "public_channel")).map(publicChannel),
          "channels",
        );
      }
      case "conversations.info":
        if (!channel) return send(200, { ok: false, error: "channel_not_found" });
        return send(200, { ok: true, channel: publicChannel(channel) });
      case "conversations.history": {
        if (!channel) return send(200, { ok: false, error: "channel_not_found" });
        if (channel.member === false) return send(200, { ok: false, error: "not_in_channel" });
        const oldest = Number(params.oldest ?? 0);
        const latest = params.latest ? Number(params.latest) : Number.POSITIVE_INFINITY;
        const inclusive = params.inclusive === "true" || params.inclusive === "1";
        const inWindow = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
        const top = (workspace.messages[channel.id as string] ?? [])
          .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === "thread_broadcast")
          .filter((m) => inWindow(Number(m.ts)))
          .map((m) => withThreadSummary(m, workspace.messages[channel.id as string] ?? []))
          .sort((a, b) => Number(b.ts) - Number(a.ts));
        return page(top, "messages", { pin_count: 0 });
      }
      case "conversations.replies": {
        if (!channel) return send(200, { ok: false, error: "channel_not_found" });
        const all = workspace.messages[channel.id as string] ?? [];
        const parent = all.find((m) => m.ts === params.ts);
        if (!parent) return send(200, { ok: false, error: "thread_not_found" });
        const thread = [withThreadSummary(parent, all), ...all.filter((m) => m.thread_ts === params.ts && m.ts !== params.ts).sort((a, b) => Number(a.ts) - Number(b.ts))];
        return page(thread, "messages");
      }
      default:
        return send(200, { ok: false, error: "unknown_method" });
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    requests,
    faults,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function publicChannel(channel: SlackJson): SlackJson {
  const { member: _member, ...rest } = channel;
  return { is_channel: !channel.is_private, is_group: false, is_im: false, is_mpim: false, is_archived: false, is_member: channel.member !== false, topic: { value: "", creator: "", last_set: 0 }, purpose: { value: "", creator: "", last_set: 0 }, ...rest };
}

/** A thread parent as the API returns it: with `reply_count`, `reply_users` and `latest_reply`. */
function withThreadSummary(message: SlackJson, all: SlackJson[]): SlackJson {
  if (message.thread_ts !== message.ts) return message;
  const replies = all.filter((m) => m.thread_ts === message.ts && m.ts !== message.ts);
  if (replies.length === 0) return message;
  return {
    ...message,
    reply_count: replies.length,
    reply_users: [...new Set(replies.map((r) => r.user))],
    latest_reply: replies.map((r) => r.ts as string).sort().at(-1),
    replies: replies.map((r) => ({ user: r.user, ts: r.ts })),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
