import { expect, it } from "vitest";
import { describeEachServer } from "../../../../test/server-harness.js";

describeEachServer("people routes", (f) => {

  it("lists people by name with their current team and identities", async () => {
    const response = await f.callers.member.get("/api/people");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      people: [
        {
          id: f.world.people.alice,
          name: "Alice Example",
          email: "alice@acme.example",
          timezone: "Europe/Berlin",
          title: "Engineer",
          department: "Engineering",
          team: "payments",
          identities: [
            { source: "pagerduty", externalId: "PALICE" },
            { source: "slack", externalId: "U1" },
          ],
        },
        expect.objectContaining({ id: f.world.people.bob, name: "Bob Example", team: null, identities: [{ source: "slack", externalId: "U2" }] }),
      ],
    });
  });

  it("searches names and e-mails, case-insensitively, and limits", async () => {
    const names = async (query: string) => ((await f.callers.member.get(`/api/people?${query}`)).json() as { people: { name: string }[] }).people.map((p) => p.name);
    expect(await names("q=BOB")).toEqual(["Bob Example"]);
    expect(await names("q=alice@")).toEqual(["Alice Example"]);
    expect(await names("q=_")).toEqual([]);
    expect(await names("limit=1")).toEqual(["Alice Example"]);
    expect((await f.callers.member.get("/api/people?limit=0")).statusCode).toBe(400);
  });

  it("shows one person with their teams over time and how they took part in each incident", async () => {
    const response = await f.callers.member.get(`/api/people/${f.world.people.alice}`);
    expect(response.statusCode).toBe(200);
    const { person } = response.json() as { person: Record<string, unknown> };
    expect(person).toMatchObject({ name: "Alice Example", team: "payments" });
    expect(person.teams).toEqual([{ id: expect.any(Number), team: "payments", from: "2023-02-08T02:00:00.000Z", to: null }]);
    expect(person.incidents).toEqual([
      { id: f.world.incidents.draft, title: "Checkout failing", startedAt: "2024-03-14T02:00:00.000Z", involvement: "paged", involvedBy: null, evidence: { source: "page", id: f.world.pageId } },
    ]);
    expect(person.pages).toEqual([]);
    const bob = (await f.callers.member.get(`/api/people/${f.world.people.bob}`)).json() as { person: { incidents: { id: number; involvement: string }[] } };
    expect(bob.person.incidents.map((i) => [i.id, i.involvement])).toEqual([
      [f.world.incidents.draft, "self"],
      [f.world.incidents.published, "self"],
    ]);
    expect((await f.callers.member.get("/api/people/999999")).json()).toEqual({ error: "person not found" });
  });

  it("includes the pages asked for, with their PagerDuty incident and the incident it is linked to, and the on-call shifts", async () => {
    await f.store.db
      .insertInto("oncallShifts")
      .values({ userExternalId: "PALICE", escalationPolicyExternalId: "EP1", escalationPolicyName: "Payments", scheduleExternalId: null, scheduleName: null, escalationLevel: 1, startAt: null, endAt: null, naturalKey: "PALICE|EP1|1||" })
      .execute();
    const response = await f.callers.member.get(`/api/people/${f.world.people.alice}?pages=${f.world.pageId}`);
    expect(response.statusCode, response.body).toBe(200);
    const { person } = response.json() as { person: { pages: unknown[]; shifts: unknown[] } };
    expect(person.pages).toEqual([{ id: f.world.pageId, at: expect.any(String), kind: expect.any(String), summary: expect.toSatisfy((v) => v === null || typeof v === "string"), pagerduty: { id: "PINC", number: 42, title: "Checkout failing" }, incidentId: f.world.incidents.draft }]);
    expect(person.shifts).toEqual([{ id: expect.any(Number), escalationPolicy: "Payments", schedule: null, level: 1, from: null, to: null }]);
    expect((await f.callers.member.get(`/api/people/${f.world.people.alice}?pages=0,x`)).statusCode).toBe(400);
  });
});
