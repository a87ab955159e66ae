import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pagerdutyExample, type PagerdutyJson, pagerdutyRef } from "./factories/pagerduty.js";

/** What the fake account holds, per list endpoint. */
export interface FakePagerdutyData {
  users: unknown[];
  services: unknown[];
  escalation_policies: unknown[];
  schedules: unknown[];
  oncalls: unknown[];
  incidents: unknown[];
  /** Incident id → its log entries. */
  logEntries: Record<string, unknown[]>;
}

/** A failure the server answers with, before answering normally. */
export interface FakeFault {
  path: string;
  status: number;
  /** The `Retry-After` header to send, in seconds. */
  retryAfter?: string;
  /** How many requests fail this way (default 1). */
  times?: number;
}

/** One request the server saw. */
export interface FakeRequest {
  path: string;
  query: Record<string, string>;
  status: number;
  authorization: string | undefined;
  accept: string | undefined;
}

/** A running fake. */
export interface FakePagerduty {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/**
 * The official examples as an account: users, schedules, on-call shifts, the incident
 * PT4KHLK and its log entries exactly as PagerDuty's OpenAPI document gives them. The
 * examples have no `/services` or `/escalation_policies` bodies, so those two are made
 * here from the references the examples hold (PIJ90N7, PT20YPA).
 */
export function officialExampleAccount(): FakePagerdutyData {
  const list = (path: string, key: string, name?: string): unknown[] => pagerdutyExample(path, name)[key] as unknown[];
  return {
    users: list("/users", "users"),
    services: [{ ...pagerdutyRef("PIJ90N7", "service", "My Mail Service"), name: "My Mail Service", description: "Mail", escalation_policy: pagerdutyRef("PT20YPA", "escalation_policy_reference") }],
    escalation_policies: [{ ...pagerdutyRef("PT20YPA", "escalation_policy", "Another Escalation Policy"), name: "Another Escalation Policy" }],
    schedules: list("/schedules", "schedules", "Basic Example"),
    oncalls: list("/oncalls", "oncalls"),
    incidents: list("/incidents", "incidents"),
    logEntries: { PT4KHLK: list("/incidents/{id}/log_entries", "log_entries") },
  };
}

const LISTS: Record<string, keyof Omit<FakePagerdutyData, "logEntries">> = {
  "/users": "users",
  "/services": "services",
  "/escalation_policies": "escalation_policies",
  "/schedules": "schedules",
  "/oncalls": "oncalls",
  "/incidents": "incidents",
};

/**
 * A PagerDuty REST API v2 stand-in on 127.0.0.1 (random port): checks the token,
 * paginates every list with `limit`/`offset`/`more` like the real one, and answers the
 * given faults (429 with `Retry-After`, 5xx) before succeeding. Records every request.
 */
export async function startFakePagerduty(options: { token: string; data?: FakePagerdutyData; faults?: FakeFault[] }): Promise<FakePagerduty> {
  const data = options.data ?? officialExampleAccount();
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const seen: FakeRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 200,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    };
    requests.push(seen);
    const send = (status: number, body: PagerdutyJson, headers: Record<string, string> = {}): void => {
      seen.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { error: { message: "Method Not Allowed" } });
    if (req.headers.authorization !== `Token token=${options.token}`) return send(401, { error: { message: "Authentication failed", code: 2006 } });
    const fault = faults.find((f) => f.path === url.pathname && f.left > 0);
    if (fault) {
      fault.left -= 1;
      return send(fault.status, { error: { message: fault.status === 429 ? "Rate Limit Exceeded" : "Internal Server Error" } }, fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter });
    }
    const logEntries = /^\/incidents\/([^/]+)\/log_entries$/.exec(url.pathname);
    const list = LISTS[url.pathname];
    const key = logEntries ? "log_entries" : list;
    const items = logEntries ? data.logEntries[decodeURIComponent(logEntries[1] ?? "")] : list ? data[list] : undefined;
    if (key === undefined || items === undefined) return send(404, { error: { message: "Not Found", code: 2100 } });
    const limit = Number(url.searchParams.get("limit") ?? 25);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    send(200, { [key]: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length, total: null });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
