/*
 * Chaos-experiment suggestions: failures that already happened more than once, turned
 * into hypotheses a team can test on purpose.
 */
import type { ChaosRow, InsightIncident, InsightSettings, InsightsInput } from "../../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS } from "../../core/insights.js";
import { ALL_TIME, type InsightRange, incidentRef } from "./participation.js";
import { incidentsByService } from "./recurring-services.js";

/** A trigger's key: the PagerDuty title without the service name, numbers and punctuation. */
export function triggerKey(title: string, serviceName: string): string {
  return title
    .toLowerCase()
    .split(serviceName.toLowerCase())
    .join(" ")
    .replace(/\d+/g, "#")
    .replace(/[^a-z#]+/g, " ")
    .trim();
}

/** Words of a trigger worth matching in a follow-up title. */
function keywords(text: string): string[] {
  const stop = new Set(["on", "in", "the", "for", "and", "of", "to", "from", "with", "high", "elevated"]);
  return text
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter((w) => w.length > 3 && !stop.has(w));
}

/**
 * Suggestions, one per (service, trigger) seen in at least `minChaosIncidents`
 * incidents: the hypothesis, the incidents behind it, the team owning the service now,
 * and whether a follow-up of those incidents already names the service or the failure
 * (null when follow-ups are not recorded). Most incidents first, then service name.
 */
export function chaosSuggestions(input: InsightsInput, range: InsightRange = ALL_TIME, settings: InsightSettings = DEFAULT_INSIGHT_SETTINGS): ChaosRow[] {
  const rows: ChaosRow[] = [];
  for (const [serviceId, incidents] of incidentsByService(input, range)) {
    const service = input.services.get(serviceId);
    if (!service) continue;
    const groups = new Map<string, { trigger: string; incidents: InsightIncident[]; evidence: { pagerdutyIncidentId: string; title: string }[] }>();
    for (const incident of incidents) {
      for (const pdId of incident.pagerdutyIncidentIds) {
        const pd = input.pagerdutyIncidents.get(pdId);
        if (!pd || pd.serviceId !== serviceId) continue;
        const key = triggerKey(pd.title, service.name);
        if (key === "") continue;
        const group = groups.get(key) ?? { trigger: pd.title, incidents: [], evidence: [] };
        if (!group.incidents.includes(incident)) group.incidents.push(incident);
        group.evidence.push({ pagerdutyIncidentId: pd.externalId, title: pd.title });
        groups.set(key, group);
      }
    }
    const owner = service.owners.filter((o) => o.toAt === null).sort((a, b) => b.fromAt - a.fromAt)[0]?.team ?? null;
    for (const group of groups.values()) {
      if (group.incidents.length < settings.minChaosIncidents) continue;
      const ids = new Set(group.incidents.map((i) => i.id));
      const words = [service.name.toLowerCase(), ...keywords(triggerKey(group.trigger, service.name))];
      const followUps = input.followUps.items.filter((f) => ids.has(f.incidentId) && words.some((w) => f.title.toLowerCase().includes(w)));
      const failure = group.trigger.replace(/\.$/, "");
      const rest = service.systemName && service.systemName !== service.name ? `the rest of ${service.systemName}` : `the callers of ${service.name}`;
      rows.push({
        hypothesis: `When "${failure}" is caused on purpose, ${rest} keep serving requests, and the ${owner ?? "owning"} team learns of it from an alert before any customer does.`,
        service: { id: service.id, name: service.name },
        trigger: group.trigger,
        incidents: group.incidents.map(incidentRef),
        owningTeam: owner,
        coveredByFollowUp: input.followUps.known ? followUps.length > 0 : null,
        followUps,
        evidence: group.evidence,
      });
    }
  }
  return rows.sort((a, b) => b.incidents.length - a.incidents.length || a.service.name.localeCompare(b.service.name) || a.trigger.localeCompare(b.trigger));
}
