/**
 * Service ownership over time, derived from what catalog snapshots said. A catalog
 * tells who owns a service at the moment it was read; the periods between those
 * moments are inferred here, in one place, so that the order snapshots were imported
 * in does not matter.
 */

/**
 * The start of an owner's period when nothing dates it: the earliest instant a
 * JavaScript date can hold. An owner the first snapshot names owns the service "from
 * the beginning" — past incidents get today's owner unless a snapshot says otherwise.
 */
export const BEGINNING_OF_TIME = -8_640_000_000_000_000;

/** What one catalog snapshot said about one service. */
export interface OwnerSnapshot {
  teamId: number;
  /** When the catalog said so: `--as-of`, the commit date, or the import time (epoch ms). */
  asOf: number;
  /** The `debrief.dev/owned-since` annotation (epoch ms), or null. */
  ownedSince: number | null;
  /** Ties between snapshots of the same instant: the later one (higher) wins. */
  order: number;
}

/** One period of ownership; `toAt` null while it lasts. */
export interface OwnerPeriod {
  teamId: number;
  fromAt: number;
  toAt: number | null;
}

/**
 * The ownership periods the snapshots imply. Snapshots are taken in date order;
 * consecutive ones naming the same team are one period. The first period starts at its
 * owned-since date, or at the beginning of time when undated. A later period starts at
 * the owned-since date its snapshots give when that is after the previous period's
 * start and not after the first snapshot that showed the new owner (the catalog dates
 * the hand-over); otherwise at that first snapshot (an annotation left over from an
 * earlier owner cannot rewrite history).
 */
export function ownershipPeriods(snapshots: readonly OwnerSnapshot[]): OwnerPeriod[] {
  const sorted = [...snapshots].sort((a, b) => a.asOf - b.asOf || a.order - b.order);
  const runs: { teamId: number; firstAsOf: number; ownedSince: number | null }[] = [];
  for (const snapshot of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.teamId === snapshot.teamId) {
      // The catalog's latest dating of the same owner is the one it stands by.
      if (snapshot.ownedSince !== null) last.ownedSince = snapshot.ownedSince;
      continue;
    }
    runs.push({ teamId: snapshot.teamId, firstAsOf: snapshot.asOf, ownedSince: snapshot.ownedSince });
  }
  const periods: OwnerPeriod[] = [];
  for (const run of runs) {
    const previous = periods[periods.length - 1];
    let fromAt: number;
    if (previous === undefined) {
      fromAt = run.ownedSince === null ? BEGINNING_OF_TIME : Math.min(run.ownedSince, run.firstAsOf);
    } else if (run.ownedSince !== null && run.ownedSince > previous.fromAt) {
      fromAt = Math.min(run.ownedSince, run.firstAsOf);
    } else {
      fromAt = run.firstAsOf;
    }
    // Two owners named for the same instant: the later snapshot replaces the earlier.
    while (periods.length > 0 && (periods[periods.length - 1] as OwnerPeriod).fromAt >= fromAt) periods.pop();
    const before = periods[periods.length - 1];
    if (before !== undefined) {
      if (before.teamId === run.teamId) continue;
      before.toAt = fromAt;
    }
    periods.push({ teamId: run.teamId, fromAt, toAt: null });
  }
  return periods;
}

/**
 * Whether storing `candidate` beside `existing` would say nothing new: the snapshot
 * just before it names the same team and dates it the same way (or not at all). A
 * repeated import of an unchanged catalog is then not recorded again.
 */
export function repeatsPreviousSnapshot(existing: readonly OwnerSnapshot[], candidate: Omit<OwnerSnapshot, "order">): boolean {
  let previous: OwnerSnapshot | undefined;
  for (const snapshot of existing) {
    if (snapshot.asOf > candidate.asOf) continue;
    if (previous === undefined || snapshot.asOf > previous.asOf || (snapshot.asOf === previous.asOf && snapshot.order > previous.order)) previous = snapshot;
  }
  return previous !== undefined && previous.teamId === candidate.teamId && (candidate.ownedSince === null || candidate.ownedSince === previous.ownedSince);
}
