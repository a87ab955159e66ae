import { chaosSuggestions, fatigueProfiles, knowledgeSilos, onCallFatigue, ownershipDrift, readingList, recurringServices, siloServices } from "../analysis/insights/index.js";
import { membershipAt } from "../analysis/insights/participation.js";
import type { ChaosRow, DriftRow, FatigueProfile, FatigueRow, InsightKind, InsightsInput, ReadingListRow, ServiceRow, SiloRow, SiloServiceRow } from "../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS, type InsightSettings } from "../core/insights.js";
import type { Db, Dialect } from "../db/dialect.js";
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
export async function runInsight(db: Db, kind: InsightKind, query: InsightQuery, dialect?: Pick<Dialect, "dataVersion">): Promise<InsightResult> {
  if (!dialect || db.isTransaction) return computeInsight(await loadInsightsInput(db), kind, query);
  const version = await dialect.dataVersion(db);
  if (version === null) return computeInsight(await loadInsightsInput(db), kind, query);
  let cached = insightCache.get(db);
  if (!cached || cached.version !== version) {
    // Read before loading: data committed meanwhile makes the next version differ, so a
    // cached answer is never older than the version it is filed under.
    cached = { version, input: loadInsightsInput(db), results: new Map() };
    insightCache.set(db, cached);
    cached.input.catch(() => {
      if (insightCache.get(db) === cached) insightCache.delete(db);
    });
  }
  const key = JSON.stringify([kind, query]);
  const hit = cached.results.get(key);
  if (hit) return hit;
  const result = computeInsight(await cached.input, kind, query);
  cached.results.set(key, result);
  if (cached.results.size > MAX_CACHED_RESULTS) cached.results.delete(cached.results.keys().next().value as string);
  return result;
}

/** Answers kept per store for the current data version (the oldest goes first). */
const MAX_CACHED_RESULTS = 64;

/**
 * Per store, what the insights were computed from and the answers given, for one data
 * version: loading every incident's participation reads every incident message, so
 * the pages (which ask for several insights at once) load it once per change to the data.
 */
const insightCache = new WeakMap<Db, { version: string; input: Promise<InsightsInput>; results: Map<string, InsightResult> }>();

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
