/*
 * Times as analysts read them: incidents happen in UTC on the servers and in local
 * time for the people in them, so both are always one glance away.
 */

const utcTime = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, timeZone: "UTC" });
const utcDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const utcDateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});
const localDateTime = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZoneName: "short",
});

/** `02:14:09` in UTC. */
export function formatUtcTime(iso: string): string {
  return utcTime.format(new Date(iso));
}

/** `14 Mar 2024` in UTC. */
export function formatUtcDate(iso: string): string {
  return utcDate.format(new Date(iso));
}

/** `14 Mar 2024, 02:14 UTC`, or an em dash for a missing time. */
export function formatUtcDateTime(iso: string | null): string {
  if (!iso) return "—";
  return `${utcDateTime.format(new Date(iso))} UTC`;
}

/** The reader's own local time: `Thu 14 Mar, 03:14:09 CET`. */
export function formatViewerLocal(iso: string): string {
  return localDateTime.format(new Date(iso));
}

/** The UTC calendar day of a time, for day separators. */
export function utcDayKey(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * A participant's local wall-clock time from the breakdown's ISO string with offset
 * (`2024-03-14T03:14:09+01:00` → `Thu 03:14`), read as written rather than converted,
 * because the offset is theirs, not the reader's.
 */
export function formatTheirLocal(iso: string | null): string {
  if (!iso) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, y, mo, d, h, mi] = match;
  const weekday = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
  return `${weekday} ${h}:${mi}`;
}

/** `4 min`, `1 h 12 min`, `2 d 3 h` from seconds; an em dash when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
