import { describe, expect, it } from "vitest";
import { placeMomentLabels } from "./moment-labels";

const overlaps = (placed: ReturnType<typeof placeMomentLabels>) => {
  const extent = (p: (typeof placed)[number]) => (p.anchor === "end" ? [p.textX - p.label.length * 7, p.textX] : [p.textX, p.textX + p.label.length * 7]);
  return placed.some((a, i) => placed.some((b, j) => j > i && a.level === b.level && extent(a)[0]! < extent(b)[1]! && extent(b)[0]! < extent(a)[1]!));
};

describe("placeMomentLabels", () => {
  it("keeps labels on one line when they are far apart", () => {
    const placed = placeMomentLabels([{ label: "first page", x: 100 }, { label: "first ack", x: 400 }], 976);
    expect(placed.map((p) => p.level)).toEqual([0, 0]);
  });

  it("lifts a label that would overlap the one before it, however close they are", () => {
    for (const gap of [0, 20, 60, 75]) {
      const placed = placeMomentLabels([{ label: "first page", x: 300 }, { label: "first ack", x: 300 + gap }], 976);
      expect(placed[1]?.level).toBe(1);
      expect(overlaps(placed)).toBe(false);
    }
  });

  it("turns labels near the right edge leftwards and still keeps them apart", () => {
    const placed = placeMomentLabels([{ label: "first page", x: 880 }, { label: "first ack", x: 960 }, { label: "resolved", x: 970 }], 976);
    expect(placed[1]?.anchor).toBe("end");
    expect(overlaps(placed)).toBe(false);
  });

  it("keeps clear of what is reserved on the lowest line", () => {
    const placed = placeMomentLabels([{ label: "first ack", x: 900 }], 976, [[700, 976]]);
    expect(placed[0]?.level).toBe(1);
  });
});
