import { describe, expect, it } from "vitest";
import { BUSY_WEEK_PAGES, hadBusyWeek, isOutsideRotaAndTeam, participantFlags } from "./people-flags.js";

const plain = { onCall: true, onOwningTeam: true, formerOwner: null, offHours: false, pagesPrior7d: 0 };

describe("isOutsideRotaAndTeam", () => {
  it("is true only when someone is neither on call nor on an owning team", () => {
    expect(isOutsideRotaAndTeam({ onCall: false, onOwningTeam: false })).toBe(true);
    expect(isOutsideRotaAndTeam({ onCall: true, onOwningTeam: false })).toBe(false);
    expect(isOutsideRotaAndTeam({ onCall: false, onOwningTeam: true })).toBe(false);
    expect(isOutsideRotaAndTeam({ onCall: true, onOwningTeam: true })).toBe(false);
  });
});

describe("hadBusyWeek", () => {
  it("flags three pages in the week before, not two", () => {
    expect(BUSY_WEEK_PAGES).toBe(3);
    expect(hadBusyWeek({ pagesPrior7d: 2 })).toBe(false);
    expect(hadBusyWeek({ pagesPrior7d: 3 })).toBe(true);
    expect(hadBusyWeek({ pagesPrior7d: 9 })).toBe(true);
  });
});

describe("participantFlags", () => {
  it("raises nothing for someone on call, on the team, in hours and rested", () => {
    expect(participantFlags(plain)).toEqual([]);
  });

  it("raises every flag that applies, in a fixed order", () => {
    expect(participantFlags({ onCall: false, onOwningTeam: false, formerOwner: { team: "payments" }, offHours: true, pagesPrior7d: 4 })).toEqual([
      "outside_rota_and_team",
      "former_owner",
      "off_hours",
      "busy_week",
    ]);
  });

  it("does not call an unknown time zone off hours", () => {
    expect(participantFlags({ ...plain, offHours: null })).toEqual([]);
  });
});
