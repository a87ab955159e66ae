import type { Involvement } from "../core/people.js";
import type { Db } from "../db/dialect.js";
import { type DirectoryPerson, findDirectoryPerson, incidentsTouchingPerson, type TeamPeriod, teamHistory } from "../db/repositories/people-directory.js";
import { incidentsPeople } from "./incident-people.js";

/** A person's page: who they are, their teams over time, and the incidents they took part in. */
export interface PersonProfile {
  person: DirectoryPerson;
  teams: TeamPeriod[];
  incidents: { id: number; title: string; startedAt: number | null; involvement: Involvement }[];
}

/** How many of a person's incidents the profile explains (newest first): each needs its breakdown. */
export const PROFILE_INCIDENT_LIMIT = 50;

/**
 * Builds a person's profile. How they were involved in each incident comes from that
 * incident's people breakdown, so it agrees with the breakdown page. Undefined for an
 * unknown person.
 */
export async function personProfile(db: Db, personId: number): Promise<PersonProfile | undefined> {
  const person = await findDirectoryPerson(db, personId);
  if (!person) return undefined;
  const teams = await teamHistory(db, personId);
  const candidates = await incidentsTouchingPerson(db, personId, PROFILE_INCIDENT_LIMIT);
  const incidents: PersonProfile["incidents"] = [];
  // Every candidate's breakdown in one batch: a fixed number of queries, not one round per incident.
  const breakdowns = await incidentsPeople(db, candidates.map((c) => c.id));
  for (const candidate of candidates) {
    const breakdown = breakdowns.get(candidate.id);
    const participant = breakdown?.participants.find((p) => p.person.id === personId);
    if (participant) incidents.push({ ...candidate, involvement: participant.involvement });
  }
  return { person, teams, incidents };
}
