/*
 * Knowledge silos: people the organisation keeps pulling in although it is neither
 * their rota nor their team's system.
 */
import type { InsightIncident, InsightPerson, InsightSettings, InsightsInput, SiloRow, SiloServiceRow } from "../../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS } from "../../core/insights.js";
import { ALL_TIME, byEmail, type InsightRange, incidentRef, inRange, involvementOf, iso, membershipAt, onCallAt, ownerTeamIdsAt, personRef } from "./participation.js";

/** One silo pull: a person, an incident, and the event that pulled them in. */
export interface SiloPull {
  person: InsightPerson;
  incident: InsightIncident;
  at: number;
  cause: { kind: "message" | "page"; id: number; at: number };
  team: string | null;
}

/**
 * Every silo pull: pulled in by @-mention or invitation, not on call at their first
 * activity, and their team at that moment owns none of the incident's services. A
 * person whose team at that moment is unknown is left out (unknown is not "outside").
 */
export function siloPulls(input: InsightsInput, range: InsightRange = ALL_TIME): SiloPull[] {
  const incidents = new Map(input.incidents.map((i) => [i.id, i]));
  const pulls: SiloPull[] = [];
  for (const facts of input.participations) {
    const incident = incidents.get(facts.incidentId);
    const person = input.people.get(facts.personId);
    if (!incident || !person) continue;
    const involvement = involvementOf(facts);
    if (!involvement || !involvement.cause || (involvement.kind !== "mentioned" && involvement.kind !== "invited")) continue;
    const at = involvement.first.at;
    if (!inRange(incident.startedAt ?? at, range)) continue;
    if (onCallAt(person, at)) continue;
    const membership = membershipAt(person, at);
    if (!membership) continue;
    const owners = new Set<number>();
    for (const serviceId of incident.serviceIds) {
      const service = input.services.get(serviceId);
      if (service) for (const teamId of ownerTeamIdsAt(service, at)) owners.add(teamId);
    }
    if (owners.has(membership.teamId)) continue;
    pulls.push({ person, incident, at, cause: involvement.cause, team: membership.team });
  }
  return pulls.sort((a, b) => a.at - b.at || a.incident.id - b.incident.id);
}

/** Per person: silo pulls at or above the threshold, by count (desc) then e-mail. */
export function knowledgeSilos(input: InsightsInput, range: InsightRange = ALL_TIME, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): SiloRow[] {
  const byPerson = new Map<number, SiloPull[]>();
  for (const pull of siloPulls(input, range)) {
    const list = byPerson.get(pull.person.id) ?? [];
    list.push(pull);
    byPerson.set(pull.person.id, list);
  }
  const rows: SiloRow[] = [];
  for (const pulls of byPerson.values()) {
    if (pulls.length < settings.minSiloPulls) continue;
    const person = (pulls[0] as SiloPull).person;
    rows.push({
      person: personRef(person),
      count: pulls.length,
      incidents: pulls.map((p) => incidentRef(p.incident)),
      evidence: pulls.map((p) => ({ incidentId: p.incident.id, kind: p.cause.kind, id: p.cause.id, at: iso(p.cause.at) })),
      teams: pulls.map((p) => p.team).filter((t): t is string => t !== null),
    });
  }
  return rows.sort((a, b) => b.count - a.count || byEmail(a.person, b.person));
}

/**
 * Per service: the people outside its owning team pulled into its incidents, at or
 * above the threshold, most pulled first. Services by name.
 */
export function siloServices(input: InsightsInput, range: InsightRange = ALL_TIME, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): SiloServiceRow[] {
  const byService = new Map<number, Map<number, SiloPull[]>>();
  for (const pull of siloPulls(input, range)) {
    for (const serviceId of pull.incident.serviceIds) {
      const people = byService.get(serviceId) ?? new Map<number, SiloPull[]>();
      const list = people.get(pull.person.id) ?? [];
      list.push(pull);
      people.set(pull.person.id, list);
      byService.set(serviceId, people);
    }
  }
  const rows: SiloServiceRow[] = [];
  for (const [serviceId, people] of byService) {
    const service = input.services.get(serviceId);
    if (!service) continue;
    const list = [...people.values()]
      .filter((pulls) => pulls.length >= settings.minSiloPulls)
      .map((pulls) => ({ person: personRef((pulls[0] as SiloPull).person), count: pulls.length, incidents: pulls.map((p) => incidentRef(p.incident)) }))
      .sort((a, b) => b.count - a.count || byEmail(a.person, b.person));
    if (list.length > 0) rows.push({ service: { id: service.id, name: service.name }, people: list });
  }
  return rows.sort((a, b) => a.service.name.localeCompare(b.service.name));
}
