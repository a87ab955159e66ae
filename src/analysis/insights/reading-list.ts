/*
 * A newcomer's reading list: the published write-ups that explain the systems their
 * team owns and the incidents their team's people were pulled into.
 */
import type { InsightsInput, ReadingListRow } from "../../core/insights.js";
import { incidentRef, involvementOf, iso, membershipAt, ownerTeamIdsAt } from "./participation.js";

const YEAR_MS = 365.25 * 86_400_000;

/**
 * For a team: published incidents on services it owned at the time (2 points each)
 * and those its members were pulled into (1 point per member pulled, at most 3), with
 * a recency weight (a year old counts half); highest score first, then newest.
 */
export function readingList(input: InsightsInput, teamId: number, now: number, limit = 20): ReadingListRow[] {
  const pulled = new Map<number, Set<number>>();
  for (const facts of input.participations) {
    const person = input.people.get(facts.personId);
    const involvement = involvementOf(facts);
    if (!person || !involvement || involvement.kind === "self") continue;
    if (membershipAt(person, involvement.first.at)?.teamId !== teamId) continue;
    const set = pulled.get(facts.incidentId) ?? new Set<number>();
    set.add(person.id);
    pulled.set(facts.incidentId, set);
  }
  const rows: ReadingListRow[] = [];
  for (const incident of input.incidents) {
    if (incident.status !== "published") continue;
    const at = incident.startedAt ?? now;
    const reasons: string[] = [];
    let score = 0;
    const owned = incident.serviceIds.map((id) => input.services.get(id)).filter((s) => s !== undefined && ownerTeamIdsAt(s, at).includes(teamId));
    if (owned.length > 0) {
      score += 2;
      reasons.push(`on ${owned.map((s) => s?.name).join(", ")}, owned by the team then`);
    }
    const people = pulled.get(incident.id)?.size ?? 0;
    if (people > 0) {
      score += Math.min(3, people);
      reasons.push(`${people} of the team's people were pulled in`);
    }
    if (score === 0) continue;
    const weighted = score / (1 + Math.max(0, now - at) / YEAR_MS);
    rows.push({ incident: incidentRef(incident), startedAt: incident.startedAt === null ? null : iso(incident.startedAt), reasons, score: Math.round(weighted * 100) / 100 });
  }
  return rows.sort((a, b) => b.score - a.score || (b.startedAt ?? "").localeCompare(a.startedAt ?? "")).slice(0, limit);
}
