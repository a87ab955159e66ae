/*
 * Ownership drift: former owners of a system still pulled in when it breaks.
 */
import type { DriftRow, InsightIncident, InsightsInput } from "../../core/insights.js";
import { ALL_TIME, byEmail, type InsightRange, incidentRef, inRange, involvementOf, iso, membershipAt, ownerTeamIdsAt, personRef } from "./participation.js";

const YEAR_MS = 365.25 * 86_400_000;

/**
 * One row per (person, team): the person had left the team before an incident on a
 * service the team owned at that moment, was not back on it then, and was pulled in
 * (paged, @-mentioned or invited — not on their own). `leftOn` is the end of their
 * latest membership of the team before the earliest such incident; `yearsSince` is
 * measured from it to that incident, one decimal. By years since (desc), then e-mail.
 */
export function ownershipDrift(input: InsightsInput, range: InsightRange = ALL_TIME): DriftRow[] {
  const incidents = new Map(input.incidents.map((i) => [i.id, i]));
  const rows = new Map<string, { personId: number; team: string; leftAt: number; hits: { incident: InsightIncident; at: number; cause: { kind: "message" | "page"; id: number; at: number } }[] }>();
  for (const facts of input.participations) {
    const incident = incidents.get(facts.incidentId);
    const person = input.people.get(facts.personId);
    if (!incident || !person) continue;
    const involvement = involvementOf(facts);
    if (!involvement || involvement.kind === "self" || !involvement.cause) continue;
    const at = involvement.first.at;
    if (!inRange(incident.startedAt ?? at, range)) continue;
    const current = membershipAt(person, at);
    const owners = new Set<number>();
    for (const serviceId of incident.serviceIds) {
      const service = input.services.get(serviceId);
      if (service) for (const teamId of ownerTeamIdsAt(service, at)) owners.add(teamId);
    }
    for (const teamId of owners) {
      if (current?.teamId === teamId) continue;
      const left = person.memberships
        .filter((m) => m.teamId === teamId && m.toAt !== null && m.toAt <= at)
        .sort((a, b) => (b.toAt ?? 0) - (a.toAt ?? 0))[0];
      if (!left || left.toAt === null) continue;
      const key = `${person.id}|${teamId}`;
      const row = rows.get(key) ?? { personId: person.id, team: left.team, leftAt: left.toAt, hits: [] };
      row.hits.push({ incident, at, cause: involvement.cause });
      rows.set(key, row);
    }
  }
  const out: DriftRow[] = [];
  for (const row of rows.values()) {
    const person = input.people.get(row.personId);
    if (!person) continue;
    const hits = row.hits.sort((a, b) => a.at - b.at || a.incident.id - b.incident.id);
    const earliest = hits[0];
    if (!earliest) continue;
    // The membership that ended last before the earliest incident.
    const left = person.memberships
      .filter((m) => m.team === row.team && m.toAt !== null && m.toAt <= earliest.at)
      .sort((a, b) => (b.toAt ?? 0) - (a.toAt ?? 0))[0];
    const leftAt = left?.toAt ?? row.leftAt;
    out.push({
      person: personRef(person),
      team: row.team,
      incidents: hits.map((h) => incidentRef(h.incident)),
      leftOn: iso(leftAt).slice(0, 10),
      yearsSince: Math.round(((earliest.at - leftAt) / YEAR_MS) * 10) / 10,
      evidence: hits.map((h) => ({ incidentId: h.incident.id, kind: h.cause.kind, id: h.cause.id, at: iso(h.cause.at) })),
    });
  }
  return out.sort((a, b) => b.yearsSince - a.yearsSince || byEmail(a.person, b.person) || a.team.localeCompare(b.team));
}
