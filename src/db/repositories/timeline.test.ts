import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { importSlackExport } from "../../commands/import-slack-export.js";
import { buildSlackChannel, buildSlackMessage, buildSlackUser, writeSlackExport } from "../../../test/factories/slack-export.js";
import { buildMessage } from "../../../test/factories/rows.js";
import { testStoreKinds } from "../../../test/stores.js";
import type { Store } from "../connection.js";
import { listIncidents } from "../../commands/incident-views.js";
import { InvalidCursorError, threadReplies, timelinePage, UnknownTimelineEventError } from "./timeline.js";

const S0 = 1_700_000_000_000;

for (const kind of testStoreKinds()) {
  describe(`timelinePage on ${kind.name}`, () => {
    let store: Store;
    let incidentId: number;
    beforeEach(async () => {
      store = await kind.open();
      const messages = Array.from({ length: 30 }, (_, i) =>
        buildSlackMessage(i * 60, i % 2 === 0 ? "U1" : "U2", i === 7 ? "rolling back the connection pool change" : `update ${i}`, {
          ...(i === 3 ? { subtype: "channel_join", inviter: "U1" } : {}),
          ...(i === 5 ? { edited: { user: "U2", ts: "1700000400.000000" } } : {}),
          // Message 10 starts a thread that 12 and 14 answer.
          ...(i === 10 ? { thread_ts: "1700000600.000100", reply_count: 2 } : {}),
          ...(i === 12 || i === 14 ? { thread_ts: "1700000600.000100", parent_user_id: "U1" } : {}),
        }),
      );
      await importSlackExport(store, {
        path: writeSlackExport({ users: [buildSlackUser("U1", "ana"), buildSlackUser("U2", "ben")], channels: [buildSlackChannel("C1", "inc-pool")], days: { "inc-pool": { "2023-11-14": messages } } }),
        actor: "test",
      });
      incidentId = (await listIncidents(store))[0]!.incident.id;
      const now = Date.now();
      const ana = await store.db.selectFrom("people").select("id").where("name", "=", "Ana").executeTakeFirstOrThrow();
      await store.db.insertInto("identities").values({ source: "pagerduty", externalId: "PANA", personId: ana.id, email: null, workspace: null, handle: null, displayName: "Ana", timezone: null, title: null, isBot: 0, deleted: 0, updatedAt: now, matchMethod: "email" }).execute();
      await store.db.insertInto("incidentSources").values({ incidentId, kind: "pagerduty_incident", conversationId: null, externalId: "PINC", fromAt: null, toAt: null }).execute();
      await store.db.insertInto("pagerdutyIncidents").values({ externalId: "PINC", number: 9, title: "pool", status: "resolved", urgency: null, priority: null, serviceExternalId: null, escalationPolicyExternalId: null, htmlUrl: "https://acme.pagerduty.com/incidents/PINC", createdAt: S0, resolvedAt: null, updatedAt: now }).execute();
      // The notification lands 100 ms after the first message.
      await store.db.insertInto("pagerdutyLogEntries").values({ externalId: "L1", incidentExternalId: "PINC", type: "notify_log_entry", kind: "notify", at: S0 + 100, agentType: "service_reference", agentExternalId: "PSVC", targetUserIds: JSON.stringify(["PANA"]), channelType: "sms", summary: "Notified Ana by SMS", details: null }).execute();
      const transcript = await store.db.insertInto("transcripts").values({ incidentId, name: "review.vtt", format: "zoom", contentSha256: "x", startedAt: S0 + 90_000, importedAt: now }).returning("id").executeTakeFirstOrThrow();
      await store.db.insertInto("transcriptCues").values({ transcriptId: transcript.id, position: 0, startMs: 0, endMs: 2000, speakerName: "Ben", personId: null, text: "we saw the pool drain", }).execute();
      const user = await store.db.insertInto("users").values({ email: "analyst@acme.example", name: "Ann Alyst", passwordHash: null, role: "analyst", personId: null, disabled: 0, createdAt: now, updatedAt: now }).returning("id").executeTakeFirstOrThrow();
      const seventh = await store.db.selectFrom("messages").select("id").where("text", "like", "rolling back%").executeTakeFirstOrThrow();
      await store.db.insertInto("annotations").values({ incidentId, eventKind: "message", eventId: String(seventh.id), rangeStart: 0, rangeEnd: 12, quote: "rolling back", tags: JSON.stringify(["decision", "key_moment"]), note: "the turning point", authorUserId: user.id, version: 1, createdAt: now, updatedAt: now }).execute();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(() => kind.dispose());

    it("folds thread replies under their parent in the threads view, and reads a thread's replies", async () => {
      const time = await timelinePage(store.db, incidentId, { limit: 1000 });
      const parent = time.events.find((e) => e.text === "update 10");
      const reply = time.events.find((e) => e.text === "update 12");
      expect(parent?.thread).toMatchObject({ isReply: false, replyCount: 2, parentKey: null });
      expect(reply?.thread).toMatchObject({ isReply: true, parentKey: parent?.key });

      const threads = await timelinePage(store.db, incidentId, { limit: 1000, view: "threads" });
      expect(threads.total).toBe(time.total - 2);
      expect(threads.events.map((e) => e.text)).not.toContain("update 12");
      expect(threads.aroundParent).toBeNull();

      // A link to a folded reply opens the page around its parent and names it.
      const around = await timelinePage(store.db, incidentId, { limit: 4, view: "threads", around: reply?.key });
      expect(around.aroundParent).toBe(parent?.key);
      expect(around.events.map((e) => e.key)).toContain(parent?.key);

      const fromReply = await threadReplies(store.db, incidentId, Number(reply?.id));
      expect(fromReply?.parentKey).toBe(parent?.key);
      expect(fromReply?.replies.map((e) => e.text)).toEqual(["update 12", "update 14"]);
      expect(await threadReplies(store.db, incidentId, Number(parent?.id))).toEqual(fromReply);
      const plain = time.events.find((e) => e.text === "update 11");
      expect(await threadReplies(store.db, incidentId, Number(plain?.id))).toBeUndefined();
    });

    it("keeps only annotated events when asked", async () => {
      const page = await timelinePage(store.db, incidentId, { annotated: true });
      expect(page.events.map((e) => e.text)).toEqual(["rolling back the connection pool change"]);
    });

    it("says who wrote a message and whether a bot did, by the one rule every read uses", async () => {
      const channel = await store.db.selectFrom("conversations").select("id").where("name", "=", "inc-pool").executeTakeFirstOrThrow();
      const imported = await store.db.selectFrom("messages").select("importId").limit(1).executeTakeFirstOrThrow();
      const [id] = await store.dialect.reserveIds(store.db, "messages", 1);
      await store.db
        .insertInto("messages")
        .values(buildMessage({ id: id as number, conversationId: channel.id, importId: imported.importId, at: S0 + 45 * 60_000, authorName: "deploy-bot", subtype: "bot_message", text: "deployed pool-fix" }))
        .execute();
      const page = await timelinePage(store.db, incidentId, { limit: 1000 });
      const bot = page.events.find((e) => e.text === "deployed pool-fix");
      expect(bot?.author).toEqual({ personId: null, name: "deploy-bot", isBot: true });
      const person = page.events.find((e) => e.text === "update 0");
      expect(person?.author).toMatchObject({ name: "Ana", isBot: false });
    });

    it("merges messages, pages and cues in time order", async () => {
      const page = await timelinePage(store.db, incidentId, { limit: 1000 });
      expect(page.total).toBe(32);
      expect(page.nextCursor).toBeNull();
      const keys = page.events.map((e) => `${e.kind}@${e.at.slice(11, 19)}`);
      expect(keys.slice(0, 5)).toEqual(["message@22:13:20", "page@22:13:20", "message@22:14:20", "cue@22:14:50", "message@22:15:20"]);
      expect(keys).toContain("cue@22:14:50");
      const times = page.events.map((e) => e.at);
      expect([...times].sort()).toEqual(times);
      const notify = page.events.find((e) => e.kind === "page");
      expect(notify).toMatchObject({ source: "pagerduty", subtype: "notify", text: "Notified Ana by SMS", channel: "PagerDuty #9" });
      const cue = page.events.find((e) => e.kind === "cue");
      expect(cue).toMatchObject({ source: "transcript", channel: "review.vtt", author: { name: "Ben" }, text: "we saw the pool drain" });
      const annotated = page.events.find((e) => e.annotations.length > 0);
      expect(annotated?.text).toBe("rolling back the connection pool change");
      expect(annotated?.annotations[0]).toMatchObject({ tags: ["decision", "key_moment"], quote: "rolling back", version: 1, author: { name: "Ann Alyst" } });
    });

    it("says who invited a joiner and when a message was edited", async () => {
      const events = (await timelinePage(store.db, incidentId, { sources: ["slack"], limit: 10 })).events;
      expect(events.find((e) => e.subtype === "channel_join")?.invitedBy).toMatchObject({ name: "Ana" });
      expect(events.find((e) => e.text === "update 5")?.editedAt).toBe("2023-11-14T22:20:00.000Z");
      expect(events.filter((e) => e.invitedBy !== null)).toHaveLength(1);
    });

    it("pages with a cursor: every event once, in order", async () => {
      const all = (await timelinePage(store.db, incidentId, { limit: 1000 })).events.map((e) => e.key);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await timelinePage(store.db, incidentId, { limit: 7, cursor });
        expect(page.total).toBe(32);
        seen.push(...page.events.map((e) => e.key));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(5);
      expect(seen).toEqual(all);
    });

    it("filters by source, person, tag and text", async () => {
      const slackOnly = await timelinePage(store.db, incidentId, { sources: ["slack"] });
      expect(slackOnly.total).toBe(30);
      const pagesAndCues = await timelinePage(store.db, incidentId, { sources: ["pagerduty", "transcript"] });
      expect(pagesAndCues.events.map((e) => e.kind)).toEqual(["page", "cue"]);
      const ana = await store.db.selectFrom("people").select("id").where("name", "=", "Ana").executeTakeFirstOrThrow();
      const byAna = await timelinePage(store.db, incidentId, { personId: ana.id });
      expect(byAna.total).toBe(16);
      expect(byAna.events.every((e) => e.author?.name === "Ana" || e.kind === "page")).toBe(true);
      const decisions = await timelinePage(store.db, incidentId, { tag: "decision" });
      expect(decisions.events.map((e) => e.text)).toEqual(["rolling back the connection pool change"]);
      const searched = await timelinePage(store.db, incidentId, { q: "POOL" });
      expect(searched.events.map((e) => e.kind).sort()).toEqual(["cue", "message"]);
      expect((await timelinePage(store.db, incidentId, { q: "100%_" })).total).toBe(0);
    });

    it("starts a page around an event, a quarter of the page before it", async () => {
      const all = (await timelinePage(store.db, incidentId, { limit: 1000 })).events.map((e) => e.key);
      expect((await timelinePage(store.db, incidentId, { limit: 5 })).startIndex).toBe(0);
      const target = all[20]!;
      const page = await timelinePage(store.db, incidentId, { limit: 8, around: target });
      expect(page.startIndex).toBe(18);
      expect(page.events.map((e) => e.key)).toEqual(all.slice(18, 26));
      expect(page.total).toBe(32);
      expect(page.prevCursor).not.toBeNull();
      expect(page.nextCursor).not.toBeNull();
      const early = await timelinePage(store.db, incidentId, { limit: 8, around: all[1]! });
      expect(early.startIndex).toBe(0);
      expect(early.prevCursor).toBeNull();
      const late = await timelinePage(store.db, incidentId, { limit: 8, around: all[31]! });
      expect(late.events.map((e) => e.key)).toEqual(all.slice(29));
      expect(late.nextCursor).toBeNull();
    });

    it("walks back from an around page to the start with before: every event once", async () => {
      const all = (await timelinePage(store.db, incidentId, { limit: 1000 })).events.map((e) => e.key);
      const landing = await timelinePage(store.db, incidentId, { limit: 7, around: all[24]! });
      const seen = landing.events.map((e) => e.key);
      let before = landing.prevCursor;
      let startIndex = landing.startIndex;
      while (before) {
        const page = await timelinePage(store.db, incidentId, { limit: 7, before });
        expect(page.startIndex).toBe(Math.max(0, startIndex - 7));
        expect(page.events).toHaveLength(startIndex - page.startIndex);
        seen.unshift(...page.events.map((e) => e.key));
        startIndex = page.startIndex;
        before = page.prevCursor;
        // Walking forward again from a before page reaches the page it came from.
        if (page.nextCursor) expect((await timelinePage(store.db, incidentId, { limit: 1, cursor: page.nextCursor })).events[0]?.key).toBe(seen[page.events.length]);
      }
      expect(startIndex).toBe(0);
      expect(seen).toEqual(all.slice(0, seen.length));
      expect(seen.length).toBe(landing.startIndex + landing.events.length);
    });

    it("finds an around event in the filtered stream, and only there", async () => {
      const ana = await store.db.selectFrom("people").select("id").where("name", "=", "Ana").executeTakeFirstOrThrow();
      const byAna = (await timelinePage(store.db, incidentId, { personId: ana.id, limit: 1000 })).events.map((e) => e.key);
      const page = await timelinePage(store.db, incidentId, { personId: ana.id, limit: 4, around: byAna[10]! });
      expect(page.startIndex).toBe(9);
      expect(page.events.map((e) => e.key)).toEqual(byAna.slice(9, 13));
      const back = await timelinePage(store.db, incidentId, { personId: ana.id, limit: 4, before: page.prevCursor });
      expect(back.events.map((e) => e.key)).toEqual(byAna.slice(5, 9));
      const ben = (await timelinePage(store.db, incidentId, { sources: ["slack"], limit: 1000 })).events.find((e) => e.author?.name === "Ben")!;
      await expect(timelinePage(store.db, incidentId, { personId: ana.id, around: ben.key })).rejects.toBeInstanceOf(UnknownTimelineEventError);
      const cue = (await timelinePage(store.db, incidentId, { sources: ["transcript"] })).events[0]!;
      const slackOnly = timelinePage(store.db, incidentId, { sources: ["slack"], around: cue.key });
      await expect(slackOnly).rejects.toBeInstanceOf(UnknownTimelineEventError);
      expect((await timelinePage(store.db, incidentId, { sources: ["transcript"], around: cue.key })).events.map((e) => e.key)).toEqual([cue.key]);
    });

    it("refuses an unknown or malformed around event and mixed anchors", async () => {
      await expect(timelinePage(store.db, incidentId, { around: "message:999999" })).rejects.toBeInstanceOf(UnknownTimelineEventError);
      await expect(timelinePage(store.db, incidentId, { around: "email:1" })).rejects.toBeInstanceOf(InvalidCursorError);
      const first = await timelinePage(store.db, incidentId, { limit: 2 });
      await expect(timelinePage(store.db, incidentId, { cursor: first.nextCursor, before: first.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it("refuses a cursor it did not make", async () => {
      await expect(timelinePage(store.db, incidentId, { cursor: "bm9wZQ" })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
