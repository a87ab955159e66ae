import type { AnnotationTag } from "../../../api/types";
import { TAG_LABELS } from "../../../lib/tags";

/** A tag as a small coloured label. */
export function TagChip({ tag }: { tag: AnnotationTag }) {
  return <span className={`tag-chip tag-${tag}`}>{TAG_LABELS[tag] ?? tag}</span>;
}

const SOURCE_LABELS = { slack: "Slack", pagerduty: "PagerDuty", transcript: "Transcript" } as const;

/** Where an event comes from. */
export function SourceBadge({ source }: { source: keyof typeof SOURCE_LABELS }) {
  return <span className={`source-badge source-${source}`}>{SOURCE_LABELS[source] ?? source}</span>;
}

/** How each source reads. */
export function sourceLabel(source: keyof typeof SOURCE_LABELS): string {
  return SOURCE_LABELS[source] ?? source;
}
