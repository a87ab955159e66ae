import type { ImportedChannelRow } from "../commands/incident-sources.js";
import type { IncidentDetail, IncidentSummary } from "../db/repositories/incident-views.js";
import { iso } from "./time.js";

/** An incident as `GET /api/incidents` lists it. */
export function presentIncidentSummary(summary: IncidentSummary) {
  const { incident } = summary;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    startedAt: iso(incident.startedAt),
    resolvedAt: iso(incident.resolvedAt),
    channels: summary.channels,
    messages: summary.messages,
    people: summary.people,
    analysts: summary.analysts,
    origin: incident.origin,
  };
}

/** An incident as its own page shows it: the list fields and where it came from. */
export function presentIncidentDetail(detail: IncidentDetail) {
  return {
    ...presentIncidentSummary(detail),
    detectedAt: iso(detail.incident.detectedAt),
    createdAt: iso(detail.incident.createdAt),
    updatedAt: iso(detail.incident.updatedAt),
    sources: detail.sources.map((s) => ({ id: s.id, kind: s.kind, channel: s.channel, pagerdutyId: s.pagerdutyId, from: iso(s.fromAt), to: iso(s.toAt) })),
    services: detail.services,
  };
}

/** An imported Slack channel, as `GET /api/channels` lists it. */
export function presentImportedChannel(channel: ImportedChannelRow) {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    messages: channel.messages,
    incidents: channel.incidents,
  };
}
