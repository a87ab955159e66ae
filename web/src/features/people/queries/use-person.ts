import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchPeople, fetchPersonProfile } from "../api/people-api";

/** One person's profile, with the PagerDuty log entries `pages` names. */
export function usePersonProfile(personId: number, pages: readonly number[]) {
  return useQuery({
    queryKey: ["person", personId, pages.join(",")],
    queryFn: ({ signal }) => fetchPersonProfile(personId, pages, signal),
    enabled: Number.isSafeInteger(personId) && personId > 0,
  });
}

/** The people directory, filtered by name or e-mail. */
export function usePeopleDirectory(q: string) {
  return useQuery({ queryKey: ["directory", q], queryFn: ({ signal }) => fetchPeople(q, signal), placeholderData: keepPreviousData });
}
