import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { snapshotStore } from "../../test/snapshot.js";
import { describeWithSamples, itWithSamples, samplePath } from "../../test/shared-data.js";
import { testStoreKinds } from "../../test/stores.js";
import { registerTranscriptImport } from "../cli/transcript.js";
import { openStore, type Store } from "../db/connection.js";
import { insertIncident } from "../db/repositories/incidents.js";
import { transcriptCuesForIncident } from "../db/repositories/transcripts.js";
import { ImportError } from "../importers/import-error.js";
import { InputError } from "./create-incident.js";
import { importTranscript, type TranscriptImportOptions } from "./import-transcript.js";
import { runImportCli } from "../../test/run-import-cli.js";

const ZOOM_SAMPLE = "transcripts/zoom_GMT20240124-202901_Recording.transcript.vtt";
const ZOOM = samplePath(ZOOM_SAMPLE);
const ZOOM_START = Date.parse("2024-01-24T20:29:01Z");

const dir = mkdtempSync(join(tmpdir(), "debrief-transcripts-"));

/** Writes a transcript file under a fresh name and returns its path. */
function writeVtt(text: string | Buffer, name = `t-${Math.random().toString(36).slice(2, 8)}.vtt`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const TEAMS = [
  "WEBVTT",
  "",
  "a1/1-0",
  "00:00:01.000 --> 00:00:03.000",
  "<v Ana Lima>The queue is backing up.</v>",
  "",
  "a1/2-0",
  "00:00:03.500 --> 00:00:06.000",
  "<v Ben Okafor>I see it.</v> <v Ana Lima>Rolling back.</v>",
  "",
  "00:00:07.000 --> 00:00:08.000",
  "[crosstalk]",
  "",
].join("\n");

async function addIncident(store: Store, title = "Checkout errors"): Promise<number> {
  return insertIncident(store.db, { title, origin: "manual", startedAt: null, sources: [], now: 1_700_000_000_000 });
}

async function addPerson(store: Store, name: string): Promise<number> {
  const row = await store.db
    .insertInto("people")
    .values({ name, email: null, timezone: null, title: null, department: null, managerId: null, startDate: null, endDate: null, createdAt: 1, updatedAt: 1 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addIdentity(store: Store, personId: number, displayName: string, handle: string | null = null): Promise<void> {
  await store.db
    .insertInto("identities")
    .values({
      personId,
      source: "slack",
      externalId: `U${personId}${displayName.length}`,
      workspace: null,
      handle,
      displayName,
      email: null,
      timezone: null,
      title: null,
      isBot: 0,
      deleted: 0,
      updatedAt: 1,
      matchMethod: null,
    })
    .execute();
}

for (const kind of testStoreKinds()) {
  describe(`importTranscript on ${kind.name}`, () => {
    let store: Store;
    let incidentId: number;
    beforeEach(async () => {
      store = await kind.open();
      incidentId = await addIncident(store);
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(() => kind.dispose());

    const run = (path: string, extra: Partial<TranscriptImportOptions> = {}) => importTranscript(store, { path, incidentId, actor: "test", ...extra });

    itWithSamples([ZOOM_SAMPLE], "imports the real Zoom transcript, matching speakers to people by name, alias and first-last name", async () => {
      const melissa = await addPerson(store, "Melissa Ko");
      const conor = await addPerson(store, "Conor Healy");
      const shreeharsh = await addPerson(store, "Shreeharsh R. Kelkar");
      const srijani = await addPerson(store, "S. Ghosh");
      await addIdentity(store, srijani, "Srijani Ghosh", "srijani");
      await addPerson(store, "Ryan Sloan");
      await addPerson(store, "Ryan Sloan");

      const summary = await run(ZOOM);
      expect(summary).toEqual({
        transcriptId: expect.any(Number),
        name: "zoom_GMT20240124-202901_Recording.transcript.vtt",
        format: "zoom",
        startedAt: "2024-01-24T20:29:01.000Z",
        cues: 102,
        speakers: [
          { name: "Srijani Ghosh", personId: srijani, cues: 8, reason: "alias" },
          { name: "Conor Healy", personId: conor, cues: 80, reason: "exact" },
          { name: "Dr. Melissa Ko", personId: melissa, cues: 5, reason: "exact" },
          { name: "Shreeharsh Kelkar", personId: shreeharsh, cues: 6, reason: "first-last" },
          { name: "Ryan Sloan", personId: null, cues: 2, reason: "ambiguous" },
        ],
        unmatchedSpeakers: ["Ryan Sloan"],
        unknownSpeakerCues: 1,
        added: true,
      });

      const transcript = await store.db.selectFrom("transcripts").selectAll().executeTakeFirstOrThrow();
      expect(transcript).toMatchObject({ id: summary.transcriptId, incidentId, format: "zoom", startedAt: ZOOM_START });
      expect(transcript.contentSha256).toMatch(/^[0-9a-f]{64}$/);

      const cues = await transcriptCuesForIncident(store.db, incidentId);
      expect(cues).toHaveLength(102);
      expect(cues.map((c) => c.position)).toEqual(Array.from({ length: 102 }, (_, i) => i));
      expect(cues[0]).toEqual({
        transcriptId: summary.transcriptId,
        position: 0,
        startMs: 50,
        endMs: 1_790,
        speakerName: "Srijani Ghosh",
        personId: srijani,
        text: "Hi!",
        transcriptName: summary.name,
        format: "zoom",
        startedAt: ZOOM_START,
        at: ZOOM_START + 50,
        personName: "S. Ghosh",
      });
      expect(cues[47]).toMatchObject({ speakerName: null, personId: null, personName: null, text: "Hmm.", at: ZOOM_START + 307_300 });
      expect(cues.filter((c) => c.speakerName === "Ryan Sloan").map((c) => c.personId)).toEqual([null, null]);

      const audit = await store.db.selectFrom("auditEvents").selectAll().where("action", "=", "import.transcript").execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: "test", subjectType: "transcript", subjectId: String(summary.transcriptId) });
      expect(JSON.parse(audit[0]?.details ?? "{}")).toMatchObject({ incidentId, cues: 102, unmatchedSpeakers: ["Ryan Sloan"], sha256: transcript.contentSha256 });
    });

    itWithSamples([ZOOM_SAMPLE], "changes nothing when the same file is imported again, and reports the stored transcript", async () => {
      await addPerson(store, "Conor Healy");
      const first = await run(ZOOM);
      const before = await snapshotStore(store);
      // A copy under another name is the same content: still the same transcript.
      const copy = writeVtt(readFileSync(ZOOM), "copy.vtt");
      const again = await run(copy, { name: "other name", startedAt: "2030-01-01T00:00:00Z" });
      expect(again).toEqual({ ...first, added: false });
      expect(await snapshotStore(store)).toEqual(before);
    });

    itWithSamples([ZOOM_SAMPLE], "keeps the links of an earlier import when people change, and says so", async () => {
      const first = await run(ZOOM);
      expect(first.speakers.every((s) => s.personId === null && s.reason === "no match")).toBe(true);
      const ryan = await addPerson(store, "Ryan Sloan");
      const before = await snapshotStore(store);
      const again = await run(ZOOM);
      expect(again.added).toBe(false);
      expect(again.speakers.find((s) => s.name === "Ryan Sloan")).toEqual({ name: "Ryan Sloan", personId: null, cues: 2, reason: "earlier import" });
      expect(again.speakers.find((s) => s.name === "Conor Healy")).toMatchObject({ personId: null, reason: "no match" });
      expect(await snapshotStore(store)).toEqual(before);
      expect(ryan).toBeGreaterThan(0);
    });

    itWithSamples([ZOOM_SAMPLE], "imports the same file into another incident as a transcript of its own", async () => {
      const other = await addIncident(store, "Second incident");
      const first = await run(ZOOM);
      const second = await run(ZOOM, { incidentId: other });
      expect(second).toMatchObject({ added: true, cues: 102 });
      expect(second.transcriptId).not.toBe(first.transcriptId);
      expect(await transcriptCuesForIncident(store.db, other)).toHaveLength(102);
    });

    it("reads Teams voices, keeps cues without a speaker, and honours --name and --started-at", async () => {
      const ana = await addPerson(store, "Ana Lima");
      const summary = await run(writeVtt(TEAMS), { name: "  Bridge call  ", startedAt: "2024-03-14T02:10:00+01:00" });
      expect(summary).toMatchObject({
        name: "Bridge call",
        format: "teams",
        startedAt: "2024-03-14T01:10:00.000Z",
        cues: 4,
        speakers: [
          { name: "Ana Lima", personId: ana, cues: 2, reason: "exact" },
          { name: "Ben Okafor", personId: null, cues: 1, reason: "no match" },
        ],
        unmatchedSpeakers: ["Ben Okafor"],
        unknownSpeakerCues: 1,
        added: true,
      });
      const cues = await transcriptCuesForIncident(store.db, incidentId);
      const start = Date.parse("2024-03-14T01:10:00Z");
      expect(cues.map((c) => [c.position, c.at, c.speakerName, c.personId, c.text])).toEqual([
        [0, start + 1_000, "Ana Lima", ana, "The queue is backing up."],
        [1, start + 3_500, "Ben Okafor", null, "I see it."],
        [2, start + 3_500, "Ana Lima", ana, "Rolling back."],
        [3, start + 7_000, null, null, "[crosstalk]"],
      ]);
    });

    it("stores no start time when none is given or in the file name", async () => {
      const summary = await run(writeVtt(TEAMS, "standup.vtt"));
      expect(summary.startedAt).toBeNull();
      const cues = await transcriptCuesForIncident(store.db, incidentId);
      expect(cues.map((c) => [c.startedAt, c.at])).toEqual([
        [null, null],
        [null, null],
        [null, null],
        [null, null],
      ]);
    });

    describe("leaves the store exactly as it was", () => {
      const cases: [string, () => string, typeof ImportError | typeof InputError, RegExp, Partial<TranscriptImportOptions>?][] = [
        ["a malformed timing line", () => writeVtt("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nok\n\n2\n00:00:03.000 -> 00:00:04.000\nbad\n"), ImportError, /\.vtt: line 8: expected a cue timing line/],
        ["a missing header", () => writeVtt("00:00:01.000 --> 00:00:02.000\nhi\n"), ImportError, /\.vtt: line 1: not a WebVTT file/],
        ["a cue ending before it starts", () => writeVtt("WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nhi\n"), ImportError, /\.vtt: line 3: cue ends/],
        ["bytes that are not UTF-8", () => writeVtt(Buffer.concat([Buffer.from("WEBVTT\n\n00:01.000 --> 00:02.000\n"), Buffer.from([0x66, 0xff, 0x66])])), ImportError, /\.vtt: not valid UTF-8 at byte 33 \(line 4\)/],
        ["a missing file", () => join(dir, "nowhere.vtt"), ImportError, /nowhere\.vtt: no such file/],
        ["a folder", () => dir, ImportError, /is a folder/],
        ["an unknown incident", () => writeVtt(TEAMS), InputError, /no incident 9999/, { incidentId: 9999 }],
        ["a start time without a zone", () => writeVtt(TEAMS), InputError, /--started-at needs a time zone/, { startedAt: "2024-01-24T20:29:01" }],
        ["a start time that is not a time", () => writeVtt(TEAMS), InputError, /--started-at must be an ISO 8601 time/, { startedAt: "yesterday" }],
      ];
      for (const [name, build, type, message, extra] of cases) {
        it(`on ${name}`, async () => {
          await run(writeVtt(TEAMS));
          const before = await snapshotStore(store);
          const attempt = run(build(), extra);
          await expect(attempt).rejects.toThrow(type);
          await expect(attempt).rejects.toThrow(message);
          expect(await snapshotStore(store)).toEqual(before);
        });
      }

      it("when writing the cues fails after the transcript row went in", async () => {
        const before = await snapshotStore(store);
        const failing: Store = {
          ...store,
          dialect: {
            ...store.dialect,
            bulkInsert: async () => {
              throw new Error("disk full");
            },
          },
        };
        await expect(importTranscript(failing, { path: writeVtt(TEAMS), incidentId, actor: "test" })).rejects.toThrow("disk full");
        expect(await snapshotStore(store)).toEqual(before);
      });
    });
  });
}

describeWithSamples([ZOOM_SAMPLE], "debrief import transcript", () => {
  /** Runs the subcommand in-process against a SQLite file and returns what it printed. */
  async function cli(db: string, args: string[]): Promise<string> {
    return (await runImportCli(registerTranscriptImport, db, ["transcript", ...args])).stdout;
  }

  it("prints the JSON summary, then a human one that names unmatched speakers", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "debrief-transcript-cli-")), "cli.db");
    const store = await openStore({ url: db });
    const incident = await addIncident(store);
    const conor = await addPerson(store, "Conor Healy");
    await store.close();

    const json = JSON.parse(await cli(db, [ZOOM, "--incident", String(incident), "--json"])) as Record<string, unknown>;
    expect(json).toMatchObject({ format: "zoom", cues: 102, added: true, unknownSpeakerCues: 1 });
    expect(json.unmatchedSpeakers).toEqual(["Srijani Ghosh", "Dr. Melissa Ko", "Shreeharsh Kelkar", "Ryan Sloan"]);

    const human = await cli(db, [ZOOM, "--incident", String(incident)]);
    expect(human).toContain(`Already imported into incident ${incident} as transcript ${String(json.transcriptId)}`);
    expect(human).toContain(`Conor Healy: 80 cues → person ${conor} (exact)`);
    expect(human).toContain("Unmatched speakers: Srijani Ghosh, Dr. Melissa Ko, Shreeharsh Kelkar, Ryan Sloan");

    const teams = await cli(db, [writeVtt(TEAMS), "--incident", String(incident), "--name", "Bridge"]);
    expect(teams.split("\n")[0]).toMatch(/^Imported "Bridge" \(teams\) into incident \d+ as transcript \d+: 4 cues, 2 speakers, 1 cue without a speaker\.$/);
    expect(teams).toContain("Recording start: unknown");

    await expect(cli(db, [ZOOM, "--incident", "abc"])).rejects.toThrow(/--incident must be a positive integer/);
  });
});
