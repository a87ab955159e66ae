import { describe, expect, it } from "vitest";
import { countWords, excerpt, median, speakingBalance, suppressed, withoutEvidenceLinks } from "./learning.js";

describe("learning analysis", () => {
  it("takes medians of odd and even counts, and none of nothing", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("shows groups of fewer than 3 readers as such", () => {
    expect(suppressed(1)).toBe("fewer than 3");
    expect(suppressed(2)).toBe("fewer than 3");
    expect(suppressed(3)).toBe(3);
  });

  it("measures speaking balance from even to dominated", () => {
    expect(speakingBalance([100, 100, 100])).toBe(1);
    expect(speakingBalance([900, 50, 50])).toBeLessThan(0.5);
    expect(speakingBalance([10])).toBe(0);
    expect(speakingBalance([])).toBeNull();
  });

  it("counts words, not punctuation", () => {
    expect(countWords("  so — we rolled it back, right?  ")).toBe(6);
  });

  it("removes evidence links but keeps the quote and other links", () => {
    const md = '> "I think it is the pool" — [Bo, 02:14](/incidents/3/timeline?event=message:17)\n\nSee [runbook](https://wiki.example/pool) and [this](event:cue:4:12 "cue").';
    const out = withoutEvidenceLinks(md);
    expect(out).toBe('> "I think it is the pool" — Bo, 02:14\n\nSee [runbook](https://wiki.example/pool) and this.');
    expect(excerpt("# Summary\n\nThe **pool** ran dry. [x](event:message:1)")).toBe("Summary The pool ran dry. x");
  });
});
