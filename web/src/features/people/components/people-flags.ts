import type { Involvement, Participant } from "../../../api/types";
import type { ParticipantFlag } from "../../../../../src/core/people.js";

/*
 * How the people breakdown's answers read. The rules themselves (who is outside the
 * rota and the team, what counts as a busy week) are decided on the server, in
 * src/analysis/people-flags.ts; the UI only shows the flags the API sends.
 */

/** How each involvement reads. */
export const INVOLVEMENT_LABELS: Record<Involvement, string> = {
  paged: "Paged",
  mentioned: "@-mentioned",
  invited: "Invited",
  self: "Joined on their own",
};

/** True when the API flagged the participant with `flag`. */
export function hasFlag(p: Pick<Participant, "flags">, flag: ParticipantFlag): boolean {
  return p.flags.includes(flag);
}

/** The organisation leaned on them outside the rota and the owning team (as the API says). */
export function isOutsideRotaAndTeam(p: Pick<Participant, "flags">): boolean {
  return hasFlag(p, "outside_rota_and_team");
}

/** The flags worth a reader's attention, as short phrases, in the order the API gives them. */
export function flagsOf(p: Pick<Participant, "flags" | "formerOwner" | "pagesPrior7d">): { key: string; label: string }[] {
  return p.flags.map((flag) => {
    switch (flag) {
      case "outside_rota_and_team":
        return { key: "outside", label: "Not on call, not on the owning team" };
      case "former_owner":
        return { key: "former", label: p.formerOwner ? `Former owner (${p.formerOwner.team})` : "Former owner" };
      case "off_hours":
        return { key: "off-hours", label: "Off hours" };
      case "busy_week":
        return { key: "busy", label: `Paged ${p.pagesPrior7d}× the week before` };
    }
  });
}
