import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listIncidents } from "./incident-views.js";
import { readWholeTimeline } from "./timeline.js";
import { snapshotStore } from "../../test/snapshot.js";
import { describeEachStore } from "../../test/stores.js";
import { buildSlackChannel, buildSlackMessage, buildSlackUser, writeSlackExport } from "../../test/factories/slack-export.js";
import { importSlackExport } from "./import-slack-export.js";
import { itWithSamples, samplePath } from "../../test/shared-data.js";

const HFARAN_SAMPLE = "slack/hfaran_testarchive.zip";
const HFARAN = samplePath(HFARAN_SAMPLE);

describeEachStore("importSlackExport", (store, kind) => {

  const run = (path: string, extra: Partial<Parameters<typeof importSlackExport>[1]> = {}) =>
    importSlackExport(store, { path, actor: "test", ...extra });

  itWithSamples([HFARAN_SAMPLE], "imports the real hfaran export with every message accounted for", async () => {
    const summary = await run(HFARAN);
    expect(summary).toMatchObject({ users: 4, conversations: 2, messages: 158, added: 158, skipped: 0, updated: 0 });
    const bySubtype = await store.db
      .selectFrom("messages")
      .select(["subtype", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("subtype")
      .execute();
    const counts = Object.fromEntries(bySubtype.map((r) => [r.subtype ?? "message", Number(r.n)]));
    expect(counts).toEqual({ bot_message: 94, message: 49, channel_join: 8, bot_add: 3, file_share: 3, file_comment: 1 });
    const joins = await store.db.selectFrom("messages").select(["text", "inviterExternalId"]).where("subtype", "=", "channel_join").execute();
    expect(joins.filter((j) => j.inviterExternalId === "U0BMQB6JE")).toHaveLength(6);
    expect(joins.map((j) => j.text)).toContain("@abilinski has joined the channel");
    const fileShare = await store.db.selectFrom("messages").select(["files", "text"]).where("subtype", "=", "file_share").orderBy("at").executeTakeFirstOrThrow();
    const files = JSON.parse(fileShare.files ?? "[]") as { name: string; permalink: string }[];
    expect(files[0]?.name).toBe("100_cities.js");
    expect(fileShare.files).not.toContain("url_private");
    expect(fileShare.text).toBe("@doubledeez uploaded a file: 100 cities");
    const commits = await store.db.selectFrom("messageReferences").select("key").where("kind", "=", "github_commit").execute();
    expect(commits.map((c) => c.key)).toContain("mesos-magellan/enrique@b698a38dabbd");
    const reacted = await store.db.selectFrom("messages").select("reactions").where("reactions", "is not", null).execute();
    expect(reacted).toHaveLength(1);
    const people = await store.db.selectFrom("people").select("name").orderBy("name").execute();
    expect(people.map((p) => p.name)).toEqual(["Hamza Faran", "Harry Potter", "Hermione Granger", "heroeshannibal"]);
  });

  itWithSamples([HFARAN_SAMPLE], "stores the same rows whether day files are parsed in a worker thread or not", async () => {
    await run(HFARAN, { parseInWorker: false });
    const clock = ["createdAt", "updatedAt"];
    const inline = await snapshotStore(store, clock);
    const other = await kind.open();
    try {
      await importSlackExport(other, { path: HFARAN, actor: "test", parseInWorker: true });
      const worker = await snapshotStore(other, clock);
      for (const table of ["people", "identities", "conversations", "messages", "messageMentions", "messageReferences", "incidents"]) {
        expect(worker[table], table).toEqual(inline[table]);
      }
      expect(worker.messages).toHaveLength(158);
    } finally {
      await other.close();
    }
  });

  itWithSamples([HFARAN_SAMPLE], "reports a worker thread's parse error with the entry and place, and rolls back", async () => {
    await run(HFARAN);
    const before = await snapshotStore(store);
    const path = writeSlackExport({ days: { general: { "2023-11-14": [buildSlackMessage(0, "U1", "ok")], "2023-11-15": '[{"ts": "1.1", "text": "x"' } } });
    await expect(run(path, { parseInWorker: true })).rejects.toThrow(/entry general\/2023-11-15\.json: malformed JSON at line 1, column 27 \(offset 26\)/);
    expect(await snapshotStore(store)).toEqual(before);
  });

  itWithSamples([HFARAN_SAMPLE], "adds nothing when the same export is imported twice", async () => {
    await run(HFARAN);
    const before = await snapshotStore(store);
    const again = await run(HFARAN);
    expect(again).toMatchObject({ messages: 158, added: 0, skipped: 158, updated: 0, incidents: 0 });
    const after = await snapshotStore(store);
    // Only the import journal and the audit trail grow.
    for (const table of Object.keys(before)) {
      if (table === "imports" || table === "auditEvents") continue;
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.imports).toHaveLength(2);
  });

  it("adds only what is new from a later export, and refreshes edited messages", async () => {
    const first = [buildSlackMessage(0, "U1", "database is slow"), buildSlackMessage(60, "U2", "looking")];
    await run(writeSlackExport({ days: { general: { "2023-11-14": first } } }));
    const later = writeSlackExport({
      channels: [buildSlackChannel("C1", "general", { purpose: { value: "Company-wide chatter", creator: "U1", last_set: "2" } })],
      days: {
        general: {
          "2023-11-14": [
            buildSlackMessage(0, "U1", "database is slow, p99 at 4s", { edited: { user: "U1", ts: "1700000100.000000" } }),
            buildSlackMessage(60, "U2", "looking"),
            buildSlackMessage(120, "U1", "rolling back <https://github.com/acme/api/pull/7|api#7>"),
          ],
        },
      },
    });
    const summary = await run(later);
    expect(summary).toMatchObject({ messages: 3, added: 1, skipped: 1, updated: 1 });
    expect(await store.db.selectFrom("conversations").select("purpose").executeTakeFirst()).toEqual({ purpose: "Company-wide chatter" });
    const texts = await store.db.selectFrom("messages").select(["text", "editedAt"]).orderBy("at").execute();
    expect(texts).toEqual([
      { text: "database is slow, p99 at 4s", editedAt: 1_700_000_100_000 },
      { text: "looking", editedAt: null },
      { text: "rolling back api#7", editedAt: null },
    ]);
  });

  it("decodes threads, broadcasts, mentions and references into the timeline", async () => {
    const path = writeSlackExport({
      channels: [buildSlackChannel("C1", "general"), buildSlackChannel("C2", "inc-2023-11-14-checkout", { purpose: { value: "Checkout errors", creator: "U1", last_set: "1" } })],
      days: {
        "inc-2023-11-14-checkout": {
          "2023-11-14": [
            buildSlackMessage(0, "U1", "<!here> checkout 500s, paging <@U2>; see <#C1> and PAY-42", { thread_ts: "1700000000.000100", reply_count: 1 }),
            buildSlackMessage(5, "U2", "on it: https://acme.pagerduty.com/incidents/PXYZ123", { thread_ts: "1700000000.000100", parent_user_id: "U1" }),
            buildSlackMessage(9, "U2", "found it", { subtype: "thread_broadcast", thread_ts: "1700000000.000100", root: { user: "U1", ts: "1700000000.000100" } }),
          ],
        },
      },
    });
    const summary = await run(path);
    expect(summary.incidents).toBe(1);
    const [listing] = await listIncidents(store);
    expect(listing).toMatchObject({ channels: ["inc-2023-11-14-checkout"], messages: 3 });
    expect(listing?.incident.title).toBe("Checkout errors");
    expect(listing?.incident.startedAt).toBe(1_700_000_000_000);
    const timeline = await readWholeTimeline(store, listing!.incident.id);
    expect(timeline.map((m) => m.text)).toEqual([
      "@here checkout 500s, paging @bob; see #general and PAY-42",
      "on it: https://acme.pagerduty.com/incidents/PXYZ123",
      "found it",
    ]);
    expect(timeline[0]?.mentions.map((m) => `${m.kind}:${m.target}`)).toEqual(["broadcast:here", "user:U2", "channel:C1"]);
    expect(timeline[0]?.references).toEqual([{ kind: "jira", key: "PAY-42", url: null }]);
    expect(timeline[1]).toMatchObject({ thread: { parentTs: "1700000000.000100", isReply: true }, author: { name: "Bob", isBot: false } });
    expect(timeline[1]?.references).toEqual([{ kind: "pagerduty_incident", key: "PXYZ123", url: "https://acme.pagerduty.com/incidents/PXYZ123" }]);
    expect(timeline[2]).toMatchObject({ thread: { isReply: true, isBroadcast: true } });
    const parents = await store.db.selectFrom("messages").select(["parentUserExternalId"]).where("threadTs", "=", "1700000000.000100").where("ts", "!=", "1700000000.000100").execute();
    expect(parents.map((p) => p.parentUserExternalId)).toEqual(["U1", "U1"]);
  });

  it("reads private channels, DMs and group DMs, deleted users and bots", async () => {
    const path = writeSlackExport({
      users: [
        buildSlackUser("U1", "alice"),
        buildSlackUser("U2", "bob", { deleted: true }),
        buildSlackUser("B1", "pagerduty", { is_bot: true, profile: { real_name: "PagerDuty" } }),
      ],
      raw: [
        ["groups.json", JSON.stringify([buildSlackChannel("G1", "inc-secret-leak")])],
        ["dms.json", JSON.stringify([{ id: "D1", created: 1700000000, members: ["U1", "U2"] }])],
        ["mpims.json", JSON.stringify([{ id: "G2", name: "mpdm-alice--bob-1", created: 1700000000, members: ["U1", "U2"] }])],
        ["inc-secret-leak/2023-11-14.json", JSON.stringify([buildSlackMessage(0, "U1", "rotating the key")])],
        ["D1/2023-11-14.json", JSON.stringify([buildSlackMessage(1, "U2", "can you join the incident?")])],
        ["mpdm-alice--bob-1/2023-11-14.json", JSON.stringify([buildSlackMessage(2, "U1", "sync?")])],
      ],
    });
    const summary = await run(path);
    expect(summary).toMatchObject({ users: 3, conversations: 4, messages: 3, added: 3, incidents: 1 });
    // What was created, for the imports page to link: the incident, and the channels but not the direct messages.
    const incident = await store.db.selectFrom("incidents").select("id").executeTakeFirstOrThrow();
    expect(summary.incidentIds).toEqual([incident.id]);
    expect([...summary.channels].sort()).toEqual(["general", "inc-secret-leak"]);
    const stored = await store.db.selectFrom("imports").select("summary").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(stored.summary ?? "{}")).not.toHaveProperty("channels");
    const conversations = await store.db.selectFrom("conversations").select(["externalId", "kind", "name"]).orderBy("externalId").execute();
    expect(conversations).toEqual([
      { externalId: "C1", kind: "channel", name: "general" },
      { externalId: "D1", kind: "dm", name: "dm:U1,U2" },
      { externalId: "G1", kind: "private_channel", name: "inc-secret-leak" },
      { externalId: "G2", kind: "mpim", name: "mpdm-alice--bob-1" },
    ]);
    const perConversation = await store.db
      .selectFrom("messages as m")
      .innerJoin("conversations as c", "c.id", "m.conversationId")
      .select(["c.externalId", "m.text"])
      .orderBy("m.at")
      .execute();
    expect(perConversation.map((r) => r.externalId)).toEqual(["G1", "D1", "G2"]);
    const identities = await store.db.selectFrom("identities").select(["externalId", "deleted", "isBot", "personId"]).orderBy("externalId").execute();
    expect(identities).toEqual([
      { externalId: "B1", deleted: 0, isBot: 1, personId: null },
      { externalId: "U1", deleted: 0, isBot: 0, personId: expect.any(Number) },
      { externalId: "U2", deleted: 1, isBot: 0, personId: expect.any(Number) },
    ]);
  });

  it("honours a custom incident channel pattern", async () => {
    const path = writeSlackExport({
      channels: [buildSlackChannel("C1", "general"), buildSlackChannel("C2", "outage-db"), buildSlackChannel("C3", "inc-x")],
      days: { "outage-db": { "2023-11-14": [buildSlackMessage(0, "U1", "down")] } },
    });
    const summary = await run(path, { incidentChannelPattern: /^outage-/ });
    expect(summary.incidents).toBe(1);
    expect((await listIncidents(store)).map((l) => l.channels)).toEqual([["outage-db"]]);
  });

  describe("leaves the store exactly as it was on bad input", () => {
    const good = () => ({ general: { "2023-11-14": [buildSlackMessage(0, "U1", "hello")] } });
    const cases: [string, () => string, RegExp][] = [
      [
        "malformed JSON in one day file",
        () => writeSlackExport({ days: { ...good(), random: { "2023-11-15": '[\n  {"type": "message", "ts": "1700000000.1", "text": "hi"},\n  {"ts": }\n]' } } }),
        /entry random\/2023-11-15\.json: malformed JSON at line 3, column 10/,
      ],
      [
        "a message without a valid ts",
        () => writeSlackExport({ days: { general: { "2023-11-14": [buildSlackMessage(0, "U1", "ok"), { type: "message", text: "x", ts: "yesterday" }] } } }),
        /entry general\/2023-11-14\.json: message 2: "ts" must be a Slack timestamp/,
      ],
      ["an entry escaping with ../", () => writeSlackExport({ days: good(), raw: [["../../etc/cron.d/x.json", "[]"]] }), /'\.\.' path segment/],
      [
        "a zip bomb",
        () => writeSlackExport({ days: good(), raw: [["general/2023-11-16.json", Buffer.alloc(64 * 1024 * 1024, 0x20)]] }),
        /zip bomb/,
      ],
      [
        "a truncated archive",
        () => {
          const path = writeSlackExport({ days: good() });
          const bytes = readFileSync(path);
          writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
          return path;
        },
        /truncated/,
      ],
      ["a file that is not an export", () => writeSlackExport({ raw: [] }).replace(/$/, ".missing"), /no such file/],
    ];
    for (const [name, build, message] of cases) {
      it(name, async () => {
        // Something already stored, which a refused import must leave exactly as it was.
        await run(writeSlackExport({ days: { general: { "2023-11-14": [buildSlackMessage(0, "U1", "hello"), buildSlackMessage(5, "U2", "<@U1> see PagerDuty #12")] } } }));
        const before = await snapshotStore(store);
        await expect(run(build())).rejects.toThrow(message);
        expect(await snapshotStore(store)).toEqual(before);
      });
    }
  });
});
