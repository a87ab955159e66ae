import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../db/connection.js";
import { describeTables, readTableRows } from "../db/store-dump.js";
import { buildSlackChannel, buildSlackUser, writeSlackExport } from "../../test/factories/slack-export.js";
import { type FakeSlack, type FakeSlackWorkspace, type SlackJson, startFakeSlack } from "../../test/fake-slack-server.js";
import { externalSample, itWithSamples } from "../../test/shared-data.js";
import { testStoreKinds } from "../../test/stores.js";
import { importSlackExport } from "./import-slack-export.js";
import { syncSlack } from "./sync-slack.js";

const TOKEN = "xoxb-test-7f3a9c1e5b";
const DAY = 86_400;
const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z

const msg = (seconds: number, user: string, text: string, extra: SlackJson = {}): SlackJson => ({ type: "message", user, text, ts: `${T0 + seconds}.000100`, ...extra });

/** Two channels over ten weeks: a public incident channel with a thread, and a private one. */
function workspace(): FakeSlackWorkspace {
  const parent = msg(DAY, "U1", "checkout latency is up, looking at the db");
  const thread = parent.ts as string;
  return {
    token: TOKEN,
    users: [buildSlackUser("U1", "alice"), buildSlackUser("U2", "bob")],
    channels: [
      { ...buildSlackChannel("C1", "inc-db-latency"), created: T0 },
      { ...buildSlackChannel("G1", "ops-private"), created: T0, is_private: true },
      { ...buildSlackChannel("C3", "not-invited"), created: T0, member: false },
    ],
    messages: {
      C1: [
        { ...parent, thread_ts: thread },
        msg(DAY + 60, "U2", "replica lag is 40s", { thread_ts: thread, parent_user_id: "U1" }),
        msg(DAY + 120, "U1", "failing over", { thread_ts: thread, parent_user_id: "U1" }),
        msg(DAY + 180, "U2", "lag back to normal, everyone", { thread_ts: thread, parent_user_id: "U1", subtype: "thread_broadcast", root: { ...parent } }),
        ...Array.from({ length: 12 }, (_, i) => msg(2 * DAY + i * 5 * DAY, i % 2 ? "U1" : "U2", `update ${i + 1}`)),
      ],
      G1: [msg(3 * DAY, "U2", "private note"), msg(40 * DAY, "U1", "another private note")],
    },
  };
}

async function storedTexts(store: Store, channel: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom("messages")
    .innerJoin("conversations", "conversations.id", "messages.conversationId")
    .where("conversations.externalId", "=", channel)
    .select(["messages.text", "messages.ts"])
    .orderBy("messages.ts")
    .execute();
  return rows.map((r) => r.text);
}

for (const kind of testStoreKinds()) {
  describe(`syncSlack on ${kind.name}`, () => {
    let store: Store;
    let fake: FakeSlack;
    let data: FakeSlackWorkspace;
    const until = new Date((T0 + 80 * DAY) * 1000).toISOString();
    const sync = (extra: Partial<Parameters<typeof syncSlack>[1]> = {}) =>
      syncSlack(store, { channels: ["inc-db-latency", "#ops-private"], token: TOKEN, apiUrl: fake.url, actor: "test", until, sliceDays: 30, client: { pageSize: 5, retries: 3 }, ...extra });

    beforeEach(async () => {
      store = await kind.open();
      data = workspace();
      fake = await startFakeSlack(data);
    });
    afterEach(async () => {
      await fake.close();
      await store.close();
    });
    afterAll(() => kind.dispose());

    it("stores every message and thread reply of public and private channels, paged, with the bot token", async () => {
      const summary = await sync();
      expect(summary.fetched).toBe(18);
      expect(summary.added).toBe(18);
      expect(summary.incidents).toBe(1);
      expect(await storedTexts(store, "C1")).toHaveLength(16);
      expect(await storedTexts(store, "G1")).toEqual(["private note", "another private note"]);
      const replies = await store.db.selectFrom("messages").select(["text", "threadTs", "ts"]).where("text", "in", ["replica lag is 40s", "failing over"]).execute();
      expect(replies.every((r) => r.threadTs === `${T0 + DAY}.000100` && r.ts !== r.threadTs)).toBe(true);
      const kinds = await store.db.selectFrom("conversations").select(["externalId", "kind"]).orderBy("externalId").execute();
      expect(kinds).toEqual([
        { externalId: "C1", kind: "channel" },
        { externalId: "G1", kind: "private_channel" },
      ]);
      expect(fake.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
      expect(fake.requests.filter((r) => r.method === "conversations.history" && r.params.cursor).length).toBeGreaterThan(0);
      expect(fake.requests.filter((r) => r.method === "conversations.replies")).toHaveLength(1);
    });

    it("adds nothing on a repeated sync, and only what is new or edited after a change", async () => {
      await sync();
      const again = await sync();
      expect({ added: again.added, updated: again.updated }).toEqual({ added: 0, updated: 0 });

      const c1 = data.messages.C1 as SlackJson[];
      const last = c1[c1.length - 1] as SlackJson;
      last.text = "update 12 (corrected)";
      last.edited = { user: last.user, ts: `${T0 + 79 * DAY}.000000` };
      c1.push(msg(79 * DAY, "U2", "resolved"));
      const changed = await sync();
      expect({ added: changed.added, updated: changed.updated }).toEqual({ added: 1, updated: 1 });
      const texts = await storedTexts(store, "C1");
      expect(texts).toContain("update 12 (corrected)");
      expect(texts.at(-1)).toBe("resolved");
      // The repeated sync started near the newest stored message, not at the channel's creation.
      expect(new Date(changed.channels[0]?.from ?? 0).getTime()).toBeGreaterThan((T0 + 50 * DAY) * 1000);
    });

    it("stores a message that came by export and again by sync once", async () => {
      const exportPath = writeSlackExport({
        users: data.users,
        channels: [data.channels[0] as SlackJson],
        days: { "inc-db-latency": { "2023-11-15": (data.messages.C1 as SlackJson[]).slice(0, 4) as never } },
      });
      const exported = await importSlackExport(store, { path: exportPath, actor: "test" });
      expect(exported.added).toBe(4);
      const summary = await sync({ channels: ["C1"] });
      expect(summary.added).toBe(12);
      expect(await storedTexts(store, "C1")).toHaveLength(16);
    });

    it("waits out a rate limit (429 with Retry-After) and goes on", async () => {
      fake.faults.push({ method: "conversations.history", kind: { status: 429, retryAfter: 1 }, times: 1 });
      const summary = await sync({ channels: ["C1"] });
      expect(summary.added).toBe(16);
      const history = fake.requests.filter((r) => r.method === "conversations.history");
      expect(history[0]?.status).toBe(429);
      expect(history[1]?.status).toBe(200);
    });

    it("continues where an interrupted sync stopped", async () => {
      // The third history call fails for good: the first slice is stored, the rest is not.
      fake.faults.push({ method: "conversations.history", kind: { error: "internal_error" }, after: 2, times: 1 });
      await expect(sync({ channels: ["C1"], client: { pageSize: 5, retries: 0 } })).rejects.toThrow(/conversations\.history for #inc-db-latency \(C1\): internal_error/);
      const partial = await storedTexts(store, "C1");
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(16);
      const callsBefore = fake.requests.length;
      const resumed = await sync({ channels: ["C1"] });
      expect(await storedTexts(store, "C1")).toHaveLength(16);
      expect(resumed.added).toBe(16 - partial.length);
      expect(new Date(resumed.channels[0]?.from ?? 0).getTime()).toBeGreaterThan(T0 * 1000);
      expect(fake.requests.length - callsBefore).toBeLessThan(callsBefore);
    });

    it("says what to do when the bot is not in a channel, and stores nothing for it", async () => {
      await expect(sync({ channels: ["not-invited"] })).rejects.toThrow(/#not-invited \(C3\): not_in_channel: the bot is not a member of the channel \(\/invite @your-bot/);
      await expect(sync({ channels: ["no-such-channel"] })).rejects.toThrow(/no channel #no-such-channel that the bot can see/);
      await expect(sync({ token: "" })).rejects.toThrow(/SLACK_BOT_TOKEN is not set/);
      await expect(sync({ token: "xoxb-wrong" })).rejects.toThrow(/invalid_auth: Slack refused the token/);
      expect(await store.db.selectFrom("messages").select("id").execute()).toEqual([]);
    });

    it("never writes the token into the store", async () => {
      await sync();
      let all = "";
      for (const table of await describeTables(store)) for await (const page of readTableRows(store.db, table)) all += JSON.stringify(page);
      expect(all.length).toBeGreaterThan(1000);
      expect(all).not.toContain(TOKEN);
      const imports = await store.db.selectFrom("imports").select("sourceName").execute();
      expect(imports.map((i) => i.sourceName)).toContain("slack sync #inc-db-latency (C1)");
    });

    itWithSamples(["slack/zulip_thread_with_broadcast_reply.json"], "stores the real thread-with-broadcast fixture as the export importer does", async () => {
      const fixture = JSON.parse(readFileSync(externalSample("slack/zulip_thread_with_broadcast_reply.json"), "utf8")) as SlackJson[];
      const ts = Number(fixture[0]?.ts);
      data.channels = [{ ...buildSlackChannel("C9", "random"), created: Math.floor(ts) - DAY }];
      data.users = [buildSlackUser("U061A5N1G", "sam"), buildSlackUser("U061A1R2R", "kim")];
      data.messages = { C9: fixture.map(({ channel_name: _channel, ...m }) => m) };
      const summary = await sync({ channels: ["random"], until: new Date((ts + DAY) * 1000).toISOString() });
      expect(summary.added).toBe(3);
      const rows = await store.db.selectFrom("messages").select(["text", "subtype", "threadTs"]).orderBy("ts").execute();
      expect(rows.map((r) => r.text)).toEqual(["thread message", "first reply", "everyone should see this"]);
      expect(rows[2]?.subtype).toBe("thread_broadcast");
    });
  });
}
