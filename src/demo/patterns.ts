/*
 * The patterns the insights look for, planted in the demo company's history so a
 * newcomer finds each of them: a person paged night after night in the week the clocks
 * changed where they live, a service that keeps failing the same way, the expert from
 * another team pulled into every one of its incidents, and a former owner of the
 * service asked back years after leaving its team. They are extra incidents, chosen
 * with their own random stream after the ordinary ones are planned, so the ordinary
 * incidents stay exactly as they were.
 */
import { type Company, type Person, type Service, formerMembersAt, isEmployedAt, owningTeamAt, teamAt } from "./company.js";
import type { Random } from "./random.js";
import type { IncidentPlan, Severity } from "./scenario.js";
import { THEMES, type IncidentTheme } from "./themes.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, TIME_ZONES, WEEK_MS, isoDate, isoInZone, localTimeToUtc, offsetChanges, utcWeekStart } from "./time.js";

/** Demos from this many messages get the planted patterns; smaller ones cannot afford their messages. */
export const PATTERN_MIN_MESSAGES = 10_000;

/** Nights in a row the night-week person is paged: Monday's night to Saturday's, the clocks changing in the last. */
export const NIGHT_WEEK_NIGHTS = 6;

/** The former owner asked back had left the team at least this many years before. */
export const FORMER_OWNER_YEARS = 3;

/**
 * Most messages a planted incident gets. About three per person, so at most six people:
 * fewer than the incidents the learning demo reviews, which it picks by their people.
 */
const PLANT_MAX_BUDGET = 26;

/** Incidents of the service that keeps failing, beyond the ordinary ones it may have. */
export const FAILING_SERVICE_INCIDENTS = 5;

/** What was planted, for the manifest, the tests and the README. Incident ids are the demo's (`INC-0053`). */
export interface DemoPatterns {
  /** One person paged on six nights in a row, in a week when their zone changed its clocks. */
  nightWeek: {
    personId: string;
    team: string;
    timezone: string;
    /** Monday of the ISO week (UTC), `YYYY-MM-DD`. */
    weekStart: string;
    /** When the clocks changed in their zone, ISO 8601 in UTC. */
    clockChange: string;
    incidentIds: string[];
  } | null;
  /** A service that kept failing the same way. */
  failingService: { service: string; team: string; theme: string; incidentIds: string[] } | null;
  /** The person from another team @-mentioned into every incident of the failing service, for what they know of one of its dependencies. */
  silo: { personId: string; team: string; knows: string; incidentIds: string[] } | null;
  /** Someone who left the failing service's owning team years before, asked back into one of its planted incidents. */
  formerOwner: { personId: string; team: string; leftOn: string; incidentId: string; /** Which of the failing service's planted incidents, from 0. */ index: number } | null;
}

/** How a planted incident differs from an ordinary one. */
export interface IncidentPlant {
  service: Service;
  theme?: IncidentTheme;
  /** Services after the primary one (its dependencies in the story). */
  dependencies?: string[];
  /** People @-mentioned into the channel early on, whatever the incident's size. */
  called?: { person: Person; formerOwner: boolean }[];
}

/** One planted incident to plan: when it starts (to the minute), how bad and big it is, its PagerDuty number. */
export interface PlannedPlant {
  roughStart: number;
  severity: Severity;
  budget: number;
  number: number;
  plant: IncidentPlant;
  kind: "night" | "failing";
}

/** Who a team's rota puts on call at an instant (see `scheduledOnCall`). */
export type OnCallRule = (team: string, at: number) => { primary: Person; secondary: Person | null };

/** What {@link choosePatterns} needs to know about the demo planned so far. */
export interface PatternContext {
  company: Company;
  rng: Random;
  /** The ordinary incidents, in start order. */
  incidents: readonly IncidentPlan[];
  period: { from: number; to: number };
  onCall: OnCallRule;
  /** The ordinary busy week, left alone. */
  busyWeek: { personId: string; from: number } | null;
  /** The go-to experts and the system each knows. */
  experts: readonly { person: Person; service: string }[];
}

/** The planted incidents to plan, and what they show (without incident ids yet). */
export interface PatternChoice {
  plants: PlannedPlant[];
  patterns: DemoPatterns;
}

/**
 * Chooses the planted patterns for a demo: the night week, then the failing service
 * with its silo expert and former owner. Deterministic in `rng`; a pattern that finds
 * no fitting person, week or service is left out (null).
 */
export function choosePatterns(context: PatternContext): PatternChoice {
  const numbers = new NumberGaps(context.incidents);
  const plants: PlannedPlant[] = [];
  const patterns: DemoPatterns = { nightWeek: null, failingService: null, silo: null, formerOwner: null };
  const night = chooseNightWeek(context, numbers);
  if (night) {
    plants.push(...night.plants);
    patterns.nightWeek = night.pattern;
  }
  const busy = [...(context.busyWeek ? [{ personId: context.busyWeek.personId, from: context.busyWeek.from }] : []), ...(night ? [{ personId: night.pattern.personId, from: night.from }] : [])];
  const failing = chooseFailingService(context, numbers, busy);
  if (failing) {
    plants.push(...failing.plants);
    patterns.failingService = failing.failingService;
    patterns.silo = failing.silo;
    patterns.formerOwner = failing.formerOwner;
  }
  return { plants, patterns };
}

/**
 * The week: a daylight-saving change in some on-call person's zone, in a week their
 * team's rota has them on call. Their pages come between 00:40 and 04:50 local time on
 * the six nights from Monday's to Saturday's, the last one after the clocks moved.
 */
function chooseNightWeek(context: PatternContext, numbers: NumberGaps): { plants: PlannedPlant[]; pattern: NonNullable<DemoPatterns["nightWeek"]>; from: number } | null {
  const { company, rng } = context;
  const candidates: { person: Person; team: string; tz: string; change: number; week: number; starts: number[] }[] = [];
  for (const zone of TIME_ZONES) {
    for (const change of offsetChanges(context.period.from + 2 * WEEK_MS, context.period.to - 2 * WEEK_MS, zone.tz)) {
      const sunday = isoInZone(change, zone.tz).slice(0, 10);
      const week = utcWeekStart(localTimeToUtc(sunday, 4 * 60, zone.tz));
      if (context.busyWeek && Math.abs(context.busyWeek.from - week) < 2 * WEEK_MS) continue;
      for (const team of company.teams.filter((t) => t.onCall)) {
        const { primary } = context.onCall(team.key, week);
        if (primary.timezone !== zone.tz || primary.role !== "engineer") continue;
        if (teamAt(primary, week) !== team.key || teamAt(primary, week + WEEK_MS - 1) !== team.key) continue;
        if (!company.services.some((s) => owningTeamAt(s, week) === team.key)) continue;
        candidates.push({ person: primary, team: team.key, tz: zone.tz, change, week, starts: [] });
      }
    }
  }
  for (const candidate of rng.shuffle(candidates)) {
    const sunday = isoInZone(candidate.change, candidate.tz).slice(0, 10);
    const starts: number[] = [];
    for (let k = 0; k < NIGHT_WEEK_NIGHTS; k += 1) {
      const date = isoDate(Date.parse(`${sunday}T00:00:00Z`) - (NIGHT_WEEK_NIGHTS - 1 - k) * DAY_MS);
      // Pages come up to 13 minutes after the start; the last night's is after any change of the clocks (02:00–03:00).
      const minute = k === NIGHT_WEEK_NIGHTS - 1 ? rng.int(3 * 60 + 10, 4 * 60 + 35) : rng.int(40, 4 * 60 + 35);
      starts.push(localTimeToUtc(date, minute, candidate.tz));
    }
    if (starts.some((t) => t < candidate.week || t + 15 * MINUTE_MS >= candidate.week + WEEK_MS)) continue;
    const taken = numbers.take(starts);
    if (!taken) continue;
    const owned = company.services.filter((s) => owningTeamAt(s, candidate.week) === candidate.team);
    const plants = starts.map((roughStart, k): PlannedPlant => ({
      roughStart,
      severity: rng.chance(0.6) ? "SEV3" : "SEV4",
      budget: rng.int(20, PLANT_MAX_BUDGET),
      number: taken[k] as number,
      plant: { service: rng.weighted(owned, owned.map((s) => (s.tier === 1 ? 3 : s.tier === 2 ? 2 : 1))) },
      kind: "night",
    }));
    return {
      plants,
      from: candidate.week,
      pattern: {
        personId: candidate.person.id,
        team: candidate.team,
        timezone: candidate.tz,
        weekStart: isoDate(candidate.week),
        clockChange: new Date(candidate.change).toISOString(),
        incidentIds: [],
      },
    };
  }
  return null;
}

/**
 * The failing service: one that depends on a go-to expert's system, owned by a team
 * the expert is not on, with a failure of its own (a theme written for it) and a
 * former member of its owning team still at the company. Its incidents are spread over
 * the years; in each the responders @-mention the expert, and in one also a former
 * owner, first asked back at least {@link FORMER_OWNER_YEARS} years after leaving (two
 * where no service allows that).
 */
function chooseFailingService(
  context: PatternContext,
  numbers: NumberGaps,
  busy: { personId: string; from: number }[],
): { plants: PlannedPlant[]; failingService: NonNullable<DemoPatterns["failingService"]>; silo: NonNullable<DemoPatterns["silo"]>; formerOwner: DemoPatterns["formerOwner"] } | null {
  const { company, rng } = context;
  const options: { expert: { person: Person; service: string }; service: Service; theme: IncidentTheme }[] = [];
  for (const expert of context.experts) {
    for (const service of company.services.filter((s) => s.dependsOn.includes(expert.service)).sort((a, b) => (a.key < b.key ? -1 : 1))) {
      // A failure of its own, named after it, the same wherever it happens.
      for (const theme of THEMES.filter((t) => !t.private && t.services.includes(service.key) && t.title.includes("{svc}") && !t.title.includes("{region}"))) options.push({ expert, service, theme });
    }
  }
  // A service that already failed this way in the ordinary history keeps failing most convincingly.
  const score = (o: (typeof options)[number]): number => context.incidents.reduce((sum, i) => sum + (i.primaryService !== o.service.key ? 0 : i.themeKey === o.theme.key ? 2 : 1), 0);
  const ranked = rng.shuffle(options).map((o) => ({ o, score: score(o) })).sort((a, b) => b.score - a.score).map((x) => x.o);
  const from = context.period.from + 26 * WEEK_MS;
  const to = context.period.to - 2 * WEEK_MS;
  const onCallThen = (person: Person, at: number): boolean => {
    const team = teamAt(person, at);
    if (busy.some((b) => b.personId === person.id && at >= b.from && at < b.from + WEEK_MS)) return true;
    if (!team) return false;
    const { primary, secondary } = context.onCall(team, at);
    return primary.id === person.id || secondary?.id === person.id;
  };
  type Attempt = { option: (typeof options)[number]; starts: number[]; former: { person: Person; k: number; left: number; years: number } };
  const attempt = (option: (typeof options)[number]): Attempt | null => {
    const { expert, service } = option;
    const fits = (at: number): boolean => {
      const end = at + 12 * HOUR_MS;
      const team = teamAt(expert.person, at);
      return isEmployedAt(expert.person, end) && team !== null && team === teamAt(expert.person, end) && team !== owningTeamAt(service, at) && owningTeamAt(service, at) === owningTeamAt(service, end) && !onCallThen(expert.person, at);
    };
    const starts: number[] = [];
    const segment = (to - from) / FAILING_SERVICE_INCIDENTS;
    for (let k = 0; k < FAILING_SERVICE_INCIDENTS; k += 1) {
      for (let tries = 0; tries < 24; tries += 1) {
        const at = Math.floor((from + (k + rng.float(0.1, 0.9)) * segment) / MINUTE_MS) * MINUTE_MS;
        if (fits(at)) {
          starts.push(at);
          break;
        }
      }
    }
    if (starts.length < FAILING_SERVICE_INCIDENTS) return null;
    // The former owner: of the people who left the owning team, the one whose first call back since leaving
    // (what ownership drift measures) comes longest after, asked into whichever of these incidents allows it.
    let former: Attempt["former"] | null = null;
    starts.forEach((at, k) => {
      const team = owningTeamAt(service, at);
      for (const p of formerMembersAt(company, team, at)) {
        if (busy.some((b) => b.personId === p.id) || p.id === expert.person.id || !isEmployedAt(p, at + 12 * HOUR_MS) || onCallThen(p, at)) continue;
        const left = Math.max(...p.history.filter((m) => m.team === team && m.toMs !== null && m.toMs <= at).map((m) => m.toMs as number));
        const earlier = context.incidents.filter((i) => i.owningTeam === team && i.startedAt > left && i.startedAt < at && i.people.some((x) => x.personId === p.id && x.how !== "joined"));
        const years = (Math.min(at, ...earlier.map((i) => i.startedAt)) - left) / (365 * DAY_MS);
        if (!former || years > former.years) former = { person: p, k, left, years };
      }
    });
    return former && numbers.peek(starts) ? { option, starts, former } : null;
  };
  // The first option whose former owner was away long enough; else the one away longest, if two years or more.
  let chosen: Attempt | null = null;
  for (const option of ranked) {
    const a = attempt(option);
    if (!a || a.former.years < 2) continue;
    if (!chosen || a.former.years > chosen.former.years) chosen = a;
    if (a.former.years >= FORMER_OWNER_YEARS) break;
  }
  if (!chosen) return null;
  const { option, starts, former } = chosen;
  // Nothing was taken since the peek, so the same numbers are free.
  const taken = numbers.take(starts);
  if (!taken) return null;
  const plants = starts.map((roughStart, k): PlannedPlant => ({
    roughStart,
    severity: rng.chance(0.3) ? "SEV2" : "SEV3",
    budget: rng.int(22, PLANT_MAX_BUDGET),
    number: taken[k] as number,
    plant: {
      service: option.service,
      theme: option.theme,
      dependencies: [option.expert.service],
      called: [{ person: option.expert.person, formerOwner: false }, ...(k === former.k ? [{ person: former.person, formerOwner: true }] : [])],
    },
    kind: "failing",
  }));
  return {
    plants,
    failingService: { service: option.service.key, team: owningTeamAt(option.service, to), theme: option.theme.key, incidentIds: [] },
    silo: { personId: option.expert.person.id, team: teamAt(option.expert.person, starts[0] as number) ?? "", knows: option.expert.service, incidentIds: [] },
    formerOwner: { personId: former.person.id, team: owningTeamAt(option.service, starts[former.k] as number), leftOn: isoDate(former.left), incidentId: "", index: former.k },
  };
}

/**
 * PagerDuty incident numbers for planted incidents: free numbers between those of the
 * ordinary incidents around them, so numbers still rise with time.
 */
class NumberGaps {
  readonly #incidents: readonly IncidentPlan[];
  readonly #taken = new Set<number>();

  constructor(incidents: readonly IncidentPlan[]) {
    this.#incidents = incidents.slice().sort((a, b) => a.detectedAt - b.detectedAt || a.number - b.number);
    for (const i of incidents) this.#taken.add(i.number);
  }

  /** Takes one free number per instant, rising with them, or returns null (taking nothing) when a gap is too small. */
  take(times: readonly number[]): number[] | null {
    const numbers = this.peek(times);
    if (numbers) for (const n of numbers) this.#taken.add(n);
    return numbers;
  }

  /** The numbers {@link take} would take, without taking them. */
  peek(times: readonly number[]): number[] | null {
    const out: number[] = [];
    const chosen = new Set<number>();
    let floor = -Infinity;
    for (const at of times.slice().sort((a, b) => a - b)) {
      const before = this.#incidents.filter((i) => i.detectedAt <= at).pop();
      const after = this.#incidents.find((i) => i.detectedAt > at);
      let n = Math.max(floor + 1, before ? before.number + 1 : (after?.number ?? 1) - 100);
      while (this.#taken.has(n) || chosen.has(n)) n += 1;
      if (after && n >= after.number) return null;
      out.push(n);
      chosen.add(n);
      floor = n;
    }
    const order = times.map((t, k) => ({ t, k })).sort((a, b) => a.t - b.t);
    const byInput: number[] = new Array<number>(times.length);
    order.forEach(({ k }, j) => {
      byInput[k] = out[j] as number;
    });
    return byInput;
  }
}
