import { apiFetch } from "../../../api/client";
import { Guide } from "../../../../../src/core/incidents.js";
import type { GuideStep } from "../../../api/types";

/** `GET /api/incidents/:id/guide`: the analysis checklist. */
export async function fetchGuide(incidentId: number, signal?: AbortSignal): Promise<GuideStep[]> {
  const body = await apiFetch(`/incidents/${incidentId}/guide`, { schema: Guide, signal });
  return body.steps;
}
