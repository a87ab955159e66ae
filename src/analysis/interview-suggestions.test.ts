import { describe, expect, it } from "vitest";
import type { PersonFacts } from "../core/breakdown-input.js";
import { interviewPrompts } from "./interview-prompts.js";
import { type AnnotationFact, type AttributedEvent, suggestInterviewees } from "./interview-suggestions.js";
import { type Participant, type PeopleBreakdown, peopleBreakdown } from "./people-breakdown.js";

const T0 = Date.parse("2024-03-14T01:14:00Z");
const MIN = 60_000;
const DAY = 86_400_000;

function person(id: number, name: string, extra: Partial<PersonFacts> = {}): PersonFacts {
  return { id, name, email: null, timezone: "Europe/Berlin", startDate: "2015-01-01", memberships: [], shifts: [], priorPages: [], ...extra };
}

/** Ana is paged at night and acknowledges; Ben is mentioned from another team; Cleo used to own the service and only watches; Dev joined the company last month. */
function scenario(): { breakdown: PeopleBreakdown; people: Map<number, PersonFacts>; events: AttributedEvent[] } {
  const people = new Map<number, PersonFacts>([
    [1, person(1, "Ana", { memberships: [{ id: 11, team: "payments", fromAt: T0 - 900 * DAY, toAt: null }], shifts: [{ id: 21, startAt: T0 - DAY, endAt: T0 + DAY, escalationPolicy: "payments", level: 1 }], priorPages: [1, 2, 3].map((i) => ({ logEntryId: 100 + i, at: T0 - i * DAY, pagerdutyIncidentId: `P${i}` })) })],
    [2, person(2, "Ben", { memberships: [{ id: 12, team: "storage", fromAt: T0 - 900 * DAY, toAt: null }] })],
    [3, person(3, "Cleo", { memberships: [{ id: 13, team: "payments", fromAt: T0 - 3000 * DAY, toAt: T0 - 800 * DAY }, { id: 14, team: "search", fromAt: T0 - 800 * DAY, toAt: null }] })],
    [4, person(4, "Dev", { startDate: new Date(T0 - 30 * DAY).toISOString().slice(0, 10), memberships: [{ id: 15, team: "payments", fromAt: T0 - 30 * DAY, toAt: null }] })],
  ]);
  const breakdown = peopleBreakdown({
    incident: { id: 1, startedAt: T0 },
    channelEvents: [
      { id: 1, at: T0 + 1 * MIN, personId: 1, subtype: null, inviterPersonId: null, mentionedPersonIds: [2] },
      { id: 2, at: T0 + 3 * MIN, personId: 2, subtype: null, inviterPersonId: null, mentionedPersonIds: [] },
      { id: 3, at: T0 + 4 * MIN, personId: 3, subtype: "channel_join", inviterPersonId: null, mentionedPersonIds: [] },
      { id: 4, at: T0 + 9 * MIN, personId: 4, subtype: null, inviterPersonId: null, mentionedPersonIds: [] },
    ],
    pageEvents: [
      { id: 50, at: T0, kind: "trigger", pagerdutyIncidentId: "PX", targetPersonIds: [], agentPersonId: null },
      { id: 51, at: T0, kind: "notify", pagerdutyIncidentId: "PX", targetPersonIds: [1], agentPersonId: null },
      { id: 52, at: T0 + 2 * MIN, kind: "acknowledge", pagerdutyIncidentId: "PX", targetPersonIds: [], agentPersonId: 1 },
    ],
    people,
    owningTeams: [{ team: "payments", serviceId: 1, service: "checkout", ownershipId: 1 }],
  });
  const events: AttributedEvent[] = [
    ...[1, 2, 3, 4].map((id) => ({ ref: `message:${id}`, at: T0 + [1, 3, 4, 9][id - 1]! * MIN, personId: id, pageKind: null })),
    { ref: "page:52", at: T0 + 2 * MIN, personId: 1, pageKind: "acknowledge" },
  ];
  return { breakdown, people, events };
}

const codes = (s: ReturnType<typeof suggestInterviewees>, id: number) => s.find((x) => x.person.id === id)?.reasons.map((r) => r.code) ?? [];

describe("suggestInterviewees", () => {
  it("names the first responder, who was paged at night and often, by the acknowledgement behind it", () => {
    const { breakdown, people, events } = scenario();
    const s = suggestInterviewees({ breakdown, people, annotations: [], events });
    expect(codes(s, 1)).toEqual(["first_responder", "paged_often", "paged_at_night"]);
    const ana = s.find((x) => x.person.id === 1);
    expect(ana?.reasons[0]?.evidence).toEqual([{ kind: "event", id: "page:52" }]);
    expect(ana?.reasons[1]?.evidence.map((e) => e.id)).toEqual(["page:101", "page:102", "page:103"]);
    expect(ana?.reasons[2]?.text).toContain("02:14");
  });

  it("finds who was pulled in from outside the rota and team, former owners, newcomers and observers", () => {
    const { breakdown, people, events } = scenario();
    const s = suggestInterviewees({ breakdown, people, annotations: [], events });
    expect(codes(s, 2)).toEqual(["pulled_in"]);
    expect(s.find((x) => x.person.id === 2)?.reasons[0]?.evidence).toEqual([{ kind: "event", id: "message:1" }, { kind: "membership", id: "12" }]);
    expect(codes(s, 3)).toEqual(["former_owner", "observer"]);
    expect(codes(s, 4)).toEqual(["new_joiner"]);
    expect(s[0]?.person.id).toBe(1);
  });

  it("does not call someone pulled in from outside the rota when their team is unknown", () => {
    const { breakdown, people, events } = scenario();
    const ben = breakdown.participants.find((p) => p.person.id === 2) as Participant;
    const unknownBen: Participant = { ...ben, teamAtTime: null, unknown: { ...ben.unknown, team: "no_directory_entry" } };
    const s = suggestInterviewees({ breakdown: { ...breakdown, participants: breakdown.participants.map((p) => (p.person.id === 2 ? unknownBen : p)) }, people, annotations: [], events });
    expect(codes(s, 2)).not.toContain("pulled_in");
    expect(codes(s, 3)).toContain("former_owner");
  });

  it("reads thinking-out-loud tags and flags who may feel blamed next to a repair marker", () => {
    const { breakdown, people, events } = scenario();
    const annotations: AnnotationFact[] = [
      { id: 7, eventRef: "message:2", at: null, tags: ["hypothesis", "expertise"] },
      { id: 8, eventRef: "message:4", at: null, tags: ["repair"] },
    ];
    const s = suggestInterviewees({ breakdown, people, annotations, events });
    const ben = s.find((x) => x.person.id === 2);
    expect(ben?.reasons.find((r) => r.code === "tagged_moments")).toMatchObject({ text: expect.stringContaining("hypothesis and expertise"), evidence: [{ kind: "annotation", id: "7" }, { kind: "event", id: "message:2" }] });
    expect(codes(s, 4)).toContain("may_feel_blamed");
    // Ben wrote 6 minutes before the repair marker: outside the 5 minutes that count as next to it.
    expect(codes(s, 2)).not.toContain("may_feel_blamed");
    expect(codes(s, 1)).not.toContain("may_feel_blamed");
  });
});

describe("interviewPrompts", () => {
  it("quotes their own moments at their local time, follows the tag, and asks how they got involved", () => {
    const { breakdown } = scenario();
    const ben = breakdown.participants.find((p) => p.person.id === 2) as Participant;
    const prompts = interviewPrompts({ participant: ben, moments: [{ ref: "message:2", at: T0 + 3 * MIN, text: "I think it's the database", tags: ["hypothesis"] }], timezone: "Europe/Berlin" });
    expect(prompts[0]).toEqual({ text: "At 02:17 your time you wrote “I think it's the database”. What were you seeing that pointed you there, and what else could it have been?", eventRef: "message:2" });
    expect(prompts[1]?.text).toBe("How did you come to be pulled in when Ana reached out, and what did you know about the problem when you arrived?");
    expect(prompts.map((p) => p.text)).toContain("What surprised you as it unfolded?");
    expect(prompts.every((p) => !/\bwhy\b/i.test(p.text))).toBe(true);
  });

  it("asks general questions of someone with no trace on the timeline, in UTC when no zone is known", () => {
    const prompts = interviewPrompts({ participant: null, moments: [{ ref: "cue:1:0", at: T0, text: "  long ".repeat(60), tags: [] }], timezone: null });
    expect(prompts[0]?.text).toMatch(/^At 01:14 UTC you wrote “long long .*…”/);
    expect(prompts.slice(1).every((p) => p.eventRef === null)).toBe(true);
  });
});
