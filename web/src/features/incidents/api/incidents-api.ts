import { apiFetch } from "../../../api/client";
import type { z } from "zod";
import {
  type AddChannelSourceBody,
  CatalogServiceList,
  type CreateIncidentBody,
  type ImportedChannel,
  ImportedChannelList,
  IncidentList,
  IncidentResponse,
  type UpdateIncidentBody,
} from "../../../../../src/core/incidents.js";
import type { IncidentDetail, IncidentListItem, IncidentSort, IncidentStatus } from "../../../api/types";

export type { ImportedChannel };

/** A catalog service. */
export type CatalogService = z.infer<typeof CatalogServiceList>["services"][number];

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
export type IncidentChange = UpdateIncidentBody;

/** `PATCH /api/incidents/:id`. */
export async function updateIncident(id: number, change: IncidentChange): Promise<IncidentDetail> {
  const body = await apiFetch(`/incidents/${id}`, { schema: IncidentResponse, method: "PATCH", body: change });
  return body.incident;
}

/** `POST /api/incidents`: a new incident from imported channels; answers it. */
export async function createIncident(body: CreateIncidentBody): Promise<IncidentDetail> {
  return (await apiFetch("/incidents", { schema: IncidentResponse, method: "POST", body })).incident;
}

/** `POST /api/incidents/:id/sources`. */
export async function addChannelSource(id: number, body: AddChannelSourceBody): Promise<IncidentDetail> {
  return (await apiFetch(`/incidents/${id}/sources`, { schema: IncidentResponse, method: "POST", body })).incident;
}

/** `DELETE /api/incidents/:id/sources/:sourceId`: a channel removed or a PagerDuty incident unlinked. */
export async function removeSource(id: number, sourceId: number): Promise<IncidentDetail> {
  return (await apiFetch(`/incidents/${id}/sources/${sourceId}`, { schema: IncidentResponse, method: "DELETE" })).incident;
}

/** `POST /api/incidents/:id/pagerduty`. */
export async function linkPagerduty(id: number, pagerdutyId: string): Promise<IncidentDetail> {
  return (await apiFetch(`/incidents/${id}/pagerduty`, { schema: IncidentResponse, method: "POST", body: { pagerdutyId } })).incident;
}

/** `POST /api/incidents/:id/services`. */
export async function addService(id: number, serviceId: number): Promise<IncidentDetail> {
  return (await apiFetch(`/incidents/${id}/services`, { schema: IncidentResponse, method: "POST", body: { serviceId } })).incident;
}

/** `DELETE /api/incidents/:id/services/:serviceId`. */
export async function removeService(id: number, serviceId: number): Promise<IncidentDetail> {
  return (await apiFetch(`/incidents/${id}/services/${serviceId}`, { schema: IncidentResponse, method: "DELETE" })).incident;
}

/** `GET /api/channels`. */
export async function fetchChannels(signal?: AbortSignal): Promise<ImportedChannel[]> {
  return (await apiFetch("/channels", { schema: ImportedChannelList, signal })).channels;
}

/** `GET /api/services`. */
export async function fetchServices(signal?: AbortSignal): Promise<CatalogService[]> {
  return (await apiFetch("/services", { schema: CatalogServiceList, signal })).services;
}
