import { ZipWriter } from "../importers/zip/zip-writer.js";
import { Random } from "./random.js";

/**
 * The mix of a real workspace's export, as shares of all messages. The demo company's
 * story-driven export is lighter (fewer threads, fewer profile blocks); this profile
 * is for measuring imports on what users actually upload.
 */
export const REALISTIC_MIX = {
  threadParents: 0.07,
  threadReplies: 0.44,
  broadcasts: 0.013,
  userMentions: 0.33,
  pullRequestLinks: 0.11,
  reactions: 0.11,
  edited: 0.05,
  joinsAndLeaves: 0.045,
  botMessages: 0.03,
} as const;

/** What {@link writeRealisticSlackExport} wrote. */
export interface RealisticExportStats {
  messages: number;
  dayFiles: number;
  /** Uncompressed bytes of every day file. */
  dayFileBytes: number;
  channels: number;
  users: number;
}

const WORDS =
  "the deploy rollback latency queue shard replica primary failover cache warmup p99 alert pager checkout payments api gateway timeout retry backoff error budget dashboard graph spike drop looks like we should can you check is it still on fire mitigated resolved config flag canary percent traffic region node pod restart memory leak cpu throttling disk full index lock contention migration schema vacuum connection pool exhausted dns certificate expired load balancer health check failing upstream 502 503 users report slow pages".split(
    " ",
  );
const EMOJI = ["eyes", "+1", "white_check_mark", "pray", "fire", "rocket", "thinking_face", "tada", "raised_hands", "100"];
const REPOS = ["api", "web", "payments", "infra", "search", "mobile", "checkout", "auth"];

/**
 * Writes a Slack export zip of `messages` messages with {@link REALISTIC_MIX}: day
 * files pretty-printed with four spaces, messages carrying what Slack writes (client
 * message ids, teams, user profiles, rich-text blocks, reply lists), about 950 bytes a
 * message. Deterministic for a seed.
 */
export function writeRealisticSlackExport(options: { seed: number; messages: number; path: string }): RealisticExportStats {
  const rng = Random.fork(options.seed, "realistic");
  const team = `T${rng.chars("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 8)}`;
  const userCount = Math.max(20, Math.min(2_000, Math.round(options.messages / 2_000)));
  const users = Array.from({ length: userCount }, (_, i) => ({
    id: `U${(100_000 + i).toString(36).toUpperCase()}${rng.chars("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 4)}`,
    handle: `user.${i}`,
    first: `First${i}`,
    last: `Last${i}`,
    avatar: rng.hex(12),
  }));
  const bots = ["github", "deploybot", "pagerduty", "grafana"].map((name, i) => ({ name, id: `B0${i}${rng.chars("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 7)}` }));
  const channelCount = Math.max(4, Math.round(options.messages / 5_000));
  const start = Date.UTC(2024, 0, 1) / 1000;
  const span = 365 * 86_400;
  const channels = Array.from({ length: channelCount }, (_, i) => {
    const incident = i % 40 === 3;
    const day = new Date((start + Math.floor((i / channelCount) * span)) * 1000).toISOString().slice(0, 10);
    return { id: `C${(200_000 + i).toString(36).toUpperCase()}${rng.chars("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 4)}`, name: incident ? `inc-${day}-${i}` : `team-${i}`, members: rng.sample(users, Math.min(users.length, 30)).map((u) => u.id) };
  });

  const zip = new ZipWriter(options.path);
  const stats: RealisticExportStats = { messages: 0, dayFiles: 0, dayFileBytes: 0, channels: channels.length, users: users.length };
  try {
    zip.add(
      "users.json",
      JSON.stringify(
        [
          ...users.map((u) => ({
            id: u.id,
            team_id: team,
            name: u.handle,
            deleted: false,
            real_name: `${u.first} ${u.last}`,
            tz: "Europe/Berlin",
            is_bot: false,
            profile: { real_name: `${u.first} ${u.last}`, display_name: u.first, email: `${u.handle}@acme.example`, avatar_hash: u.avatar, team },
          })),
          ...bots.map((b) => ({ id: `U${b.id.slice(1)}`, team_id: team, name: b.name, deleted: false, real_name: b.name, is_bot: true, profile: { real_name: b.name, bot_id: b.id, team } })),
        ],
        null,
        4,
      ),
    );
    zip.add(
      "channels.json",
      JSON.stringify(
        channels.map((c) => ({
          id: c.id,
          name: c.name,
          created: String(start),
          creator: c.members[0],
          is_archived: false,
          is_general: false,
          members: c.members,
          topic: { value: "", creator: "", last_set: "0" },
          purpose: { value: `Where ${c.name} talks`, creator: c.members[0], last_set: String(start) },
        })),
        null,
        4,
      ),
    );

    // Units are single messages or whole threads (a parent and its replies): the shares
    // below make 7% parents and 44% replies on average (1 to 12 replies a thread).
    const threadUnit = 0.125;
    const singleJoin = REALISTIC_MIX.joinsAndLeaves / (1 - REALISTIC_MIX.threadParents - REALISTIC_MIX.threadReplies);
    const singleBot = REALISTIC_MIX.botMessages / (1 - REALISTIC_MIX.threadParents - REALISTIC_MIX.threadReplies);
    const human = 1 - REALISTIC_MIX.joinsAndLeaves - REALISTIC_MIX.botMessages;
    const perChannel = Math.ceil(options.messages / channels.length);
    let left = options.messages;
    for (const channel of channels) {
      const count = Math.min(perChannel, left);
      left -= count;
      if (count <= 0) break;
      const gap = span / count;
      let t = start + rng.int(0, 3_600);
      const used = new Set<string>();
      const stamp = (seconds: number): string => {
        let micros = rng.int(0, 999_999);
        let ts = `${Math.floor(seconds)}.${String(micros).padStart(6, "0")}`;
        while (used.has(ts)) ts = `${Math.floor(seconds)}.${String(++micros % 1_000_000).padStart(6, "0")}`;
        used.add(ts);
        return ts;
      };
      const all: { ts: string; body: Record<string, unknown> }[] = [];
      const humanMessage = (ts: string, user: (typeof users)[number]): Record<string, unknown> => {
        const parts: string[] = [];
        const elements: Record<string, unknown>[] = [];
        const words = rng.int(3, 12);
        for (let w = 0; w < words; w += 1) parts.push(rng.pick(WORDS));
        let text = parts.join(" ");
        elements.push({ type: "text", text });
        if (rng.chance(REALISTIC_MIX.userMentions / human)) {
          const other = rng.pick(users);
          text = `<@${other.id}> ${text}`;
          elements.unshift({ type: "user", user_id: other.id }, { type: "text", text: " " });
        }
        if (rng.chance(REALISTIC_MIX.pullRequestLinks / human)) {
          const repo = rng.pick(REPOS);
          const pr = rng.int(1, 9_999);
          const url = `https://github.com/acme/${repo}/pull/${pr}`;
          text = `${text} <${url}|${repo}#${pr}>`;
          elements.push({ type: "text", text: " " }, { type: "link", url, text: `${repo}#${pr}` });
        }
        const message: Record<string, unknown> = {
          client_msg_id: rng.uuid(),
          type: "message",
          text,
          user: user.id,
          ts,
          team,
          user_team: team,
          source_team: team,
          user_profile: rng.chance(0.6) ? undefined : {
            avatar_hash: user.avatar,
            image_72: `https://avatars.slack-edge.com/2024-01-01/${user.avatar}_72.png`,
            first_name: user.first,
            real_name: `${user.first} ${user.last}`,
            display_name: user.first,
            team,
            name: user.handle,
            is_restricted: false,
            is_ultra_restricted: false,
          },
          // Older messages and some clients write no blocks.
          blocks: rng.chance(0.55) ? undefined : [{ type: "rich_text", block_id: rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 5), elements: [{ type: "rich_text_section", elements }] }],
        };
        if (rng.chance(REALISTIC_MIX.edited / human)) message.edited = { user: user.id, ts: `${Math.floor(Number(ts)) + rng.int(10, 600)}.000000` };
        if (rng.chance(REALISTIC_MIX.reactions / human)) {
          const names = rng.sample(EMOJI, rng.int(1, 3));
          message.reactions = names.map((name) => {
            const who = rng.sample(users, rng.int(1, 4)).map((u) => u.id);
            return { name, users: who, count: who.length };
          });
        }
        return message;
      };
      while (all.length < count) {
        t += gap * rng.float(0.2, 1.8);
        const roll = rng.next();
        if (roll < threadUnit && count - all.length >= 2) {
          const parentUser = rng.pick(users);
          const parentTs = stamp(t);
          const parent = humanMessage(parentTs, parentUser);
          const replies = Math.min(rng.int(1, 12), count - all.length - 1);
          const replyList: { user: string; ts: string }[] = [];
          let rt = t;
          for (let r = 0; r < replies; r += 1) {
            rt += rng.int(20, 900);
            const user = rng.pick(users);
            const ts = stamp(rt);
            const reply = humanMessage(ts, user);
            reply.thread_ts = parentTs;
            reply.parent_user_id = parentUser.id;
            if (rng.chance(REALISTIC_MIX.broadcasts / REALISTIC_MIX.threadReplies)) {
              reply.subtype = "thread_broadcast";
              reply.root = { text: parent.text, user: parentUser.id, ts: parentTs, thread_ts: parentTs, reply_count: replies, reply_users_count: 1, latest_reply: ts };
            }
            replyList.push({ user: user.id, ts });
            all.push({ ts, body: reply });
          }
          const replyUsers = [...new Set(replyList.map((r) => r.user))];
          Object.assign(parent, {
            thread_ts: parentTs,
            reply_count: replies,
            reply_users_count: replyUsers.length,
            latest_reply: replyList[replyList.length - 1]?.ts ?? parentTs,
            reply_users: replyUsers,
            replies: replyList,
            is_locked: false,
            subscribed: false,
          });
          all.push({ ts: parentTs, body: parent });
        } else {
          const ts = stamp(t);
          const kind = rng.next() * (1 - threadUnit);
          if (kind < singleJoin * (1 - threadUnit)) {
            const user = rng.pick(users);
            const joining = rng.chance(0.8);
            all.push({
              ts,
              body: joining
                ? { type: "message", subtype: "channel_join", ts, user: user.id, text: `<@${user.id}> has joined the channel`, inviter: rng.pick(users).id }
                : { type: "message", subtype: "channel_leave", ts, user: user.id, text: `<@${user.id}> has left the channel` },
            });
          } else if (kind < (singleJoin + singleBot) * (1 - threadUnit)) {
            const bot = rng.pick(bots);
            const repo = rng.pick(REPOS);
            const pr = rng.int(1, 9_999);
            all.push({
              ts,
              body: {
                type: "message",
                subtype: "bot_message",
                text: "",
                ts,
                bot_id: bot.id,
                username: bot.name,
                attachments: [
                  {
                    fallback: `[acme/${repo}] Pull request merged: #${pr}`,
                    color: "6f42c1",
                    pretext: `Pull request merged by ${rng.pick(users).handle}`,
                    title: `#${pr} ${rng.pick(WORDS)} ${rng.pick(WORDS)} fix`,
                    title_link: `https://github.com/acme/${repo}/pull/${pr}`,
                    text: `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${rng.pick(WORDS)}`,
                    fields: [{ title: "Status", value: "merged", short: true }],
                    footer: `acme/${repo}`,
                    ts: Math.floor(t),
                    id: 1,
                    mrkdwn_in: ["text", "pretext"],
                  },
                ],
              },
            });
          } else {
            all.push({ ts, body: humanMessage(ts, rng.pick(users)) });
          }
        }
      }
      all.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      let at = 0;
      while (at < all.length) {
        const day = new Date(Math.floor(Number((all[at] as (typeof all)[number]).ts)) * 1000).toISOString().slice(0, 10);
        let end = at + 1;
        while (end < all.length && new Date(Math.floor(Number((all[end] as (typeof all)[number]).ts)) * 1000).toISOString().slice(0, 10) === day) end += 1;
        const text = JSON.stringify(
          all.slice(at, end).map((m) => m.body),
          null,
          4,
        );
        zip.add(`${channel.name}/${day}.json`, text);
        stats.dayFiles += 1;
        stats.dayFileBytes += Buffer.byteLength(text);
        stats.messages += end - at;
        at = end;
      }
    }
  } finally {
    zip.close();
  }
  return stats;
}
