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
    teams: profile.teams.map((t) => ({ team: t.team, from: iso(t.fromAt), to: iso(t.toAt) })),
    incidents: profile.incidents.map((i) => ({ id: i.id, title: i.title, startedAt: iso(i.startedAt), involvement: i.involvement })),
  };
}
