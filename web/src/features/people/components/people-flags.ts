import type { Involvement, Participant } from "../../../api/types";

/** How each involvement reads. */
export const INVOLVEMENT_LABELS: Record<Involvement, string> = {
  paged: "Paged",
  mentioned: "@-mentioned",
  invited: "Invited",
  self: "Joined on their own",
};

/** The organisation leaned on them outside the rota and the owning team. */
export function isOutsideRotaAndTeam(p: Participant): boolean {
  return !p.onCall && !p.onOwningTeam;
}

/** Paged often enough in the week before to be a fatigue signal. */
export const BUSY_WEEK_PAGES = 3;

/** The flags worth a reader's attention, as short phrases. */
export function flagsOf(p: Participant): { key: string; label: string }[] {
  const flags: { key: string; label: string }[] = [];
  if (isOutsideRotaAndTeam(p)) flags.push({ key: "outside", label: "Not on call, not on the owning team" });
  if (p.formerOwner) flags.push({ key: "former", label: `Former owner (${p.formerOwner.team})` });
  if (p.offHours) flags.push({ key: "off-hours", label: "Off hours" });
  if (p.pagesPrior7d >= BUSY_WEEK_PAGES) flags.push({ key: "busy", label: `Paged ${p.pagesPrior7d}× the week before` });
  return flags;
}
