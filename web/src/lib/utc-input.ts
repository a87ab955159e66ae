/*
 * `datetime-local` inputs hold UTC here: the workspace shows every time in UTC, so a time
 * typed in one reads the same as the times around it.
 */

/** An API time (ISO 8601) as a `datetime-local` value in UTC; empty for none. */
export function utcInputValue(iso: string | null | undefined): string {
  return iso ? new Date(iso).toISOString().slice(0, 16) : "";
}

/** A `datetime-local` value read as UTC, as ISO 8601; null when empty. */
export function utcFromInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(`${value}${value.length === 16 ? ":00" : ""}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
