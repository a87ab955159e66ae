import type { Annotation, TimelineEvent } from "../../../api/types";

/*
 * Evidence as the review writes it: a quote of a timeline event with its author and
 * time linked back to the event, and an annotation with its tags and note. Times are
 * `[@<ISO>](link)`, which the preview shows in the reader's local time.
 */

const TAG_LABELS: Record<string, string> = { key_moment: "Key moment", hand_off: "Hand-off", aha: "A-ha" };

function label(tag: string): string {
  return TAG_LABELS[tag] ?? `${tag.slice(0, 1).toUpperCase()}${tag.slice(1)}`;
}

/** The timeline link of an event. */
export function eventHref(incidentId: number, eventKey: string): string {
  return `/incidents/${incidentId}/timeline?event=${encodeURIComponent(eventKey)}`;
}

function quoteLines(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => `> ${line}`.trimEnd())
    .join("\n");
}

/** A block quote of an event: its text, then who and when, linked to the event. */
export function quoteEvent(incidentId: number, event: Pick<TimelineEvent, "key" | "at" | "text" | "author">, text: string = event.text): string {
  const who = event.author?.name ?? "Unknown";
  return `${quoteLines(text)}\n>\n> — ${who}, [@${new Date(event.at).toISOString()}](${eventHref(incidentId, event.key)})`;
}

/** An annotation: the quote it marks, then its tags, author and note. */
export function quoteAnnotation(incidentId: number, event: Pick<TimelineEvent, "key" | "at" | "text" | "author">, annotation: Pick<Annotation, "tags" | "note" | "quote" | "author">): string {
  const tags = annotation.tags.map(label).join(", ");
  const note = annotation.note.trim() ? `: ${annotation.note.trim().replace(/\n+/g, " ")}` : "";
  return `${quoteEvent(incidentId, event, annotation.quote ?? event.text)}\n>\n> **${tags}** (${annotation.author.name})${note}`;
}
