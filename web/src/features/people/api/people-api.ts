import { apiFetch } from "../../../api/client";
import type { z } from "zod";
import { type DirectoryPerson as DirectoryPersonSchema, PeopleBreakdown as PeopleBreakdownSchema, PeopleList, type PersonProfile as PersonProfileSchema, PersonResponse } from "../../../../../src/core/people.js";
import type { PeopleBreakdown } from "../../../api/types";

/** One person with their teams, shifts, incidents and the pages asked for. */
export type PersonProfile = z.infer<typeof PersonProfileSchema>;

/** A person as the directory lists them. */
export type DirectoryPerson = z.infer<typeof DirectoryPersonSchema>;

/** `GET /api/incidents/:id/people`: participants and the incident-level summary. */
export function fetchPeopleBreakdown(incidentId: number, signal?: AbortSignal): Promise<PeopleBreakdown> {
  return apiFetch(`/incidents/${incidentId}/people`, { schema: PeopleBreakdownSchema, signal });
}

/** `GET /api/people/:id`: one person's teams, on-call shifts and incidents, with the pages asked for. */
export async function fetchPersonProfile(personId: number, pages: readonly number[], signal?: AbortSignal): Promise<PersonProfile> {
  const body = await apiFetch(`/people/${personId}`, { schema: PersonResponse, query: { pages: pages.length > 0 ? pages.join(",") : null }, signal });
  return body.person;
}

/** `GET /api/people`: the directory, by name. */
export async function fetchPeople(q: string, signal?: AbortSignal): Promise<DirectoryPerson[]> {
  const body = await apiFetch("/people", { schema: PeopleList, query: { q: q.trim() || null, limit: "500" }, signal });
  return body.people;
}
