import type { IncidentSort, IncidentStatus } from "../core/incidents.js";
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

/** Sort keys of the incident list, each a comparison. */
const SORTS: Record<IncidentSort, (a: IncidentSummary, b: IncidentSummary) => number> = {
  startedAt: (a, b) => (a.incident.startedAt ?? 0) - (b.incident.startedAt ?? 0),
  title: (a, b) => a.incident.title.localeCompare(b.incident.title, "en", { sensitivity: "base" }),
  people: (a, b) => a.people - b.people,
  messages: (a, b) => a.messages - b.messages,
};

/**
 * The incident list, filtered and sorted: the one listing behind `GET /api/incidents`
 * and `debrief incidents list`. Incidents without a start time come last when sorted
 * by start, whichever the order; ties go to the newer incident.
 */
export async function listIncidents(store: Store, options: IncidentListOptions = {}): Promise<IncidentSummary[]> {
  const sort = options.sort ?? "startedAt";
  const order = options.order ?? (sort === "title" ? "asc" : "desc");
  const visible = options.visible;
  const all = await listIncidentSummaries(store.db, { status: options.status, q: options.q });
  const summaries = visible ? all.filter((s) => visible({ id: s.incident.id, status: s.incident.status })) : all;
  const compare = SORTS[sort];
  const direction = order === "asc" ? 1 : -1;
  summaries.sort((a, b) => {
    const undated = Number(a.incident.startedAt === null) - Number(b.incident.startedAt === null);
    if (sort === "startedAt" && undated !== 0) return undated;
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
