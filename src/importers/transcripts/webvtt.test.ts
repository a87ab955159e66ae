import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeWithSamples, samplePath } from "../../../test/shared-data.js";
import { ImportError } from "../import-error.js";
import { parseWebVtt } from "./webvtt.js";

const ZOOM_SAMPLE = "transcripts/zoom_GMT20240124-202901_Recording.transcript.vtt";
const ZOOM = samplePath(ZOOM_SAMPLE);

/** Lines joined with LF, so the cases read like the files they stand for. */
const vtt = (...lines: string[]): string => lines.join("\n");

describeWithSamples([ZOOM_SAMPLE], "parseWebVtt on the real Zoom transcript", () => {
  const parsed = parseWebVtt(readFileSync(ZOOM, "utf8"), ZOOM);

  it("reads every cue as a Zoom transcript", () => {
    expect(parsed.format).toBe("zoom");
    expect(parsed.cues).toHaveLength(102);
    expect(parsed.cues.map((c) => c.identifier)).toEqual(Array.from({ length: 102 }, (_, i) => String(i + 1)));
  });

  it("finds the speakers, honorific included, and counts their cues", () => {
    const counts: Record<string, number> = {};
    for (const cue of parsed.cues) counts[cue.speaker ?? "(none)"] = (counts[cue.speaker ?? "(none)"] ?? 0) + 1;
    expect(counts).toEqual({ "Conor Healy": 80, "Srijani Ghosh": 8, "Shreeharsh Kelkar": 6, "Dr. Melissa Ko": 5, "Ryan Sloan": 2, "(none)": 1 });
    expect(parsed.cues[7]).toMatchObject({ speaker: "Dr. Melissa Ko", text: expect.stringMatching(/^and I'll just do a little bit of walkthrough\./) });
  });

  it("keeps cue 48, which names no speaker, with speaker null", () => {
    expect(parsed.cues[47]).toEqual({ line: 192, identifier: "48", startMs: 307_300, endMs: 307_980, speaker: null, text: "Hmm." });
  });

  it("reads the first and last timings", () => {
    expect(parsed.cues[0]).toEqual({ line: 4, identifier: "1", startMs: 50, endMs: 1_790, speaker: "Srijani Ghosh", text: "Hi!" });
    expect(parsed.cues.at(-1)).toMatchObject({ identifier: "102", startMs: 12 * 60_000 + 8_760, endMs: 12 * 60_000 + 15_620, speaker: "Conor Healy" });
  });
});

describe("parseWebVtt on hand-made files", () => {
  it("accepts a BOM, CRLF line ends, header text and metadata", () => {
    const text = "\uFEFFWEBVTT - team sync\r\nKind: captions\r\nLanguage: en\r\n\r\n00:01.000 --> 00:02.500\r\nAna Lima: can you see my screen?\r\n";
    expect(parseWebVtt(text, "a.vtt")).toEqual({
      format: "zoom",
      cues: [{ line: 5, identifier: null, startMs: 1_000, endMs: 2_500, speaker: "Ana Lima", text: "can you see my screen?" }],
    });
  });

  it("reads hour-less and long-hour timings and ignores cue settings", () => {
    const { cues } = parseWebVtt(vtt("WEBVTT", "", "59:59.999 --> 100:00:00.000 align:start position:10%", "late"), "a.vtt");
    expect(cues[0]).toMatchObject({ startMs: 3_599_999, endMs: 360_000_000, text: "late" });
  });

  it("keeps multi-line text, trimmed, and takes the speaker from the first line only", () => {
    const { cues } = parseWebVtt(vtt("WEBVTT", "", "1", "00:00:01.000 --> 00:00:04.000", "Ana Lima: the pool is   full ", "  and the queue: growing"), "a.vtt");
    expect(cues[0]).toMatchObject({ speaker: "Ana Lima", text: "the pool is full\nand the queue: growing" });
  });

  it("skips NOTE, STYLE and REGION blocks, including multi-line notes", () => {
    const { cues } = parseWebVtt(
      vtt("WEBVTT", "", "STYLE", "::cue { color: red }", "", "REGION", "id:r1", "", "NOTE exported by hand", "", "NOTE", "two: lines", "of notes", "", "00:01.000 --> 00:02.000", "hello"),
      "a.vtt",
    );
    expect(cues).toEqual([{ line: 15, identifier: null, startMs: 1_000, endMs: 2_000, speaker: null, text: "hello" }]);
  });

  it("strips formatting and timestamp tags and decodes entities", () => {
    const { cues, format } = parseWebVtt(
      vtt("WEBVTT", "", "00:01.000 --> 00:05.000", "<b>p99</b> &lt; 5ms &amp;&nbsp;<i>rising</i> <c.yellow>now</c><00:00:03.000> &lrm;ok&rlm; &#39;x&#x27; &bogus; a < b"),
      "a.vtt",
    );
    expect(format).toBe("vtt");
    expect(cues[0]?.text).toBe("p99 < 5ms & rising now \u200eok\u200f 'x' &bogus; a < b");
  });

  it("does not take a sentence, a link or a long phrase for a speaker", () => {
    const { cues, format } = parseWebVtt(
      vtt(
        "WEBVTT",
        "",
        "00:01.000 --> 00:02.000",
        "Why? Because: it broke",
        "",
        "00:02.000 --> 00:03.000",
        "see https://status.example.com: it says ok",
        "",
        "00:03.000 --> 00:04.000",
        "the thing we all agreed on last week: it held",
        "",
        "00:04.000 --> 00:05.000",
        "10:30 is when: it started",
      ),
      "a.vtt",
    );
    expect(format).toBe("vtt");
    expect(cues.map((c) => c.speaker)).toEqual([null, null, null, null]);
  });

  it("reads Teams voice spans, with classes, without closing tags, and splits several voices into cues", () => {
    const parsed = parseWebVtt(
      vtt(
        "WEBVTT",
        "",
        "3c6d5f7a-1b2c-4d5e-8f90-a1b2c3d4e5f6/12-0",
        "00:00:03.528 --> 00:00:05.258",
        "<v Ana Lima>Okay, can everyone hear me?</v>",
        "",
        "3c6d5f7a-1b2c-4d5e-8f90-a1b2c3d4e5f6/13-0",
        "00:00:05.300 --> 00:00:07.000",
        "<v.loud Ben O&apos;Neil>Yes &amp; loud",
        "",
        "00:00:07.000 --> 00:00:09.000",
        "<v Ana Lima>Good.</v> <v Chidi Okafor>Me too.</v>",
        "",
        "00:00:09.000 --> 00:00:10.000",
        "[music]",
      ),
      "teams.vtt",
    );
    expect(parsed.format).toBe("teams");
    expect(parsed.cues.map(({ identifier, startMs, speaker, text }) => ({ identifier, startMs, speaker, text }))).toEqual([
      { identifier: "3c6d5f7a-1b2c-4d5e-8f90-a1b2c3d4e5f6/12-0", startMs: 3_528, speaker: "Ana Lima", text: "Okay, can everyone hear me?" },
      { identifier: "3c6d5f7a-1b2c-4d5e-8f90-a1b2c3d4e5f6/13-0", startMs: 5_300, speaker: "Ben O'Neil", text: "Yes & loud" },
      { identifier: null, startMs: 7_000, speaker: "Ana Lima", text: "Good." },
      { identifier: null, startMs: 7_000, speaker: "Chidi Okafor", text: "Me too." },
      { identifier: null, startMs: 9_000, speaker: null, text: "[music]" },
    ]);
  });

  it("does not read Zoom-style colons in a Teams file", () => {
    const { cues } = parseWebVtt(vtt("WEBVTT", "", "00:01.000 --> 00:02.000", "<v Ana Lima>Note: check it</v>", "", "00:02.000 --> 00:03.000", "Status: green"), "t.vtt");
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ["Ana Lima", "Note: check it"],
      [null, "Status: green"],
    ]);
  });

  it("accepts overlapping cues, zero-length cues, a missing blank line and an empty file", () => {
    const { cues } = parseWebVtt(vtt("WEBVTT", "", "00:05.000 --> 00:09.000", "a", "00:04.000 --> 00:04.000", "b", ""), "a.vtt");
    expect(cues.map((c) => [c.startMs, c.endMs, c.text])).toEqual([
      [5_000, 9_000, "a"],
      [4_000, 4_000, "b"],
    ]);
    expect(parseWebVtt("WEBVTT\n", "empty.vtt")).toEqual({ format: "vtt", cues: [] });
  });

  describe("refuses bad input with the file and line", () => {
    const cases: [string, string, RegExp][] = [
      ["a missing header", vtt("00:01.000 --> 00:02.000", "hi"), /^bad\.vtt: line 1: not a WebVTT file/],
      ["a header run into other text", vtt("WEBVTTX", "", "00:01.000 --> 00:02.000", "hi"), /^bad\.vtt: line 1: not a WebVTT file/],
      ["an SRT file", vtt("1", "00:00:01,000 --> 00:00:02,000", "hi"), /^bad\.vtt: line 1: not a WebVTT file/],
      ["a malformed start", vtt("WEBVTT", "", "1", "00:00:01 --> 00:00:02.000", "hi"), /^bad\.vtt: line 4: malformed cue start time "00:00:01"/],
      ["a comma decimal", vtt("WEBVTT", "", "00:01.000 --> 00:02.000", "ok", "", "00:00:03,000 --> 00:00:04.000", "hi"), /^bad\.vtt: line 6: malformed cue start time/],
      ["a malformed end", vtt("WEBVTT", "", "00:01.000 --> 00:61.000", "hi"), /^bad\.vtt: line 3: malformed cue end time "00:61\.000"/],
      ["a missing end", vtt("WEBVTT", "", "00:01.000 -->", "hi"), /^bad\.vtt: line 3: malformed cue end time ""/],
      ["an end before the start", vtt("WEBVTT", "", "", "00:00:09.000 --> 00:00:08.999", "hi"), /^bad\.vtt: line 4: cue ends \(00:00:08\.999\) before it starts \(00:00:09\.000\)/],
      ["text where a timing belongs", vtt("WEBVTT", "", "intro", "hello there", "", "00:01.000 --> 00:02.000", "hi"), /^bad\.vtt: line 4: expected a cue timing line .* found "hello there"/],
      ["a lone line between cues", vtt("WEBVTT", "", "00:01.000 --> 00:02.000", "hi", "", "stray", "", "00:03.000 --> 00:04.000", "x"), /^bad\.vtt: line 6: expected a cue timing line .* after "stray"/],
    ];
    for (const [name, text, message] of cases) {
      it(name, () => {
        expect(() => parseWebVtt(text, "bad.vtt")).toThrow(ImportError);
        expect(() => parseWebVtt(text, "bad.vtt")).toThrow(message);
      });
    }
  });
});
