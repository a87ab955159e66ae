import { useQuery } from "@tanstack/react-query";
import { fetchInputs, fetchInterview, fetchInterviews, fetchLinks, fetchSuggestions, fetchSynthesis } from "../api/interviews-api";

/** Query keys of the interview step, so writes can refresh what they changed. */
export const interviewKeys = {
  all: (incidentId: number) => ["interviews", incidentId] as const,
  suggestions: (incidentId: number) => ["interviews", incidentId, "suggestions"] as const,
  list: (incidentId: number) => ["interviews", incidentId, "list"] as const,
  one: (id: number) => ["interview", id] as const,
  synthesis: (incidentId: number) => ["interviews", incidentId, "synthesis"] as const,
  links: (incidentId: number) => ["interviews", incidentId, "links"] as const,
  inputs: (incidentId: number) => ["interviews", incidentId, "inputs"] as const,
};

/** Whom to talk to, and why. */
export function useSuggestions(incidentId: number) {
  return useQuery({ queryKey: interviewKeys.suggestions(incidentId), queryFn: ({ signal }) => fetchSuggestions(incidentId, signal) });
}

/** The incident's interviews the caller may see. */
export function useInterviews(incidentId: number) {
  return useQuery({ queryKey: interviewKeys.list(incidentId), queryFn: ({ signal }) => fetchInterviews(incidentId, signal) });
}

/** One interview; confidential fields only for its interviewers. Never cached beyond the view. */
export function useInterview(id: number | null) {
  return useQuery({ queryKey: interviewKeys.one(id ?? 0), queryFn: ({ signal }) => fetchInterview(id as number, signal), enabled: id !== null, gcTime: 0 });
}

/** Accounts side by side per key moment. */
export function useSynthesis(incidentId: number) {
  return useQuery({ queryKey: interviewKeys.synthesis(incidentId), queryFn: ({ signal }) => fetchSynthesis(incidentId, signal), gcTime: 0 });
}

/** Anonymous-input links. */
export function useLinks(incidentId: number) {
  return useQuery({ queryKey: interviewKeys.links(incidentId), queryFn: ({ signal }) => fetchLinks(incidentId, signal) });
}

/** What arrived anonymously. */
export function useInputs(incidentId: number) {
  return useQuery({ queryKey: interviewKeys.inputs(incidentId), queryFn: ({ signal }) => fetchInputs(incidentId, signal) });
}
