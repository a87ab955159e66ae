/*
 * The rules that flag a participant of the people breakdown. They live here, once:
 * the API sends the flags with each participant, and the web UI and the CLI show what
 * it says instead of deciding again.
 */

import type { ParticipantFlag, ParticipantUnknowns } from "../core/people.js";

/** Pages in the week before the incident from which being paged again is a fatigue signal. */
export const BUSY_WEEK_PAGES = 3;

/** What the flags are decided from. */
export interface FlagFacts {
  onCall: boolean;
  onOwningTeam: boolean;
  formerOwner: unknown;
  /** Null when their time zone is unknown: then "off hours" is not claimed either way. */
  offHours: boolean | null;
  pagesPrior7d: number;
  /** What is unknown: an unknown fact never counts as a "no". */
  unknown?: ParticipantUnknowns;
}

/** The organisation leaned on them outside the rota and the owning team. */
export function isOutsideRotaAndTeam(p: Pick<FlagFacts, "onCall" | "onOwningTeam" | "unknown">): boolean {
  const u = p.unknown;
  if (u && (u.onCall !== null || u.team !== null || u.ownership !== null)) return false;
  return !p.onCall && !p.onOwningTeam;
}

/** Paged often enough in the week before the incident to be a fatigue signal. */
export function hadBusyWeek(p: Pick<FlagFacts, "pagesPrior7d">): boolean {
  return p.pagesPrior7d >= BUSY_WEEK_PAGES;
}

/** Every flag that applies, in the order of PARTICIPANT_FLAGS. */
export function participantFlags(p: FlagFacts): ParticipantFlag[] {
  const flags: ParticipantFlag[] = [];
  if (isOutsideRotaAndTeam(p)) flags.push("outside_rota_and_team");
  if (p.formerOwner !== null && p.formerOwner !== undefined) flags.push("former_owner");
  if (p.offHours === true) flags.push("off_hours");
  if (hadBusyWeek(p)) flags.push("busy_week");
  return flags;
}
