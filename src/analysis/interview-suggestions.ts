/*
 * Whom to interview, and why: a pure function over the people breakdown, what is known
 * about each person (team history), the incident's annotations and who did what on the
 * timeline. Every reason names the events, annotations, memberships or shifts behind it.
 */
import type { PersonFacts } from "../core/breakdown-input.js";
import type { SuggestionReason } from "../core/interviews.js";
import type { Participant, PeopleBreakdown } from "./people-breakdown.js";
import { isOutsideRotaAndTeam } from "./people-flags.js";

/** A timeline event with the person behind it. */
export interface AttributedEvent {
  /** `message:12`, `page:3`, `cue:4:0`. */
  ref: string;
  at: number;
  /** The author of a message, the agent of a log entry, the speaker of a cue. */
  personId: number | null;
  /** For log entries: `acknowledge`, `resolve`, …; null otherwise. */
  pageKind: string | null;
}

/** An annotation, reduced to what suggestions read. */
export interface AnnotationFact {
  id: number;
  eventRef: string;
  at: number | null;
  tags: readonly string[];
}

/** Everything {@link suggestInterviewees} reads. */
export interface SuggestionInput {
  breakdown: PeopleBreakdown;
  people: ReadonlyMap<number, PersonFacts>;
  annotations: readonly AnnotationFact[];
  events: readonly AttributedEvent[];
}

/** One piece of evidence: a timeline event ref, or a row id. */
export interface SuggestionEvidence {
  kind: "event" | "annotation" | "membership" | "shift";
  id: string;
}

/** One reason, in a sentence, with its evidence. */
export interface SuggestionReasonFact {
  code: SuggestionReason;
  text: string;
  evidence: SuggestionEvidence[];
}

/** A suggested interviewee. */
export interface Suggestion {
  person: { id: number; name: string };
  reasons: SuggestionReasonFact[];
  score: number;
}

/** How much each reason weighs in the order; the analyst reorders freely. */
const WEIGHT: Record<SuggestionReason, number> = {
  first_responder: 5,
  pulled_in: 4,
  tagged_moments: 4,
  former_owner: 3,
  may_feel_blamed: 3,
  paged_at_night: 2,
  paged_often: 2,
  new_joiner: 2,
  observer: 1,
};

/** Tags that mark someone's thinking out loud: worth asking how they got there. */
const THINKING_TAGS = new Set(["hypothesis", "decision", "expertise", "aha"]);
/** Markers an action next to which may feel like an accusation. */
const BLAME_TAGS = new Set(["detection", "repair"]);
/** An action this close before a marker (or the marked event itself) counts as "next to" it. */
export const NEAR_MARKER_MS = 5 * 60_000;
/** Paged for this many distinct incidents in the week before counts as often. */
export const OFTEN_PAGED = 3;
/** Under this many days at the company or on the team counts as new. */
export const NEW_JOINER_DAYS = 90;
const DAY_MS = 86_400_000;

const event = (ref: string): SuggestionEvidence => ({ kind: "event", id: ref });
const ref = (source: "message" | "join" | "page", id: number) => `${source === "page" ? "page" : "message"}:${id}`;

/**
 * Suggests whom to interview, highest score first (ties by first activity): the first
 * responder; people pulled in though neither on call nor on an owning team; former
 * owners; people whose messages carry a hypothesis, decision, expertise or a-ha tag;
 * people paged often in the week before or paged at night; people new to the company or
 * their team; people whose action sits next to a detection or repair marker (they may
 * feel blamed: go gently); and people who only watched.
 */
export function suggestInterviewees(input: SuggestionInput): Suggestion[] {
  const participants = input.breakdown.participants;
  const byEvent = new Map<string, AttributedEvent>();
  for (const e of input.events) byEvent.set(e.ref, e);
  const actionsBy = new Map<number, AttributedEvent[]>();
  for (const e of input.events) {
    if (e.personId === null) continue;
    const list = actionsBy.get(e.personId) ?? [];
    list.push(e);
    actionsBy.set(e.personId, list);
  }
  const firstResponder = findFirstResponder(participants, input.events);

  const suggestions: Suggestion[] = [];
  for (const p of participants) {
    const reasons: SuggestionReasonFact[] = [];
    const first = event(ref(p.evidence.firstActivity.source, p.evidence.firstActivity.id));
    if (firstResponder && firstResponder.personId === p.person.id) {
      reasons.push({ code: "first_responder", text: firstResponder.text, evidence: [event(firstResponder.ref)] });
    }
    if (isOutsideRotaAndTeam(p) && p.involvement !== "self") {
      const how = p.involvement === "paged" ? "paged" : p.involvement === "mentioned" ? `mentioned${p.involvedBy ? ` by ${p.involvedBy.name}` : ""}` : `invited${p.involvedBy ? ` by ${p.involvedBy.name}` : ""}`;
      const team = p.teamAtTime ? `on ${p.teamAtTime}` : "on no team we know of";
      const evidence: SuggestionEvidence[] = p.evidence.involvement ? [event(ref(p.evidence.involvement.source, p.evidence.involvement.id))] : [first];
      if (p.evidence.teamMembershipId !== null) evidence.push({ kind: "membership", id: String(p.evidence.teamMembershipId) });
      reasons.push({ code: "pulled_in", text: `Was ${how} though not on call and ${team}, not an owning team: what did they know that the rota did not?`, evidence });
    }
    if (p.formerOwner) {
      const years = p.formerOwner.yearsSince;
      reasons.push({
        code: "former_owner",
        text: `Used to be on ${p.formerOwner.team}, an owning team, and left ${years < 1 ? "less than a year" : `${years} years`} before: ask what they still carry about it.`,
        evidence: p.evidence.formerOwnerMembershipId === null ? [first] : [{ kind: "membership", id: String(p.evidence.formerOwnerMembershipId) }],
      });
    }
    const tagged = input.annotations.filter((a) => a.tags.some((t) => THINKING_TAGS.has(t)) && byEvent.get(a.eventRef)?.personId === p.person.id);
    if (tagged.length > 0) {
      const tags = [...new Set(tagged.flatMap((a) => a.tags.filter((t) => THINKING_TAGS.has(t))))].map(tagWord);
      reasons.push({
        code: "tagged_moments",
        text: `${tagged.length === 1 ? "One of their messages is" : `${tagged.length} of their messages are`} marked ${joinWords(tags)}: ask how they came to it.`,
        evidence: tagged.flatMap((a) => [{ kind: "annotation" as const, id: String(a.id) }, event(a.eventRef)]),
      });
    }
    if (p.pagesPrior7d >= OFTEN_PAGED) {
      reasons.push({
        code: "paged_often",
        text: `Paged for ${p.pagesPrior7d} other incidents in the week before: how tired were they, and what did that week look like?`,
        evidence: p.evidence.priorPageLogEntryIds.map((id) => event(`page:${id}`)),
      });
    }
    const hour = localHour(p.localTime);
    if (p.involvement === "paged" && hour !== null && (hour < 6 || hour >= 22) && p.evidence.involvement) {
      reasons.push({
        code: "paged_at_night",
        text: `Paged at ${String(hour).padStart(2, "0")}:xx their time: what was it like to come to this from sleep?`.replace(":xx", `:${(p.localTime ?? "").slice(14, 16)}`),
        evidence: [event(ref(p.evidence.involvement.source, p.evidence.involvement.id))],
      });
    }
    const newness = newJoiner(p, input.people.get(p.person.id));
    if (newness) reasons.push(newness);
    const blamed = nearMarkers(actionsBy.get(p.person.id) ?? [], input.annotations, byEvent);
    if (blamed.length > 0) {
      const tags = [...new Set(blamed.flatMap((b) => b.annotation.tags.filter((t) => BLAME_TAGS.has(t))))];
      reasons.push({
        code: "may_feel_blamed",
        text: `What they did sits next to the ${joinWords(tags)} marker: they may fear how it reads. Start from what they saw, and say that the aim is not fault.`,
        evidence: blamed.flatMap((b) => [{ kind: "annotation" as const, id: String(b.annotation.id) }, event(b.action.ref)]),
      });
    }
    if (p.messages === 0) {
      reasons.push({ code: "observer", text: "Followed along without writing: what were they watching for, and what did they notice that nobody said?", evidence: [first] });
    }
    if (reasons.length === 0) continue;
    const score = reasons.reduce((sum, r) => sum + WEIGHT[r.code], 0);
    suggestions.push({ person: { id: p.person.id, name: p.person.name }, reasons, score });
  }
  const order = new Map(participants.map((p, i) => [p.person.id, i]));
  return suggestions.sort((a, b) => b.score - a.score || (order.get(a.person.id) ?? 0) - (order.get(b.person.id) ?? 0));
}

/** The first to acknowledge a page, else the first participant to write. */
function findFirstResponder(participants: readonly Participant[], events: readonly AttributedEvent[]): { personId: number; ref: string; text: string } | null {
  const ids = new Set(participants.map((p) => p.person.id));
  const acks = events.filter((e) => e.pageKind === "acknowledge" && e.personId !== null && ids.has(e.personId)).sort((a, b) => a.at - b.at);
  const ack = acks[0];
  if (ack && ack.personId !== null) return { personId: ack.personId, ref: ack.ref, text: "First to acknowledge the page: ask what they saw when they picked it up." };
  const writer = participants.filter((p) => p.evidence.firstMessageId !== null).sort((a, b) => a.firstActivityAt - b.firstActivityAt)[0];
  if (writer && writer.evidence.firstMessageId !== null) {
    return { personId: writer.person.id, ref: `message:${writer.evidence.firstMessageId}`, text: "First to write in the incident channel: ask what brought them there and what they saw first." };
  }
  return null;
}

function newJoiner(p: Participant, facts: PersonFacts | undefined): SuggestionReasonFact | null {
  if (p.tenureDays !== null && p.tenureDays >= 0 && p.tenureDays < NEW_JOINER_DAYS) {
    return {
      code: "new_joiner",
      text: `Had been at the company ${p.tenureDays} days: what did they have to work out for themselves?`,
      evidence: [event(ref(p.evidence.firstActivity.source, p.evidence.firstActivity.id))],
    };
  }
  const membership = facts?.memberships.find((m) => m.id === p.evidence.teamMembershipId);
  if (membership) {
    const days = Math.floor((p.firstActivityAt - membership.fromAt) / DAY_MS);
    if (days >= 0 && days < NEW_JOINER_DAYS) {
      return { code: "new_joiner", text: `Had been on ${membership.team} for ${days} days: what did they know of this system, and from where?`, evidence: [{ kind: "membership", id: String(membership.id) }] };
    }
  }
  return null;
}

function nearMarkers(actions: readonly AttributedEvent[], annotations: readonly AnnotationFact[], byEvent: ReadonlyMap<string, AttributedEvent>) {
  const found: { annotation: AnnotationFact; action: AttributedEvent }[] = [];
  for (const annotation of annotations) {
    if (!annotation.tags.some((t) => BLAME_TAGS.has(t))) continue;
    const marked = byEvent.get(annotation.eventRef);
    const at = marked?.at ?? annotation.at;
    if (at === null || at === undefined) continue;
    const action = actions.find((a) => a.ref === annotation.eventRef) ?? actions.find((a) => a.at <= at && at - a.at <= NEAR_MARKER_MS && (a.pageKind === null || a.pageKind === "acknowledge" || a.pageKind === "resolve"));
    if (action) found.push({ annotation, action });
  }
  return found;
}

/** The hour of an ISO 8601 local time (`2024-03-14T02:14:00+01:00` → 2). */
function localHour(local: string | null): number | null {
  if (!local) return null;
  const hour = Number(local.slice(11, 13));
  return Number.isInteger(hour) ? hour : null;
}

function tagWord(tag: string): string {
  return tag === "aha" ? "a-ha" : tag.replace(/_/g, " ");
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
