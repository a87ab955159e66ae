/*
 * The first draft of a review, written deterministically from what is known (no model
 * needed): times from the paging data, the annotated timeline by tag, the people
 * breakdown, services and their owners, and the references. Every sentence links to
 * the event behind it, so a reader can check it and the analyst can rewrite it. Pure.
 *
 * Times are written as `[@<ISO instant>](<event link>)`: the review's renderers show
 * such a link as the instant in the reader's own time zone (docs/review.md).
 */

import type { EvidenceAnnotation, EvidenceEvent, EvidenceParticipant, ReviewEvidence } from "../core/review-evidence.js";
import { isOutsideRotaAndTeam } from "./people-flags.js";

/** Tags whose annotations make the key-moment timeline, in the order they are named. */
export const KEY_MOMENT_TAGS = ["detection", "diagnosis", "repair", "key_moment", "decision"] as const;

const TAG_LABELS: Record<string, string> = {
  detection: "Detection",
  diagnosis: "Diagnosis",
  repair: "Repair",
  key_moment: "Key moment",
  decision: "Decision",
  hypothesis: "Hypothesis",
  confusion: "Confusion",
  hand_off: "Hand-off",
  expertise: "Expertise",
  aha: "A-ha",
};

const REFERENCE_LABELS: Record<string, string> = {
  pull_request: "pull request",
  commit: "commit",
  issue: "issue",
  jira: "Jira issue",
  pagerduty: "PagerDuty incident",
  slack: "Slack message",
  dashboard: "dashboard",
  link: "link",
};

/** The timeline link of an event of an incident. */
export function eventLink(incidentId: number, ref: string): string {
  return `/incidents/${incidentId}/timeline?event=${encodeURIComponent(ref)}`;
}

/** An instant linked to its event, in the form the review's renderers show in local time. */
export function timeLink(incidentId: number, at: number, ref: string): string {
  return `[@${new Date(at).toISOString()}](${eventLink(incidentId, ref)})`;
}

/** Escapes what Markdown would read as markup in quoted text, on one line. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/([\\`*_[\]<>~])/g, "\\$1");
}

/** Shortens quoted text to about `max` characters at a word boundary. */
export function shorten(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A duration in words: `45 seconds`, `12 minutes`, `2 hours 5 minutes`, `3 days 4 hours`. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return `${hours} ${hours === 1 ? "hour" : "hours"}${rest > 0 ? ` ${rest} ${rest === 1 ? "minute" : "minutes"}` : ""}`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return `${days} days${restHours > 0 ? ` ${restHours} ${restHours === 1 ? "hour" : "hours"}` : ""}`;
}

function when(incidentId: number, event: EvidenceEvent): string {
  return event.at === null ? `[an event of the recording](${eventLink(incidentId, event.ref)})` : timeLink(incidentId, event.at, event.ref);
}

function quoteOf(annotation: EvidenceAnnotation): string {
  return escapeInline(shorten(annotation.quote ?? annotation.event.text));
}

function annotationLine(incidentId: number, annotation: EvidenceAnnotation, tag: string | null): string {
  const label = tag ? `**${TAG_LABELS[tag] ?? tag}** — ` : "";
  const who = annotation.event.author ? `${escapeInline(annotation.event.author)}: ` : "";
  const note = annotation.note.trim() ? ` _${escapeInline(annotation.author)}'s note: ${escapeInline(shorten(annotation.note, 400))}_` : "";
  return `- ${when(incidentId, annotation.event)} ${label}${who}“${quoteOf(annotation)}”${note}`;
}

function byTime(a: EvidenceAnnotation, b: EvidenceAnnotation): number {
  return (a.event.at ?? Number.MAX_SAFE_INTEGER) - (b.event.at ?? Number.MAX_SAFE_INTEGER) || a.id - b.id;
}

/** The key-moment timeline: annotations tagged with a key-moment tag, in time order, each linked to its event. */
export function keyMomentTimeline(evidence: ReviewEvidence): string {
  const id = evidence.incident.id;
  const moments = evidence.annotations.filter((a) => a.tags.some((t) => (KEY_MOMENT_TAGS as readonly string[]).includes(t))).sort(byTime);
  return moments
    .map((a) => {
      const tag = KEY_MOMENT_TAGS.find((t) => a.tags.includes(t)) ?? null;
      return annotationLine(id, a, tag);
    })
    .join("\n");
}

/**
 * Every section the evidence can write, by section key. A section the evidence has
 * nothing for is absent, so it stays empty rather than claiming "nothing happened".
 */
export function draftReviewSections(evidence: ReviewEvidence): Map<string, string> {
  const id = evidence.incident.id;
  const sections = new Map<string, string>();
  const put = (key: string, lines: readonly string[]): void => {
    const text = lines.filter((l) => l.length > 0).join("\n\n").trim();
    if (text) sections.set(key, text);
  };

  // Summary: what is known about when, in the order it happened.
  const summary: string[] = [];
  const start = evidence.firstMessage;
  if (start && start.at !== null) summary.push(`The incident channel opened with a message at ${when(id, start)}${start.author ? ` from ${escapeInline(start.author)}` : ""}: “${escapeInline(shorten(start.text, 160))}”.`);
  const page = evidence.firstPage;
  const ack = evidence.firstAcknowledgement;
  const resolution = evidence.resolution;
  if (page) summary.push(`The first page went out at ${timeLink(id, page.at, page.ref)}.`);
  if (page && ack) summary.push(`It was acknowledged ${duration(ack.at - page.at)} later, at ${timeLink(id, ack.at, ack.ref)}.`);
  if (resolution) {
    const from = page ?? (start && start.at !== null ? { at: start.at, ref: start.ref } : null);
    summary.push(`The paging data records the resolution at ${timeLink(id, resolution.at, resolution.ref)}${from ? `, ${duration(resolution.at - from.at)} after the ${page ? "first page" : "first message"}` : ""}.`);
  }
  if (evidence.services.length > 0) {
    const services = evidence.services.map((s) => `**${escapeInline(s.name)}**${s.owners.length > 0 ? ` (owned by ${s.owners.map(escapeInline).join(", ")})` : ""}`);
    summary.push(`[Services involved](/incidents/${id}): ${services.join("; ")}.`);
  }
  put("summary", summary);

  // Narrative: the annotated moments in time order, as material to tell the story from.
  const narrativeTags = [...KEY_MOMENT_TAGS, "hypothesis"];
  const narrative = evidence.annotations.filter((a) => a.tags.some((t) => narrativeTags.includes(t))).sort(byTime);
  put(
    "narrative",
    narrative.map((a) => {
      const tag = narrativeTags.find((t) => a.tags.includes(t)) ?? null;
      const who = a.event.author ? escapeInline(a.event.author) : "The record";
      const note = a.note.trim() ? ` ${escapeInline(a.author)} noted: ${escapeInline(shorten(a.note, 400))}` : "";
      return `At ${when(id, a.event)}${tag ? ` (${(TAG_LABELS[tag] ?? tag).toLowerCase()})` : ""}, ${who} wrote: “${quoteOf(a)}”.${note}`;
    }),
  );

  // Impact: how long, when both ends are known.
  const impact: string[] = [];
  const firstSign = [start && start.at !== null ? { at: start.at, ref: start.ref } : null, page].filter((m): m is { at: number; ref: string } => m !== null).sort((a, b) => a.at - b.at)[0];
  if (firstSign && resolution) impact.push(`From the first sign at ${timeLink(id, firstSign.at, firstSign.ref)} to the resolution at ${timeLink(id, resolution.at, resolution.ref)}: ${duration(resolution.at - firstSign.at)}.`);
  put("impact", impact);

  // Difficulties: what the analyst marked as confusion or a hand-off.
  put("difficulties", [evidence.annotations.filter((a) => a.tags.includes("confusion") || a.tags.includes("hand_off")).sort(byTime).map((a) => annotationLine(id, a, a.tags.includes("confusion") ? "confusion" : "hand_off")).join("\n")]);

  // People: who was pulled in and how, from the breakdown.
  const people: string[] = [];
  if (evidence.participants.length > 0) {
    people.push(
      evidence.participants
        .map((p) => {
          const how =
            p.involvement === "paged"
              ? "paged"
              : p.involvement === "mentioned"
                ? `mentioned${p.involvedBy ? ` by ${escapeInline(p.involvedBy)}` : ""}`
                : p.involvement === "invited"
                  ? `invited${p.involvedBy ? ` by ${escapeInline(p.involvedBy)}` : ""}`
                  : "joined on their own";
          const facts = [`[${how}](${eventLink(id, p.involvementRef)})`, onCallFact(p), teamFact(p)];
          if (p.formerOwner) facts.push(`former owner (on ${escapeInline(p.formerOwner.team)} until ${new Date(p.formerOwner.leftAt).toISOString().slice(0, 10)})`);
          if (p.offHours === true) facts.push(`first active outside working hours${p.localTime ? ` (${p.localTime.slice(11, 16)} local time)` : ""}`);
          if (p.offHours === null) facts.push("local time unknown");
          facts.push(`${p.messages} ${p.messages === 1 ? "message" : "messages"}`);
          return `- **${escapeInline(p.name)}**: ${facts.join("; ")}`;
        })
        .join("\n"),
    );
    const offHours = evidence.participants.filter((p) => p.offHours === true);
    const former = evidence.participants.filter((p) => p.formerOwner);
    const outsiders = evidence.participants.filter((p) => isOutsideRotaAndTeam(p));
    const breakdown = `/incidents/${id}/people`;
    people.push(`[${evidence.participants.length} ${evidence.participants.length === 1 ? "person" : "people"} took part](${breakdown}).`);
    if (outsiders.length > 0) people.push(`[${outsiders.length} of them ${outsiders.length === 1 ? "was" : "were"} neither on call nor on an owning team](${breakdown}): ${outsiders.map((p) => escapeInline(p.name)).join(", ")}.`);
    if (former.length > 0) people.push(`[${former.length} ${former.length === 1 ? "was a former owner" : "were former owners"}](${breakdown}): ${former.map((p) => escapeInline(p.name)).join(", ")}.`);
    if (offHours.length > 0) people.push(`[${offHours.length} ${offHours.length === 1 ? "was" : "were"} pulled in outside working hours](${breakdown}): ${offHours.map((p) => escapeInline(p.name)).join(", ")}.`);
  }
  const expertise = evidence.annotations.filter((a) => a.tags.includes("expertise")).sort(byTime);
  if (expertise.length > 0) people.push(expertise.map((a) => annotationLine(id, a, "expertise")).join("\n"));
  put("people", people);

  // References: what was collected and not pruned.
  put(
    "references",
    [
      evidence.references
        .map((r) => {
          const label = r.url ? `[${escapeInline(r.key)}](<${r.url.replace(/[<>\s]/g, encodeURIComponent)}>)` : `**${escapeInline(r.key)}**`;
          const seen = r.occurrences > 1 ? `, ${r.occurrences} mentions` : "";
          return `- ${label}: ${REFERENCE_LABELS[r.kind] ?? r.kind}, first seen [on the timeline](${eventLink(id, r.evidence)})${seen}`;
        })
        .join("\n"),
    ],
  );

  // Follow-ups: what the analysis decided to do, each with its owner, due day and tracker.
  put(
    "follow_ups",
    [
      evidence.followUps
        .map((f) => {
          const title = f.trackerUrl ? `[${escapeInline(f.title)}](<${f.trackerUrl.replace(/[<>\s]/g, encodeURIComponent)}>)` : `**${escapeInline(f.title)}**`;
          const facts = [f.kind, f.status.replace(/_/g, " "), f.owner ? `owner ${escapeInline(f.owner)}` : "no owner yet", f.dueDate ? `due ${f.dueDate}` : "no due day"];
          const source = f.eventRef ? `[from the timeline](${eventLink(id, f.eventRef)})` : `[follow-ups](/incidents/${id}/follow-ups)`;
          return `- ${title}: ${facts.join(", ")}; ${source}`;
        })
        .join("\n"),
    ],
  );

  put("key_moments", [keyMomentTimeline(evidence)]);
  return sections;
}

/** On call or not, or why nobody can say: an unknown is never written as a "no". */
function onCallFact(p: EvidenceParticipant): string {
  if (p.onCall) return "on call";
  if (p.unknown?.onCall === "no_pagerduty_data") return "on call unknown (no PagerDuty data)";
  return "not on call";
}

/** On the owning team, on which other team, or what data is missing to say. */
function teamFact(p: EvidenceParticipant): string {
  if (p.onOwningTeam) return "on the owning team";
  const ownership = p.unknown?.ownership === "no_catalog" ? "owning team unknown (no service catalog)" : p.unknown?.ownership === "no_services" ? "owning team unknown (no service linked)" : null;
  if (p.teamAtTime) return ownership ? `on ${escapeInline(p.teamAtTime)}; ${ownership}` : `on ${escapeInline(p.teamAtTime)}`;
  return p.unknown?.team === "no_directory_entry" ? "team unknown (no directory entry)" : "team unknown";
}
