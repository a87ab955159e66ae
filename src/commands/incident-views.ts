import { INCIDENT_STATUSES, type IncidentSort, type IncidentStatus } from "../core/incidents.js";
import type { Store } from "../db/connection.js";
import { findIncidentDetail, type IncidentDetail, type IncidentSummary, listIncidentSummaries } from "../db/repositories/incident-views.js";
import { findIncident } from "../db/repositories/incidents.js";
import { loadGuideFacts, type GuideFacts } from "../db/repositories/incident-guide.js";

export type { IncidentDetail, IncidentSummary };

/** Filters and order of {@link listIncidents}; everything optional. */
export interface IncidentListOptions {
  status?: IncidentStatus | undefined;
  /** Text in the title or a channel name. */
  q?: string | undefined;
  /** Default `startedAt`. */
  sort?: IncidentSort | undefined;
  /** Default `desc`, `asc` for `title`. */
  order?: "asc" | "desc" | undefined;
  /** Which incidents the reader may see (the API's policy); every one when omitted. */
  visible?: ((incident: { id: number; status: IncidentStatus }) => boolean) | undefined;
}

/**
 * How severe a severity label is, higher meaning worse: `SEV1`, `P1`, `S1` and a bare `1`
 * are the worst of their scale (the number counts down), so the rank is the negated
 * number. Labels without a number are not ranked and sort with the unset ones.
 */
export function severityRank(severity: string | null): number | undefined {
  if (severity === null) return undefined;
  const match = /^\s*(?:sev|p|s)?[\s-]*(\d+)\s*$/i.exec(severity);
  return match?.[1] === undefined ? undefined : -Number(match[1]);
}

/** Keys whose incidents may have no value; those come last whichever the order. */
const UNSET: Partial<Record<IncidentSort, (s: IncidentSummary) => boolean>> = {
  startedAt: (s) => s.incident.startedAt === null,
  severity: (s) => severityRank(s.incident.severity) === undefined,
};

/** Sort keys of the incident list, each a comparison. */
const SORTS: Record<IncidentSort, (a: IncidentSummary, b: IncidentSummary) => number> = {
  startedAt: (a, b) => (a.incident.startedAt ?? 0) - (b.incident.startedAt ?? 0),
  title: (a, b) => a.incident.title.localeCompare(b.incident.title, "en", { sensitivity: "base" }),
  // Descending puts the worst first; unranked labels tie and fall back to the label.
  severity: (a, b) => (severityRank(a.incident.severity) ?? 0) - (severityRank(b.incident.severity) ?? 0) || (a.incident.severity ?? "").localeCompare(b.incident.severity ?? ""),
  // The analysis order: new, in analysis, in review, published.
  status: (a, b) => INCIDENT_STATUSES.indexOf(a.incident.status) - INCIDENT_STATUSES.indexOf(b.incident.status),
  people: (a, b) => a.people - b.people,
  messages: (a, b) => a.messages - b.messages,
};

/**
 * The incident list, filtered and sorted: the one listing behind `GET /api/incidents`
 * and `debrief incidents list`. Incidents without a start time (or without a ranked
 * severity) come last when sorted by start (or severity), whichever the order; ties go to
 * the newer incident.
 */
export async function listIncidents(store: Store, options: IncidentListOptions = {}): Promise<IncidentSummary[]> {
  const sort = options.sort ?? "startedAt";
  const order = options.order ?? (sort === "title" ? "asc" : "desc");
  const visible = options.visible;
  const all = await listIncidentSummaries(store.db, { status: options.status, q: options.q });
  const summaries = visible ? all.filter((s) => visible({ id: s.incident.id, status: s.incident.status })) : all;
  const compare = SORTS[sort];
  const direction = order === "asc" ? 1 : -1;
  const unset = UNSET[sort];
  summaries.sort((a, b) => {
    const missing = unset ? Number(unset(a)) - Number(unset(b)) : 0;
    if (missing !== 0) return missing;
    return direction * compare(a, b) || b.incident.id - a.incident.id;
  });
  return summaries;
}

/** One incident with its sources, services and the list figures; undefined when unknown. */
export async function incidentDetail(store: Store, id: number): Promise<IncidentDetail | undefined> {
  return findIncidentDetail(store.db, id);
}

/**
 * What a policy needs to decide whether a reader may see an incident (its id and
 * status), or undefined when there is no such incident.
 */
export async function incidentAccess(store: Store, id: number): Promise<{ id: number; status: IncidentStatus } | undefined> {
  const incident = await findIncident(store.db, id);
  return incident ? { id: incident.id, status: incident.status } : undefined;
}

/** What the analysis checklist of an incident is computed from. */
export async function incidentGuideFacts(store: Store, id: number): Promise<GuideFacts> {
  return loadGuideFacts(store.db, id);
}
