import type { Involvement } from "../core/people.js";
import type { Db } from "../db/dialect.js";
import type { EvidenceRef } from "../core/people.js";
import { type DirectoryPerson, findDirectoryPerson, incidentsTouchingPerson, logEntriesByIds, onCallShiftsOf, type TeamPeriod, teamHistory } from "../db/repositories/people-directory.js";
import { incidentsPeople } from "./incident-people.js";

/** A person's page: who they are, their teams over time, and the incidents they took part in. */
export interface PersonProfile {
  person: DirectoryPerson;
  teams: TeamPeriod[];
  incidents: { id: number; title: string; startedAt: number | null; involvement: Involvement; involvedBy: { id: number; name: string } | null; evidence: EvidenceRef | null }[];
  shifts: Awaited<ReturnType<typeof onCallShiftsOf>>;
  pages: Awaited<ReturnType<typeof logEntriesByIds>>;
}

/** How many on-call shifts the profile lists. */
export const PROFILE_SHIFT_LIMIT = 100;

/** How many of a person's incidents the profile explains (newest first): each needs its breakdown. */
export const PROFILE_INCIDENT_LIMIT = 50;

/**
 * Builds a person's profile. How they were involved in each incident comes from that
 * incident's people breakdown, so it agrees with the breakdown page. Undefined for an
 * unknown person.
 */
export async function personProfile(db: Db, personId: number, options: { pages?: readonly number[] } = {}): Promise<PersonProfile | undefined> {
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
    if (participant) {
      incidents.push({ ...candidate, involvement: participant.involvement, involvedBy: participant.involvedBy, evidence: participant.evidence.involvement ?? participant.evidence.firstActivity });
    }
  }
  const shifts = await onCallShiftsOf(db, personId, PROFILE_SHIFT_LIMIT);
  const pages = await logEntriesByIds(db, options.pages ?? []);
  return { person, teams, incidents, shifts, pages };
}
