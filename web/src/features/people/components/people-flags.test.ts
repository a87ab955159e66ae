import { describe, expect, it } from "vitest";
import { flagsOf, hasFlag, isOutsideRotaAndTeam } from "./people-flags";

const participant = (flags: Parameters<typeof flagsOf>[0]["flags"], extra: Partial<Parameters<typeof flagsOf>[0]> = {}) => ({ flags, formerOwner: null, pagesPrior7d: 0, ...extra });

describe("people flags in the UI", () => {
  it("shows exactly the flags the API sent, in its order, and decides none itself", () => {
    // On call and on the team, yet flagged: the UI trusts the API rather than recomputing.
    expect(flagsOf(participant(["outside_rota_and_team"])).map((f) => f.key)).toEqual(["outside"]);
    expect(flagsOf(participant([], { pagesPrior7d: 40 }))).toEqual([]);
  });

  it("words each flag with the figure behind it", () => {
    const flags = flagsOf(participant(["outside_rota_and_team", "former_owner", "off_hours", "busy_week"], { formerOwner: { team: "payments", leftAt: null, yearsSince: 6 }, pagesPrior7d: 4 }));
    expect(flags).toEqual([
      { key: "outside", label: "Not on call, not on the owning team" },
      { key: "former", label: "Former owner (payments)" },
      { key: "off-hours", label: "Off hours" },
      { key: "busy", label: "Paged 4× the week before" },
    ]);
  });

  it("answers flag questions from the list", () => {
    expect(isOutsideRotaAndTeam({ flags: ["outside_rota_and_team"] })).toBe(true);
    expect(isOutsideRotaAndTeam({ flags: ["busy_week"] })).toBe(false);
    expect(hasFlag({ flags: ["busy_week"] }, "busy_week")).toBe(true);
  });
});
