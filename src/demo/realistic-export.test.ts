import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ZipReader } from "../importers/zip/zip-reader.js";
import { REALISTIC_MIX, writeRealisticSlackExport } from "./realistic-export.js";

describe("an export with a real workspace's mix", () => {
  const dir = mkdtempSync(join(tmpdir(), "realistic-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("has the shares of threads, mentions, links, reactions, edits, joins, bots and broadcasts, at about 950 bytes a message", () => {
    const path = join(dir, "export.zip");
    const stats = writeRealisticSlackExport({ seed: 3, messages: 20_000, path });
    expect(stats.messages).toBe(20_000);
    const counts = { threadParents: 0, threadReplies: 0, broadcasts: 0, userMentions: 0, pullRequestLinks: 0, reactions: 0, edited: 0, joinsAndLeaves: 0, botMessages: 0 };
    const zip = ZipReader.open(path);
    let messages = 0;
    let bytes = 0;
    let indented = true;
    for (const entry of zip.entries) {
      if (!/\/\d{4}-\d{2}-\d{2}\.json$/.test(entry.name)) continue;
      const text = zip.read(entry).toString("utf8");
      bytes += text.length;
      indented &&= text.startsWith("[\n    {");
      for (const m of JSON.parse(text) as Record<string, unknown>[]) {
        messages += 1;
        const body = String(m.text ?? "");
        if (Array.isArray(m.replies)) counts.threadParents += 1;
        if (typeof m.parent_user_id === "string") counts.threadReplies += 1;
        if (m.subtype === "thread_broadcast") counts.broadcasts += 1;
        if (m.subtype === "channel_join" || m.subtype === "channel_leave") counts.joinsAndLeaves += 1;
        else if (body.includes("<@")) counts.userMentions += 1;
        if (body.includes("/pull/")) counts.pullRequestLinks += 1;
        if (Array.isArray(m.reactions)) counts.reactions += 1;
        if (m.edited) counts.edited += 1;
        if (m.subtype === "bot_message" && Array.isArray(m.attachments)) counts.botMessages += 1;
      }
    }
    zip.close();
    expect(messages).toBe(20_000);
    expect(indented).toBe(true);
    for (const [key, share] of Object.entries(REALISTIC_MIX)) {
      expect(counts[key as keyof typeof counts] / messages, key).toBeGreaterThan(share * 0.85);
      expect(counts[key as keyof typeof counts] / messages, key).toBeLessThan(share * 1.15);
    }
    expect(bytes / messages).toBeGreaterThan(850);
    expect(bytes / messages).toBeLessThan(1_100);
  });
});
