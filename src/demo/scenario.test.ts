import { describe, expect, it } from "vitest";
import { buildCompany, formerMembersAt, isEmployedAt, owningTeamAt, peopleCountFor, teamAt } from "./company.js";
import { apportion, Random } from "./random.js";
import { FAILING_SERVICE_INCIDENTS, FORMER_OWNER_YEARS, NIGHT_WEEK_NIGHTS, PATTERN_MIN_MESSAGES } from "./patterns.js";
import { buildScenario, incidentCountFor } from "./scenario.js";
import { DAY_MS, isoInZone, localHour, zoneOffsetMinutes } from "./time.js";

describe("Random", () => {
  it("repeats its sequence for a seed and label, and differs across them", () => {
    const draw = (seed: number, label: string): number[] => {
      const rng = Random.fork(seed, label);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42, "a")).toEqual(draw(42, "a"));
    expect(draw(42, "a")).not.toEqual(draw(43, "a"));
    expect(draw(42, "a")).not.toEqual(draw(42, "b"));
    const rng = new Random(1);
    for (let i = 0; i < 1000; i += 1) {
      const x = rng.int(3, 7);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(7);
    }
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("apportions a total exactly", () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(0, [2, 5])).toEqual([0, 0]);
    const parts = apportion(1_000_003, [0.3, 1.7, 2.2, 0.01]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1_000_003);
  });
});

describe("the company", () => {
  const company = buildCompany({ seed: 42, people: peopleCountFor(20_000) });

  it("has enough people with unique identities in every source", () => {
    expect(company.people.length).toBeGreaterThanOrEqual(60);
    for (const key of ["id", "email", "slackUserId", "pagerdutyUserId", "githubLogin", "slackHandle"] as const) {
      expect(new Set(company.people.map((p) => p[key])).size).toBe(company.people.length);
    }
    for (const p of company.people) {
      expect(p.slackUserId).toMatch(/^U[A-Z0-9]{8,10}$/);
      expect(p.pagerdutyUserId).toMatch(/^P[A-Z0-9]{6}$/);
      expect(p.email).toMatch(/^[a-z.0-9]+@acme\.example$/);
      if (p.managerId) expect(company.people.some((m) => m.id === p.managerId)).toBe(true);
    }
  });

  it("spreads people over time zones, and some have left", () => {
    const zones = new Set(company.people.map((p) => p.timezone));
    for (const tz of ["America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"]) expect(zones.has(tz)).toBe(true);
    expect(company.people.filter((p) => p.endDate !== null).length).toBeGreaterThan(2);
  });

  it("has 8–12 owning teams, each owning services, and former owners who moved on", () => {
    const owning = company.teams.filter((t) => t.onCall);
    expect(owning.length).toBeGreaterThanOrEqual(8);
    expect(owning.length).toBeLessThanOrEqual(12);
    const at = Date.parse("2023-06-01T00:00:00Z");
    for (const team of owning) expect(company.services.some((s) => owningTeamAt(s, at) === team.key)).toBe(true);
    expect(owning.filter((t) => formerMembersAt(company, t.key, at).length > 0).length).toBeGreaterThanOrEqual(5);
    expect(company.services.some((s) => s.owners.length > 1)).toBe(true);
  });
});

describe("the scenario", () => {
  const company = buildCompany({ seed: 42, people: peopleCountFor(60_000) });
  const scenario = buildScenario(company, { seed: 42, messages: 60_000 });

  it("plans incidents whose budgets and conversations add up to the message count", () => {
    const planted = new Set([...(scenario.patterns.nightWeek?.incidentIds ?? []), ...(scenario.patterns.failingService?.incidentIds ?? [])]);
    expect(planted.size).toBe(NIGHT_WEEK_NIGHTS + FAILING_SERVICE_INCIDENTS);
    expect(scenario.incidents.length).toBe(incidentCountFor(60_000) + planted.size);
    expect(scenario.conversations.reduce((sum, c) => sum + c.messages, 0)).toBe(60_000);
    expect(new Set(scenario.incidents.map((i) => i.channelName)).size).toBe(scenario.incidents.length);
  });

  it("involves only people employed at the time, joined after they were reached", () => {
    for (const incident of scenario.incidents) {
      expect(incident.detectedAt).toBeGreaterThan(incident.startedAt);
      expect(incident.acknowledgedAt).toBeGreaterThan(incident.detectedAt);
      expect(incident.resolvedAt).toBeGreaterThan(incident.channelCreatedAt);
      expect(incident.people[0]?.personId).toBe(incident.onCallId);
      for (const p of incident.people) {
        const person = company.people.find((x) => x.id === p.personId);
        expect(person && isEmployedAt(person, incident.startedAt)).toBe(true);
        expect(p.joinedAt).toBeGreaterThanOrEqual(p.reachedAt);
        expect(p.team).toBe(person ? teamAt(person, incident.startedAt) : null);
        if (p.how === "mentioned") expect(incident.mentions.some((m) => m.personId === p.personId && m.by === p.by)).toBe(true);
      }
    }
  });

  it("includes every way of getting involved, former owners, off-hours pages and one exhausting week", () => {
    const kinds = new Set(scenario.incidents.flatMap((i) => i.people.map((p) => p.how)));
    expect([...kinds].sort()).toEqual(["dm", "invited", "joined", "mentioned", "paged"]);
    expect(scenario.incidents.some((i) => i.people.some((p) => p.formerOwner))).toBe(true);
    expect(scenario.incidents.some((i) => i.people.some((p) => p.observer))).toBe(true);
    const night = scenario.incidents.filter((i) => i.offHours);
    expect(night.length).toBeGreaterThan(scenario.incidents.length / 10);
    for (const i of night) {
      const onCall = company.people.find((p) => p.id === i.onCallId);
      const hour = localHour(i.detectedAt, onCall?.timezone ?? "UTC");
      expect(hour < 8 || hour >= 20).toBe(true);
    }
    const busy = scenario.busyWeek;
    expect(busy).not.toBeNull();
    const theirs = scenario.incidents.filter((i) => busy?.incidentIds.includes(i.id));
    expect(theirs.length).toBeGreaterThanOrEqual(3);
    const times = theirs.map((i) => i.detectedAt);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(7 * DAY_MS);
    expect(theirs.every((i) => i.onCallId === busy?.personId)).toBe(true);
  });
});

describe("the planted patterns", () => {
  it.each([
    [PATTERN_MIN_MESSAGES, 42],
    [20_000, 7],
    [200_000, 42],
    [1_000_000, 1],
  ])("are all there in a demo of %i messages (seed %i), as planned", (messages, seed) => {
    const company = buildCompany({ seed, people: peopleCountFor(messages) });
    const scenario = buildScenario(company, { seed, messages });
    const { nightWeek, failingService, silo, formerOwner } = scenario.patterns;
    const byId = new Map(scenario.incidents.map((i) => [i.id, i]));
    const person = (id: string | undefined) => company.people.find((p) => p.id === id);

    // Six nights in a row, in the small hours of their zone, the last after the clocks changed.
    expect(nightWeek).not.toBeNull();
    const nights = (nightWeek?.incidentIds ?? []).map((id) => byId.get(id));
    expect(nights).toHaveLength(NIGHT_WEEK_NIGHTS);
    const tz = nightWeek?.timezone ?? "";
    expect(person(nightWeek?.personId)?.timezone).toBe(tz);
    const from = Date.parse(`${nightWeek?.weekStart}T00:00:00Z`);
    const change = Date.parse(nightWeek?.clockChange ?? "");
    expect(zoneOffsetMinutes(from, tz)).not.toBe(zoneOffsetMinutes(from + 7 * DAY_MS - 1, tz));
    const localDays = new Set<string>();
    for (const incident of nights) {
      expect(incident?.onCallId).toBe(nightWeek?.personId);
      const at = incident?.detectedAt ?? 0;
      expect(at).toBeGreaterThanOrEqual(from);
      expect(at).toBeLessThan(from + 7 * DAY_MS);
      expect(localHour(at, tz)).toBeLessThan(5);
      localDays.add(isoInZone(at, tz).slice(0, 10));
    }
    expect(localDays.size).toBe(NIGHT_WEEK_NIGHTS);
    expect(nights.some((i) => (i?.detectedAt ?? 0) > change)).toBe(true);

    // The failing service: the same failure each time, the expert from another team @-mentioned, not on call.
    expect(failingService?.incidentIds).toHaveLength(FAILING_SERVICE_INCIDENTS);
    for (const id of failingService?.incidentIds ?? []) {
      const incident = byId.get(id);
      expect(incident?.primaryService).toBe(failingService?.service);
      expect(incident?.themeKey).toBe(failingService?.theme);
      const expert = incident?.people.find((p) => p.personId === silo?.personId);
      expect(expert).toMatchObject({ how: "mentioned", onCall: false, owningTeam: false });
    }
    const former = byId.get(formerOwner?.incidentId ?? "")?.people.find((p) => p.personId === formerOwner?.personId);
    expect(former).toMatchObject({ how: "mentioned", formerOwner: true, owningTeam: false });
    const left = Date.parse(`${formerOwner?.leftOn}T00:00:00Z`);
    expect((byId.get(formerOwner?.incidentId ?? "")?.startedAt ?? 0) - left).toBeGreaterThan(2 * 365 * DAY_MS);
    if (seed === 42 && messages <= 20_000) expect((byId.get(formerOwner?.incidentId ?? "")?.startedAt ?? 0) - left).toBeGreaterThan(FORMER_OWNER_YEARS * 365 * DAY_MS);

    // PagerDuty numbers stay unique.
    expect(new Set(scenario.incidents.map((i) => i.number)).size).toBe(scenario.incidents.length);
  });

  it("are left out of demos too small to afford them", () => {
    const company = buildCompany({ seed: 42, people: peopleCountFor(3000) });
    expect(buildScenario(company, { seed: 42, messages: 3000 }).patterns).toEqual({ nightWeek: null, failingService: null, silo: null, formerOwner: null });
  });
});
