import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoManifest, type DemoResult, PEOPLE_CSV_HEADER, TEAM_HISTORY_CSV_HEADER, generateDemo } from "./index.js";

const INCIDENT_CHANNEL = /^(inc|incident)[-_]/;
const TS = /^\d{10}\.\d{6}$/;

type Json = Record<string, unknown>;

/**
 * Reads every entry of a small archive through its central directory. Written here,
 * not borrowed from the importer, so the generator is checked against the format
 * itself rather than against the code it feeds.
 */
function readZip(path: string): Map<string, Buffer> {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function json<T>(entries: Map<string, Buffer>, name: string): T {
  const data = entries.get(name);
  if (!data) throw new Error(`missing ${name}`);
  return JSON.parse(data.toString("utf8")) as T;
}

/** Day files grouped by conversation folder, messages in file order. */
function dayFiles(entries: Map<string, Buffer>): Map<string, { day: string; messages: Json[] }[]> {
  const out = new Map<string, { day: string; messages: Json[] }[]>();
  for (const [name, data] of entries) {
    const match = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/.exec(name);
    if (!match) continue;
    const parsed: unknown = JSON.parse(data.toString("utf8"));
    if (!Array.isArray(parsed)) throw new Error(`${name} is not a JSON array`);
    const list = out.get(match[1] as string) ?? [];
    list.push({ day: match[2] as string, messages: parsed as Json[] });
    out.set(match[1] as string, list);
  }
  return out;
}

function countMessages(path: string): number {
  let total = 0;
  for (const files of dayFiles(readZip(path)).values()) for (const f of files) total += f.messages.length;
  return total;
}

/** Minimal RFC 4180 parser: enough to prove the CSV quotes what it must. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe("generateDemo", () => {
  let dir: string;
  let result: DemoResult;
  let entries: Map<string, Buffer>;
  let manifest: DemoManifest;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "debrief-demo-"));
    result = generateDemo({ outDir: join(dir, "main"), messages: 4000, seed: 7 });
    entries = readZip(result.exportPath);
    manifest = JSON.parse(readFileSync(result.manifestPath, "utf8")) as DemoManifest;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives byte-identical files for the same seed and options", () => {
    const a = generateDemo({ outDir: join(dir, "a"), messages: 1500, seed: 11 });
    const b = generateDemo({ outDir: join(dir, "b"), messages: 1500, seed: 11 });
    for (const key of ["exportPath", "peopleCsvPath", "teamHistoryCsvPath", "manifestPath"] as const) {
      expect(sha256(a[key])).toBe(sha256(b[key]));
    }
  });

  it("gives different data for a different seed", () => {
    const a = generateDemo({ outDir: join(dir, "s1"), messages: 1500, seed: 1 });
    const b = generateDemo({ outDir: join(dir, "s2"), messages: 1500, seed: 2 });
    expect(sha256(a.exportPath)).not.toBe(sha256(b.exportPath));
    expect(sha256(a.peopleCsvPath)).not.toBe(sha256(b.peopleCsvPath));
  });

  it.each([0, 1, 16, 199, 200, 1234])("writes exactly %i messages when asked for them", (messages) => {
    const r = generateDemo({ outDir: join(dir, `n${messages}`), messages });
    expect(r.messages).toBe(messages);
    expect(countMessages(r.exportPath)).toBe(messages);
  });

  it("honours the message count of the main run and reports progress up to it", () => {
    let last = 0;
    let calls = 0;
    const r = generateDemo({ outDir: join(dir, "progress"), messages: 900, seed: 3, onProgress: (done, total) => {
      expect(total).toBe(900);
      expect(done).toBeGreaterThan(last);
      last = done;
      calls += 1;
    } });
    expect(last).toBe(900);
    expect(calls).toBe(r.dayFiles);
    expect(countMessages(result.exportPath)).toBe(4000);
  });

  it("writes the metadata files of a Slack export with the real shapes", () => {
    const users = json<Json[]>(entries, "users.json");
    expect(users.length).toBe(result.users);
    for (const u of users) {
      expect(u.id).toMatch(/^U[A-Z0-9]{8,10}$/);
      expect(typeof u.team_id).toBe("string");
      expect(typeof (u.profile as Json).real_name).toBe("string");
    }
    const people = users.filter((u) => u.is_bot === false && u.id !== "USLACKBOT");
    expect(people.length).toBeGreaterThanOrEqual(60);
    expect(people.every((u) => String((u.profile as Json).email).endsWith("@acme.example"))).toBe(true);
    expect(people.some((u) => u.deleted === true)).toBe(true);
    expect(new Set(people.map((u) => u.tz)).size).toBeGreaterThanOrEqual(6);
    const bots = users.filter((u) => u.is_bot === true).map((u) => (u.profile as Json).real_name);
    expect(bots).toEqual(expect.arrayContaining(["PagerDuty", "GitHub", "shipit"]));

    const channels = json<Json[]>(entries, "channels.json");
    for (const c of channels) {
      expect(c.id).toMatch(/^C[A-Z0-9]+$/);
      expect(c.created).toMatch(/^\d+$/);
      expect(Array.isArray(c.members)).toBe(true);
      expect(c.topic).toMatchObject({ value: expect.any(String), creator: expect.any(String), last_set: expect.any(String) });
    }
    expect(channels.filter((c) => c.is_general === true).map((c) => c.name)).toEqual(["general"]);
    for (const d of json<Json[]>(entries, "dms.json")) {
      expect(d.id).toMatch(/^D[A-Z0-9]+$/);
      expect(d.members).toHaveLength(2);
    }
    for (const m of json<Json[]>(entries, "mpims.json")) expect(m.name).toMatch(/^mpdm-[a-z.]+(--[a-z.0-9]+)+-1$/);
    for (const g of json<Json[]>(entries, "groups.json")) expect(g.id).toMatch(/^[GC][A-Z0-9]+$/);
  });

  it("puts every day file in a listed conversation, as a sorted array of unique ts inside its UTC day", () => {
    const folders = new Set<string>([
      ...json<Json[]>(entries, "channels.json").map((c) => String(c.name)),
      ...json<Json[]>(entries, "groups.json").map((c) => String(c.name)),
      ...json<Json[]>(entries, "mpims.json").map((c) => String(c.name)),
      ...json<Json[]>(entries, "dms.json").map((c) => String(c.id)),
    ]);
    const files = dayFiles(entries);
    expect(files.size).toBeGreaterThan(10);
    for (const [folder, days] of files) {
      expect(folders.has(folder)).toBe(true);
      const seen = new Set<string>();
      for (const { day, messages } of days) {
        expect(messages.length).toBeGreaterThan(0);
        let previous = "";
        for (const m of messages) {
          const ts = String(m.ts);
          expect(ts).toMatch(TS);
          expect(m.type).toBe("message");
          expect(seen.has(ts)).toBe(false);
          seen.add(ts);
          expect(new Date(Number(ts.split(".")[0]) * 1000).toISOString().slice(0, 10)).toBe(day);
          expect(ts > previous).toBe(true);
          previous = ts;
        }
      }
    }
  });

  it("keeps threads consistent: every reply names a parent in the same conversation that lists it", () => {
    let replies = 0;
    let broadcasts = 0;
    for (const days of dayFiles(entries).values()) {
      const byTs = new Map<string, Json>();
      for (const { messages } of days) for (const m of messages) byTs.set(String(m.ts), m);
      for (const m of byTs.values()) {
        const thread = m.thread_ts;
        if (typeof thread !== "string" || thread === m.ts) continue;
        replies += 1;
        const parent = byTs.get(thread);
        expect(parent, `parent ${thread}`).toBeDefined();
        expect(parent?.thread_ts).toBe(thread);
        const listed = (parent?.replies as { ts: string; user: string }[]).map((r) => r.ts);
        expect(listed).toContain(m.ts);
        expect(parent?.reply_count).toBe(listed.length);
        if (m.subtype === "thread_broadcast") {
          broadcasts += 1;
          expect((m.root as Json).ts).toBe(thread);
        } else expect(m.parent_user_id).toBe(parent?.user);
      }
    }
    expect(replies).toBeGreaterThan(100);
    expect(broadcasts).toBeGreaterThan(0);
  });

  it("names incident channels so the importer's pattern finds them, and describes each in the manifest", () => {
    expect(result.incidentChannels.length).toBeGreaterThanOrEqual(5);
    for (const name of result.incidentChannels) expect(name).toMatch(INCIDENT_CHANNEL);
    const listed = [...json<Json[]>(entries, "channels.json"), ...json<Json[]>(entries, "groups.json")];
    const incidentListed = listed.filter((c) => INCIDENT_CHANNEL.test(String(c.name)));
    expect(incidentListed.map((c) => c.name).sort()).toEqual([...result.incidentChannels].sort());
    for (const c of incidentListed) expect(String((c.purpose as Json).value)).toMatch(/^SEV[1-4]: .+ PagerDuty #\d+: https:\/\/acme\.pagerduty\.com\/incidents\/P[A-Z0-9]{6}$/);
    expect(manifest.incidents.map((i) => i.channel)).toEqual(result.incidentChannels);
  });

  it("accounts for every message in the manifest, conversation by conversation", () => {
    const files = dayFiles(entries);
    let total = 0;
    for (const c of manifest.conversations) {
      const days = files.get(c.folder) ?? [];
      const count = days.reduce((sum, d) => sum + d.messages.length, 0);
      expect(count, c.folder).toBe(c.messages);
      expect(days.length, c.folder).toBe(c.dayFiles);
      total += count;
    }
    expect(total).toBe(4000);
    expect(manifest.totals.messages).toBe(4000);
    const incidentMessages = manifest.incidents.reduce((sum, i) => sum + i.messages, 0);
    expect(incidentMessages / 4000).toBeGreaterThan(0.6);
  });

  it("writes incident stories that match their plan: the page, the joins, the mentions", () => {
    const files = dayFiles(entries);
    for (const incident of manifest.incidents) {
      const messages = (files.get(incident.channel) ?? []).flatMap((d) => d.messages);
      const text = messages.map((m) => String(m.text)).join("\n");
      const joins = new Map(messages.filter((m) => m.subtype === "channel_join").map((m) => [String(m.user), m]));
      for (const p of incident.people) {
        const join = joins.get(p.slackUserId);
        expect(join, `${incident.channel}: join of ${p.email}`).toBeDefined();
        if (p.inviter) expect(join?.inviter).toBe(p.inviter);
        else expect(join?.inviter).toBeUndefined();
        const spoke = messages.some((m) => m.user === p.slackUserId && m.subtype === undefined);
        expect(spoke, `${incident.channel}: ${p.email} ${p.observer ? "watched" : "spoke"}`).toBe(!p.observer);
      }
      for (const mention of incident.mentions) expect(text).toContain(`<@${mention.slackUserId}>`);
      const pd = messages.filter((m) => m.subtype === "bot_message" && m.username === "PagerDuty");
      expect(pd.length).toBeGreaterThan(0);
      const attachment = (pd[0]?.attachments as Json[])[0] as Json;
      expect(attachment.title_link).toBe(incident.pagerduty.url);
      expect(pd.some((m) => String((m.attachments as Json[])[0]?.text).startsWith("Resolved"))).toBe(true);
    }
  });

  it("uses the Slack shapes analysts need: links, escapes, edits, reactions, files", () => {
    const all = [...dayFiles(entries).values()].flatMap((days) => days.flatMap((d) => d.messages));
    const texts = all.map((m) => String(m.text));
    expect(texts.some((t) => /<https:\/\/github\.com\/acme\/[a-z-]+\/pull\/\d+\|[a-z-]+#\d+>/.test(t))).toBe(true);
    expect(texts.some((t) => /(^|\s)https:\/\/github\.com\/acme\/[a-z-]+\/commit\/[0-9a-f]{40}/.test(t))).toBe(true);
    expect(texts.some((t) => /https:\/\/github\.com\/acme\/[a-z-]+\/issues\/\d+/.test(t))).toBe(true);
    expect(texts.some((t) => /\b[A-Z]{2,5}-\d{3,4}\b/.test(t))).toBe(true);
    expect(texts.some((t) => /<#C[A-Z0-9]+\|[a-z0-9_-]+>/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes("<!here>"))).toBe(true);
    expect(texts.some((t) => t.includes("&amp;"))).toBe(true);
    expect(texts.some((t) => t.includes("&gt;") || t.includes("&lt;"))).toBe(true);
    // Outside <…> tokens, angle brackets only ever appear escaped.
    expect(texts.filter((t) => /[<>]/.test(t.replace(/<[^<>]*>/g, "")))).toEqual([]);
    const user = all.filter((m) => m.subtype === undefined);
    expect(user.every((m) => typeof m.client_msg_id === "string" && typeof m.team === "string")).toBe(true);
    expect(user.some((m) => m.user_profile !== undefined)).toBe(true);
    expect(all.some((m) => (m.edited as Json | undefined)?.ts !== undefined)).toBe(true);
    expect(all.some((m) => Array.isArray(m.reactions) && (m.reactions as Json[]).every((r) => r.count === (r.users as string[]).length))).toBe(true);
    const upload = all.find((m) => Array.isArray(m.files));
    expect(upload?.upload).toBe(true);
    expect(upload?.files).toEqual([expect.objectContaining({ id: expect.stringMatching(/^F/), mimetype: expect.any(String), permalink: expect.any(String), url_private: expect.any(String) })]);
    expect(all.some((m) => m.subtype === "file_share" && typeof m.file === "object")).toBe(true);

    const userIds = new Set(json<Json[]>(entries, "users.json").map((u) => String(u.id)));
    for (const t of texts) for (const [, id] of t.matchAll(/<@(U[A-Z0-9]+)>/g)) expect(userIds.has(id as string)).toBe(true);
  });

  it("writes people.csv and team_history.csv with exact headers and RFC 4180 quoting", () => {
    const people = parseCsv(readFileSync(result.peopleCsvPath, "utf8"));
    expect(people[0]).toEqual([...PEOPLE_CSV_HEADER]);
    expect(people[0]?.join(",")).toBe("email,name,slack_user_id,pagerduty_user_id,github_login,title,department,manager_email,timezone,start_date,end_date");
    const rows = people.slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const emails = new Set(rows.map((r) => r[0]));
    for (const r of rows) {
      expect(r).toHaveLength(11);
      expect(r[2]).toMatch(/^U[A-Z0-9]{8,10}$/);
      expect(r[3]).toMatch(/^P[A-Z0-9]{6}$/);
      expect(r[9]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[10]).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      if (r[7]) expect(emails.has(r[7])).toBe(true);
    }
    expect(rows.some((r) => (r[5] ?? "").includes(","))).toBe(true);
    expect(rows.some((r) => r[10] !== "")).toBe(true);

    const history = parseCsv(readFileSync(result.teamHistoryCsvPath, "utf8"));
    expect(history[0]?.join(",")).toBe(TEAM_HISTORY_CSV_HEADER.join(","));
    expect(history[0]?.join(",")).toBe("email,team,from,to");
    for (const r of history.slice(1)) {
      expect(emails.has(r[0])).toBe(true);
      expect(r[2]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (r[3]) expect(r[3] > (r[2] ?? "")).toBe(true);
    }
    const moved = new Map<string, number>();
    for (const r of history.slice(1)) moved.set(r[0] as string, (moved.get(r[0] as string) ?? 0) + 1);
    expect([...moved.values()].some((n) => n > 1)).toBe(true);
  });

  it("refuses a message count that is not a non-negative integer", () => {
    expect(() => generateDemo({ outDir: join(dir, "bad"), messages: -1 })).toThrow(/non-negative integer/);
    expect(() => generateDemo({ outDir: join(dir, "bad"), messages: 2.5 })).toThrow(/non-negative integer/);
  });
});
