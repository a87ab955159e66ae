import { describe, expect, it } from "vitest";
import { timelineStretches } from "./timeline-stretches.js";

const events = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `message:${i + 1}`, at: i * 1000 }));

describe("timelineStretches", () => {
  it("cuts the timeline into ten stretches and names the first one nothing marks", () => {
    const result = timelineStretches(events(100), [500, 15_000]);
    expect(result).toEqual({ total: 10, annotated: 2, firstUnannotated: { key: "message:21", at: 20_000 } });
  });

  it("is done only when every stretch holds an annotation", () => {
    const all = Array.from({ length: 10 }, (_, i) => i * 10_000 + 5_000);
    expect(timelineStretches(events(100), all)).toEqual({ total: 10, annotated: 10, firstUnannotated: null });
  });

  it("uses one stretch per event for short timelines, and none for an empty one", () => {
    expect(timelineStretches(events(3), [1000])).toEqual({ total: 3, annotated: 1, firstUnannotated: { key: "message:1", at: 0 } });
    expect(timelineStretches([], [])).toEqual({ total: 0, annotated: 0, firstUnannotated: null });
  });
});
