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
    expect(person.teams).toEqual([{ team: "payments", from: "2023-02-08T02:00:00.000Z", to: null }]);
    expect(person.incidents).toEqual([{ id: f.world.incidents.draft, title: "Checkout failing", startedAt: "2024-03-14T02:00:00.000Z", involvement: "paged" }]);
    const bob = (await f.callers.member.get(`/api/people/${f.world.people.bob}`)).json() as { person: { incidents: { id: number; involvement: string }[] } };
    expect(bob.person.incidents.map((i) => [i.id, i.involvement])).toEqual([
      [f.world.incidents.draft, "self"],
      [f.world.incidents.published, "self"],
    ]);
    expect((await f.callers.member.get("/api/people/999999")).json()).toEqual({ error: "person not found" });
  });
});
