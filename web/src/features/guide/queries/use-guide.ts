import { useQuery } from "@tanstack/react-query";
import { fetchGuide } from "../api/guide-api";

/** The incident's analysis checklist; annotation changes invalidate it. */
export function useGuide(incidentId: number) {
  return useQuery({
    queryKey: ["guide", incidentId],
    queryFn: ({ signal }) => fetchGuide(incidentId, signal),
  });
}
