import { describe, expect, it } from "vitest";
import { missingDataLines, onCallText, owningTeamText, teamText } from "./data-gaps";

const known = { onCall: null, team: null, ownership: null } as const;
const p = (extra: Partial<Parameters<typeof onCallText>[0]> = {}) => ({ onCall: false, onOwningTeam: false, teamAtTime: null, unknown: known, ...extra });

describe("what the People view says when data is missing", () => {
  it("a known no stays No", () => {
    expect(onCallText(p())).toBe("No");
    expect(owningTeamText(p({ teamAtTime: "search" }))).toBe("No");
    expect(teamText(p({ teamAtTime: "search" }))).toBe("search");
  });

  it("never shows an unknown as No", () => {
    expect(onCallText(p({ unknown: { ...known, onCall: "no_pagerduty_data" } }))).toBe("no on-call data");
    expect(teamText(p({ unknown: { ...known, team: "no_directory_entry" } }))).toBe("no directory entry");
    expect(owningTeamText(p({ unknown: { ...known, team: "no_directory_entry" } }))).toBe("no directory entry");
    expect(owningTeamText(p({ unknown: { ...known, ownership: "no_catalog" } }))).toBe("no catalog");
    expect(owningTeamText(p({ unknown: { ...known, ownership: "no_services" } }))).toBe("no services linked");
  });

  it("the summary names the missing data and links to the imports", () => {
    const lines = missingDataLines({
      missingData: [
        { source: "pagerduty", reason: "no_pagerduty_data", personIds: [1, 2], importPath: "/imports" },
        { source: "directory", reason: "no_directory_entry", personIds: [3], importPath: "/imports" },
      ],
    });
    expect(lines).toEqual([
      { text: "No PagerDuty on-call schedules, so on call is unknown for 2 people: import PagerDuty.", href: "/imports" },
      { text: "No directory entry for 1 person, so their team is unknown: import the HR directory.", href: "/imports" },
    ]);
  });
});
