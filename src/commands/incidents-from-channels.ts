import { describeIncidentChannel } from "../analysis/incident-channel.js";
import type { Db } from "../db/dialect.js";
import { firstMessageAt, insertIncident, unclaimedChannels } from "../db/repositories/incidents.js";

/**
 * Makes an incident of every Slack channel whose name matches `pattern` and that no
 * incident claims yet, titled and graded from its purpose or topic. Returns those that
 * were created, by id. Runs inside the caller's transaction (an import).
 */
export async function createIncidentsFromChannels(trx: Db, pattern: RegExp, now: number): Promise<number[]> {
  const created: number[] = [];
  for (const channel of await unclaimedChannels(trx)) {
    if (!pattern.test(channel.name)) continue;
    const facts = describeIncidentChannel(channel);
    const id = await insertIncident(trx, {
      title: facts.title,
      severity: facts.severity,
      origin: "channel",
      startedAt: (await firstMessageAt(trx, channel.id, null, null)) ?? channel.createdAt,
      sources: [{ conversationId: channel.id, fromAt: null, toAt: null }],
      now,
    });
    created.push(id);
  }
  return created;
}
