import { describe, expect, it } from "vitest";
import { piecesOf, searchHits, segmentText } from "./text-segments";

const shown = (text: string, mentions: { kind: string; target: string; label: string }[] = []) =>
  segmentText(text, mentions).map((s) => [s.kind, text.slice(s.contentStart, s.contentEnd)]);

describe("segmentText", () => {
  it("covers every character once, in order", () => {
    const text = "@sam *look* at `pool.max` https://grafana.example/d/1. now";
    const segments = segmentText(text, [{ kind: "user", target: "U1", label: "@sam" }]);
    expect(segments.map((s) => text.slice(s.start, s.end)).join("")).toBe(text);
    for (let i = 1; i < segments.length; i += 1) expect(segments[i]?.start).toBe(segments[i - 1]?.end);
  });

  it("finds mentions, bold, code and links, leaving trailing punctuation out of links", () => {
    expect(shown("@sam *look* at `pool.max` https://grafana.example/d/1. now", [{ kind: "user", target: "U1", label: "@sam" }])).toEqual([
      ["mention", "@sam"],
      ["text", " "],
      ["bold", "look"],
      ["text", " at "],
      ["code", "pool.max"],
      ["text", " "],
      ["link", "https://grafana.example/d/1"],
      ["text", ". now"],
    ]);
  });

  it("does not take a longer handle for a mention, nor stars inside words", () => {
    expect(shown("@samuel 2*3*4", [{ kind: "user", target: "U1", label: "@sam" }])).toEqual([["text", "@samuel 2*3*4"]]);
  });

  it("keeps a link inside code as code", () => {
    expect(shown("run `curl https://x.example/a`")).toEqual([
      ["text", "run "],
      ["code", "curl https://x.example/a"],
    ]);
  });
});

describe("piecesOf", () => {
  it("cuts at highlight boundaries and gives each piece its innermost highlight", () => {
    const outer = { start: 0, end: 10, tag: "hypothesis", annotationId: 1 };
    const inner = { start: 4, end: 6, tag: "decision", annotationId: 2 };
    expect(piecesOf(2, 12, [outer, inner]).map((p) => [p.start, p.end, p.highlight?.annotationId ?? null])).toEqual([
      [2, 4, 1],
      [4, 6, 2],
      [6, 10, 1],
      [10, 12, null],
    ]);
  });
});

describe("segmentText, Slack formatting", () => {
  const emoji = (name: string) => ({ rocket: "🚀", "+1": "👍" })[name];
  const kinds = (text: string) => segmentText(text, [], emoji).map((s) => [s.kind, text.slice(s.contentStart, s.contentEnd), s.emoji ?? null]);

  it("finds code blocks over several lines, and keeps their inner backticks and stars as code", () => {
    const text = "before ```select *\nfrom `pool` *x*``` after";
    expect(kinds(text)).toEqual([
      ["text", "before ", null],
      ["pre", "select *\nfrom `pool` *x*", null],
      ["text", " after", null],
    ]);
  });

  it("finds _italic_ and ~strike~ as Slack renders them, not inside words", () => {
    expect(kinds("_slow_ then ~fast~ snake_case_name")).toEqual([
      ["italic", "slow", null],
      ["text", " then ", null],
      ["strike", "fast", null],
      ["text", " snake_case_name", null],
    ]);
  });

  it("marks quote lines and turns known shortcodes into emoji, leaving unknown ones as text", () => {
    const text = "> the pool is full\nshipped :rocket: :not-an-emoji: :+1:";
    const segments = segmentText(text, [], emoji);
    expect(segments.map((s) => text.slice(s.start, s.end)).join("")).toBe(text);
    expect(kinds(text)).toEqual([
      ["quote", "", null],
      ["text", "the pool is full\nshipped ", null],
      ["emoji", "", "🚀"],
      ["text", " :not-an-emoji: ", null],
      ["emoji", "", "👍"],
    ]);
  });

  it("leaves shortcodes as text without a lookup", () => {
    expect(segmentText("ok :rocket:", []).map((s) => s.kind)).toEqual(["text"]);
  });
});

describe("searchHits", () => {
  it("finds every case-insensitive occurrence of the query, without overlaps", () => {
    expect(searchHits("Pool drained; the POOL is back", "pool")).toEqual([
      { start: 0, end: 4 },
      { start: 18, end: 22 },
    ]);
    expect(searchHits("aaaa", "aa")).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(searchHits("anything", "  ")).toEqual([]);
  });
});
