/*
 * On-call fatigue: who is paged week after week, and at what hour of their night.
 */
import type { FatigueProfile, FatigueRow, InsightPerson, InsightSettings, InsightsInput, PageNotification } from "../../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS } from "../../core/insights.js";
import { localClock } from "../people-breakdown.js";
import { ALL_TIME, byEmail, type InsightRange, incidentRef, inRange, involvementOf, iso, personRef } from "./participation.js";

const DAY_MS = 86_400_000;

/** The ISO 8601 week (`YYYY-Www`) of an instant, in UTC. */
export function isoWeek(ms: number): string {
  const date = new Date(ms);
  const day = date.getUTCDay() || 7;
  // The Thursday of the same week decides the year.
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + (4 - day) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** How a page time reads in a person's zone. */
export interface PageClock {
  localTime: string;
  offHours: boolean;
  /** The local date (`YYYY-MM-DD`) of the night the page fell in, or null outside nights. */
  night: string | null;
}

/**
 * Off hours and night of an instant in `timeZone` (daylight saving honoured): off
 * hours before the day starts, from the day's end, or on a Saturday or Sunday; a night
 * runs from the day's end to the next day's start and belongs to the date it starts on.
 * Null when the zone is unknown or invalid.
 */
export function pageClock(ms: number, timeZone: string | null, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): PageClock | null {
  if (!timeZone) return null;
  const clock = localClock(ms, timeZone);
  if (!clock) return null;
  const date = clock.iso.slice(0, 10);
  const early = clock.hour < settings.workdayStartHour;
  const late = clock.hour >= settings.workdayEndHour;
  const weekend = clock.weekday === 0 || clock.weekday === 6;
  return { localTime: clock.iso, offHours: early || late || weekend, night: late ? date : early ? shiftDate(date, -1) : null };
}

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y as number, (m as number) - 1, (d as number) + days)).toISOString().slice(0, 10);
}

/** The longest run of consecutive dates among `dates` (`YYYY-MM-DD`). */
export function longestDateRun(dates: Iterable<string>): number {
  const days = [...new Set(dates)].map((d) => Date.parse(`${d}T00:00:00Z`) / DAY_MS).sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < days.length; i += 1) {
    run = i > 0 && (days[i] as number) - (days[i - 1] as number) === 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/** A page: the earliest notification of one person for one PagerDuty incident. */
export interface Page {
  personId: number;
  pagerdutyIncidentId: string;
  logEntryId: number;
  at: number;
}

/**
 * Pages from notifications: for each (person, PagerDuty incident) the earliest
 * notification; later ones (re-notifications) are not new pages. PagerDuty incidents
 * linked to no incident channel count like any other.
 */
export function pagesOf(notifications: readonly PageNotification[], range: InsightRange = ALL_TIME): Page[] {
  const earliest = new Map<string, Page>();
  for (const n of notifications) {
    const key = `${n.personId}|${n.pagerdutyIncidentId}`;
    const seen = earliest.get(key);
    if (!seen || n.at < seen.at || (n.at === seen.at && n.logEntryId < seen.logEntryId)) earliest.set(key, { personId: n.personId, pagerdutyIncidentId: n.pagerdutyIncidentId, logEntryId: n.logEntryId, at: n.at });
  }
  return [...earliest.values()].filter((p) => inRange(p.at, range)).sort((a, b) => a.at - b.at || a.logEntryId - b.logEntryId);
}

/**
 * Per person and ISO week (UTC) of the page time: pages, off-hours pages and the
 * longest run of consecutive nights with an off-hours page. Rows with at least
 * `minPages` pages, by pages (desc), e-mail, week.
 */
export function onCallFatigue(input: InsightsInput, range: InsightRange = ALL_TIME, minPages = DEFAULT_INSIGHT_SETTINGS.minWeeklyPages, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): FatigueRow[] {
  const linked = linkedIncidents(input);
  const groups = new Map<string, { person: InsightPerson; week: string; pages: Page[] }>();
  for (const page of pagesOf(input.notifications, range)) {
    const person = input.people.get(page.personId);
    if (!person) continue;
    const week = isoWeek(page.at);
    const key = `${person.id}|${week}`;
    const group = groups.get(key) ?? { person, week, pages: [] };
    group.pages.push(page);
    groups.set(key, group);
  }
  const rows: FatigueRow[] = [];
  for (const { person, week, pages } of groups.values()) {
    if (pages.length < minPages) continue;
    const clocks = pages.map((p) => pageClock(p.at, person.timezone, settings));
    const known = clocks.every((c) => c !== null);
    const nights = clocks.filter((c): c is PageClock => c !== null && c.offHours && c.night !== null).map((c) => c.night as string);
    rows.push({
      person: personRef(person),
      week,
      pages: pages.length,
      offHoursPages: known ? clocks.filter((c) => c?.offHours).length : null,
      maxConsecutiveNights: known ? longestDateRun(nights) : null,
      timezone: person.timezone,
      evidence: pages.map((p, i) => {
        const clock = clocks[i] ?? null;
        return {
          pagerdutyIncidentId: p.pagerdutyIncidentId,
          logEntryId: p.logEntryId,
          at: iso(p.at),
          localTime: clock?.localTime ?? null,
          offHours: clock?.offHours ?? null,
          night: clock?.offHours ? clock.night : null,
          incidentIds: linked.get(p.pagerdutyIncidentId) ?? [],
        };
      }),
    });
  }
  return rows.sort((a, b) => b.pages - a.pages || byEmail(a.person, b.person) || a.week.localeCompare(b.week));
}

function linkedIncidents(input: InsightsInput): Map<string, number[]> {
  const linked = new Map<string, number[]>();
  for (const incident of input.incidents) {
    for (const pd of incident.pagerdutyIncidentIds) {
      const list = linked.get(pd) ?? [];
      list.push(incident.id);
      linked.set(pd, list);
    }
  }
  return linked;
}

/**
 * Per paged person, beside the weekly rows: shifts overlapping the range, the longest
 * run of UTC days touched by a shift, gaps between consecutive pages shorter than the
 * recovery gap, and incidents they joined off hours without being paged. By e-mail.
 */
export function fatigueProfiles(input: InsightsInput, range: InsightRange = ALL_TIME, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): FatigueProfile[] {
  const pages = pagesOf(input.notifications, range);
  const pagesBy = new Map<number, Page[]>();
  for (const page of pages) {
    const list = pagesBy.get(page.personId) ?? [];
    list.push(page);
    pagesBy.set(page.personId, list);
  }
  const incidents = new Map(input.incidents.map((i) => [i.id, i]));
  const joined = new Map<number, FatigueProfile["joinedOffHoursUnpaged"]>();
  for (const facts of input.participations) {
    const person = input.people.get(facts.personId);
    const incident = incidents.get(facts.incidentId);
    if (!person || !incident) continue;
    const involvement = involvementOf(facts);
    if (!involvement || involvement.kind === "paged" || involvement.first.kind !== "message") continue;
    if (!inRange(incident.startedAt ?? involvement.first.at, range)) continue;
    const clock = pageClock(involvement.first.at, person.timezone, settings);
    if (!clock?.offHours) continue;
    const list = joined.get(person.id) ?? [];
    list.push({ incident: incidentRef(incident), evidence: { incidentId: incident.id, kind: "message", id: involvement.first.id, at: iso(involvement.first.at) }, localTime: clock.localTime });
    joined.set(person.id, list);
  }
  const ids = new Set([...pagesBy.keys(), ...joined.keys()]);
  const out: FatigueProfile[] = [];
  for (const personId of ids) {
    const person = input.people.get(personId);
    if (!person) continue;
    const shifts = person.shifts.filter((s) => (range.to === null || s.startAt === null || s.startAt <= range.to) && (range.from === null || s.endAt === null || s.endAt >= range.from));
    const days: string[] = [];
    for (const s of shifts) {
      if (s.startAt === null || s.endAt === null) continue;
      const from = Math.max(s.startAt, range.from ?? s.startAt);
      const to = Math.min(s.endAt, range.to ?? s.endAt);
      // Open bounds and year-long shifts are capped: a run, not a calendar.
      for (let day = Math.floor(from / DAY_MS); day * DAY_MS < to && days.length < 100_000; day += 1) days.push(iso(day * DAY_MS).slice(0, 10));
    }
    const mine = pagesBy.get(personId) ?? [];
    const gaps: FatigueProfile["shortRecoveryGaps"] = [];
    for (let i = 1; i < mine.length; i += 1) {
      const a = mine[i - 1] as Page;
      const b = mine[i] as Page;
      if (b.at - a.at >= settings.recoveryGapMs) continue;
      const ref = (p: Page) => ({ kind: "page" as const, id: p.logEntryId, at: iso(p.at), pagerdutyIncidentId: p.pagerdutyIncidentId });
      gaps.push({ from: ref(a), to: ref(b), hours: Math.round(((b.at - a.at) / 3_600_000) * 10) / 10 });
    }
    out.push({ person: personRef(person), shifts: shifts.length, maxConsecutiveOnCallDays: longestDateRun(days), shortRecoveryGaps: gaps, joinedOffHoursUnpaged: joined.get(personId) ?? [] });
  }
  return out.sort((a, b) => byEmail(a.person, b.person));
}
