import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchIncident, fetchIncidents, type IncidentChange, type IncidentListQuery, updateIncident } from "../api/incidents-api";

/** The incident list for the given filters; the previous list stays while a new one loads. */
export function useIncidents(query: IncidentListQuery) {
  return useQuery({
    queryKey: ["incidents", query],
    queryFn: ({ signal }) => fetchIncidents(query, signal),
    placeholderData: keepPreviousData,
  });
}

/** One incident's details. */
export function useIncident(id: number) {
  return useQuery({
    queryKey: ["incident", id],
    queryFn: ({ signal }) => fetchIncident(id, signal),
  });
}

/** Changes an incident's status or analysts, and refreshes what shows them. */
export function useUpdateIncident(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: IncidentChange) => updateIncident(id, change),
    onSuccess: (incident) => {
      client.setQueryData(["incident", id], incident);
      void client.invalidateQueries({ queryKey: ["incidents"] });
      void client.invalidateQueries({ queryKey: ["guide", id] });
    },
  });
}
