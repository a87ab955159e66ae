import { memo, type ReactNode } from "react";
import type { Annotation, Mention } from "../../../api/types";
import { type Highlight, piecesOf, searchHits, segmentText, type TextSegment } from "../api/text-segments";
import { TEXT_ATTRIBUTE } from "../api/text-selection";
import { emojiFor } from "../../../lib/emoji";

interface MessageTextProps {
  eventKey: string;
  text: string;
  mentions: readonly Mention[];
  annotations: readonly Annotation[];
  /** A selection being annotated right now, shown before it is saved. */
  pending?: { start: number; end: number } | null;
  /** The search being shown: its matches are marked. */
  search?: string;
}

type Range = { start: number; end: number };

function highlightsOf(annotations: readonly Annotation[], length: number): Highlight[] {
  const highlights: Highlight[] = [];
  for (const a of annotations) {
    if (a.rangeStart === null || a.rangeEnd === null) continue;
    const start = Math.max(0, Math.min(a.rangeStart, length));
    const end = Math.max(start, Math.min(a.rangeEnd, length));
    if (end > start) highlights.push({ start, end, tag: a.tags[0] ?? "note", annotationId: a.id });
  }
  return highlights;
}

/** `[start, end)` of the text with the search matches in it marked. */
function withHits(text: string, start: number, end: number, hits: readonly Range[]): ReactNode {
  const inside = hits.filter((h) => h.end > start && h.start < end);
  if (inside.length === 0) return text.slice(start, end);
  const nodes: ReactNode[] = [];
  let at = start;
  for (const hit of inside) {
    const from = Math.max(start, hit.start);
    const to = Math.min(end, hit.end);
    if (from > at) nodes.push(text.slice(at, from));
    nodes.push(
      <mark key={from} className="timeline-hit">
        {text.slice(from, to)}
      </mark>,
    );
    at = to;
  }
  if (at < end) nodes.push(text.slice(at, end));
  return nodes;
}

function renderPieces(text: string, start: number, end: number, highlights: Highlight[], hits: readonly Range[]): ReactNode[] {
  return piecesOf(start, end, highlights).map((piece) =>
    piece.highlight ? (
      <mark key={piece.start} className={`hl hl-${piece.highlight.tag}`} data-annotation={piece.highlight.annotationId}>
        {withHits(text, piece.start, piece.end, hits)}
      </mark>
    ) : (
      <span key={piece.start}>{withHits(text, piece.start, piece.end, hits)}</span>
    ),
  );
}

function renderSegment(text: string, segment: TextSegment, highlights: Highlight[], hits: readonly Range[]): ReactNode {
  const inner = renderPieces(text, segment.contentStart, segment.contentEnd, highlights, hits);
  // mrkdwn markers stay in the DOM (so offsets count them) but are not shown.
  const open = segment.contentStart > segment.start ? <span className="md-marker">{text.slice(segment.start, segment.contentStart)}</span> : null;
  const close = segment.end > segment.contentEnd ? <span className="md-marker">{text.slice(segment.contentEnd, segment.end)}</span> : null;
  switch (segment.kind) {
    case "link":
      return (
        <a key={segment.start} href={segment.href} target="_blank" rel="noopener noreferrer" className="text-link">
          {inner}
        </a>
      );
    case "mention":
      return (
        <span key={segment.start} className={`mention mention-${segment.mentionKind ?? "user"}`}>
          {inner}
        </span>
      );
    case "pre":
      // A block of code; <code> styled as a block, since a <pre> may not sit in the paragraph.
      return (
        <code key={segment.start} className="code-block">
          {open}
          {inner}
          {close}
        </code>
      );
    case "quote":
      return (
        <span key={segment.start} className="quote-marker">
          {open}
        </span>
      );
    case "emoji":
      // The shortcode stays in the text, hidden, so annotation offsets still count it; CSS shows the emoji.
      return (
        <span key={segment.start} className="emoji" data-emoji={segment.emoji} title={text.slice(segment.start, segment.end)}>
          {open}
        </span>
      );
    case "italic":
      return (
        <em key={segment.start}>
          {open}
          {inner}
          {close}
        </em>
      );
    case "strike":
      return (
        <s key={segment.start}>
          {open}
          {inner}
          {close}
        </s>
      );
    case "code":
      return (
        <code key={segment.start}>
          {open}
          {inner}
          {close}
        </code>
      );
    case "bold":
      return (
        <strong key={segment.start}>
          {open}
          {inner}
          {close}
        </strong>
      );
    default:
      return <span key={segment.start}>{inner}</span>;
  }
}

/** A message's text with mentions, links, code, annotated ranges and search matches rendered. */
export const MessageText = memo(function MessageText({ eventKey, text, mentions, annotations, pending, search = "" }: MessageTextProps) {
  const hits = searchHits(text, search);
  const segments = segmentText(text, mentions, emojiFor);
  const highlights = highlightsOf(annotations, text.length);
  if (pending && pending.end > pending.start) highlights.push({ start: pending.start, end: pending.end, tag: "pending", annotationId: -1 });
  return (
    <p className="event-text" {...{ [TEXT_ATTRIBUTE]: eventKey }}>
      {segments.map((segment) => renderSegment(text, segment, highlights, hits))}
    </p>
  );
});
