import type { Participant, PeopleBreakdown } from "../analysis/people-breakdown.js";
import { iso } from "./time.js";

/** One participant as JSON: times in ISO 8601, evidence ids as they are. */
export function presentParticipant(p: Participant) {
  return {
    person: p.person,
    firstActivityAt: iso(p.firstActivityAt),
    involvement: p.involvement,
    involvedBy: p.involvedBy,
    onCall: p.onCall,
    onCallShift: p.onCallShift,
    teamAtTime: p.teamAtTime,
    owningTeams: p.owningTeams,
    onOwningTeam: p.onOwningTeam,
    formerOwner: p.formerOwner ? { team: p.formerOwner.team, leftAt: iso(p.formerOwner.leftAt), yearsSince: p.formerOwner.yearsSince } : null,
    localTime: p.localTime,
    timezone: p.timezone,
    offHours: p.offHours,
    tenureDays: p.tenureDays,
    pagesPrior7d: p.pagesPrior7d,
    messages: p.messages,
    flags: p.flags,
    unknown: p.unknown,
    evidence: p.evidence,
  };
}

/** The incident-level figures; each names the log entry or people it came from. */
export function presentBreakdownSummary(breakdown: PeopleBreakdown) {
  const s = breakdown.summary;
  const moment = (m: { at: number; logEntryId: number; afterStartMs: number | null } | null) =>
    m ? { at: iso(m.at), afterStartSeconds: m.afterStartMs === null ? null : Math.round(m.afterStartMs / 1000), logEntryId: m.logEntryId } : null;
  return {
    startedAt: iso(s.startedAt),
    firstPage: moment(s.firstPage),
    firstAcknowledgement: moment(s.firstAcknowledgement),
    resolution: moment(s.resolution),
    people: s.people,
    neitherOnCallNorOwningTeam: s.neitherOnCallNorOwningTeam,
    offHours: s.offHours,
    formerOwners: s.formerOwners,
    missingData: s.missingData,
  };
}
