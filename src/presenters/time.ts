/** Epoch milliseconds → ISO 8601 (the store keeps milliseconds, the API speaks ISO 8601). */
export function iso(ms: number): string;
/** Epoch milliseconds → ISO 8601, keeping null. */
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
