import { memo } from "react";
import type { TimelineEvent } from "../../../api/types";
import { emojiFor } from "../../../lib/emoji";
import { formatUtcTime, formatViewerLocal } from "../../../lib/format-time";
import { MessageText } from "./message-text";
import { ReferenceChips } from "./reference-chips";
import { SourceBadge, TagChip } from "./tag-chip";

/** How a thread's parent shows its replies in the threads view. */
export interface ThreadToggle {
  expanded: boolean;
  /** The replies are being fetched. */
  loading: boolean;
  failed: boolean;
}

interface TimelineRowProps {
  event: TimelineEvent;
  /** Position in the stream; null for a reply shown inside its opened thread. */
  index: number | null;
  total: number | null;
  selected: boolean;
  /** The row the Tab key lands on (the selected one, or the first). */
  tabbable: boolean;
  /** The UTC day, shown on the first event of each day. */
  dayLabel: string | null;
  /** Name the Slack channel (when the incident has several). */
  showChannel: boolean;
  canAnnotate: boolean;
  /** The text selection about to be annotated, when it is in this event. */
  pendingRange: { start: number; end: number } | null;
  onSelect: (key: string) => void;
  onOpen: (key: string) => void;
  /** Shown inside its parent's opened thread (threads view). */
  inThread?: boolean;
  /** For a thread's parent in the threads view: whether its replies are shown. */
  thread?: ThreadToggle | null;
  onToggleThread?: (key: string) => void;
  /** In time order: show this reply (or parent) in its thread. */
  onOpenThread?: (key: string) => void;
  /** The search shown: its matches are marked in the text. */
  search?: string;
  /** A note is being typed for this event and not saved yet. */
  hasDraft?: boolean;
  /** While filtering: leave the filters and show this event among all the others. */
  onShowInContext?: (key: string) => void;
}

const PAGE_LABELS: Record<string, string> = {
  trigger: "triggered",
  notify: "notified",
  acknowledge: "acknowledged",
  escalate: "escalated",
  assign: "assigned",
  resolve: "resolved",
  annotate: "note",
};

const COMPACT_SUBTYPES = new Set(["channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name"]);

interface FileRef {
  name?: string;
  title?: string;
  permalink?: string;
}

interface Reaction {
  name?: string;
  count?: number;
}

function asFiles(files: unknown[]): FileRef[] {
  return files.filter((f): f is FileRef => typeof f === "object" && f !== null);
}

function asReactions(reactions: unknown[]): Reaction[] {
  return reactions.filter((r): r is Reaction => typeof r === "object" && r !== null && typeof (r as Reaction).name === "string");
}

/**
 * References worth a chip: not on PagerDuty's own log entries (their channel names the
 * incident), and not when an attachment already links to the same place.
 */
function chipReferences(event: TimelineEvent) {
  if (event.kind === "page") return [];
  const linked = new Set(event.attachments.map((a) => a.titleLink).filter(Boolean));
  return event.references.filter((r) => !r.url || !linked.has(r.url));
}

/** One event of the merged timeline: time, who, where from, what, and its annotations. */
export const TimelineRow = memo(function TimelineRow({
  event,
  index,
  total,
  selected,
  tabbable,
  dayLabel,
  showChannel,
  canAnnotate,
  pendingRange,
  onSelect,
  onOpen,
  inThread = false,
  thread = null,
  onToggleThread,
  onOpenThread,
  search = "",
  hasDraft = false,
  onShowInContext,
}: TimelineRowProps) {
  const compact = event.kind === "message" && event.subtype !== null && COMPACT_SUBTYPES.has(event.subtype);
  const isReply = event.thread?.isReply === true;
  const replyCount = event.thread && !isReply ? event.thread.replyCount : 0;
  const author = event.author?.name ?? (event.source === "pagerduty" ? "PagerDuty" : "Unknown");
  const classes = ["event", `event-${event.kind}`, compact ? "event-compact" : "", isReply ? "event-reply" : "", inThread ? "event-in-thread" : "", selected ? "event-selected" : "", event.annotations.length ? "event-annotated" : ""]
    .filter(Boolean)
    .join(" ");
  const files = asFiles(event.files);
  const reactions = asReactions(event.reactions);
  const tags = [...new Set(event.annotations.flatMap((a) => a.tags))];

  return (
    <article
      className={classes}
      tabIndex={tabbable ? 0 : -1}
      aria-posinset={index === null ? undefined : index + 1}
      aria-setsize={index === null ? undefined : (total ?? -1)}
      aria-label={inThread ? `Reply in a thread, by ${author}` : undefined}
      aria-current={selected ? "true" : undefined}
      data-event-key={event.key}
      data-testid="timeline-event"
      onClick={() => onSelect(event.key)}
    >
      <div className="event-time">
        {dayLabel && <span className="event-day">{dayLabel}</span>}
        <time dateTime={event.at} title={`${formatViewerLocal(event.at)} — your local time`}>
          {formatUtcTime(event.at)}
        </time>
      </div>
      <div className="event-body">
        <div className="event-meta">
          {isReply &&
            (!inThread && onOpenThread && event.thread?.parentKey ? (
              <button
                type="button"
                className="thread-mark thread-open"
                title="Reply in a thread: show it in its thread"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpenThread(event.key);
                }}
              >
                ↳ <span className="thread-open-label">in a thread · show the thread</span>
              </button>
            ) : (
              <span className="thread-mark" title="Reply in a thread">
                ↳<span className="visually-hidden">thread reply</span>
              </span>
            ))}
          <span className={event.author?.isBot ? "event-author event-author-bot" : "event-author"}>{author}</span>
          <SourceBadge source={event.source} />
          {event.kind === "page" && event.subtype && <span className="event-subtype">{PAGE_LABELS[event.subtype] ?? event.subtype}</span>}
          {event.thread?.isBroadcast && <span className="event-subtype">also sent to the channel</span>}
          {event.invitedBy && <span className="event-subtype">invited by {event.invitedBy.name}</span>}
          {event.editedAt && (
            <span className="event-subtype" title={`edited ${formatUtcTime(event.editedAt)} UTC`}>
              edited
            </span>
          )}
          {event.channel && (showChannel || event.source !== "slack") && <span className="event-channel">{event.source === "slack" ? `#${event.channel}` : event.channel}</span>}
        </div>
        {event.text && <MessageText eventKey={event.key} text={event.text} mentions={event.mentions} annotations={event.annotations} pending={pendingRange} search={search} />}
        {event.attachments.map((attachment, i) => (
          <div className="attachment" key={i}>
            {attachment.pretext && <p>{attachment.pretext}</p>}
            {attachment.title &&
              (attachment.titleLink ? (
                <a href={attachment.titleLink} target="_blank" rel="noopener noreferrer" className="attachment-title">
                  {attachment.title}
                </a>
              ) : (
                <p className="attachment-title">{attachment.title}</p>
              ))}
            {attachment.text && <p>{attachment.text}</p>}
            {!attachment.title && !attachment.text && attachment.fallback && <p>{attachment.fallback}</p>}
          </div>
        ))}
        {files.length > 0 && (
          <ul className="file-list" aria-label="Files">
            {files.map((file, i) => (
              <li key={i}>
                {file.permalink ? (
                  <a href={file.permalink} target="_blank" rel="noopener noreferrer">
                    📎 {file.title ?? file.name ?? "file"}
                  </a>
                ) : (
                  <span>📎 {file.title ?? file.name ?? "file"}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        <ReferenceChips references={chipReferences(event)} />
        {(reactions.length > 0 || replyCount > 0) && (
          <p className="event-extras">
            {replyCount > 0 &&
              (thread && onToggleThread ? (
                <button
                  type="button"
                  className="reply-count reply-toggle"
                  aria-expanded={thread.expanded}
                  data-testid="reply-toggle"
                  onClick={(e) => {
                    e.stopPropagation();
                    onToggleThread(event.key);
                  }}
                >
                  {thread.expanded ? "▾" : "▸"} {replyCount} {replyCount === 1 ? "reply" : "replies"}
                  {thread.expanded && thread.loading ? " · loading…" : ""}
                  {thread.expanded && thread.failed ? " · could not be loaded" : ""}
                  {!thread.expanded && <span className="visually-hidden"> — show the thread</span>}
                </button>
              ) : onOpenThread ? (
                <button
                  type="button"
                  className="reply-count reply-toggle"
                  data-testid="reply-toggle"
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpenThread(event.key);
                  }}
                >
                  {replyCount} {replyCount === 1 ? "reply" : "replies"} · show the thread
                </button>
              ) : (
                <span className="reply-count">
                  {replyCount} {replyCount === 1 ? "reply" : "replies"}
                </span>
              ))}
            {reactions.map((r) => (
              <span key={r.name} className="reaction" title={`:${r.name}: ${r.count ?? ""}`}>
                {emojiFor(r.name ?? "") ?? `:${r.name}:`} {r.count ?? ""}
              </span>
            ))}
          </p>
        )}
        {event.annotations.some((a) => a.note) && (
          <ul className="event-notes" aria-label="Notes">
            {event.annotations
              .filter((a) => a.note)
              .map((a) => (
                <li key={a.id}>
                  <span className="event-note-author">{a.author.name}:</span> {a.note}
                </li>
              ))}
          </ul>
        )}
        {(tags.length > 0 || hasDraft || (selected && (canAnnotate || onShowInContext))) && (
          <div className="event-annotations">
            {tags.length > 0 && (
              <button
                type="button"
                className="tag-button"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(event.key);
                }}
                aria-label={`${event.annotations.length} ${event.annotations.length === 1 ? "annotation" : "annotations"}: ${tags.join(", ")}. Open`}
                title={event.annotations.map((a) => a.note).filter(Boolean).join("\n")}
              >
                {tags.map((tag) => (
                  <TagChip key={tag} tag={tag} />
                ))}
              </button>
            )}
            {selected && canAnnotate && (
              <button
                type="button"
                className="button button-small annotate-button"
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(event.key);
                }}
              >
                Annotate <kbd>Enter</kbd>
              </button>
            )}
            {hasDraft && (
              <span className="draft-chip" data-testid="draft-chip">
                unsaved note
              </span>
            )}
            {selected && onShowInContext && (
              <button
                type="button"
                className="button button-small show-in-context"
                onClick={(e) => {
                  e.stopPropagation();
                  onShowInContext(event.key);
                }}
              >
                Show in context
              </button>
            )}
          </div>
        )}
      </div>
    </article>
  );
});
