import type { Random } from "./random.js";

/** Milliseconds in one minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in one week. */
export const WEEK_MS = 7 * DAY_MS;

/** Epoch milliseconds of a `YYYY-MM-DD` date at 00:00 UTC. */
export function dateMs(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/** The UTC date `YYYY-MM-DD` of an instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Start of the UTC day that holds `ms`. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Monday 00:00 UTC of the week that holds `ms`: where on-call weeks start. */
export function utcWeekStart(ms: number): number {
  const day = utcDayStart(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/** An instant as PagerDuty writes timestamps: UTC, whole seconds, `2015-10-06T21:30:42Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant in a zone's local time with its offset, `2015-03-06T15:28:51-05:00`, as
 * PagerDuty writes on-call start and end in the schedule's zone (daylight saving included).
 */
export function isoInZone(ms: number, tz: string): string {
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "longOffset",
    });
    offsetFormats.set(tz, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(ms))) parts[part.type] = part.value;
  // "GMT-05:00", "GMT+05:30", or plain "GMT" for a zero offset.
  const offset = (parts.timeZoneName ?? "GMT").replace("GMT", "") || "+00:00";
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** A time zone people work in, with the label and offset Slack shows for it in winter. */
export interface TimeZoneInfo {
  tz: string;
  label: string;
  /** Offset from UTC in seconds at export time (late December), as `users.json` records it. */
  offsetSeconds: number;
}

/** The zones Acme Cloud's people work in; offsets are the winter ones, like Slack's at export time. */
export const TIME_ZONES: readonly TimeZoneInfo[] = [
  { tz: "America/Los_Angeles", label: "Pacific Standard Time", offsetSeconds: -28800 },
  { tz: "America/Denver", label: "Mountain Standard Time", offsetSeconds: -25200 },
  { tz: "America/New_York", label: "Eastern Standard Time", offsetSeconds: -18000 },
  { tz: "Europe/London", label: "Greenwich Mean Time", offsetSeconds: 0 },
  { tz: "Europe/Berlin", label: "Central European Time", offsetSeconds: 3600 },
  { tz: "Asia/Kolkata", label: "India Standard Time", offsetSeconds: 19800 },
  { tz: "Australia/Sydney", label: "Australian Eastern Daylight Time", offsetSeconds: 39600 },
];

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The local hour (0–23) of an instant in an IANA zone, daylight saving included.
 * Used when planning incidents, where "paged at 03:00 their time" must be true.
 */
export function localHour(ms: number, tz: string): number {
  let format = hourFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: tz, hour: "numeric", hourCycle: "h23" });
    hourFormats.set(tz, format);
  }
  return Number(format.format(new Date(ms))) % 24;
}

/** True when a local hour is outside 08:00–20:00, when a page wakes or interrupts someone. */
export function isOffHours(hour: number): boolean {
  return hour < 8 || hour >= 20;
}

/** The UTC minute of the day (0–1439) at which it is `localMinute` in a zone, using its winter offset. */
export function localToUtcMinute(localMinute: number, tz: string): number {
  const zone = TIME_ZONES.find((z) => z.tz === tz);
  const offsetMinutes = (zone?.offsetSeconds ?? 0) / 60;
  return (((localMinute - offsetMinutes) % 1440) + 1440) % 1440;
}

/**
 * A moment in someone's local working hours (09:00–18:00) on the given UTC day. The
 * winter offset is close enough here: chatter only needs to look like office hours.
 */
export function workingTime(day: number, tz: string, rng: Random): number {
  return day + localToUtcMinute(rng.int(9 * 60, 18 * 60), tz) * MINUTE_MS + rng.int(0, 59_999);
}

/** A zone's offset from UTC at an instant, in minutes (daylight saving included): +60 for Berlin in winter. */
export function zoneOffsetMinutes(ms: number, tz: string): number {
  const iso = isoInZone(ms, tz);
  const match = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * The instant at which the clocks of a zone show `minute` (0–1439) on the local date
 * `isoDate`, daylight saving included. A time the clocks skip resolves past the gap; a
 * time they show twice resolves to the first.
 */
export function localTimeToUtc(isoDate: string, minute: number, tz: string): number {
  const wall = dateMs(isoDate) + minute * MINUTE_MS;
  const early = wall - zoneOffsetMinutes(wall - DAY_MS, tz) * MINUTE_MS;
  const late = wall - zoneOffsetMinutes(wall + DAY_MS, tz) * MINUTE_MS;
  const fits = (t: number): boolean => t + zoneOffsetMinutes(t, tz) * MINUTE_MS === wall;
  if (fits(early)) return Math.min(early, fits(late) ? late : early);
  if (fits(late)) return late;
  return Math.max(early, late);
}

/**
 * The instants in [from, to) at which a zone's offset from UTC changes (daylight saving
 * starting or ending), found to the minute.
 */
export function offsetChanges(from: number, to: number, tz: string): number[] {
  const out: number[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    const end = Math.min(day + DAY_MS, to);
    if (zoneOffsetMinutes(day, tz) === zoneOffsetMinutes(end, tz)) continue;
    let lo = day;
    let hi = end;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (zoneOffsetMinutes(mid, tz) === zoneOffsetMinutes(day, tz)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
