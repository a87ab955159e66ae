import { chaosSuggestions, fatigueProfiles, knowledgeSilos, onCallFatigue, ownershipDrift, readingList, recurringServices, siloServices } from "../analysis/insights/index.js";
import { membershipAt } from "../analysis/insights/participation.js";
import type { ChaosRow, DriftRow, FatigueProfile, FatigueRow, InsightKind, InsightsInput, ReadingListRow, ServiceRow, SiloRow, SiloServiceRow } from "../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS, type InsightSettings } from "../core/insights.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { startWorker } from "../importers/worker.js";
import type { InsightWorkerReply, InsightWorkerRequest } from "./insights-worker.js";
import { loadInsightsInput } from "../db/repositories/insights.js";
import { InputError } from "./create-incident.js";

/** What every insight is asked for. */
export interface InsightQuery {
  /** Epoch ms, inclusive; null for open. */
  from: number | null;
  to: number | null;
  /** Only rows about this team (by name); null for all teams. */
  team: string | null;
  /** Fatigue only: rows from this many pages a week (default 3). */
  minPages?: number;
  settings?: Partial<InsightSettings>;
}

/** Each insight's answer. */
export type InsightResult =
  | { kind: "silos"; rows: SiloRow[]; services: SiloServiceRow[] }
  | { kind: "fatigue"; rows: FatigueRow[]; profiles: FatigueProfile[] }
  | { kind: "drift"; rows: DriftRow[] }
  | { kind: "services"; rows: ServiceRow[] }
  | { kind: "chaos"; rows: ChaosRow[] };

/**
 * Computes one insight over every incident, loaded in one batch, and keeps the rows
 * about `team` when one is given: silos and fatigue by the person's team at the time,
 * drift by the former team, services and chaos by the current owning team. With the
 * store's dialect, answers are cached until the store's data version changes.
 */
export async function runInsight(db: Db, kind: InsightKind, query: InsightQuery, store?: Pick<Store, "dialect" | "url">): Promise<InsightResult> {
  if (!store || db.isTransaction) return computeInsight(await loadInsightsInput(db), kind, query);
  const version = await store.dialect.dataVersion(db);
  const offThread = store.dialect.name === "sqlite" && !/^(sqlite:|file:)?(\/\/)?:memory:$/.test(store.url);
  if (version === null) return offThread ? insightWorker(store.url).ask(`unversioned:${(unversioned += 1)}`, kind, query) : computeInsight(await loadInsightsInput(db), kind, query);
  let cached = insightCache.get(db);
  if (!cached || cached.version !== version) {
    cached = { version, input: null, results: new Map() };
    insightCache.set(db, cached);
  }
  const key = JSON.stringify([kind, query]);
  const hit = cached.results.get(key);
  if (hit) return hit;
  const entry = cached;
  let answer: Promise<InsightResult>;
  if (offThread) answer = insightWorker(store.url).ask(version, kind, query);
  else {
    // Read the version before loading: data committed meanwhile makes the next version
    // differ, so a cached answer is never older than the version it is filed under.
    entry.input ??= loadInsightsInput(db);
    answer = entry.input.then((input) => computeInsight(input, kind, query));
  }
  entry.results.set(key, answer);
  answer.catch(() => entry.results.delete(key));
  if (entry.results.size > MAX_CACHED_RESULTS) entry.results.delete(entry.results.keys().next().value as string);
  return answer;
}

/** Answers kept per store for the current data version (the oldest goes first). */
const MAX_CACHED_RESULTS = 64;
let unversioned = 0;

/**
 * Per store, for one data version, what the insights were computed from (when computed
 * in this thread) and the answers given: loading every incident's participation reads
 * every incident message, so the pages (which ask for several insights at once) load it
 * once per change to the data.
 */
const insightCache = new WeakMap<Db, { version: string; input: Promise<InsightsInput> | null; results: Map<string, Promise<InsightResult>> }>();

/** How long a SQLite store's insights worker stays up with nothing to do. */
const WORKER_IDLE_MS = 60_000;
const workers = new Map<string, { ask(version: string, kind: InsightKind, query: InsightQuery): Promise<InsightResult> }>();

/**
 * The worker thread that computes insights for the SQLite store at `url` on its own
 * read connection (WAL lets it read while the server writes), started on first use and
 * stopped after a minute without questions.
 */
function insightWorker(url: string): { ask(version: string, kind: InsightKind, query: InsightQuery): Promise<InsightResult> } {
  const existing = workers.get(url);
  if (existing) return existing;
  const worker = startWorker(new URL(`./insights-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url), { url });
  worker.unref();
  const waiting = new Map<number, { resolve(result: InsightResult): void; reject(error: Error): void }>();
  let next = 0;
  let idle: NodeJS.Timeout | null = null;
  const stop = (error: Error): void => {
    workers.delete(url);
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on("message", (reply: InsightWorkerReply) => {
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if ("result" in reply) pending.resolve(reply.result);
    else pending.reject(reply.input ? new InputError(reply.error) : new Error(`insights: ${reply.error}`));
    if (waiting.size === 0) {
      idle = setTimeout(() => {
        workers.delete(url);
        void worker.terminate();
      }, WORKER_IDLE_MS);
      idle.unref();
    }
  });
  worker.on("error", (error) => stop(error));
  worker.on("exit", (code) => stop(new Error(`insights worker stopped (exit code ${code})`)));
  const handle = {
    ask(version: string, kind: InsightKind, query: InsightQuery): Promise<InsightResult> {
      if (idle) clearTimeout(idle);
      idle = null;
      const id = (next += 1);
      return new Promise<InsightResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, version, kind, query } satisfies InsightWorkerRequest);
      });
    },
  };
  workers.set(url, handle);
  return handle;
}

/** {@link runInsight} on data already loaded (benchmarks, several insights at once). */
export function computeInsight(input: InsightsInput, kind: InsightKind, query: InsightQuery): InsightResult {
  const range = { from: query.from, to: query.to };
  if (range.from !== null && range.to !== null && range.from > range.to) throw new InputError("--from must not be after --to");
  const settings = { ...DEFAULT_INSIGHT_SETTINGS, ...query.settings };
  const team = query.team;
  const onTeamAt = (personId: number, at: number) => {
    const person = input.people.get(personId);
    return person !== undefined && membershipAt(person, at)?.team === team;
  };
  switch (kind) {
    case "silos": {
      const rows = knowledgeSilos(input, range, settings);
      const services = siloServices(input, range, settings);
      if (team === null) return { kind, rows, services };
      const owned = new Set([...input.services.values()].filter((s) => s.owners.some((o) => o.team === team && o.toAt === null)).map((s) => s.id));
      return { kind, rows: rows.filter((r) => r.teams.includes(team)), services: services.filter((s) => owned.has(s.service.id)) };
    }
    case "fatigue": {
      const rows = onCallFatigue(input, range, query.minPages ?? settings.minWeeklyPages, settings);
      const profiles = fatigueProfiles(input, range, settings);
      if (team === null) return { kind, rows, profiles };
      const kept = rows.filter((r) => r.evidence.some((e) => onTeamAt(r.person.id, Date.parse(e.at))));
      const ids = new Set(kept.map((r) => r.person.id));
      return { kind, rows: kept, profiles: profiles.filter((p) => ids.has(p.person.id)) };
    }
    case "drift": {
      const rows = ownershipDrift(input, range);
      return { kind, rows: team === null ? rows : rows.filter((r) => r.team === team) };
    }
    case "services": {
      const rows = recurringServices(input, range, settings);
      return { kind, rows: team === null ? rows : rows.filter((r) => r.owningTeams.includes(team)) };
    }
    case "chaos": {
      const rows = chaosSuggestions(input, range, settings);
      return { kind, rows: team === null ? rows : rows.filter((r) => r.owningTeam === team) };
    }
  }
}

/** A newcomer's reading list for a team, by name; undefined for an unknown team. */
export async function teamReadingList(db: Db, team: string, now = Date.now()): Promise<ReadingListRow[] | undefined> {
  const row = await db.selectFrom("teams").select("id").where("name", "=", team).executeTakeFirst();
  if (!row) return undefined;
  return readingList(await loadInsightsInput(db), row.id, now);
}

/** The current team of the person linked to an account, or null. */
export async function currentTeamOfUser(db: Db, userId: number, now = Date.now()): Promise<string | null> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("teamMemberships as tm", "tm.personId", "u.personId")
    .innerJoin("teams as t", "t.id", "tm.teamId")
    .where("u.id", "=", userId)
    .where("tm.fromAt", "<=", now)
    .where((eb) => eb.or([eb("tm.toAt", "is", null), eb("tm.toAt", ">", now)]))
    .select("t.name")
    .orderBy("tm.fromAt", "desc")
    .executeTakeFirst();
  return row?.name ?? null;
}

/** Parses a `--from`/`--to` value: `YYYY-MM-DD` (the start of that UTC day, or its end for `to`) or an ISO instant. */
export function parseInsightDate(text: string | undefined, field: "from" | "to"): number | null {
  if (text === undefined || text === "") return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new InputError(`${field}: expected a date (YYYY-MM-DD) or an ISO 8601 time, got ${JSON.stringify(text)}`);
  return dateOnly && field === "to" ? ms + 86_400_000 - 1 : ms;
}
