import type { ZipLimits } from "../zip/zip-reader.js";
import type { SlackMessageRecord } from "./slack-export-reader.js";

/** What the parse worker is started with. */
export interface SlackParseWorkerData {
  path: string;
  limits: Partial<ZipLimits>;
  /** Day-file entries to parse, in order. */
  entries: string[];
  users: [string, string][];
  channels: [string, string][];
  /**
   * Two Int32 counters: chunks posted by the worker, chunks consumed by the importer.
   * The worker blocks while too many chunks are in flight, so memory stays bounded
   * however fast it parses.
   */
  control: SharedArrayBuffer;
}

/** Chunks the worker may have posted and the importer not yet stored. */
export const MAX_CHUNKS_IN_FLIGHT = 2;
/**
 * Messages per chunk. Small chunks measured faster and leaner than large ones
 * (bench/import-bench.ts, 1M messages: 2,000 → 141k msg/s and 393 MB peak RSS;
 * 500 → 176k msg/s and 280 MB): messages die young instead of being promoted while
 * they wait in a long queue.
 */
export const MESSAGES_PER_CHUNK = 500;

/**
 * A message as it crosses from the worker: a flat tuple instead of an object, with
 * mentions and references flattened and `rawText` null when it equals `text`.
 * Structured clone handles this about three times faster than the object form, and
 * the copy happens on both threads for every message.
 */
export type PackedMessage = [
  ts: string,
  at: number,
  user: string | null,
  authorName: string | null,
  subtype: string | null,
  text: string,
  rawText: string | null,
  threadTs: string | null,
  parentUser: string | null,
  isBroadcast: boolean,
  replyCount: number,
  editedAt: number | null,
  editedBy: string | null,
  inviter: string | null,
  files: string | null,
  reactions: string | null,
  attachments: string | null,
  /** kind, target, label, kind, target, label, … */
  mentions: string[] | null,
  /** kind, key, url, kind, key, url, … */
  references: (string | null)[] | null,
];

/** Packs a message for posting. */
export function packMessage(m: SlackMessageRecord): PackedMessage {
  return [
    m.ts,
    m.at,
    m.user,
    m.authorName,
    m.subtype,
    m.text,
    m.rawText === m.text ? null : m.rawText,
    m.threadTs,
    m.parentUser,
    m.isBroadcast,
    m.replyCount,
    m.editedAt,
    m.editedBy,
    m.inviter,
    m.files,
    m.reactions,
    m.attachments,
    m.mentions.length === 0 ? null : m.mentions.flatMap((x) => [x.kind, x.target, x.label]),
    m.references.length === 0 ? null : m.references.flatMap((x) => [x.kind, x.key, x.url]),
  ];
}

/** Unpacks a posted message. */
export function unpackMessage(p: PackedMessage): SlackMessageRecord {
  const mentions: SlackMessageRecord["mentions"] = [];
  const flatMentions = p[17];
  if (flatMentions) {
    for (let i = 0; i + 2 < flatMentions.length; i += 3) {
      mentions.push({ kind: flatMentions[i] as SlackMessageRecord["mentions"][number]["kind"], target: flatMentions[i + 1] as string, label: flatMentions[i + 2] as string });
    }
  }
  const references: SlackMessageRecord["references"] = [];
  const flatReferences = p[18];
  if (flatReferences) {
    for (let i = 0; i + 2 < flatReferences.length; i += 3) {
      references.push({ kind: flatReferences[i] as SlackMessageRecord["references"][number]["kind"], key: flatReferences[i + 1] as string, url: flatReferences[i + 2] ?? null });
    }
  }
  return {
    ts: p[0],
    at: p[1],
    user: p[2],
    authorName: p[3],
    subtype: p[4],
    text: p[5],
    rawText: p[6] ?? p[5],
    threadTs: p[7],
    parentUser: p[8],
    isBroadcast: p[9],
    replyCount: p[10],
    editedAt: p[11],
    editedBy: p[12],
    inviter: p[13],
    files: p[14],
    reactions: p[15],
    attachments: p[16],
    mentions,
    references,
  };
}

/** Messages from the worker to the importer. */
export type SlackParseWorkerMessage =
  | { type: "chunk"; days: { index: number; messages: PackedMessage[] }[] }
  | { type: "done" }
  | { type: "error"; message: string; importError: boolean };
