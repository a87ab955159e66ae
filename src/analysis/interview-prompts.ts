/*
 * What to ask one interviewee: prompts drawn from their own moments on the timeline,
 * quoting them, in the manner of the critical decision method — ask how, not why; what
 * they saw, knew and expected; which cues they read and which options they weighed.
 * Pure; the analyst edits the result.
 */
import type { Participant } from "./people-breakdown.js";
import { localClock } from "./people-breakdown.js";

/** One of the interviewee's own timeline moments. */
export interface OwnMoment {
  ref: string;
  at: number;
  text: string;
  /** Tags of annotations on this event. */
  tags: readonly string[];
}

/** A prompt, and the moment it is about (null for general ones). */
export interface Prompt {
  text: string;
  eventRef: string | null;
}

/** What {@link interviewPrompts} reads. */
export interface PromptInput {
  /** Their row of the people breakdown; null for someone with no trace on the timeline. */
  participant: Participant | null;
  /** Their messages and cues, any order. */
  moments: readonly OwnMoment[];
  timezone: string | null;
}

/** How many quoted moments at most: a conversation has room for a handful. */
export const MAX_MOMENT_PROMPTS = 5;
const QUOTE_CHARS = 140;

/** The follow-up for a moment, by the first tag that has one. */
const BY_TAG: [string, string][] = [
  ["hypothesis", "What were you seeing that pointed you there, and what else could it have been?"],
  ["decision", "Which options did you have in front of you then, and what did you expect to happen next?"],
  ["expertise", "How did you come to know that? Where would someone newer have found it?"],
  ["aha", "What changed in your picture of the problem at that point?"],
  ["confusion", "What did you make of it then, and what would have made it easier to read?"],
  ["action", "What did you expect to happen when you did that, and what did happen?"],
  ["repair", "What told you this would fix it, and how sure were you at the time?"],
  ["detection", "What did you notice first, and what made it stand out from the usual noise?"],
  ["diagnosis", "How did the pieces come together for you?"],
  ["hand_off", "What did you pass on, and what did you expect the other person to know already?"],
  ["question", "What were you hoping to find out, and from whom?"],
];
const PLAIN_FOLLOW_UP = "What were you looking at when you wrote that?";

/**
 * Prompts for one interviewee: their annotated moments first (then their first words),
 * each quoting them at their local time; how they came to be involved; and the closing
 * questions every conversation should reach.
 */
export function interviewPrompts(input: PromptInput): Prompt[] {
  const prompts: Prompt[] = [];
  const spoken = [...input.moments].filter((m) => m.text.trim() !== "").sort((a, b) => a.at - b.at);
  const tagged = spoken.filter((m) => m.tags.length > 0);
  const chosen = [...tagged];
  if (chosen.length < MAX_MOMENT_PROMPTS && spoken[0] && !chosen.includes(spoken[0])) chosen.unshift(spoken[0]);
  for (const moment of chosen.slice(0, MAX_MOMENT_PROMPTS).sort((a, b) => a.at - b.at)) {
    const followUp = BY_TAG.find(([tag]) => moment.tags.includes(tag))?.[1] ?? PLAIN_FOLLOW_UP;
    prompts.push({ text: `At ${clock(moment.at, input.timezone)} you wrote “${excerpt(moment.text)}”. ${followUp}`, eventRef: moment.ref });
  }
  const p = input.participant;
  if (p) {
    const how = p.evidence.involvement ? `${p.evidence.involvement.source === "page" ? "page" : "message"}:${p.evidence.involvement.id}` : null;
    if (p.involvement === "paged") prompts.push({ text: "When the page reached you, what did you do first, and what did you expect to find?", eventRef: how });
    else if (p.involvement === "mentioned" || p.involvement === "invited")
      prompts.push({ text: `How did you come to be pulled in${p.involvedBy ? ` when ${p.involvedBy.name} reached out` : ""}, and what did you know about the problem when you arrived?`, eventRef: how });
    else prompts.push({ text: "What brought you to the channel when you joined, and what did you see first?", eventRef: null });
    if (p.messages === 0) prompts.push({ text: "You followed along without writing. What were you watching for, and what did you notice that nobody said?", eventRef: null });
    if (p.formerOwner) prompts.push({ text: `You used to be on ${p.formerOwner.team}. What from that time helped you here, and what had changed since?`, eventRef: null });
  }
  prompts.push({ text: "What surprised you as it unfolded?", eventRef: null });
  prompts.push({ text: "What made this one hard to handle?", eventRef: null });
  prompts.push({ text: "Was there something you knew then that the people around you did not?", eventRef: null });
  prompts.push({ text: "If someone new to this system were on call tomorrow, what would you want them to know?", eventRef: null });
  return prompts;
}

/** `02:14 your time` with a zone, `02:14 UTC` without. */
function clock(at: number, timezone: string | null): string {
  const local = timezone ? localClock(at, timezone) : null;
  if (local) return `${local.iso.slice(11, 16)} your time`;
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= QUOTE_CHARS ? flat : `${flat.slice(0, QUOTE_CHARS - 1).trimEnd()}…`;
}
