import { apiFetch } from "../../../api/client";
import type { PeopleBreakdown } from "../../../api/types";

/** `GET /api/incidents/:id/people`: participants and the incident-level summary. */
export function fetchPeopleBreakdown(incidentId: number, signal?: AbortSignal): Promise<PeopleBreakdown> {
  return apiFetch<PeopleBreakdown>(`/incidents/${incidentId}/people`, { signal });
}
