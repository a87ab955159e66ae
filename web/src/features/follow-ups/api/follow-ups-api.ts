import { apiFetch } from "../../../api/client";
import type { CreateFollowUpRequest, FollowUp, UpdateFollowUpRequest } from "../../../../../src/core/follow-ups.js";

export type { CreateFollowUpRequest, FollowUp, UpdateFollowUpRequest };
export { FOLLOW_UP_KINDS, FOLLOW_UP_STATUSES, type FollowUpKind, type FollowUpStatus } from "../../../../../src/core/follow-up-kinds.js";

/** Filters of the list across incidents, as the page keeps them in its address. */
export interface FollowUpQuery {
  owner?: number | null;
  team?: number | null;
  status?: string | null;
  overdue?: boolean | null;
}

/** `GET /api/follow-ups`: every incident's follow-ups, filtered, soonest due first. */
export async function fetchFollowUps(query: FollowUpQuery, signal?: AbortSignal): Promise<FollowUp[]> {
  const body = await apiFetch<{ followUps: FollowUp[] }>("/follow-ups", {
    signal,
    query: { owner: query.owner ?? null, team: query.team ?? null, status: query.status ?? null, overdue: query.overdue === null || query.overdue === undefined ? null : String(query.overdue) },
  });
  return body.followUps;
}

/** `GET /api/incidents/:id/follow-ups`. */
export async function fetchIncidentFollowUps(incidentId: number, signal?: AbortSignal): Promise<FollowUp[]> {
  return (await apiFetch<{ followUps: FollowUp[] }>(`/incidents/${incidentId}/follow-ups`, { signal })).followUps;
}

/** `POST /api/incidents/:id/follow-ups`. */
export async function createFollowUp(incidentId: number, input: CreateFollowUpRequest): Promise<FollowUp> {
  return (await apiFetch<{ followUp: FollowUp }>(`/incidents/${incidentId}/follow-ups`, { method: "POST", body: input })).followUp;
}

/** `PATCH /api/follow-ups/:id`; a stale version answers 409 (a ConflictError). */
export async function updateFollowUp(id: number, change: UpdateFollowUpRequest): Promise<FollowUp> {
  return (await apiFetch<{ followUp: FollowUp }>(`/follow-ups/${id}`, { method: "PATCH", body: change })).followUp;
}

/** A person the owner field can name. */
export interface OwnerCandidate {
  id: number;
  name: string;
  team: string | null;
}

/** `GET /api/people?q=`: people whose name or e-mail matches, for the owner field. */
export async function searchPeople(q: string, signal?: AbortSignal): Promise<OwnerCandidate[]> {
  return (await apiFetch<{ people: OwnerCandidate[] }>("/people", { signal, query: { q, limit: 20 } })).people;
}
