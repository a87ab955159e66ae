import { describe, expect, it } from "vitest";
import { buildCompany, peopleCountFor } from "./company.js";
import { ShiftIndex, planPagerduty } from "./pagerduty-plan.js";
import { buildScenario } from "./scenario.js";

/** Plans without writing anything, so many seeds stay fast. */
function planFor(seed: number, messages: number) {
  const company = buildCompany({ seed, people: peopleCountFor(messages) });
  const scenario = buildScenario(company, { seed, messages });
  return { scenario, plan: planPagerduty(scenario) };
}

describe("planPagerduty", () => {
  // Rotas change mid-week (joiners, leavers, the busy week), so the weekly rule alone
  // misses some pages; these seeds include such weeks.
  it.each([
    [1, 100_000],
    [4, 100_000],
    [7, 20_000],
    [11, 100_000],
  ])("puts whoever the scenario paged on the right shift (seed %i, %i messages)", (seed, messages) => {
    const { scenario, plan } = planFor(seed, messages);
    const shifts = new ShiftIndex(plan.shifts);
    for (const incident of scenario.incidents) {
      for (const at of [incident.startedAt, incident.detectedAt]) expect(shifts.at(incident.owningTeam, 1, at)?.personId, incident.id).toBe(incident.onCallId);
      for (const page of incident.pages) {
        if (page.kind === "escalation") expect(shifts.at(incident.owningTeam, 2, page.at)?.personId, incident.id).toBe(page.personId);
      }
    }
    const bySchedule = new Map<string, { start: number; end: number }[]>();
    for (const s of plan.shifts) bySchedule.set(`${s.team}:${s.level}`, [...(bySchedule.get(`${s.team}:${s.level}`) ?? []), s]);
    for (const list of bySchedule.values()) {
      for (let k = 1; k < list.length; k += 1) expect(list[k]?.start).toBeGreaterThanOrEqual(list[k - 1]?.end ?? 0);
    }
  });

  it("numbers background pages in the gaps between the Slack incidents' numbers", () => {
    const { scenario, plan } = planFor(3, 20_000);
    const numbers = plan.incidents.map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(plan.incidents.map((i) => i.id)).size).toBe(numbers.length);
    for (const incident of scenario.incidents) expect(plan.incidents.find((i) => i.demoIncidentId === incident.id)?.number).toBe(incident.number);
    expect(plan.incidents.filter((i) => i.demoIncidentId === null).length).toBeGreaterThan(scenario.incidents.length / 2);
  });
});
