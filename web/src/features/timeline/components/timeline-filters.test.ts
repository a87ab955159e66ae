import { describe, expect, it } from "vitest";
import { readTimelineFilters } from "./timeline-filters";

describe("readTimelineFilters", () => {
  it("reads sources, person, tag and text from the address", () => {
    const filters = readTimelineFilters(new URLSearchParams("source=slack&source=transcript&person=12&tag=hypothesis&q=pool"));
    expect(filters).toEqual({ sources: ["slack", "transcript"], person: 12, tag: "hypothesis", q: "pool" });
  });

  it("drops what the API would refuse instead of sending it", () => {
    const filters = readTimelineFilters(new URLSearchParams("source=email&person=-3&tag=nonsense"));
    expect(filters).toEqual({ sources: [], person: null, tag: null, q: "" });
    expect(readTimelineFilters(new URLSearchParams("person=1.5")).person).toBeNull();
    expect(readTimelineFilters(new URLSearchParams("person=abc")).person).toBeNull();
  });

  it("means every source and no narrowing when nothing is given", () => {
    expect(readTimelineFilters(new URLSearchParams(""))).toEqual({ sources: [], person: null, tag: null, q: "" });
  });
});
