/*
 * Turns the reader's text selection inside one message into the range an annotation
 * stores. The message text element renders every character of the event's `text`
 * exactly once and in order (hidden markers included), so the length of the DOM text
 * from the element's start to a point is that point's offset into `text`.
 */

/** A selected span of one event's text. */
export interface TextRange {
  eventKey: string;
  rangeStart: number;
  rangeEnd: number;
  quote: string;
}

/** Attribute on the element that holds an event's text; its value is the event key. */
export const TEXT_ATTRIBUTE = "data-event-text";

function textContainer(node: Node | null): HTMLElement | null {
  const element = node instanceof HTMLElement ? node : (node?.parentElement ?? null);
  return element?.closest<HTMLElement>(`[${TEXT_ATTRIBUTE}]`) ?? null;
}

function offsetWithin(container: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/**
 * The selected range when the selection lies inside a single event's text, trimmed of
 * surrounding white space; null otherwise (no selection, a collapsed one, or one that
 * crosses events).
 */
export function selectedTextRange(selection: Selection | null, textOf: (eventKey: string) => string | undefined): TextRange | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const container = textContainer(range.startContainer);
  if (!container || container !== textContainer(range.endContainer)) return null;
  const eventKey = container.getAttribute(TEXT_ATTRIBUTE);
  const text = eventKey ? textOf(eventKey) : undefined;
  if (!eventKey || text === undefined) return null;
  let start = offsetWithin(container, range.startContainer, range.startOffset);
  let end = offsetWithin(container, range.endContainer, range.endOffset);
  if (end < start) [start, end] = [end, start];
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(0, Math.min(end, text.length));
  while (start < end && /\s/.test(text[start] ?? "")) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end -= 1;
  if (start === end) return null;
  return { eventKey, rangeStart: start, rangeEnd: end, quote: text.slice(start, end) };
}
