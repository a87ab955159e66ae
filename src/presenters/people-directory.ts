import type { PersonProfile } from "../commands/person-profile.js";
import type { DirectoryPerson } from "../db/repositories/people-directory.js";
import { iso } from "./time.js";

/** A person as the directory lists them. */
export function presentDirectoryPerson(person: DirectoryPerson) {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    timezone: person.timezone,
    title: person.title,
    department: person.department,
    team: person.team,
    identities: person.identities,
  };
}

/** A person's page: the directory fields, teams over time and incidents with how they were involved. */
export function presentPersonProfile(profile: PersonProfile) {
  return {
    ...presentDirectoryPerson(profile.person),
    teams: profile.teams.map((t) => ({ id: t.id, team: t.team, from: iso(t.fromAt), to: iso(t.toAt) })),
    incidents: profile.incidents.map((i) => ({ id: i.id, title: i.title, startedAt: iso(i.startedAt), involvement: i.involvement, involvedBy: i.involvedBy, evidence: i.evidence })),
    shifts: profile.shifts.map((s) => ({ id: s.id, escalationPolicy: s.escalationPolicyName, schedule: s.scheduleName, level: s.escalationLevel, from: iso(s.startAt), to: iso(s.endAt) })),
    pages: profile.pages.map((p) => ({
      id: p.id,
      at: iso(p.at) ?? new Date(p.at).toISOString(),
      kind: p.kind,
      summary: p.summary,
      pagerduty: p.title === null ? null : { id: p.incidentExternalId, number: p.number, title: p.title },
      incidentId: p.incidentId,
    })),
  };
}
