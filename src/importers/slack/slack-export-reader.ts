import type { ExportSource } from "../export-source.js";
import { ImportError } from "../import-error.js";
import { decodeUtf8, describeJsonValue, parseJsonText } from "../text-input.js";
import { type DecodedMention, decodeMrkdwn, type NameLookup } from "./mrkdwn.js";
import { extractReferences, type Reference } from "./references.js";
import { parseInWorker } from "./slack-parse-client.js";

/** A Slack account from `users.json`. */
export interface SlackUserRecord {
  externalId: string;
  workspace: string | null;
  handle: string | null;
  name: string;
  email: string | null;
  timezone: string | null;
  title: string | null;
  isBot: boolean;
  deleted: boolean;
}

/** A channel, private channel, DM or group DM, with the folder its day files are in. */
export interface SlackConversationRecord {
  externalId: string;
  folder: string;
  name: string;
  kind: "channel" | "private_channel" | "dm" | "mpim";
  topic: string | null;
  purpose: string | null;
  createdAt: number | null;
  creator: string | null;
  archived: boolean;
  members: string[];
}

/** One message, decoded and ready to store. */
export interface SlackMessageRecord {
  ts: string;
  at: number;
  user: string | null;
  authorName: string | null;
  subtype: string | null;
  text: string;
  rawText: string;
  threadTs: string | null;
  parentUser: string | null;
  isBroadcast: boolean;
  replyCount: number;
  editedAt: number | null;
  editedBy: string | null;
  inviter: string | null;
  files: string | null;
  reactions: string | null;
  attachments: string | null;
  mentions: DecodedMention[];
  references: Reference[];
}

/** One day file's messages. */
export interface SlackDayBatch {
  conversation: SlackConversationRecord;
  entry: string;
  messages: SlackMessageRecord[];
}

/** The parts of an export, in the order an importer needs them. */
export interface SlackExport {
  users: SlackUserRecord[];
  conversations: SlackConversationRecord[];
  /** Day files in conversation order, then date order. */
  dayFiles: { conversation: SlackConversationRecord; entry: string }[];
  /**
   * Yields every day file's decoded messages, in {@link dayFiles} order. With
   * `worker: true` the files are read and decoded in a worker thread while the caller
   * stores the previous ones: on two cores that hides most of the parsing time.
   */
  days(options?: { worker?: boolean }): AsyncGenerator<SlackDayBatch>;
}

const DAY_FILE = /^(?:[^/]+\/)*?([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
const TS = /^\d{1,12}\.\d{1,6}$/;

type Json = Record<string, unknown>;

/**
 * Reads a Slack workspace export (`users.json`, `channels.json`, `groups.json`,
 * `dms.json`, `mpims.json`, `<conversation>/<YYYY-MM-DD>.json`). The metadata files
 * are read first wherever they sit in the archive; day files are decoded one at a
 * time through {@link SlackExport.readDay}, so memory holds one day at most.
 *
 * Exports are sometimes zipped with a top folder (`acme Slack export/users.json`):
 * the folder that holds `users.json` or `channels.json` is taken as the root.
 */
export function readSlackExport(source: ExportSource): SlackExport {
  const root = findRoot(source);
  const name = (file: string): string => `${root}${file}`;
  const users = (readJsonArray(source, name("users.json"), false) ?? []).map((item, i) =>
    parseUser(item, () => `${source.describe(name("users.json"))}: item ${i + 1}`),
  );
  const conversations: SlackConversationRecord[] = [];
  const conversationPlaces: { id: string; where: string }[] = [];
  const listed: [string, SlackConversationRecord["kind"]][] = [
    ["channels.json", "channel"],
    ["groups.json", "private_channel"],
    ["dms.json", "dm"],
    ["mpims.json", "mpim"],
  ];
  for (const [file, kind] of listed) {
    const items = readJsonArray(source, name(file), false) ?? [];
    items.forEach((item, i) => {
      const where = `${source.describe(name(file))}: item ${i + 1}`;
      const conversation = parseConversation(item, kind, () => where);
      conversations.push(conversation);
      conversationPlaces.push({ id: conversation.externalId, where });
    });
  }
  checkUniqueIds(
    users.map((u, i) => ({ id: u.externalId, where: `${source.describe(name("users.json"))}: item ${i + 1}` })),
    "user",
  );
  checkUniqueIds(conversationPlaces, "conversation");
  const byFolder = new Map(conversations.map((c) => [c.folder, c]));
  const dayFiles: SlackExport["dayFiles"] = [];
  for (const entry of source.names) {
    if (!entry.startsWith(root)) continue;
    const match = DAY_FILE.exec(entry.slice(root.length));
    if (!match || entry.slice(root.length).split("/").length !== 2) continue;
    const folder = match[1] ?? "";
    let conversation = byFolder.get(folder);
    if (!conversation) {
      // A folder with no metadata entry (partial exports do this): keep its messages.
      conversation = {
        externalId: `folder:${folder}`,
        folder,
        name: folder,
        kind: folder.startsWith("D") && /^D[A-Z0-9]+$/.test(folder) ? "dm" : "channel",
        topic: null,
        purpose: null,
        createdAt: null,
        creator: null,
        archived: false,
        members: [],
      };
      byFolder.set(folder, conversation);
      conversations.push(conversation);
    }
    dayFiles.push({ conversation, entry });
  }
  if (users.length === 0 && conversations.length === 0) {
    throw new ImportError(`${source.path}: found nothing to import (no users, no conversations, no day files)`);
  }
  const order = new Map(conversations.map((c, i) => [c, i]));
  dayFiles.sort((a, b) => (order.get(a.conversation) ?? 0) - (order.get(b.conversation) ?? 0) || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));

  const userNames = new Map(users.map((u) => [u.externalId, u.handle ?? u.name]));
  const channelNames = new Map(conversations.map((c) => [c.externalId, c.name]));
  const lookup: NameLookup = { user: (id) => userNames.get(id), channel: (id) => channelNames.get(id) };

  return {
    users,
    conversations,
    dayFiles,
    async *days(options = {}) {
      if (options.worker && dayFiles.length > 0) {
        yield* parseInWorker(source, dayFiles, userNames, channelNames);
        return;
      }
      for (const { conversation, entry } of dayFiles) {
        yield { conversation, entry, messages: parseDayFile(source, entry, lookup) };
      }
    },
  };
}

/** Reads and decodes one day file. */
export function parseDayFile(source: ExportSource, entry: string, names: NameLookup): SlackMessageRecord[] {
  const items = readJsonArray(source, entry, true) ?? [];
  const messages: SlackMessageRecord[] = [];
  for (let i = 0; i < items.length; i += 1) {
    messages.push(parseMessage(items[i], names, () => `${source.describe(entry)}: message ${i + 1}`));
  }
  return messages;
}

/** An id listed twice would be stored once and silently lose one of its definitions. */
function checkUniqueIds(items: readonly { id: string; where: string }[], what: string): void {
  const seen = new Map<string, string>();
  for (const { id, where } of items) {
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new ImportError(`${where}: ${what} id ${JSON.stringify(id)} is already listed at ${earlier}`);
    seen.set(id, where);
  }
}

function findRoot(source: ExportSource): string {
  let best: string | null = null;
  for (const entry of source.names) {
    const match = /^(.*\/)?(users|channels)\.json$/.exec(entry);
    if (!match) continue;
    const prefix = match[1] ?? "";
    if (best === null || prefix.length < best.length) best = prefix;
  }
  if (best === null) {
    throw new ImportError(`${source.path}: not a Slack export (no users.json or channels.json found)`);
  }
  return best;
}

function readJsonArray(source: ExportSource, entry: string, required: boolean): unknown[] | null {
  if (!source.has(entry)) {
    if (required) throw new ImportError(`${source.describe(entry)}: missing`);
    return null;
  }
  const file = source.describe(entry);
  // Day files are only read field by field, so their nesting cannot hurt; skipping the
  // scan keeps the import's hot path as fast as JSON.parse alone.
  const value = parseJsonText(decodeUtf8(source.read(entry), file), file, { checkDepth: !required });
  if (!Array.isArray(value)) throw new ImportError(`${source.describe(entry)}: expected a JSON array at the top level`);
  return value;
}

function parseUser(item: unknown, where: () => string): SlackUserRecord {
  const user = asObject(item, where);
  const profile = isObject(user.profile) ? user.profile : {};
  const externalId = requiredString(user.id, () => `${where()}: "id"`);
  const name =
    nonEmpty(user.real_name) ?? nonEmpty(profile.real_name) ?? nonEmpty(profile.display_name) ?? nonEmpty(user.name) ?? externalId;
  return {
    externalId,
    workspace: nonEmpty(user.team_id),
    handle: nonEmpty(user.name),
    name,
    email: nonEmpty(profile.email)?.toLowerCase() ?? null,
    timezone: nonEmpty(user.tz),
    title: nonEmpty(profile.title),
    isBot: user.is_bot === true || externalId === "USLACKBOT",
    deleted: user.deleted === true,
  };
}

function parseConversation(item: unknown, kind: SlackConversationRecord["kind"], where: () => string): SlackConversationRecord {
  const channel = asObject(item, where);
  const externalId = requiredString(channel.id, () => `${where()}: "id"`);
  const name = nonEmpty(channel.name) ?? externalId;
  const members = Array.isArray(channel.members) ? channel.members.filter((m): m is string => typeof m === "string") : [];
  const created = Number(channel.created);
  return {
    externalId,
    // DMs have no name: their folder is named by id. Everything else by name.
    folder: kind === "dm" ? externalId : name,
    name: kind === "dm" && members.length > 0 ? `dm:${members.join(",")}` : name,
    kind,
    topic: isObject(channel.topic) ? nonEmpty(channel.topic.value) : null,
    purpose: isObject(channel.purpose) ? nonEmpty(channel.purpose.value) : null,
    createdAt: Number.isFinite(created) && created > 0 ? created * 1000 : null,
    creator: nonEmpty(channel.creator),
    archived: channel.is_archived === true,
    members,
  };
}

/** Parses one message object; exported for tests on the real fixtures. */
export function parseMessage(item: unknown, names: NameLookup, where: () => string): SlackMessageRecord {
  const message = asObject(item, where);
  const ts = message.ts;
  if (typeof ts !== "string" || !TS.test(ts)) {
    throw new ImportError(`${where()}: "ts" must be a Slack timestamp like "1452837318.000002", got ${JSON.stringify(ts)}`);
  }
  const rawText = typeof message.text === "string" ? message.text : "";
  const decoded = decodeMrkdwn(rawText, names);
  const mentions = decoded.mentions;
  const links = decoded.links;
  let attachments: string | null = null;
  let searchable = decoded.text;
  if (Array.isArray(message.attachments) && message.attachments.length > 0) {
    const compact = message.attachments.filter(isObject).map((a) => {
      const part = (value: unknown): string | null => {
        if (typeof value !== "string" || value === "") return null;
        const d = decodeMrkdwn(value, names);
        mentions.push(...d.mentions);
        links.push(...d.links);
        return d.text;
      };
      const out = {
        title: part(a.title),
        titleLink: nonEmpty(a.title_link),
        pretext: part(a.pretext),
        text: part(a.text),
        fallback: part(a.fallback),
        serviceName: nonEmpty(a.service_name),
      };
      if (out.titleLink) links.push({ url: out.titleLink, label: out.title });
      return out;
    });
    attachments = JSON.stringify(compact);
    searchable += `\n${compact.map((a) => [a.pretext, a.title, a.text].filter(Boolean).join("\n")).join("\n")}`;
  }
  const edited = isObject(message.edited) ? message.edited : null;
  const subtype = nonEmpty(message.subtype);
  const botProfile = isObject(message.bot_profile) ? message.bot_profile : null;
  return {
    ts,
    at: slackTsToMs(ts),
    user: nonEmpty(message.user) ?? nonEmpty(message.bot_id),
    authorName: nonEmpty(message.username) ?? (botProfile ? nonEmpty(botProfile.name) : null),
    subtype,
    text: decoded.text,
    rawText,
    threadTs: nonEmpty(message.thread_ts),
    parentUser: nonEmpty(message.parent_user_id) ?? (isObject(message.root) ? nonEmpty(message.root.user) : null),
    isBroadcast: subtype === "thread_broadcast",
    replyCount: typeof message.reply_count === "number" ? message.reply_count : 0,
    editedAt: edited && typeof edited.ts === "string" && TS.test(edited.ts) ? slackTsToMs(edited.ts) : null,
    editedBy: edited ? nonEmpty(edited.user) : null,
    inviter: nonEmpty(message.inviter),
    files: compactFiles(message),
    reactions: compactReactions(message.reactions),
    attachments,
    mentions,
    references: extractReferences(searchable, links),
  };
}

/** `"1452837318.000002"` → epoch milliseconds. */
export function slackTsToMs(ts: string): number {
  const dot = ts.indexOf(".");
  const seconds = Number(dot < 0 ? ts : ts.slice(0, dot));
  const fraction = dot < 0 ? 0 : Number(`0.${ts.slice(dot + 1)}`);
  return seconds * 1000 + Math.floor(fraction * 1000);
}

function compactFiles(message: Json): string | null {
  const list = Array.isArray(message.files) ? message.files : isObject(message.file) ? [message.file] : [];
  if (list.length === 0) return null;
  // url_private and friends carry access tokens: keep the permalink, never the download URLs.
  const files = list.filter(isObject).map((f) => ({
    id: nonEmpty(f.id),
    name: nonEmpty(f.name),
    title: nonEmpty(f.title),
    mimetype: nonEmpty(f.mimetype),
    filetype: nonEmpty(f.filetype),
    size: typeof f.size === "number" ? f.size : null,
    permalink: nonEmpty(f.permalink),
  }));
  return JSON.stringify(files);
}

function compactReactions(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const reactions = value.filter(isObject).map((r) => {
    const users = Array.isArray(r.users) ? r.users.filter((u): u is string => typeof u === "string") : [];
    return { name: nonEmpty(r.name) ?? "?", users, count: typeof r.count === "number" ? r.count : users.length };
  });
  return JSON.stringify(reactions);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, where: () => string): Json {
  if (!isObject(value)) throw new ImportError(`${where()}: expected a JSON object, got ${describeJsonValue(value)}`);
  return value;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function requiredString(value: unknown, where: () => string): string {
  if (typeof value !== "string" || value === "") throw new ImportError(`${where()} must be a non-empty string`);
  return value;
}
