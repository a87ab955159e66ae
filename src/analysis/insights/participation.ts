/*
 * Shared rules of the insights: how a person got involved in an incident (the same rule
 * as the people breakdown: the earliest cause at or before their first channel activity),
 * which team they were on at a moment, and which teams owned a service then.
 */
import type { InsightIncident, InsightInvolvement, InsightMembership, InsightPerson, InsightService, ParticipationFacts } from "../../core/insights.js";

/** A time range: both ends inclusive, null for open. */
export interface InsightRange {
  from: number | null;
  to: number | null;
}

/** No bounds. */
export const ALL_TIME: InsightRange = { from: null, to: null };

/** True when `at` is inside `range`. */
export function inRange(at: number, range: InsightRange): boolean {
  return (range.from === null || at >= range.from) && (range.to === null || at <= range.to);
}

/** How one person got involved in one incident, with the event behind it. */
export interface Involvement {
  kind: InsightInvolvement;
  /** The event that pulled them in (null for `self`). */
  cause: { kind: "message" | "page"; id: number; at: number } | null;
  /** Their first activity: earliest channel event or notification. */
  first: { kind: "message" | "page"; id: number; at: number };
}

/**
 * Decides involvement from the earliest facts: paged, @-mentioned or invited at or
 * before their first channel activity (the earliest cause wins; on a tie paged before
 * mentioned before invited), else they came on their own. Null when there is nothing.
 */
export function involvementOf(facts: ParticipationFacts): Involvement | null {
  const channel = facts.firstChannel;
  const notify = facts.firstNotify;
  let first: Involvement["first"];
  if (channel && (!notify || channel.at <= notify.at)) first = { kind: "message", id: channel.messageId, at: channel.at };
  else if (notify) first = { kind: "page", id: notify.logEntryId, at: notify.at };
  else if (facts.firstPaging) first = { kind: "page", id: facts.firstPaging.logEntryId, at: facts.firstPaging.at };
  else return null;
  const horizon = channel?.at ?? Number.POSITIVE_INFINITY;
  const causes: { kind: InsightInvolvement; rank: number; cause: NonNullable<Involvement["cause"]> }[] = [];
  if (facts.firstPaging && facts.firstPaging.at <= horizon) causes.push({ kind: "paged", rank: 0, cause: { kind: "page", id: facts.firstPaging.logEntryId, at: facts.firstPaging.at } });
  const mention = facts.firstMention;
  if (mention && mention.at <= horizon && mention.byPersonId !== facts.personId) causes.push({ kind: "mentioned", rank: 1, cause: { kind: "message", id: mention.messageId, at: mention.at } });
  const join = facts.firstJoin;
  if (join && join.inviterPersonId !== null && join.inviterPersonId !== facts.personId && join.at <= horizon) {
    causes.push({ kind: "invited", rank: 2, cause: { kind: "message", id: join.messageId, at: join.at } });
  }
  causes.sort((a, b) => a.cause.at - b.cause.at || a.rank - b.rank);
  const chosen = causes[0];
  return { kind: chosen?.kind ?? "self", cause: chosen?.cause ?? null, first };
}

/** The membership current at `at` (the latest started when several overlap). */
export function membershipAt(person: InsightPerson, at: number): InsightMembership | null {
  let best: InsightMembership | null = null;
  for (const m of person.memberships) {
    if (m.fromAt <= at && (m.toAt === null || at < m.toAt) && (!best || m.fromAt > best.fromAt)) best = m;
  }
  return best;
}

/** Ids of the teams owning `service` at `at`. */
export function ownerTeamIdsAt(service: InsightService, at: number): number[] {
  return service.owners.filter((o) => o.fromAt <= at && (o.toAt === null || at < o.toAt)).map((o) => o.teamId);
}

/** True when one of the person's shifts covers `at`. */
export function onCallAt(person: InsightPerson, at: number): boolean {
  return person.shifts.some((s) => (s.startAt === null || s.startAt <= at) && (s.endAt === null || at < s.endAt));
}

/** When the incident happened, for ordering and ranges. */
export function incidentTime(incident: InsightIncident, fallback: number | null = null): number | null {
  return incident.startedAt ?? fallback;
}

/** The reference rows carry. */
export function incidentRef(incident: InsightIncident): { id: number; title: string; channel: string | null } {
  return { id: incident.id, title: incident.title, channel: incident.channel };
}

/** A person as rows carry them. */
export function personRef(person: InsightPerson): { id: number; name: string; email: string | null } {
  return { id: person.id, name: person.name, email: person.email };
}

/** Orders people by e-mail (then name), people without e-mail last. */
export function byEmail(a: { email: string | null; name: string }, b: { email: string | null; name: string }): number {
  if (a.email === null && b.email !== null) return 1;
  if (b.email === null && a.email !== null) return -1;
  return (a.email ?? "").localeCompare(b.email ?? "") || a.name.localeCompare(b.name);
}

/** ISO 8601 from epoch ms. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
