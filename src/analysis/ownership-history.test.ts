import { describe, expect, it } from "vitest";
import { BEGINNING_OF_TIME, ownershipPeriods, repeatsPreviousSnapshot, type OwnerSnapshot } from "./ownership-history.js";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
let order = 0;
const snap = (teamId: number, asOf: string, ownedSince: string | null = null): OwnerSnapshot => ({ teamId, asOf: day(asOf), ownedSince: ownedSince === null ? null : day(ownedSince), order: (order += 1) });

describe("ownershipPeriods", () => {
  it("lets an undated first owner own from the beginning of time", () => {
    expect(ownershipPeriods([snap(1, "2026-12-01")])).toEqual([{ teamId: 1, fromAt: BEGINNING_OF_TIME, toAt: null }]);
  });

  it("changes owner at the date of the snapshot that first shows the new one, whatever order they came in", () => {
    const expected = [
      { teamId: 1, fromAt: BEGINNING_OF_TIME, toAt: day("2025-06-01") },
      { teamId: 2, fromAt: day("2025-06-01"), toAt: day("2026-01-01") },
      { teamId: 1, fromAt: day("2026-01-01"), toAt: null },
    ];
    const snapshots = [snap(1, "2025-01-01"), snap(2, "2025-06-01"), snap(2, "2025-09-01"), snap(1, "2026-01-01")];
    expect(ownershipPeriods(snapshots)).toEqual(expected);
    expect(ownershipPeriods([...snapshots].reverse())).toEqual(expected);
  });

  it("respects the owned-since date when it falls after the previous owner's start", () => {
    expect(ownershipPeriods([snap(1, "2024-01-01", "2019-04-01"), snap(2, "2026-01-01", "2021-03-01")])).toEqual([
      { teamId: 1, fromAt: day("2019-04-01"), toAt: day("2021-03-01") },
      { teamId: 2, fromAt: day("2021-03-01"), toAt: null },
    ]);
    // Left over from an owner before the previous one: the snapshot's own date counts.
    expect(ownershipPeriods([snap(1, "2024-01-01", "2022-01-01"), snap(2, "2026-01-01", "2021-03-01")])[1]).toEqual({ teamId: 2, fromAt: day("2026-01-01"), toAt: null });
  });

  it("lets the later of two snapshots of the same instant win", () => {
    expect(ownershipPeriods([snap(1, "2025-01-01"), snap(2, "2026-01-01"), snap(3, "2026-01-01")])).toEqual([
      { teamId: 1, fromAt: BEGINNING_OF_TIME, toAt: day("2026-01-01") },
      { teamId: 3, fromAt: day("2026-01-01"), toAt: null },
    ]);
  });
});

describe("repeatsPreviousSnapshot", () => {
  it("is true only when the snapshot before names the same team, dated the same or not at all", () => {
    const existing = [snap(1, "2025-01-01", "2020-01-01"), snap(2, "2026-01-01")];
    expect(repeatsPreviousSnapshot(existing, { teamId: 2, asOf: day("2026-06-01"), ownedSince: null })).toBe(true);
    expect(repeatsPreviousSnapshot(existing, { teamId: 1, asOf: day("2026-06-01"), ownedSince: null })).toBe(false);
    expect(repeatsPreviousSnapshot(existing, { teamId: 1, asOf: day("2025-03-01"), ownedSince: null })).toBe(true);
    expect(repeatsPreviousSnapshot(existing, { teamId: 1, asOf: day("2025-03-01"), ownedSince: day("2021-01-01") })).toBe(false);
    expect(repeatsPreviousSnapshot(existing, { teamId: 1, asOf: day("2024-01-01"), ownedSince: null })).toBe(false);
  });
});
