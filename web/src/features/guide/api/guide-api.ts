import { apiFetch } from "../../../api/client";
import type { GuideStep } from "../../../api/types";

/** `GET /api/incidents/:id/guide`: the analysis checklist. */
export async function fetchGuide(incidentId: number, signal?: AbortSignal): Promise<GuideStep[]> {
  const body = await apiFetch<{ steps: GuideStep[] }>(`/incidents/${incidentId}/guide`, { signal });
  return body.steps;
}
