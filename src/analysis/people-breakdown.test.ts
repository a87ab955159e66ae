import { describe, expect, it } from "vitest";
import {
  type BreakdownInput,
  type ChannelEvent,
  localClock,
  type PageEvent,
  peopleBreakdown,
  type PersonFacts,
} from "./people-breakdown.js";

const T0 = Date.parse("2024-03-14T02:00:00Z"); // a Thursday
const MIN = 60_000;
const DAY = 86_400_000;

let nextId = 1;
function person(id: number, name: string, extra: Partial<PersonFacts> = {}): PersonFacts {
  return { id, name, email: `${name.toLowerCase()}@acme.example`, timezone: "UTC", startDate: null, memberships: [], shifts: [], priorPages: [], ...extra };
}
function message(personId: number | null, at: number, extra: Partial<ChannelEvent> = {}): ChannelEvent {
  return { id: nextId++, at, personId, subtype: null, inviterPersonId: null, mentionedPersonIds: [], ...extra };
}
function join(personId: number, at: number, inviterPersonId: number | null = null): ChannelEvent {
  return message(personId, at, { subtype: "channel_join", inviterPersonId });
}
function page(kind: string, at: number, targets: number[] = [], extra: Partial<PageEvent> = {}): PageEvent {
  return { id: nextId++, at, kind, pagerdutyIncidentId: "PINC1", targetPersonIds: targets, agentPersonId: null, ...extra };
}
function input(people: PersonFacts[], channelEvents: ChannelEvent[], pageEvents: PageEvent[] = [], owningTeams: string[] = ["payments"]): BreakdownInput {
  return {
    incident: { id: 1, startedAt: T0 },
    channelEvents,
    pageEvents,
    people: new Map(people.map((p) => [p.id, p])),
    owningTeams: owningTeams.map((team, i) => ({ team, serviceId: i + 1, service: `${team}-api`, ownershipId: 100 + i })),
  };
}
const byId = (result: ReturnType<typeof peopleBreakdown>, id: number) => {
  const found = result.participants.find((p) => p.person.id === id);
  if (!found) throw new Error(`no participant ${id}`);
  return found;
};

describe("peopleBreakdown: how people got involved", () => {
  it("paged: a notification before their first channel activity", () => {
    const notify = page("notify", T0 + 1 * MIN, [1]);
    const result = peopleBreakdown(input([person(1, "Ana")], [join(1, T0 + 3 * MIN), message(1, T0 + 4 * MIN)], [page("trigger", T0), notify]));
    const ana = byId(result, 1);
    expect(ana).toMatchObject({ involvement: "paged", involvedBy: null, firstActivityAt: T0 + MIN, messages: 1 });
    expect(ana.evidence.involvement).toEqual({ source: "page", id: notify.id });
    expect(ana.evidence.firstActivity).toEqual({ source: "page", id: notify.id });
  });

  it("mentioned: someone else @-mentioned them before they appeared", () => {
    const mention = message(1, T0 + 2 * MIN, { mentionedPersonIds: [2] });
    const result = peopleBreakdown(input([person(1, "Ana"), person(2, "Ben")], [message(1, T0), mention, join(2, T0 + 5 * MIN), message(2, T0 + 6 * MIN)]));
    expect(byId(result, 2)).toMatchObject({ involvement: "mentioned", involvedBy: { id: 1, name: "Ana" }, firstActivityAt: T0 + 5 * MIN });
    expect(byId(result, 2).evidence.involvement).toEqual({ source: "message", id: mention.id });
  });

  it("invited: their join names an inviter", () => {
    const invited = join(2, T0 + 5 * MIN, 1);
    const result = peopleBreakdown(input([person(1, "Ana"), person(2, "Ben")], [message(1, T0), invited]));
    expect(byId(result, 2)).toMatchObject({ involvement: "invited", involvedBy: { id: 1, name: "Ana" } });
    expect(byId(result, 2).evidence.involvement).toEqual({ source: "join", id: invited.id });
  });

  it("self: joined and spoke with no page, mention or invitation before", () => {
    const result = peopleBreakdown(
      input([person(1, "Ana"), person(2, "Ben")], [join(2, T0 + MIN), message(2, T0 + 2 * MIN), message(1, T0 + 3 * MIN, { mentionedPersonIds: [2] })]),
    );
    expect(byId(result, 2)).toMatchObject({ involvement: "self", involvedBy: null });
  });

  it("takes the earliest cause when several precede the first activity", () => {
    const result = peopleBreakdown(
      input(
        [person(1, "Ana"), person(2, "Ben")],
        [message(1, T0, { mentionedPersonIds: [2] }), join(2, T0 + 10 * MIN, 1)],
        [page("notify", T0 + 5 * MIN, [2])],
      ),
    );
    expect(byId(result, 2)).toMatchObject({ involvement: "mentioned", involvedBy: { id: 1 } });
  });

  it("ignores causes after the first channel activity and self-mentions", () => {
    const result = peopleBreakdown(
      input([person(1, "Ana"), person(2, "Ben")], [message(2, T0, { mentionedPersonIds: [2] }), message(1, T0 + MIN, { mentionedPersonIds: [2] })], [page("notify", T0 + 2 * MIN, [2])]),
    );
    expect(byId(result, 2)).toMatchObject({ involvement: "self", firstActivityAt: T0 });
  });

  it("keeps people who were paged but never appeared in the channel", () => {
    const result = peopleBreakdown(input([person(1, "Ana"), person(3, "Cy")], [message(1, T0)], [page("notify", T0 + MIN, [3]), page("escalate", T0 + 20 * MIN, [3])]));
    expect(byId(result, 3)).toMatchObject({ involvement: "paged", messages: 0, firstActivityAt: T0 + MIN });
  });

  it("orders participants by first activity and skips bots", () => {
    const result = peopleBreakdown(input([person(1, "Ana"), person(2, "Ben")], [message(null, T0 - MIN), message(2, T0 + 2 * MIN), message(1, T0 + MIN)]));
    expect(result.participants.map((p) => p.person.id)).toEqual([1, 2]);
  });
});

describe("peopleBreakdown: on call, teams and former owners", () => {
  it("onCall only when a shift covers the first activity; open-ended shifts count", () => {
    const people = [
      person(1, "Ana", { shifts: [{ id: 7, startAt: T0 - DAY, endAt: T0 + DAY, escalationPolicy: "Payments", level: 1 }] }),
      person(2, "Ben", { shifts: [{ id: 8, startAt: T0 + DAY, endAt: T0 + 2 * DAY, escalationPolicy: "Payments", level: 1 }] }),
      person(3, "Cy", { shifts: [{ id: 9, startAt: null, endAt: null, escalationPolicy: "SRE", level: 2 }] }),
      person(4, "Di", { shifts: [{ id: 10, startAt: T0 - DAY, endAt: T0, escalationPolicy: "Payments", level: 1 }] }),
    ];
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0), message(3, T0), message(4, T0)]));
    expect([1, 2, 3, 4].map((id) => byId(result, id).onCall)).toEqual([true, false, true, false]);
    expect(byId(result, 1).evidence.onCallShiftId).toBe(7);
  });

  it("teamAtTime from history; on the owning team or not", () => {
    const people = [
      person(1, "Ana", { memberships: [{ id: 1, team: "payments", fromAt: T0 - 400 * DAY, toAt: null }] }),
      person(2, "Ben", { memberships: [{ id: 2, team: "identity", fromAt: T0 - 400 * DAY, toAt: T0 - 10 * DAY }, { id: 3, team: "sre", fromAt: T0 - 10 * DAY, toAt: null }] }),
    ];
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0)]));
    expect(byId(result, 1)).toMatchObject({ teamAtTime: "payments", onOwningTeam: true, owningTeams: ["payments"], formerOwner: null });
    expect(byId(result, 2)).toMatchObject({ teamAtTime: "sre", onOwningTeam: false });
    expect(byId(result, 2).evidence.teamMembershipId).toBe(3);
  });

  it("a membership ends at `to`: on the day they left they are no longer on the team", () => {
    const people = [person(1, "Ana", { memberships: [{ id: 1, team: "payments", fromAt: T0 - 100 * DAY, toAt: T0 }] })];
    expect(byId(peopleBreakdown(input(people, [message(1, T0)])), 1).teamAtTime).toBeNull();
    expect(byId(peopleBreakdown(input(people, [message(1, T0 - 1)])), 1).teamAtTime).toBe("payments");
  });

  it("formerOwner: left an owning team years ago (\"Stacy hasn't been on that team in six years\")", () => {
    const left = T0 - Math.round(6 * 365.25 * DAY);
    const people = [
      person(1, "Stacy", {
        memberships: [
          { id: 1, team: "payments", fromAt: left - 900 * DAY, toAt: left },
          { id: 2, team: "data", fromAt: left, toAt: null },
        ],
      }),
    ];
    const stacy = byId(peopleBreakdown(input(people, [message(1, T0)])), 1);
    expect(stacy.formerOwner).toEqual({ team: "payments", leftAt: left, yearsSince: 6 });
    expect(stacy.onOwningTeam).toBe(false);
    expect(stacy.evidence.formerOwnerMembershipId).toBe(1);
  });

  it("counts people who were neither on call nor on an owning team", () => {
    const people = [
      person(1, "Ana", { shifts: [{ id: 1, startAt: null, endAt: null, escalationPolicy: null, level: 1 }] }),
      person(2, "Ben", { memberships: [{ id: 2, team: "payments", fromAt: 0, toAt: null }] }),
      person(3, "Adam", { memberships: [{ id: 3, team: "search", fromAt: 0, toAt: null }] }),
      // No team history: whether she was on the owning team is unknown, so she is not counted.
      person(4, "Dee"),
    ];
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0), message(3, T0), message(4, T0)]));
    expect(result.summary.neitherOnCallNorOwningTeam).toEqual({ count: 1, personIds: [3] });
  });
});

describe("peopleBreakdown: local time, tenure and paging load", () => {
  it("local time across midnight: 02:30 UTC is the previous evening in Los Angeles", () => {
    const at = Date.parse("2024-03-14T02:30:00Z");
    const people = [person(1, "Ana", { timezone: "America/Los_Angeles" }), person(2, "Ben", { timezone: "Asia/Kolkata" })];
    const result = peopleBreakdown(input(people, [message(1, at), message(2, at)]));
    expect(byId(result, 1)).toMatchObject({ localTime: "2024-03-13T19:30:00-07:00", offHours: false });
    expect(byId(result, 2)).toMatchObject({ localTime: "2024-03-14T08:00:00+05:30", offHours: false });
  });

  it("daylight saving: Berlin is +01:00 before the change and +02:00 after", () => {
    const before = Date.parse("2024-03-31T00:30:00Z");
    const after = Date.parse("2024-03-31T01:30:00Z");
    expect(localClock(before, "Europe/Berlin")?.iso).toBe("2024-03-31T01:30:00+01:00");
    expect(localClock(after, "Europe/Berlin")?.iso).toBe("2024-03-31T03:30:00+02:00");
    expect(localClock(Date.parse("2024-11-03T08:30:00Z"), "America/New_York")?.iso).toBe("2024-11-03T03:30:00-05:00");
  });

  it("off hours: before 08:00, from 20:00, and weekends", () => {
    const people = [person(1, "Ana", { timezone: "Europe/London" })];
    const at = (iso: string) => byId(peopleBreakdown(input(people, [message(1, Date.parse(iso))])), 1).offHours;
    expect(at("2024-03-14T07:59:00Z")).toBe(true);
    expect(at("2024-03-14T08:00:00Z")).toBe(false);
    expect(at("2024-03-14T19:59:00Z")).toBe(false);
    expect(at("2024-03-14T20:00:00Z")).toBe(true);
    expect(at("2024-03-16T12:00:00Z")).toBe(true); // Saturday
    expect(at("2024-03-17T12:00:00Z")).toBe(true); // Sunday
    // 23:30 on Sunday in UTC is already Monday morning in Sydney.
    expect(localClock(Date.parse("2024-03-17T23:30:00Z"), "Australia/Sydney")).toMatchObject({ weekday: 1, hour: 10 });
  });

  it("unknown time zone: no local time and no off-hours verdict", () => {
    const result = peopleBreakdown(input([person(1, "Ana", { timezone: null })], [message(1, T0)]));
    expect(byId(result, 1)).toMatchObject({ localTime: null, offHours: null });
  });

  it("tenure in days from the start date", () => {
    const result = peopleBreakdown(input([person(1, "Ana", { startDate: "2024-03-01" })], [message(1, T0)]));
    expect(byId(result, 1).tenureDays).toBe(13);
  });

  it("pagesPrior7d counts distinct PagerDuty incidents in the week before the start", () => {
    const priorPages = [
      { logEntryId: 1, at: T0 - 1 * DAY, pagerdutyIncidentId: "PA" },
      { logEntryId: 2, at: T0 - 1 * DAY + MIN, pagerdutyIncidentId: "PA" },
      { logEntryId: 3, at: T0 - 3 * DAY, pagerdutyIncidentId: "PB" },
      { logEntryId: 4, at: T0 - 7 * DAY, pagerdutyIncidentId: "PC" },
      { logEntryId: 5, at: T0 - 7 * DAY - 1, pagerdutyIncidentId: "PD" },
      { logEntryId: 6, at: T0 + MIN, pagerdutyIncidentId: "PE" },
    ];
    const result = peopleBreakdown(input([person(1, "Ana", { priorPages })], [message(1, T0)]));
    expect(byId(result, 1).pagesPrior7d).toBe(3);
    expect(byId(result, 1).evidence.priorPageLogEntryIds).toEqual([1, 2, 3, 4]);
  });
});

describe("peopleBreakdown: summary", () => {
  it("times to first page, acknowledgement and resolution, with their log entries", () => {
    const trigger = page("trigger", T0 - 5 * MIN);
    const notify = page("notify", T0 - 4 * MIN, [1]);
    const ack = page("acknowledge", T0 + 2 * MIN, [], { agentPersonId: 1 });
    const resolve = page("resolve", T0 + 90 * MIN, [], { agentPersonId: 1 });
    const result = peopleBreakdown(input([person(1, "Ana")], [message(1, T0)], [trigger, notify, ack, resolve]));
    expect(result.summary.startedAt).toBe(T0 - 5 * MIN);
    expect(result.summary.firstPage).toEqual({ at: T0 - 4 * MIN, logEntryId: notify.id, afterStartMs: MIN });
    expect(result.summary.firstAcknowledgement).toEqual({ at: T0 + 2 * MIN, logEntryId: ack.id, afterStartMs: 7 * MIN });
    expect(result.summary.resolution).toEqual({ at: T0 + 90 * MIN, logEntryId: resolve.id, afterStartMs: 95 * MIN });
    expect(result.summary.people).toBe(1);
  });
});

describe("peopleBreakdown: pages requested for someone count as paged", () => {
  // Otis (1) asks PagerDuty for Ravi (2): an assignment by Otis, then a notification.
  const people = [person(1, "Otis"), person(2, "Ravi")];

  it.each(["notify", "assign", "escalate", "delegate"])("a %s log entry targeting them is a page", (kind) => {
    const entry = page(kind, T0 + MIN, [2], kind === "assign" || kind === "delegate" ? { agentPersonId: 1 } : {});
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0 + 5 * MIN)], [entry]));
    expect(byId(result, 2).involvement).toBe("paged");
    expect(byId(result, 2).evidence.involvement).toEqual({ source: "page", id: entry.id });
  });

  it("a responder request (assign by a person, then notify) is paged by the requester, not @-mentioned", () => {
    const assign = page("assign", T0 + 10 * MIN, [2], { agentPersonId: 1 });
    const notify = page("notify", T0 + 10 * MIN, [2]);
    const mention = message(1, T0 + 10 * MIN, { mentionedPersonIds: [2] });
    const result = peopleBreakdown(input(people, [message(1, T0), mention, message(2, T0 + 12 * MIN)], [assign, notify]));
    expect(byId(result, 2)).toMatchObject({ involvement: "paged", involvedBy: { id: 1, name: "Otis" } });
    expect(byId(result, 2).evidence.involvement).toEqual({ source: "page", id: assign.id });
  });

  it("a notification or escalation rule names nobody as the one who paged", () => {
    const escalate = page("escalate", T0 + MIN, [2], { agentPersonId: 1 });
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0 + 5 * MIN)], [escalate]));
    expect(byId(result, 2)).toMatchObject({ involvement: "paged", involvedBy: null });
  });

  it("log entries that do not reach a person (acknowledge, annotate, resolve) are not pages", () => {
    const others = ["acknowledge", "annotate", "resolve", "unacknowledge", "snooze"].map((kind, i) => page(kind, T0 + (i + 1) * MIN, [2], { agentPersonId: 1 }));
    const result = peopleBreakdown(input(people, [message(1, T0), message(2, T0 + 30 * MIN)], others));
    expect(byId(result, 2).involvement).toBe("self");
  });

  it.each(["channel_topic", "channel_purpose", "channel_name"])("a %s change naming them is not a mention", (subtype) => {
    const topic = message(1, T0 + MIN, { subtype, mentionedPersonIds: [2] });
    const notify = page("notify", T0 + 2 * MIN, [2]);
    const result = peopleBreakdown(input(people, [message(1, T0), topic, message(2, T0 + 5 * MIN)], [notify]));
    expect(byId(result, 2).involvement).toBe("paged");
    expect(byId(result, 2).evidence.involvement).toEqual({ source: "page", id: notify.id });
  });
});

describe("peopleBreakdown: unknown is never no", () => {
  const onTeam = { memberships: [{ id: 7, team: "payments", fromAt: 0, toAt: null }] };
  const shift = { shifts: [{ id: 9, startAt: null, endAt: null, escalationPolicy: "payments", level: 1 }] };

  it("everything known: no unknowns, nothing missing", () => {
    const result = peopleBreakdown({ ...input([person(1, "Ana", { ...onTeam, ...shift })], [message(1, T0)]), sources: { onCallShifts: true, catalog: true } });
    expect(byId(result, 1).unknown).toEqual({ onCall: null, team: null, ownership: null });
    expect(result.summary.missingData).toEqual([]);
  });

  it("no PagerDuty schedules: on call is unknown, not no, and not flagged as outside the rota", () => {
    const result = peopleBreakdown({ ...input([person(1, "Ana", { memberships: [{ id: 7, team: "search", fromAt: 0, toAt: null }] })], [message(1, T0)]), sources: { onCallShifts: false, catalog: true } });
    const ana = byId(result, 1);
    expect(ana.unknown.onCall).toBe("no_pagerduty_data");
    expect(ana.flags).not.toContain("outside_rota_and_team");
    expect(result.summary.neitherOnCallNorOwningTeam.count).toBe(0);
    expect(result.summary.missingData).toEqual([{ source: "pagerduty", reason: "no_pagerduty_data", personIds: [1], importPath: "/imports" }]);
  });

  it("schedules imported but no shift for them: a known no", () => {
    const result = peopleBreakdown({ ...input([person(1, "Ana", onTeam)], [message(1, T0)]), sources: { onCallShifts: true, catalog: true } });
    expect(byId(result, 1)).toMatchObject({ onCall: false, unknown: { onCall: null } });
  });

  it("no directory entry: team unknown", () => {
    const result = peopleBreakdown({ ...input([person(1, "Ana", shift)], [message(1, T0)]), sources: { onCallShifts: true, catalog: true } });
    expect(byId(result, 1).unknown.team).toBe("no_directory_entry");
    expect(result.summary.missingData).toEqual([{ source: "directory", reason: "no_directory_entry", personIds: [1], importPath: "/imports" }]);
  });

  it("no catalog at all, or no services for the incident: ownership unknown with the reason", () => {
    const noCatalog = peopleBreakdown({ ...input([person(1, "Ana", { ...onTeam, ...shift })], [message(1, T0)], [], []), sources: { onCallShifts: true, catalog: false } });
    expect(byId(noCatalog, 1).unknown.ownership).toBe("no_catalog");
    expect(noCatalog.summary.missingData.map((m) => m.reason)).toEqual(["no_catalog"]);
    const noServices = peopleBreakdown({ ...input([person(1, "Ana", onTeam)], [message(1, T0)], [], []), sources: { onCallShifts: true, catalog: true } });
    expect(byId(noServices, 1).unknown.ownership).toBe("no_services");
    expect(byId(noServices, 1).flags).not.toContain("outside_rota_and_team");
  });
});
