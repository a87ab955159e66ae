import type { Store } from "../db/connection.js";
import {
  DEFAULT_PAGERDUTY_API_URL,
  fetchPagerdutyWindow,
  PagerdutyApiClient,
  type PagerdutyApiOptions,
  type PagerdutyFetchProgress,
} from "../importers/pagerduty/api-client.js";
import { parseIsoTime } from "../importers/pagerduty/pagerduty-parser.js";
import { InputError } from "../core/errors.js";
import { type PagerdutyImportSummary, type PagerdutyProgress, storePagerdutyFiles } from "./import-pagerduty.js";

/** Options for {@link syncPagerduty}. */
export interface PagerdutySyncOptions {
  /** Start of the window (ISO 8601): incidents created and shifts on call from then. */
  since: string;
  /** End of the window (ISO 8601); now when absent. */
  until?: string | undefined;
  /** A PagerDuty REST API key (the CLI reads `PAGERDUTY_TOKEN`). */
  token: string | undefined;
  /** The API's base URL; {@link DEFAULT_PAGERDUTY_API_URL} when absent. */
  apiUrl?: string | undefined;
  /** Who runs the sync, for the audit trail. */
  actor: string;
  /** Paging and retry settings (tests use small ones). */
  client?: Omit<PagerdutyApiOptions, "token" | "baseUrl"> | undefined;
  onFetchProgress?: PagerdutyFetchProgress | undefined;
  onStoreProgress?: PagerdutyProgress | undefined;
}

/**
 * `debrief sync pagerduty --since …`: fetches users, services, escalation policies,
 * schedules, on-call shifts, incidents and their log entries from the live API, then
 * stores them exactly as a folder import would, in one transaction. Nothing is written
 * until every request has succeeded, so a refused token or an outage leaves the store
 * as it was.
 */
export async function syncPagerduty(store: Store, options: PagerdutySyncOptions): Promise<PagerdutyImportSummary> {
  const token = options.token?.trim();
  if (!token) throw new InputError("PAGERDUTY_TOKEN is not set: give a PagerDuty REST API key (read-only is enough)");
  const since = parseWindowTime(options.since, "--since");
  const until = options.until === undefined ? Date.now() : parseWindowTime(options.until, "--until");
  if (until <= since) throw new InputError("--until must be after --since");
  const baseUrl = options.apiUrl ?? DEFAULT_PAGERDUTY_API_URL;
  if (!/^https?:\/\/[^/]/i.test(baseUrl) || !URL.canParse(baseUrl)) throw new InputError(`the PagerDuty API URL ${JSON.stringify(baseUrl)} is not an http(s) URL`);
  const client = new PagerdutyApiClient({ ...options.client, token, baseUrl });
  const files = await fetchPagerdutyWindow(client, { since, until }, options.onFetchProgress);
  return storePagerdutyFiles(store, {
    sourceName: `${client.baseUrl} ${new Date(since).toISOString()}..${new Date(until).toISOString()}`,
    actor: options.actor,
    auditAction: "sync.pagerduty",
    files,
    total: files.length,
    onProgress: options.onStoreProgress,
  });
}

function parseWindowTime(text: string, flag: string): number {
  const trimmed = text.trim();
  // A date alone means midnight UTC; a date-time needs its zone, or it would silently
  // mean this machine's.
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? Date.parse(trimmed) : parseIsoTime(trimmed);
  if (ms === null || Number.isNaN(ms)) {
    throw new InputError(`${flag} must be an ISO 8601 date (2024-03-14) or date-time with a zone (2024-03-14T02:00:00Z), got ${JSON.stringify(text)}`);
  }
  return ms;
}
