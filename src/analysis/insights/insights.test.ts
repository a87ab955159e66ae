import { describe, expect, it } from "vitest";
import type { InsightIncident, InsightPerson, InsightService, InsightsInput, PageNotification, ParticipationFacts } from "../../core/insights.js";
import { DEFAULT_INSIGHT_SETTINGS } from "../../core/insights.js";
import { chaosSuggestions } from "./chaos-experiments.js";
import { knowledgeSilos, siloServices } from "./knowledge-silos.js";
import { fatigueProfiles, isoWeek, longestDateRun, onCallFatigue, pageClock, pagesOf } from "./on-call-fatigue.js";
import { ownershipDrift } from "./ownership-drift.js";
import { involvementOf } from "./participation.js";
import { readingList } from "./reading-list.js";
import { recurringServices } from "./recurring-services.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

const TEAMS = { payments: 1, platform: 2, search: 3 } as const;
type TeamName = keyof typeof TEAMS;

let nextId = 1;
function person(id: number, name: string, options: { tz?: string | null; teams?: [TeamName, string, string | null][]; shifts?: [string | null, string | null][] } = {}): InsightPerson {
  return {
    id,
    name,
    email: `${name.toLowerCase()}@acme.example`,
    timezone: options.tz === undefined ? "UTC" : options.tz,
    memberships: (options.teams ?? []).map(([team, from, to]) => ({ id: nextId++, teamId: TEAMS[team], team, fromAt: t(from), toAt: to === null ? null : t(to) })),
    shifts: (options.shifts ?? []).map(([from, to]) => ({ id: nextId++, startAt: from === null ? null : t(from), endAt: to === null ? null : t(to) })),
  };
}

function service(id: number, name: string, owners: [TeamName, string, string | null][], systemName: string | null = null): InsightService {
  return { id, name, systemName, owners: owners.map(([team, from, to]) => ({ id: nextId++, teamId: TEAMS[team], team, fromAt: t(from), toAt: to === null ? null : t(to) })) };
}

function incident(id: number, startedAt: string, serviceIds: number[], extra: Partial<InsightIncident> = {}): InsightIncident {
  return { id, title: `Incident ${id}`, status: "published", channel: `inc-${id}`, startedAt: t(startedAt), resolvedAt: t(startedAt) + 2 * HOUR, serviceIds, pagerdutyIncidentIds: [], tags: [], ...extra };
}

/** A participation: first message at `at`, optionally mentioned or invited just before. */
function took(incidentId: number, personId: number, at: string, how: { mentionedBy?: number; invitedBy?: number; paged?: boolean } = {}): ParticipationFacts {
  const ms = t(at);
  const id = nextId++;
  return {
    incidentId,
    personId,
    firstChannel: { at: ms, messageId: id },
    firstMention: how.mentionedBy !== undefined ? { at: ms - 60_000, messageId: id + 1000, byPersonId: how.mentionedBy } : null,
    firstJoin: how.invitedBy !== undefined ? { at: ms, messageId: id, inviterPersonId: how.invitedBy } : null,
    firstPaging: how.paged ? { at: ms - 120_000, logEntryId: id + 2000 } : null,
    firstNotify: how.paged ? { at: ms - 120_000, logEntryId: id + 2000 } : null,
  };
}

function world(parts: { people: InsightPerson[]; services?: InsightService[]; incidents?: InsightIncident[]; participations?: ParticipationFacts[]; notifications?: PageNotification[]; followUps?: InsightsInput["followUps"]; pd?: InsightsInput["pagerdutyIncidents"] }): InsightsInput {
  return {
    people: new Map(parts.people.map((p) => [p.id, p])),
    services: new Map((parts.services ?? []).map((s) => [s.id, s])),
    incidents: parts.incidents ?? [],
    participations: parts.participations ?? [],
    notifications: parts.notifications ?? [],
    pagerdutyIncidents: parts.pd ?? new Map(),
    followUps: parts.followUps ?? { known: false, items: [] },
  };
}

describe("involvement", () => {
  it("takes the earliest cause at or before the first channel activity, paged before mentioned on a tie", () => {
    const base: ParticipationFacts = { incidentId: 1, personId: 7, firstChannel: { at: 1000, messageId: 1 }, firstMention: { at: 500, messageId: 2, byPersonId: 8 }, firstJoin: null, firstPaging: { at: 500, logEntryId: 3 }, firstNotify: { at: 500, logEntryId: 3 } };
    expect(involvementOf(base)?.kind).toBe("paged");
    expect(involvementOf({ ...base, firstPaging: null, firstNotify: null })?.kind).toBe("mentioned");
    // A mention after they already spoke did not pull them in.
    expect(involvementOf({ ...base, firstPaging: null, firstNotify: null, firstMention: { at: 2000, messageId: 2, byPersonId: 8 } })?.kind).toBe("self");
    // Mentioning yourself pulls nobody in.
    expect(involvementOf({ ...base, firstPaging: null, firstNotify: null, firstMention: { at: 500, messageId: 2, byPersonId: 7 } })?.kind).toBe("self");
    expect(involvementOf({ ...base, firstPaging: null, firstNotify: null, firstMention: null, firstJoin: { at: 1000, messageId: 1, inviterPersonId: 9 } })).toMatchObject({ kind: "invited", cause: { kind: "message", id: 1 } });
  });
});

describe("knowledge silos", () => {
  const svc = service(10, "checkout", [["payments", "2020-01-01T00:00:00Z", null]]);
  const ana = person(1, "Ana", { teams: [["platform", "2021-01-01T00:00:00Z", null]] });
  const ben = person(2, "Ben", { teams: [["payments", "2021-01-01T00:00:00Z", null]] });
  const cid = person(3, "Cid", { teams: [["search", "2021-01-01T00:00:00Z", null]], shifts: [["2024-03-01T00:00:00Z", "2024-03-08T00:00:00Z"]] });
  const dee = person(4, "Dee", { teams: [["search", "2021-01-01T00:00:00Z", null]] });
  const incidents = [incident(1, "2024-03-02T10:00:00Z", [10]), incident(2, "2024-04-02T10:00:00Z", [10]), incident(3, "2024-05-02T10:00:00Z", [10])];
  const input = world({
    people: [ana, ben, cid, dee],
    services: [svc],
    incidents,
    participations: [
      // Ana (platform) mentioned into three checkout incidents: a silo.
      took(3, 1, "2024-05-02T10:10:00Z", { mentionedBy: 2 }),
      took(1, 1, "2024-03-02T10:10:00Z", { mentionedBy: 2 }),
      took(2, 1, "2024-04-02T10:10:00Z", { invitedBy: 2 }),
      // Ben owns checkout: never a silo.
      took(1, 2, "2024-03-02T10:05:00Z", { mentionedBy: 1 }),
      took(2, 2, "2024-04-02T10:05:00Z", { mentionedBy: 1 }),
      // Cid was on call in March: only April counts, below the threshold.
      took(1, 3, "2024-03-02T10:20:00Z", { mentionedBy: 2 }),
      took(2, 3, "2024-04-02T10:20:00Z", { mentionedBy: 2 }),
      // Dee came on her own twice and was mentioned once.
      took(1, 4, "2024-03-02T10:30:00Z"),
      took(2, 4, "2024-04-02T10:30:00Z"),
      took(3, 4, "2024-05-02T10:30:00Z", { mentionedBy: 2 }),
    ],
  });

  it("counts pulls by mention or invitation, off call, outside the owning team, chronologically", () => {
    const rows = knowledgeSilos(input);
    expect(rows.map((r) => [r.person.name, r.count])).toEqual([["Ana", 3]]);
    expect(rows[0]?.incidents.map((i) => i.id)).toEqual([1, 2, 3]);
    expect(rows[0]?.incidents[0]).toEqual({ id: 1, title: "Incident 1", channel: "inc-1" });
    expect(rows[0]?.evidence.map((e) => e.kind)).toEqual(["message", "message", "message"]);
    expect(rows[0]?.teams).toEqual(["platform", "platform", "platform"]);
  });

  it("uses the threshold setting and the time range, ties by e-mail", () => {
    const rows = knowledgeSilos(input, { from: null, to: null }, { ...DEFAULT_INSIGHT_SETTINGS, minSiloPulls: 1 });
    expect(rows.map((r) => [r.person.name, r.count])).toEqual([["Ana", 3], ["Cid", 1], ["Dee", 1]]);
    expect(knowledgeSilos(input, { from: t("2024-04-01T00:00:00Z"), to: null }).map((r) => r.count)).toEqual([2]);
  });

  it("judges the team at the first activity: a person who joined the owning team later was outside then", () => {
    const mover = person(5, "Eve", { teams: [["platform", "2020-01-01T00:00:00Z", "2024-04-15T00:00:00Z"], ["payments", "2024-04-15T00:00:00Z", null]] });
    const rows = knowledgeSilos(world({ people: [mover], services: [svc], incidents, participations: [took(1, 5, "2024-03-02T10:10:00Z", { mentionedBy: 2 }), took(2, 5, "2024-04-02T10:10:00Z", { mentionedBy: 2 }), took(3, 5, "2024-05-02T10:10:00Z", { mentionedBy: 2 })] }));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.incidents.map((i) => i.id)).toEqual([1, 2]);
  });

  it("leaves out a person whose team is unknown", () => {
    const nobody = person(6, "Fay");
    expect(knowledgeSilos(world({ people: [nobody], services: [svc], incidents, participations: [took(1, 6, "2024-03-02T10:10:00Z", { mentionedBy: 2 }), took(2, 6, "2024-04-02T10:10:00Z", { mentionedBy: 2 })] }))).toEqual([]);
  });

  it("per service lists who outside the owning team keeps being pulled in", () => {
    const rows = siloServices(input);
    expect(rows).toEqual([{ service: { id: 10, name: "checkout" }, people: [{ person: { id: 1, name: "Ana", email: "ana@acme.example" }, count: 3, incidents: incidents.map((i) => ({ id: i.id, title: i.title, channel: i.channel })) }] }]);
  });
});

describe("on-call fatigue", () => {
  const n = (logEntryId: number, at: string, pd: string, personId = 1): PageNotification => ({ logEntryId, at: t(at), pagerdutyIncidentId: pd, personId });

  it("puts pages in the ISO week of the page time in UTC", () => {
    expect(isoWeek(t("2024-12-30T10:00:00Z"))).toBe("2025-W01");
    expect(isoWeek(t("2021-01-03T23:00:00Z"))).toBe("2020-W53");
    expect(isoWeek(t("2024-03-10T23:30:00Z"))).toBe("2024-W10");
    // 23:30 Sunday UTC is Monday morning in Berlin: still the UTC week.
    expect(isoWeek(t("2024-03-17T23:30:00Z"))).toBe("2024-W11");
  });

  it("does not count re-notifications as new pages, and counts pages linked to no channel", () => {
    const input = world({
      people: [person(1, "Ana")],
      incidents: [incident(1, "2024-03-11T10:00:00Z", [], { pagerdutyIncidentIds: ["PA"] })],
      notifications: [n(1, "2024-03-11T10:00:00Z", "PA"), n(2, "2024-03-11T10:05:00Z", "PA"), n(3, "2024-03-11T10:10:00Z", "PA"), n(4, "2024-03-12T10:00:00Z", "PB"), n(5, "2024-03-13T10:00:00Z", "PC"), n(6, "2024-03-13T09:00:00Z", "PC")],
    });
    expect(pagesOf(input.notifications).map((p) => p.logEntryId)).toEqual([1, 4, 6]);
    const rows = onCallFatigue(input);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ week: "2024-W11", pages: 3, offHoursPages: 0, maxConsecutiveNights: 0 });
    expect(rows[0]?.evidence.map((e) => [e.pagerdutyIncidentId, e.logEntryId, e.incidentIds])).toEqual([["PA", 1, [1]], ["PB", 4, []], ["PC", 6, []]]);
    expect(onCallFatigue(input, { from: null, to: null }, 4)).toEqual([]);
  });

  it("honours daylight saving in the person's zone", () => {
    // New York moved to EDT at 2024-03-10 07:00 UTC. 12:30 UTC is 07:30 EST but 08:30 EDT.
    expect(pageClock(t("2024-03-08T12:30:00Z"), "America/New_York")).toMatchObject({ offHours: true, night: "2024-03-07" });
    expect(pageClock(t("2024-03-11T12:30:00Z"), "America/New_York")).toMatchObject({ offHours: false, night: null, localTime: "2024-03-11T08:30:00-04:00" });
    // 00:30 UTC on Tuesday 12 March is 20:30 EDT Monday: off hours, Monday's night.
    expect(pageClock(t("2024-03-12T00:30:00Z"), "America/New_York")).toMatchObject({ offHours: true, night: "2024-03-11" });
    const input = world({
      people: [person(1, "Ana", { tz: "America/New_York" })],
      notifications: [n(1, "2024-03-11T12:30:00Z", "PA"), n(2, "2024-03-12T00:30:00Z", "PB"), n(3, "2024-03-13T11:30:00Z", "PC"), n(4, "2024-03-14T03:00:00Z", "PD")],
    });
    // 11:30 UTC on the 13th is 07:30 EDT: off hours, the 12th's night. 03:00 UTC on the 14th is 23:00 on the 13th.
    expect(onCallFatigue(input)[0]).toMatchObject({ week: "2024-W11", pages: 4, offHoursPages: 3, maxConsecutiveNights: 3 });
  });

  it("gives a night to the date it starts on, and weekend days no night", () => {
    // Wednesday 2024-03-13 02:30 is Tuesday's night; Saturday 14:00 is off hours but no night.
    expect(pageClock(t("2024-03-13T02:30:00Z"), "UTC")).toEqual({ localTime: "2024-03-13T02:30:00+00:00", offHours: true, night: "2024-03-12" });
    expect(pageClock(t("2024-03-16T14:00:00Z"), "UTC")).toEqual({ localTime: "2024-03-16T14:00:00+00:00", offHours: true, night: null });
    expect(pageClock(t("2024-03-13T19:59:00Z"), "UTC")?.offHours).toBe(false);
    expect(pageClock(t("2024-03-13T20:00:00Z"), "UTC")?.night).toBe("2024-03-13");
    const input = world({
      people: [person(1, "Ana")],
      notifications: [
        n(1, "2024-03-11T21:00:00Z", "PA"), // Monday night
        n(2, "2024-03-12T03:00:00Z", "PB"), // still Monday's night
        n(3, "2024-03-13T02:30:00Z", "PC"), // Tuesday's night
        n(4, "2024-03-16T14:00:00Z", "PD"), // Saturday afternoon: off hours, no night
        n(5, "2024-03-14T23:00:00Z", "PE"), // Thursday night: Wednesday was skipped
      ],
    });
    const [row] = onCallFatigue(input);
    expect(row).toMatchObject({ pages: 5, offHoursPages: 5, maxConsecutiveNights: 2 });
    expect(row?.evidence.find((e) => e.pagerdutyIncidentId === "PD")?.night).toBeNull();
  });

  it("says unknown, not zero, without a time zone", () => {
    const input = world({ people: [person(1, "Ana", { tz: null })], notifications: [n(1, "2024-03-11T21:00:00Z", "PA"), n(2, "2024-03-12T21:00:00Z", "PB"), n(3, "2024-03-13T21:00:00Z", "PC")] });
    expect(onCallFatigue(input)[0]).toMatchObject({ pages: 3, offHoursPages: null, maxConsecutiveNights: null });
  });

  it("sorts by pages, then e-mail, then week", () => {
    const week = (p: number, pd: string, base: string) => [n(p * 100 + 1, `${base}T10:00:00Z`, `${pd}1`, p), n(p * 100 + 2, `${base}T11:00:00Z`, `${pd}2`, p), n(p * 100 + 3, `${base}T12:00:00Z`, `${pd}3`, p)];
    const input = world({ people: [person(1, "Zed"), person(2, "Amy")], notifications: [...week(1, "Z", "2024-03-12"), ...week(2, "A", "2024-03-19"), ...week(2, "B", "2024-03-12")] });
    expect(onCallFatigue(input).map((r) => [r.person.name, r.week])).toEqual([["Amy", "2024-W11"], ["Amy", "2024-W12"], ["Zed", "2024-W11"]]);
  });

  it("longest run of dates", () => {
    expect(longestDateRun(["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-03"])).toBe(3);
    expect(longestDateRun([])).toBe(0);
  });

  it("profiles: shifts, on-call days in a row, short recovery gaps, off-hours joins without a page", () => {
    const ana = person(1, "Ana", { shifts: [["2024-03-11T08:00:00Z", "2024-03-14T08:00:00Z"], ["2024-03-20T08:00:00Z", "2024-03-21T08:00:00Z"]] });
    const input = world({
      people: [ana],
      incidents: [incident(1, "2024-03-16T22:00:00Z", [])],
      participations: [took(1, 1, "2024-03-16T22:10:00Z", { mentionedBy: 2 })],
      notifications: [n(1, "2024-03-11T10:00:00Z", "PA"), n(2, "2024-03-12T09:00:00Z", "PB"), n(3, "2024-03-20T10:00:00Z", "PC")],
    });
    const [profile] = fatigueProfiles(input);
    expect(profile?.shifts).toBe(2);
    expect(profile?.maxConsecutiveOnCallDays).toBe(4);
    expect(profile?.shortRecoveryGaps).toEqual([{ from: { kind: "page", id: 1, at: "2024-03-11T10:00:00.000Z", pagerdutyIncidentId: "PA" }, to: { kind: "page", id: 2, at: "2024-03-12T09:00:00.000Z", pagerdutyIncidentId: "PB" }, hours: 23 }]);
    expect(profile?.joinedOffHoursUnpaged.map((j) => [j.incident.id, j.localTime])).toEqual([[1, "2024-03-16T22:10:00+00:00"]]);
  });
});

describe("ownership drift", () => {
  const svc = service(10, "ledger", [["payments", "2015-01-01T00:00:00Z", null]]);
  const old = person(1, "Olga", { teams: [["payments", "2016-01-01T00:00:00Z", "2020-07-01T00:00:00Z"], ["search", "2020-07-01T00:00:00Z", null]] });
  const back = person(2, "Bo", { teams: [["payments", "2016-01-01T00:00:00Z", "2019-01-01T00:00:00Z"], ["payments", "2023-01-01T00:00:00Z", null]] });
  const solo = person(3, "Sol", { teams: [["payments", "2016-01-01T00:00:00Z", "2020-01-01T00:00:00Z"]] });
  const input = world({
    people: [old, back, solo],
    services: [svc],
    incidents: [incident(1, "2024-01-01T00:00:00Z", [10]), incident(2, "2023-07-01T00:00:00Z", [10]), incident(3, "2024-06-01T00:00:00Z", [])],
    participations: [
      took(1, 1, "2024-01-01T01:00:00Z", { paged: true }),
      took(2, 1, "2023-07-01T01:00:00Z", { mentionedBy: 2 }),
      took(3, 1, "2024-06-01T01:00:00Z", { mentionedBy: 2 }),
      took(1, 2, "2024-01-01T01:00:00Z", { mentionedBy: 1 }),
      took(1, 3, "2024-01-01T01:00:00Z"),
    ],
  });

  it("lists former owners pulled into their old team's incidents, with the date they left and years since", () => {
    expect(ownershipDrift(input)).toEqual([
      {
        person: { id: 1, name: "Olga", email: "olga@acme.example" },
        team: "payments",
        incidents: [{ id: 2, title: "Incident 2", channel: "inc-2" }, { id: 1, title: "Incident 1", channel: "inc-1" }],
        leftOn: "2020-07-01",
        yearsSince: 3,
        evidence: [expect.objectContaining({ incidentId: 2, kind: "message" }), expect.objectContaining({ incidentId: 1, kind: "page" })],
      },
    ]);
  });

  it("honours the time range", () => {
    expect(ownershipDrift(input, { from: t("2023-12-01T00:00:00Z"), to: null })[0]?.yearsSince).toBe(3.5);
  });
});

describe("recurring services and chaos experiments", () => {
  const bus = service(10, "event-bus", [["platform", "2015-01-01T00:00:00Z", null]], "commerce");
  const pd = (id: string, title: string, serviceId: number | null = 10) => [id, { externalId: id, title, serviceId, createdAt: 0, resolvedAt: null }] as const;
  const incidents = [
    incident(1, "2024-01-01T00:00:00Z", [10], { pagerdutyIncidentIds: ["P1"], tags: ["confusion", "hand-off"], resolvedAt: t("2024-01-01T01:00:00Z") }),
    incident(2, "2024-02-01T00:00:00Z", [10], { pagerdutyIncidentIds: ["P2"], tags: ["confusion", "confusion"], resolvedAt: t("2024-02-01T03:00:00Z") }),
    incident(3, "2024-03-01T00:00:00Z", [10], { pagerdutyIncidentIds: ["P3"], tags: [], resolvedAt: null }),
    // Named in chat only: no service.
    incident(4, "2024-04-01T00:00:00Z", [], { title: "event-bus again?" }),
  ];
  const input = world({
    people: [person(1, "Ana"), person(2, "Ben")],
    services: [bus],
    incidents,
    participations: [took(1, 1, "2024-01-01T00:10:00Z"), took(2, 1, "2024-02-01T00:10:00Z"), took(3, 2, "2024-03-01T00:10:00Z")],
    pd: new Map([pd("P1", "Disk full on event-bus broker 3"), pd("P2", "Disk full on event-bus broker 7"), pd("P3", "Elevated latency on event-bus")]),
  });

  it("counts incidents per service with time to resolve, recurring people and tags", () => {
    const [row] = recurringServices(input);
    expect(row).toMatchObject({
      service: { id: 10, name: "event-bus" },
      incidents: 3,
      channels: ["inc-1", "inc-2", "inc-3"],
      owningTeams: ["platform"],
      medianTimeToResolveMs: 2 * HOUR,
      contributors: [{ person: { id: 1 }, incidents: [1, 2] }],
      tags: [{ tag: "confusion", incidents: [1, 2] }],
      followUps: null,
    });
    expect(recurringServices(input)).toHaveLength(1);
    expect(recurringServices(input, { from: t("2024-01-15T00:00:00Z"), to: t("2024-02-15T00:00:00Z") })[0]?.incidents).toBe(1);
  });

  it("suggests an experiment per repeated trigger, with the owning team and follow-up coverage", () => {
    const [row, ...rest] = chaosSuggestions(input);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ service: { name: "event-bus" }, owningTeam: "platform", coveredByFollowUp: null, incidents: [{ id: 1 }, { id: 2 }] });
    expect(row?.hypothesis).toContain("Disk full on event-bus broker 3");
    expect(row?.hypothesis).toMatch(/^When .* the rest of commerce keep serving/);
    const covered = chaosSuggestions({ ...input, followUps: { known: true, items: [{ id: 1, incidentId: 2, title: "Alert on broker disk usage", status: "open" }] } });
    expect(covered[0]?.coveredByFollowUp).toBe(true);
    const uncovered = chaosSuggestions({ ...input, followUps: { known: true, items: [{ id: 1, incidentId: 2, title: "Write the runbook for search", status: "open" }] } });
    expect(uncovered[0]?.coveredByFollowUp).toBe(false);
  });

  it("a newcomer's reading list ranks owned services and pulled-in people, published only", () => {
    const participations = [took(1, 1, "2024-01-01T00:10:00Z", { mentionedBy: 2 })];
    const list = readingList({ ...input, participations, incidents: [...incidents, incident(5, "2024-05-01T00:00:00Z", [10], { status: "new" })], people: new Map([[1, person(1, "Ana", { teams: [["platform", "2015-01-01T00:00:00Z", null]] })]]) }, TEAMS.platform, t("2024-06-01T00:00:00Z"));
    // Incident 1 also pulled Ana in; then the newer of the two others.
    expect(list.map((r) => r.incident.id)).toEqual([1, 3, 2]);
    expect(list[0]?.reasons).toHaveLength(2);
  });
});
