import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openExportSource } from "../export-source.js";
import { parseMessage, readSlackExport, slackTsToMs } from "./slack-export-reader.js";
import { describeWithSamples, itWithSamples, samplePath } from "../../../test/shared-data.js";

const DATA = samplePath("slack");
const names = {
  user: (id: string) => ({ U061A5N1G: "steve", U061A1R2R: "jane", U8VAHEVUY: "steve", U6006P1CN: "hamlet" })[id],
  channel: (id: string) => ({ C079A3FA12P: "announcements" })[id],
};
const load = (file: string): unknown => JSON.parse(readFileSync(`${DATA}/${file}`, "utf8"));
const parseAll = (items: unknown[]) => items.map((item, i) => parseMessage(item, names, () => `message ${i + 1}`));

describeWithSamples(["slack"], "Slack messages from real exports", () => {
  it("understands a thread with a broadcast reply (zulip fixture)", () => {
    const [parent, reply, broadcast] = parseAll(load("zulip_thread_with_broadcast_reply.json") as unknown[]);
    expect(parent).toMatchObject({ threadTs: "1434139102.000002", ts: "1434139102.000002", isBroadcast: false, user: "U061A5N1G" });
    expect(reply).toMatchObject({ threadTs: "1434139102.000002", parentUser: "U061A5N1G", isBroadcast: false, text: "first reply" });
    expect(broadcast).toMatchObject({ subtype: "thread_broadcast", isBroadcast: true, parentUser: "U061A5N1G", text: "everyone should see this" });
  });

  it("decodes channel mentions with and without labels (zulip fixture)", () => {
    const message = parseMessage(load("zulip_message_with_channel_mentions.json"), names, () => "message");
    expect(message.text).toBe("#announcements #rich-text-blocks #general");
    expect(message.mentions).toEqual([
      { kind: "channel", target: "C079A3FA12P", label: "#announcements" },
      { kind: "channel", target: "C0AHX20ADQQ", label: "#rich-text-blocks" },
      { kind: "channel", target: "C06P6T3QGD7", label: "#general" },
    ]);
  });

  it("decodes joins, file shares and plain messages from a real day file, dropping file tokens", () => {
    const messages = parseAll(load("zulip_test_slack_importer_random_2018-01-20.json") as unknown[]);
    const joins = messages.filter((m) => m.subtype === "channel_join");
    expect(joins.length).toBeGreaterThan(0);
    expect(joins[0]?.text).toBe("@steve has joined the channel");
    expect(joins[0]?.mentions[0]).toEqual({ kind: "user", target: "U8VAHEVUY", label: "@steve" });
    const share = messages.find((m) => m.subtype === "file_share");
    expect(share?.text).toBe("@hamlet uploaded a file: dirac72.md and commented: test upload attachment");
    const files = JSON.parse(share?.files ?? "[]") as Record<string, unknown>[];
    expect(files[0]).toMatchObject({ id: "F8VSW87RR", name: "dirac72.md", mimetype: "text/plain", size: 5755 });
    expect(share?.files).not.toMatch(/xoxe-|url_private|files-pri/);
    expect(messages.every((m) => m.at === slackTsToMs(m.ts))).toBe(true);
  });
});

describe("readSlackExport", () => {
  itWithSamples(["slack/hfaran_testarchive.zip"], "reads the real hfaran export: users, channels, day files in order", async () => {
    const source = openExportSource(`${DATA}/hfaran_testarchive.zip`);
    const slack = readSlackExport(source);
    expect(slack.users.map((u) => u.handle).sort()).toEqual(["abilinski", "doubledeez", "hamza", "heroeshannibal"]);
    expect(slack.conversations.map((c) => c.name)).toEqual(["enrique", "traveling-sailor"]);
    expect(slack.dayFiles).toHaveLength(17);
    let count = 0;
    const entries: string[] = [];
    for await (const day of slack.days()) {
      entries.push(day.entry);
      count += day.messages.length;
    }
    expect(count).toBe(158);
    // Conversation by conversation, each in date order.
    const sorted = (prefix: string) => entries.filter((e) => e.startsWith(prefix)).sort();
    expect(entries).toEqual([...sorted("enrique/"), ...sorted("traveling-sailor/")]);
    source.close();
  });

  it("converts Slack timestamps to epoch milliseconds", () => {
    expect(slackTsToMs("1452837318.000002")).toBe(1_452_837_318_000);
    expect(slackTsToMs("1434139104.987654")).toBe(1_434_139_104_987);
  });
});
