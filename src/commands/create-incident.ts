import { InputError } from "../core/errors.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findChannelsByName, firstMessageAt, insertIncident } from "../db/repositories/incidents.js";

/** Input for {@link createIncident}. */
export interface CreateIncidentInput {
  title: string;
  /** Slack channel names, with or without `#`. */
  channels: string[];
  /** Optional window applied to every channel (ISO 8601). */
  from?: string | undefined;
  to?: string | undefined;
  severity?: string | undefined;
  actor: string;
}

/** Kept so existing imports keep working; the definition lives in src/core/errors.ts. */
export { InputError } from "../core/errors.js";

/** Creates an incident by hand from one or more channels and an optional time window. */
export async function createIncident(store: Store, input: CreateIncidentInput): Promise<number> {
  const title = input.title.trim();
  if (title === "") throw new InputError("--title must not be empty");
  if (input.channels.length === 0) throw new InputError("at least one --channel is required");
  const fromAt = parseTime(input.from, "--from");
  const toAt = parseTime(input.to, "--to");
  if (fromAt !== null && toAt !== null && toAt < fromAt) throw new InputError("--to is before --from");
  return store.db.transaction().execute(async (trx) => {
    const sources: { conversationId: number; fromAt: number | null; toAt: number | null }[] = [];
    for (const name of input.channels) {
      const found = await findChannelsByName(trx, name);
      if (found.length === 0) throw new InputError(`no imported Slack channel is named ${JSON.stringify(name)}`);
      if (found.length > 1) throw new InputError(`${found.length} imported channels are named ${JSON.stringify(name)}`);
      sources.push({ conversationId: (found[0] as { id: number }).id, fromAt, toAt });
    }
    let startedAt = fromAt;
    if (startedAt === null) {
      const firsts = await Promise.all(sources.map((s) => firstMessageAt(trx, s.conversationId, s.fromAt, s.toAt)));
      const known = firsts.filter((f): f is number => f !== null);
      startedAt = known.length > 0 ? Math.min(...known) : null;
    }
    const now = Date.now();
    const id = await insertIncident(trx, { title, origin: "manual", startedAt, severity: input.severity ?? null, sources, now });
    await recordAudit(trx, { actor: input.actor, action: "incident.create", subjectType: "incident", subjectId: id, details: { title, channels: input.channels, from: input.from ?? null, to: input.to ?? null } }, now);
    return id;
  });
}

function parseTime(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new InputError(`${flag} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return ms;
}
