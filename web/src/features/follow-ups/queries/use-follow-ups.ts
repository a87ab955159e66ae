import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createFollowUp,
  type CreateFollowUpRequest,
  fetchFollowUps,
  fetchIncidentFollowUps,
  type FollowUpQuery,
  searchPeople,
  updateFollowUp,
  type UpdateFollowUpRequest,
} from "../api/follow-ups-api";

/** The list across incidents. */
export function useFollowUps(query: FollowUpQuery) {
  return useQuery({ queryKey: ["follow-ups", "all", query], queryFn: ({ signal }) => fetchFollowUps(query, signal) });
}

/** One incident's follow-ups. */
export function useIncidentFollowUps(incidentId: number) {
  return useQuery({ queryKey: ["follow-ups", "incident", incidentId], queryFn: ({ signal }) => fetchIncidentFollowUps(incidentId, signal) });
}

/** People matching what was typed in the owner field (nothing until two characters). */
export function useOwnerSearch(q: string) {
  return useQuery({ queryKey: ["people", "search", q], queryFn: ({ signal }) => searchPeople(q, signal), enabled: q.trim().length >= 2 });
}

/** Create and edit follow-ups; every list is refreshed afterwards. */
export function useFollowUpMutations() {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: ["follow-ups"] });
  const create = useMutation({ mutationFn: ({ incidentId, input }: { incidentId: number; input: CreateFollowUpRequest }) => createFollowUp(incidentId, input), onSuccess: refresh });
  const update = useMutation({ mutationFn: ({ id, change }: { id: number; change: UpdateFollowUpRequest }) => updateFollowUp(id, change), onSuccess: refresh });
  return { create, update };
}
