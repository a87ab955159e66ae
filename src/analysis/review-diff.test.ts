import { describe, expect, it } from "vitest";
import { compareReviewVersions } from "./review-diff.js";

describe("review version comparison", () => {
  it("shows the words added and removed per section, and unchanged sections as same", () => {
    const result = compareReviewVersions(
      { number: 1, sections: [{ key: "summary", title: "Summary", markdown: "Checkout was down for 12 minutes." }, { key: "impact", title: "Impact", markdown: "" }, { key: "old", title: "Old", markdown: "gone" }] },
      { number: 2, sections: [{ key: "summary", title: "Summary", markdown: "Checkout was slow for 12 minutes." }, { key: "impact", title: "Impact", markdown: "" }, { key: "new", title: "New", markdown: "fresh" }] },
    );
    expect(result.sections.map((s) => [s.key, s.change])).toEqual([["summary", "changed"], ["impact", "same"], ["new", "added"], ["old", "removed"]]);
    const summary = result.sections[0]?.parts ?? [];
    expect(summary.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["down"]);
    expect(summary.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["slow"]);
    expect(summary.map((p) => (p.kind === "added" ? "" : p.text)).join("")).toBe("Checkout was down for 12 minutes.");
  });
});
