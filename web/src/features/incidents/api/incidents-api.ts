import { apiFetch } from "../../../api/client";
import { IncidentList, IncidentResponse } from "../../../../../src/core/incidents.js";
import type { IncidentDetail, IncidentListItem, IncidentSort, IncidentStatus } from "../../../api/types";

/** Filters and order of the incident list. */
export interface IncidentListQuery {
  status: IncidentStatus | null;
  q: string;
  sort: IncidentSort;
  order: "asc" | "desc";
}

/** `GET /api/incidents`. */
export async function fetchIncidents(query: IncidentListQuery, signal?: AbortSignal): Promise<IncidentListItem[]> {
  const body = await apiFetch("/incidents", {
    schema: IncidentList,
    query: { status: query.status, q: query.q.trim(), sort: query.sort, order: query.order },
    signal,
  });
  return body.incidents;
}

/** `GET /api/incidents/:id`. */
export async function fetchIncident(id: number, signal?: AbortSignal): Promise<IncidentDetail> {
  const body = await apiFetch(`/incidents/${id}`, { schema: IncidentResponse, signal });
  return body.incident;
}

/** What `PATCH /api/incidents/:id` may change. */
export interface IncidentChange {
  status?: IncidentStatus;
  severity?: string | null;
  title?: string;
  /** The complete set of assigned analysts. */
  analystIds?: number[];
}

/** `PATCH /api/incidents/:id`. */
export async function updateIncident(id: number, change: IncidentChange): Promise<IncidentDetail> {
  const body = await apiFetch(`/incidents/${id}`, { schema: IncidentResponse, method: "PATCH", body: change });
  return body.incident;
}
