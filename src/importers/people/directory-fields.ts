import { ImportError } from "../../core/errors.js";

// Deliberately loose: HR systems hold addresses like `o'neil+ops@sub.example.co.uk`;
// this only catches values that are plainly not addresses (a name, a missing domain).
const EMAIL = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()".]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A validated e-mail address, lower-cased, or an ImportError naming `place`. */
export function parseEmail(value: string, place: string, field: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new ImportError(`${place}: ${field} ${JSON.stringify(value)} is not an e-mail address`);
  return email;
}

/**
 * A valid IANA time zone as given (trimmed), or an ImportError. `Intl` is the judge:
 * it knows the zones the analysis code can convert to, no more, no less.
 */
export function parseTimeZone(value: string, place: string, field: string): string {
  const zone = value.trim();
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
  } catch {
    throw new ImportError(`${place}: ${field} ${JSON.stringify(value)} is not an IANA time zone (like Europe/Berlin)`);
  }
  return zone;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2023-02-30), or an ImportError. */
export function parseIsoDate(value: string, place: string, field: string): string {
  const date = value.trim();
  if (isoDateMs(date) === null) throw new ImportError(`${place}: ${field} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  return date;
}

/** Epoch milliseconds of a `YYYY-MM-DD` date at 00:00 UTC, or null when it is not one. */
export function isoDateMs(date: string): number | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 02-30 over into March; a date that does not come back is not real.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms;
}
