import { describe, expect, it } from "vitest";
import { selectedTextRange } from "./text-selection";

/** A selection that is collapsed or empty: decided before anything in the page is read. */
function selection(isCollapsed: boolean, rangeCount: number): Selection {
  return { isCollapsed, rangeCount, getRangeAt: () => { throw new Error("must not be read"); } } as unknown as Selection;
}

describe("selectedTextRange", () => {
  it("gives no range without a selection, for a collapsed one, or for one with no range", () => {
    expect(selectedTextRange(null, () => "text")).toBeNull();
    expect(selectedTextRange(selection(true, 1), () => "text")).toBeNull();
    expect(selectedTextRange(selection(false, 0), () => "text")).toBeNull();
  });
});
