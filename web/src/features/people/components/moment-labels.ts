/** The chart's text is 11 units high and bold: this is a generous width per character. */
const CHAR_WIDTH = 7;
/** Room left between two labels on one line. */
const GAP = 8;

/** A label to put above the chart at `x`, where its dashed line is. */
export interface MomentLabelInput {
  label: string;
  x: number;
}

/** Where a label goes: which end sits at its line, and on which line (0 is the lowest). */
export interface MomentLabelPlace {
  textX: number;
  anchor: "start" | "end";
  level: number;
}

/**
 * Places the moment labels (first page, first ack, resolved) so that none overlaps
 * another: each starts just right of its line (or ends just left of it near the right
 * edge, `maxX`), on the lowest line where its estimated extent is free. `reserved`
 * holds extents already taken on line 0 (a label drawn at the right edge).
 */
export function placeMomentLabels<T extends MomentLabelInput>(moments: readonly T[], maxX: number, reserved: readonly [number, number][] = []): (T & MomentLabelPlace)[] {
  const taken: [number, number][][] = [[...reserved]];
  return moments.map((m) => {
    const width = m.label.length * CHAR_WIDTH;
    const anchor = m.x + 3 + width > maxX ? "end" : "start";
    const textX = anchor === "end" ? m.x - 3 : m.x + 3;
    const extent: [number, number] = anchor === "end" ? [textX - width, textX] : [textX, textX + width];
    let level = 0;
    while ((taken[level] ?? []).some(([a, b]) => extent[0] < b + GAP && a < extent[1] + GAP)) level += 1;
    (taken[level] ??= []).push(extent);
    return { ...m, textX, anchor, level };
  });
}
