import type { Bot, Company, Person } from "./company.js";
import type { Random } from "./random.js";

/** A reaction as Slack exports it. */
export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

/** A file object as it appears in `files` (modern) or `file` (legacy `file_share`). */
export interface SlackFile {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  editable: boolean;
  size: number;
  mode: string;
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  public_url_shared: boolean;
  display_as_bot: boolean;
  username: string;
  url_private: string;
  url_private_download: string;
  permalink: string;
  permalink_public: string;
}

/** A legacy attachment, as integrations (PagerDuty, GitHub, deploy bots) post them. */
export interface SlackAttachment {
  fallback: string;
  color?: string;
  pretext?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: { title: string; value: string; short: boolean }[];
  footer?: string;
  ts?: number;
  id: number;
  mrkdwn_in?: string[];
}

/** The `user_profile` block Slack embeds in messages from people. */
export interface SlackUserProfile {
  avatar_hash: string;
  image_72: string;
  first_name: string;
  real_name: string;
  display_name: string;
  team: string;
  name: string;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
}

/** One message object of a day file. Optional fields appear only when Slack writes them. */
export interface SlackMessage {
  type: "message";
  subtype?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text: string;
  ts: string;
  client_msg_id?: string;
  team?: string;
  user_team?: string;
  source_team?: string;
  user_profile?: SlackUserProfile;
  inviter?: string;
  purpose?: string;
  topic?: string;
  attachments?: SlackAttachment[];
  files?: SlackFile[];
  file?: SlackFile;
  upload?: boolean;
  display_as_bot?: boolean;
  edited?: { user: string; ts: string };
  thread_ts?: string;
  reply_count?: number;
  reply_users_count?: number;
  latest_reply?: string;
  reply_users?: string[];
  replies?: { user: string; ts: string }[];
  is_locked?: boolean;
  subscribed?: boolean;
  parent_user_id?: string;
  root?: { text: string; user: string; ts: string; thread_ts: string };
  reactions?: SlackReaction[];
}

/** A message together with its timestamp in microseconds, for sorting and day splitting. */
export interface Stamped {
  us: number;
  message: SlackMessage;
}

/** Formats epoch microseconds as a Slack `ts`: `"1710382200.123456"`. */
export function formatTs(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const micros = us - seconds * 1_000_000;
  return `${seconds}.${String(micros).padStart(6, "0")}`;
}

const REACTIONS = ["eyes", "+1", "white_check_mark", "pray", "thinking_face", "raised_hands", "rocket", "heavy_plus_sign", "100", "hourglass_flowing_sand", "tada", "rotating_light"];

/** What a builder needs to know about the workspace. */
export interface Workspace {
  company: Company;
  teamId: string;
  byId: Map<string, Person>;
  profiles: Map<string, SlackUserProfile>;
  bots: Record<Bot["key"], Bot>;
}

/** Builds the lookups shared by every conversation writer. */
export function buildWorkspace(company: Company, rng: Random): Workspace {
  const profiles = new Map<string, SlackUserProfile>();
  for (const p of company.people) {
    const hash = rng.hex(12);
    profiles.set(p.id, {
      avatar_hash: hash,
      image_72: `https://avatars.slack-edge.com/2020-01-01/${rng.int(100000000, 999999999)}_${hash}_72.png`,
      first_name: p.firstName,
      real_name: p.name,
      display_name: p.firstName,
      team: company.slackTeamId,
      name: p.slackHandle,
      is_restricted: false,
      is_ultra_restricted: false,
    });
  }
  const bots = Object.fromEntries(company.bots.map((b) => [b.key, b])) as Record<Bot["key"], Bot>;
  return { company, teamId: company.slackTeamId, byId: new Map(company.people.map((p) => [p.id, p])), profiles, bots };
}

/**
 * Turns decisions ("Priya says X at 02:14") into Slack message objects with the
 * details real exports carry: `client_msg_id`, `team`, sometimes `user_profile`, now
 * and then an edit or reactions.
 */
export class MessageFactory {
  readonly ws: Workspace;
  readonly rng: Random;

  constructor(ws: Workspace, rng: Random) {
    this.ws = ws;
    this.rng = rng;
  }

  slackId(personId: string): string {
    return this.ws.byId.get(personId)?.slackUserId ?? personId;
  }

  /** `<@U…>` for a person. */
  mention(personId: string): string {
    return `<@${this.slackId(personId)}>`;
  }

  /** A plain message from a person. */
  user(personId: string, us: number, text: string): SlackMessage {
    const user = this.slackId(personId);
    const message: SlackMessage = {
      type: "message",
      user,
      text,
      ts: formatTs(us),
      client_msg_id: this.rng.uuid(),
      team: this.ws.teamId,
    };
    const roll = this.rng.next();
    if (roll < 0.35) {
      message.user_team = this.ws.teamId;
      message.source_team = this.ws.teamId;
      const profile = this.ws.profiles.get(personId);
      if (profile) message.user_profile = profile;
    }
    return message;
  }

  /** Marks a message edited a little after it was sent. */
  edit(message: SlackMessage, us: number): void {
    if (!message.user) return;
    message.edited = { user: message.user, ts: formatTs(us + this.rng.int(8, 600) * 1_000_000) };
  }

  /** Adds reactions from the given Slack user ids. */
  react(message: SlackMessage, candidates: readonly string[]): void {
    if (candidates.length === 0) return;
    const kinds = this.rng.int(1, 2);
    const reactions: SlackReaction[] = [];
    for (let k = 0; k < kinds; k += 1) {
      const name = this.rng.pick(REACTIONS);
      if (reactions.some((r) => r.name === name)) continue;
      const users = this.rng.sample(candidates, this.rng.int(1, Math.min(5, candidates.length)));
      reactions.push({ name, users, count: users.length });
    }
    message.reactions = reactions;
  }

  /** `<@U…> has joined the channel`, with `inviter` when someone (or an app) invited them. */
  join(slackUserId: string, us: number, inviter: string | null): SlackMessage {
    const message: SlackMessage = { type: "message", subtype: "channel_join", user: slackUserId, text: `<@${slackUserId}> has joined the channel`, ts: formatTs(us) };
    if (inviter) message.inviter = inviter;
    return message;
  }

  /** `set the channel purpose: …` */
  purpose(slackUserId: string, us: number, purpose: string): SlackMessage {
    return { type: "message", subtype: "channel_purpose", user: slackUserId, text: `set the channel purpose: ${purpose}`, ts: formatTs(us), purpose };
  }

  /** `set the channel topic: …` */
  topic(slackUserId: string, us: number, topic: string): SlackMessage {
    return { type: "message", subtype: "channel_topic", user: slackUserId, text: `set the channel topic: ${topic}`, ts: formatTs(us), topic };
  }

  /** A `bot_message` from an integration, text and attachments as the app sent them. */
  bot(bot: Bot, us: number, text: string, attachments: SlackAttachment[]): SlackMessage {
    const message: SlackMessage = { type: "message", subtype: "bot_message", text, ts: formatTs(us), bot_id: bot.slackBotId, username: bot.displayName };
    if (attachments.length > 0) message.attachments = attachments;
    return message;
  }

  /** A file object with Slack's URLs (no access tokens: the demo must not look like it leaks one). */
  file(personId: string, us: number, name: string, title: string): SlackFile {
    const user = this.slackId(personId);
    const id = `F${this.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}`;
    const created = Math.floor(us / 1_000_000);
    const kind = fileKind(name);
    const domain = this.ws.company.slackDomain;
    return {
      id,
      created,
      timestamp: created,
      name,
      title,
      mimetype: kind.mimetype,
      filetype: kind.filetype,
      pretty_type: kind.pretty,
      user,
      editable: kind.filetype === "text",
      size: this.rng.int(kind.minSize, kind.minSize * 40),
      mode: kind.filetype === "text" ? "snippet" : "hosted",
      is_external: false,
      external_type: "",
      is_public: true,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: `https://files.slack.com/files-pri/${this.ws.teamId}-${id}/${name}`,
      url_private_download: `https://files.slack.com/files-pri/${this.ws.teamId}-${id}/download/${name}`,
      permalink: `https://${domain}.slack.com/files/${user}/${id}/${name}`,
      permalink_public: `https://slack-files.com/${this.ws.teamId}-${id}-${this.rng.hex(10)}`,
    };
  }

  /** A modern upload: the message carries `files` and `upload: true`. */
  upload(personId: string, us: number, text: string, name: string, title: string): SlackMessage {
    const message = this.user(personId, us, text);
    message.files = [this.file(personId, us, name, title)];
    message.upload = true;
    message.display_as_bot = false;
    return message;
  }

  /** The pre-2019 shape: `subtype: "file_share"` with a single `file`. */
  legacyFileShare(personId: string, us: number, name: string, title: string, comment: string | null): SlackMessage {
    const file = this.file(personId, us, name, title);
    const user = this.slackId(personId);
    const text = `<@${user}> uploaded a file: <${file.permalink}|${title}>${comment ? ` and commented: ${comment}` : ""}`;
    return { type: "message", subtype: "file_share", text, file, user, upload: true, display_as_bot: false, username: this.ws.byId.get(personId)?.slackHandle ?? "", ts: formatTs(us) };
  }

  /** Turns `parent` into a thread root and `replies` into its replies, as exports record them. */
  thread(parent: SlackMessage, replies: SlackMessage[]): void {
    if (!parent.user || replies.length === 0) return;
    parent.thread_ts = parent.ts;
    const users: string[] = [];
    for (const reply of replies) {
      reply.thread_ts = parent.ts;
      if (reply.user && !users.includes(reply.user)) users.push(reply.user);
      // Broadcast replies carry a copy of the root instead of parent_user_id, as Slack writes them.
      if (reply.subtype === "thread_broadcast") reply.root = { text: parent.text, user: parent.user, ts: parent.ts, thread_ts: parent.ts };
      else reply.parent_user_id = parent.user;
    }
    const last = replies[replies.length - 1] as SlackMessage;
    parent.reply_count = replies.length;
    parent.reply_users_count = users.length;
    parent.latest_reply = last.ts;
    parent.reply_users = users;
    parent.replies = replies.map((r) => ({ user: r.user ?? "", ts: r.ts }));
    parent.is_locked = false;
    parent.subscribed = false;
  }
}

interface FileKind {
  mimetype: string;
  filetype: string;
  pretty: string;
  minSize: number;
}

function fileKind(name: string): FileKind {
  if (name.endsWith(".png")) return { mimetype: "image/png", filetype: "png", pretty: "PNG", minSize: 20_000 };
  if (name.endsWith(".pdf")) return { mimetype: "application/pdf", filetype: "pdf", pretty: "PDF", minSize: 40_000 };
  if (name.endsWith(".json")) return { mimetype: "application/json", filetype: "json", pretty: "JSON", minSize: 800 };
  if (name.endsWith(".csv")) return { mimetype: "text/csv", filetype: "csv", pretty: "CSV", minSize: 2_000 };
  return { mimetype: "text/plain", filetype: "text", pretty: "Plain Text", minSize: 500 };
}
