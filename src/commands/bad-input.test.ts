import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../cli/main.js";
import type { Store } from "../db/connection.js";
import { ImportError } from "../importers/import-error.js";
import { MAX_JSON_DEPTH } from "../importers/text-input.js";
import { buildSlackChannel, buildSlackMessage, buildSlackUser } from "../../test/factories/slack-export.js";
import { tempDb } from "../../test/run-import-cli.js";
import { testStoreKinds } from "../../test/stores.js";
import { importCatalog } from "./import-catalog.js";
import { importPagerduty } from "./import-pagerduty.js";
import { importPeople } from "./import-people.js";
import { importSlackExport } from "./import-slack-export.js";
import { importTranscript } from "./import-transcript.js";

/*
 * The same rules for every importer: a byte-order mark is accepted; bytes that are not
 * UTF-8 are refused with the file and byte offset; a file with nothing to import says
 * so (and records no import); hostile structure is refused with its place; and the
 * command line prints one line, never a stack trace.
 */

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// "a", then a lead byte followed by "(": the lead byte, one past `before`, is where UTF-8 breaks.
const BAD = Buffer.from([0x61, 0xc3, 0x28]);

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-bad-input-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function file(name: string, content: string | Buffer): string {
  return join(folder({ [name]: content }), name);
}

const withBom = (text: string) => Buffer.concat([BOM, Buffer.from(text)]);
const withBadByte = (before: string, after = "") => Buffer.concat([Buffer.from(before), BAD, Buffer.from(after)]);

const catalogYaml = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger\nspec:\n  lifecycle: production\n  owner: billing\n";
const peopleCsv = "email,name\nana@acme.example,Ana Ruiz\n";
const scimJson = JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], Resources: [{ userName: "ana@acme.example", name: { formatted: "Ana Ruiz" }, emails: [{ value: "ana@acme.example", primary: true }] }] });
const pdUsers = JSON.stringify({ users: [{ id: "PUSER1", type: "user", name: "Ana Ruiz", email: "ana@acme.example", time_zone: "Europe/Madrid" }], limit: 25, offset: 0, more: false });
const vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana Ruiz>Hello\n";
const slackFiles = (users: string | Buffer, channels: string | Buffer, day: string | Buffer): Record<string, string | Buffer> => ({
  "users.json": users,
  "channels.json": channels,
  "general/2024-01-01.json": day,
});
const slackUsers = JSON.stringify([buildSlackUser("U1", "alice")]);
const slackChannels = JSON.stringify([buildSlackChannel("C1", "general")]);
const slackDay = JSON.stringify([buildSlackMessage(1, "U1", "hello")]);

const sqlite = testStoreKinds().find((kind) => kind.name === "sqlite");
if (!sqlite) throw new Error("no sqlite store kind");

describe("every importer reads input by the same rules", () => {
  let store: Store;
  let incidentId: number;
  beforeEach(async () => {
    store = await sqlite.open();
    incidentId = (
      await store.db
        .insertInto("incidents")
        .values({ title: "Checkout errors", status: "new", origin: "manual", severity: null, startedAt: Date.UTC(2024, 0, 1), detectedAt: null, resolvedAt: null, createdAt: 1, updatedAt: 1 })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterEach(async () => {
    await store.close();
  });
  afterAll(() => sqlite.dispose());

  const imports = () => store.db.selectFrom("imports").select(["id", "kind"]).execute();

  const importers: Record<string, (path: string) => Promise<unknown>> = {
    catalog: (path) => importCatalog(store, { paths: [path], actor: "test" }),
    "people CSV": (path) => importPeople(store, { path, actor: "test" }),
    "people SCIM": (path) => importPeople(store, { path, actor: "test" }),
    pagerduty: (path) => importPagerduty(store, { path, actor: "test" }),
    slack: (path) => importSlackExport(store, { path, actor: "test" }),
    transcript: (path) => importTranscript(store, { path, incidentId, actor: "test", startedAt: "2024-01-01T00:00:00Z" }),
  };

  const withBomInputs: Record<string, () => string> = {
    catalog: () => file("catalog-info.yaml", withBom(catalogYaml)),
    "people CSV": () => file("people.csv", withBom(peopleCsv)),
    "people SCIM": () => file("users.json", withBom(scimJson)),
    pagerduty: () => folder({ "users.json": withBom(pdUsers) }),
    slack: () => folder(slackFiles(withBom(slackUsers), withBom(slackChannels), withBom(slackDay))),
    transcript: () => file("call.vtt", withBom(vtt)),
  };
  for (const [name, build] of Object.entries(withBomInputs)) {
    it(`${name}: accepts a byte-order mark`, async () => {
      await importers[name]!(build());
      const stored = name === "transcript" ? await store.db.selectFrom("transcripts").select("id").execute() : await imports();
      expect(stored.length).toBe(1);
    });
  }

  const badUtf8: Record<string, [() => string, RegExp]> = {
    catalog: [() => file("catalog-info.yaml", withBadByte("kind: Group\nmetadata:\n  name: x")), /catalog-info\.yaml: not valid UTF-8 at byte 32 \(line 3\)/],
    "people CSV": [() => file("people.csv", withBadByte("email,name\nana@acme.example,An")), /people\.csv: not valid UTF-8 at byte 31 \(line 2\)/],
    "people SCIM": [() => file("users.json", withBadByte('[{"userName":"', '"}]')), /users\.json: not valid UTF-8 at byte 15 \(line 1\)/],
    pagerduty: [() => folder({ "users.json": withBadByte('{"users":[{"id":"P","name":"', '"}]}') }), /users\.json: not valid UTF-8 at byte 29 \(line 1\)/],
    slack: [() => folder(slackFiles(slackUsers, slackChannels, withBadByte('[{"type":"message","text":"', '","ts":"1.1"}]'))), /general\/2024-01-01\.json: not valid UTF-8 at byte 28 \(line 1\)/],
    transcript: [() => file("call.vtt", withBadByte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n")), /call\.vtt: not valid UTF-8 at byte 39 \(line 4\)/],
  };
  for (const [name, [build, message]] of Object.entries(badUtf8)) {
    it(`${name}: refuses bytes that are not UTF-8, naming the file and byte offset`, async () => {
      const error = await importers[name]!(build()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toMatch(message);
      expect(await imports()).toEqual([]);
    });
  }

  const empty: Record<string, () => string> = {
    catalog: () => file("catalog-info.yaml", "# nothing here yet\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: x\nspec: {}\n"),
    "people CSV": () => file("people.csv", "email,name\n"),
    "people SCIM": () => file("users.json", JSON.stringify({ Resources: [] })),
    pagerduty: () => folder({ "notes.json": JSON.stringify({ hello: "world" }) }),
    slack: () => folder({ "users.json": "[]", "channels.json": "[]" }),
    transcript: () => file("call.vtt", "WEBVTT\n\nNOTE nothing was said\n"),
  };
  for (const [name, build] of Object.entries(empty)) {
    it(`${name}: says it found nothing, and records no import`, async () => {
      const error = await importers[name]!(build()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toMatch(/found nothing to import/);
      expect(await imports()).toEqual([]);
    });
  }

  it("people: a header-only team history is found empty too", async () => {
    const error = await importPeople(store, { path: file("people.csv", peopleCsv), teamsPath: file("team_history.csv", "email,team,from\n"), actor: "test" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/team_history\.csv: found nothing to import/);
  });

  it("slack: a null message is reported as null", async () => {
    const path = folder(slackFiles(slackUsers, slackChannels, "[null]"));
    await expect(importSlackExport(store, { path, actor: "test" })).rejects.toThrow(/general\/2024-01-01\.json: message 1: expected a JSON object, got null$/);
  });

  it("slack: a channel id listed twice names the file and the id", async () => {
    const path = folder(slackFiles(slackUsers, JSON.stringify([buildSlackChannel("C1", "general"), buildSlackChannel("C2", "random"), buildSlackChannel("C1", "general-again")]), slackDay));
    const error = await importSlackExport(store, { path, actor: "test" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/channels\.json: item 3: conversation id "C1" is already listed at .*channels\.json: item 1$/);
    expect(await imports()).toEqual([]);
  });

  it("slack: a user id listed twice names the file and the id", async () => {
    const path = folder(slackFiles(JSON.stringify([buildSlackUser("U1", "alice"), buildSlackUser("U1", "alice2")]), slackChannels, slackDay));
    await expect(importSlackExport(store, { path, actor: "test" })).rejects.toThrow(/users\.json: item 2: user id "U1" is already listed at .*users\.json: item 1$/);
  });

  it("pagerduty: JSON nested 200,000 arrays deep is refused with the file and place", async () => {
    const deep = `{"incidents":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const error = await importPagerduty(store, { path: folder({ "incidents.json": deep }), actor: "test" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(new RegExp(`incidents\\.json: JSON nested more than ${MAX_JSON_DEPTH} levels deep at line 1, column ${13 + MAX_JSON_DEPTH} \\(offset ${13 + MAX_JSON_DEPTH - 1}\\)`));
    // Cut short as well as deep: still the depth, not a stack overflow in the error locator.
    const broken = await importPagerduty(store, { path: folder({ "incidents.json": `{"incidents":${"[".repeat(200_000)}` }), actor: "test" }).catch((e: unknown) => e);
    expect((broken as Error).message).toMatch(/JSON nested more than/);
  });

  it("people SCIM: deep nesting is refused the same way", async () => {
    await expect(importPeople(store, { path: file("users.json", `[${"{\"a\":".repeat(5000)}1${"}".repeat(5000)}]`), actor: "test" })).rejects.toThrow(/users\.json: JSON nested more than \d+ levels deep at line 1/);
  });
});

describe("the command line on bad input", () => {
  it("prints one line and no stack trace, and exits 1", async () => {
    const inputs: string[][] = [
      ["pagerduty", folder({ "incidents.json": `{"incidents":${"[".repeat(200_000)}${"]".repeat(200_000)}}` })],
      ["slack", folder(slackFiles(slackUsers, JSON.stringify([buildSlackChannel("C1", "a"), buildSlackChannel("C1", "b")]), slackDay))],
      ["slack", folder(slackFiles(slackUsers, slackChannels, "[null]"))],
      ["catalog", file("catalog-info.yaml", "")],
      ["people", file("people.csv", "email,name\n")],
    ];
    for (const args of inputs) {
      const err: string[] = [];
      const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        err.push(String(chunk));
        return true;
      });
      let code: number;
      try {
        code = await main(["node", "debrief", "--db", tempDb(), "import", ...args]);
      } finally {
        spy.mockRestore();
      }
      expect(code, args.join(" ")).toBe(1);
      const text = err.join("");
      expect(text, args.join(" ")).toMatch(/^debrief: [^\n]+\n$/);
      expect(text).not.toMatch(/\bat .+:\d+:\d+/);
    }
  });
});
