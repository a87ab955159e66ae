import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZipWriter } from "../../src/importers/zip/zip-writer.js";

/** A Slack message object as exports hold it. */
export type SlackMessageJson = Record<string, unknown> & { ts: string };

/** Builds a user object shaped like `users.json` entries. */
export function buildSlackUser(id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    team_id: "T0TEST",
    name,
    deleted: false,
    real_name: name.replace(/^./, (c) => c.toUpperCase()),
    tz: "Europe/Berlin",
    is_bot: false,
    profile: { real_name: name, display_name: name, email: `${name}@acme.example` },
    ...extra,
  };
}

/** Builds a channel object shaped like `channels.json` entries. */
export function buildSlackChannel(id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name,
    created: "1700000000",
    creator: "U1",
    is_archived: false,
    is_general: false,
    members: ["U1", "U2"],
    topic: { value: "", creator: "", last_set: "0" },
    purpose: { value: "", creator: "", last_set: "0" },
    ...extra,
  };
}

/** Builds a plain message at `seconds` past 2023-11-14T22:13:20Z. */
export function buildSlackMessage(seconds: number, user: string, text: string, extra: Record<string, unknown> = {}): SlackMessageJson {
  return { type: "message", user, text, ts: `${1_700_000_000 + seconds}.000100`, ...extra };
}

/** What to put in a hand-made export. */
export interface SlackExportSpec {
  users?: Record<string, unknown>[];
  channels?: Record<string, unknown>[];
  /** folder → day (YYYY-MM-DD) → messages, or raw text for broken files. */
  days?: Record<string, Record<string, SlackMessageJson[] | string>>;
  /** Extra raw entries, written as given (hostile names, garbage). */
  raw?: [string, string | Buffer][];
}

/** Writes a Slack export zip and returns its path. */
export function writeSlackExport(spec: SlackExportSpec, dir = mkdtempSync(join(tmpdir(), "slack-export-"))): string {
  const path = join(dir, `export-${Math.random().toString(36).slice(2, 8)}.zip`);
  const writer = new ZipWriter(path);
  writer.add("users.json", JSON.stringify(spec.users ?? [buildSlackUser("U1", "alice"), buildSlackUser("U2", "bob")]));
  writer.add("channels.json", JSON.stringify(spec.channels ?? [buildSlackChannel("C1", "general")]));
  for (const [folder, days] of Object.entries(spec.days ?? {})) {
    for (const [day, messages] of Object.entries(days)) {
      writer.add(`${folder}/${day}.json`, typeof messages === "string" ? messages : JSON.stringify(messages, null, 2));
    }
  }
  for (const [name, data] of spec.raw ?? []) writer.add(name, data);
  writer.close();
  return path;
}
