import { useQuery } from "@tanstack/react-query";
import { fetchPeopleBreakdown } from "../api/people-api";

/** Who was in the incident and how they got involved. */
export function usePeopleBreakdown(incidentId: number, enabled = true) {
  return useQuery({
    queryKey: ["people", incidentId],
    queryFn: ({ signal }) => fetchPeopleBreakdown(incidentId, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
