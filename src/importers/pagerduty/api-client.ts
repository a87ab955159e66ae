import { setTimeout as sleep } from "node:timers/promises";
import { ImportError } from "../../core/errors.js";
import type { PagerdutyFile } from "./pagerduty-folder.js";
import { type PagerdutyParseOptions, parsePagerdutyBody } from "./pagerduty-parser.js";

const NETWORK_RETRIES = 2;

/** PagerDuty's REST API, unless `PAGERDUTY_API_URL` or `--api-url` says otherwise. */
export const DEFAULT_PAGERDUTY_API_URL = "https://api.pagerduty.com";

/** How to reach the API and how patient to be with it. */
export interface PagerdutyApiOptions {
  /** A REST API key; sent only in the Authorization header, never logged. */
  token: string;
  baseUrl?: string;
  /** `limit` per page (PagerDuty allows up to 100). */
  pageSize?: number;
  /** Retries after a 429 or a 5xx, per request (network errors: at most 2). */
  maxRetries?: number;
  /** The longest `Retry-After` honoured; longer ones are cut to this. */
  maxRetryAfterMs?: number;
  /** First back-off after a 5xx or network error; doubles each retry. */
  backoffMs?: number;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** Called after every HTTP response, retried ones included. */
  onResponse?: (response: { url: string; status: number }) => void;
}

/** One response body and the URL it came from. */
export interface PagerdutyResponse {
  url: string;
  body: unknown;
}

/**
 * A small read-only client for PagerDuty's REST API v2 on Node's global fetch: classic
 * offset pagination, `Retry-After` on 429, back-off on 5xx and network errors, and
 * errors that name the URL (which never holds the token).
 */
export class PagerdutyApiClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #pageSize: number;
  readonly #maxRetries: number;
  readonly #maxRetryAfterMs: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  readonly #onResponse: PagerdutyApiOptions["onResponse"];

  constructor(options: PagerdutyApiOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_PAGERDUTY_API_URL).replace(/\/+$/, "");
    this.#token = options.token;
    this.#pageSize = options.pageSize ?? 100;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.#backoffMs = options.backoffMs ?? 1_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#onResponse = options.onResponse;
  }

  /** GETs one resource, retrying what is worth retrying. */
  async get(path: string, params: Record<string, string> = {}): Promise<PagerdutyResponse> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const shown = url.toString();
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { Authorization: `Token token=${this.#token}`, Accept: "application/vnd.pagerduty+json;version=2" },
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        // A connection that cannot be made is far more often a wrong URL than a blip:
        // retry it only a little, so a typo fails in seconds, not minutes.
        if (attempt >= Math.min(this.#maxRetries, NETWORK_RETRIES)) {
          throw new ImportError(`GET ${shown}: ${networkMessage(error)} (gave up after ${attempt + 1} attempts)`);
        }
        await sleep(this.#backoff(attempt));
        continue;
      }
      this.#onResponse?.({ url: shown, status: response.status });
      if (response.status === 429 || response.status >= 500) {
        // Read the body so the connection can be reused.
        await response.arrayBuffer().catch(() => undefined);
        if (attempt >= this.#maxRetries) {
          throw new ImportError(`GET ${shown}: HTTP ${response.status}${response.status === 429 ? " (rate limited)" : ""}, gave up after ${attempt + 1} attempts`);
        }
        const wait = response.status === 429 ? this.#retryAfter(response.headers.get("retry-after"), attempt) : this.#backoff(attempt);
        await sleep(wait);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        await response.arrayBuffer().catch(() => undefined);
        throw new ImportError(
          `GET ${shown}: PagerDuty refused the token (HTTP ${response.status}${response.status === 403 ? ", no access to this resource" : ""}): check PAGERDUTY_TOKEN`,
        );
      }
      const text = await response.text();
      if (!response.ok) throw new ImportError(`GET ${shown}: HTTP ${response.status}: ${errorMessage(text)}`);
      try {
        return { url: shown, body: JSON.parse(text) };
      } catch {
        throw new ImportError(`GET ${shown}: the response is not JSON (${JSON.stringify(text.slice(0, 80))})`);
      }
    }
  }

  /** Every page of a list endpoint (`limit`, `offset`, `more`), in order. */
  async *list(path: string, key: string, params: Record<string, string> = {}): AsyncGenerator<PagerdutyResponse> {
    let offset = 0;
    for (;;) {
      const page = await this.get(path, { ...params, limit: String(this.#pageSize), offset: String(offset) });
      yield page;
      const body = page.body as Record<string, unknown> | null;
      const items = body !== null && typeof body === "object" ? body[key] : undefined;
      // An empty page that claims more would loop for ever.
      if (body === null || typeof body !== "object" || body.more !== true || !Array.isArray(items) || items.length === 0) return;
      offset += items.length;
    }
  }

  #backoff(attempt: number): number {
    return this.#backoffMs * 2 ** attempt;
  }

  #retryAfter(header: string | null, attempt: number): number {
    if (header === null) return this.#backoff(attempt);
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (Number.isNaN(ms)) return this.#backoff(attempt);
    return Math.min(Math.max(0, ms), this.#maxRetryAfterMs);
  }
}

/** The time window a sync covers, as epoch ms. */
export interface PagerdutyWindow {
  since: number;
  until: number;
}

/** Progress while fetching: requests answered, and the step under way. */
export type PagerdutyFetchProgress = (progress: { done: number; total: number; detail: string }) => void;

/**
 * Fetches everything a sync stores, parsing each response as it arrives (only the
 * compact records are kept, not the bodies): users, services, escalation policies,
 * schedules, the on-call shifts and incidents of the window, then each incident's log
 * entries. Nothing is stored here: the caller stores the result in one transaction once
 * everything has been fetched.
 */
export async function fetchPagerdutyWindow(client: PagerdutyApiClient, window: PagerdutyWindow, onProgress?: PagerdutyFetchProgress): Promise<PagerdutyFile[]> {
  const files: PagerdutyFile[] = [];
  const range = { since: new Date(window.since).toISOString(), until: new Date(window.until).toISOString(), time_zone: "UTC" };
  const steps: [string, string, Record<string, string>][] = [
    ["/users", "users", {}],
    ["/services", "services", {}],
    ["/escalation_policies", "escalation_policies", {}],
    ["/schedules", "schedules", {}],
    ["/oncalls", "oncalls", range],
    ["/incidents", "incidents", range],
  ];
  let total = steps.length;
  let done = 0;
  const incidentIds: string[] = [];
  const collect = async (path: string, key: string, params: Record<string, string>, options: PagerdutyParseOptions = {}): Promise<void> => {
    for await (const page of client.list(path, key, params)) {
      const document = parsePagerdutyBody(page.body, `GET ${page.url}`, options);
      if (document.kind === "data" && key === "incidents") incidentIds.push(...document.batch.incidents.map((i) => i.externalId));
      files.push({ name: `GET ${page.url}`, document });
    }
    done += 1;
    onProgress?.({ done, total, detail: path });
  };
  for (const [path, key, params] of steps) await collect(path, key, params);
  const unique = [...new Set(incidentIds)];
  total += unique.length;
  for (const id of unique) {
    await collect(`/incidents/${encodeURIComponent(id)}/log_entries`, "log_entries", { time_zone: "UTC" }, { incidentExternalId: id });
  }
  return files;
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; errors?: unknown } };
    const message = typeof body.error?.message === "string" ? body.error.message : null;
    const details = Array.isArray(body.error?.errors) ? body.error.errors.filter((e): e is string => typeof e === "string") : [];
    if (message) return details.length > 0 ? `${message}: ${details.join("; ")}` : message;
  } catch {
    // Not JSON: show the start of the text instead.
  }
  return JSON.stringify(text.slice(0, 120));
}

function networkMessage(error: unknown): string {
  // fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, …) in `cause`.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${(error as Error).message}: ${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}
