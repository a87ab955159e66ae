/*
 * Recurring services and themes: which systems keep failing, how long they take to
 * recover, and who, which tags and which follow-ups come back with them.
 */
import type { InsightIncident, InsightSettings, InsightsInput, ServiceRow } from "../../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS } from "../../core/insights.js";
import { ALL_TIME, byEmail, type InsightRange, incidentRef, inRange, involvementOf, personRef } from "./participation.js";

/** The incidents in range, by catalog service (PagerDuty-linked services only), chronological. */
export function incidentsByService(input: InsightsInput, range: InsightRange = ALL_TIME): Map<number, InsightIncident[]> {
  const out = new Map<number, InsightIncident[]>();
  const ordered = [...input.incidents].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.id - b.id);
  for (const incident of ordered) {
    if (incident.startedAt !== null && !inRange(incident.startedAt, range)) continue;
    if (incident.startedAt === null && (range.from !== null || range.to !== null)) continue;
    for (const serviceId of new Set(incident.serviceIds)) {
      const list = out.get(serviceId) ?? [];
      list.push(incident);
      out.set(serviceId, list);
    }
  }
  return out;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Every service in at least one incident, by incident count (desc) then name: time to
 * resolve (incident start to resolution), the people and annotation tags found in at
 * least `minRecurrence` of its incidents, and its incidents' follow-ups.
 */
export function recurringServices(input: InsightsInput, range: InsightRange = ALL_TIME, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): ServiceRow[] {
  const participants = new Map<number, Set<number>>();
  for (const facts of input.participations) {
    if (!involvementOf(facts)) continue;
    const set = participants.get(facts.incidentId) ?? new Set<number>();
    set.add(facts.personId);
    participants.set(facts.incidentId, set);
  }
  const rows: ServiceRow[] = [];
  for (const [serviceId, incidents] of incidentsByService(input, range)) {
    const service = input.services.get(serviceId);
    if (!service) continue;
    const ttr = incidents
      .filter((i) => i.startedAt !== null && i.resolvedAt !== null && (i.resolvedAt as number) >= (i.startedAt as number))
      .map((i) => ({ incidentId: i.id, ms: (i.resolvedAt as number) - (i.startedAt as number) }));
    const people = new Map<number, number[]>();
    const tags = new Map<string, number[]>();
    for (const incident of incidents) {
      for (const personId of participants.get(incident.id) ?? []) people.set(personId, [...(people.get(personId) ?? []), incident.id]);
      for (const tag of new Set(incident.tags)) tags.set(tag, [...(tags.get(tag) ?? []), incident.id]);
    }
    const ids = new Set(incidents.map((i) => i.id));
    rows.push({
      service: { id: service.id, name: service.name },
      incidents: incidents.length,
      channels: incidents.map((i) => i.channel).filter((c): c is string => c !== null),
      incidentList: incidents.map(incidentRef),
      owningTeams: [...new Set(service.owners.filter((o) => o.toAt === null).map((o) => o.team))].sort(),
      medianTimeToResolveMs: median(ttr.map((t) => t.ms)),
      timeToResolveMs: ttr,
      contributors: [...people]
        .filter(([, list]) => list.length >= settings.minRecurrence)
        .flatMap(([personId, list]) => {
          const person = input.people.get(personId);
          return person ? [{ person: personRef(person), incidents: list }] : [];
        })
        .sort((a, b) => b.incidents.length - a.incidents.length || byEmail(a.person, b.person)),
      tags: [...tags]
        .filter(([, list]) => list.length >= settings.minRecurrence)
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([tag, list]) => ({ tag, incidents: list })),
      followUps: input.followUps.known ? input.followUps.items.filter((f) => ids.has(f.incidentId)) : null,
    });
  }
  return rows.sort((a, b) => b.incidents - a.incidents || a.service.name.localeCompare(b.service.name));
}
