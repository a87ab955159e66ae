import { apiFetch } from "../../../api/client";
import { PeopleBreakdown as PeopleBreakdownSchema } from "../../../../../src/core/people.js";
import type { PeopleBreakdown } from "../../../api/types";

/** `GET /api/incidents/:id/people`: participants and the incident-level summary. */
export function fetchPeopleBreakdown(incidentId: number, signal?: AbortSignal): Promise<PeopleBreakdown> {
  return apiFetch(`/incidents/${incidentId}/people`, { schema: PeopleBreakdownSchema, signal });
}
