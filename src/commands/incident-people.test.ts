import { expect, it } from "vitest";
import type { Db } from "../db/dialect.js";
import { listIncidents } from "./incident-views.js";
import { buildSlackChannel, buildSlackMessage, buildSlackUser, writeSlackExport } from "../../test/factories/slack-export.js";
import { describeEachStore } from "../../test/stores.js";
import { importSlackExport } from "./import-slack-export.js";
import { incidentPeople } from "./incident-people.js";
import { linkIncidentToPagerduty, linkPagerdutyIncidents } from "./link-pagerduty.js";

const S0 = 1_700_000_000_000; // 2023-11-14T22:13:20Z, a Tuesday
const MIN = 60_000;
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/** PagerDuty rows written directly: the PagerDuty importer has its own tests. */
async function seedPagerduty(db: Db, now: number): Promise<void> {
  const identity = (externalId: string, email: string) =>
    db.insertInto("identities").values({ source: "pagerduty", externalId, email, personId: null, workspace: null, handle: null, displayName: null, timezone: null, title: null, isBot: 0, deleted: 0, updatedAt: now, matchMethod: null }).execute();
  await identity("PANA", "ana@acme.example");
  await identity("PBEN", "ben@acme.example");
  // Link PagerDuty identities to the people Slack created, by e-mail.
  for (const [pd, email] of [["PANA", "ana@acme.example"], ["PBEN", "ben@acme.example"]] as const) {
    const person = await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow();
    await db.updateTable("identities").set({ personId: person.id, matchMethod: "email" }).where("externalId", "=", pd).execute();
  }
  const service = await db.insertInto("services").values({ name: "payments-api", kind: "component", systemName: null, description: null, lifecycle: "production", catalogRef: "component:default/payments-api", pagerdutyServiceId: "PSVC", updatedAt: now }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("pagerdutyServices").values({ externalId: "PSVC", name: "Payments API", description: null, escalationPolicyId: "PEP", serviceId: service.id, updatedAt: now }).execute();
  const team = (name: string) => db.insertInto("teams").values({ name, createdAt: now, catalogRef: null, displayName: null }).returning("id").executeTakeFirstOrThrow();
  const payments = await team("payments");
  const data = await team("data");
  await db.insertInto("serviceOwners").values({ serviceId: service.id, teamId: payments.id, fromAt: 0, toAt: null }).execute();
  const person = async (email: string) => (await db.selectFrom("people").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  // Ana is on payments today; Cy left payments six years ago for data.
  await db.insertInto("teamMemberships").values({ personId: await person("ana@acme.example"), teamId: payments.id, fromAt: S0 - 2 * YEAR, toAt: null }).execute();
  const cy = await person("cy@acme.example");
  await db.insertInto("teamMemberships").values({ personId: cy, teamId: payments.id, fromAt: S0 - 9 * YEAR, toAt: S0 - 6 * YEAR }).execute();
  await db.insertInto("teamMemberships").values({ personId: cy, teamId: data.id, fromAt: S0 - 6 * YEAR, toAt: null }).execute();
  await db.updateTable("people").set({ timezone: "America/Los_Angeles", startDate: "2023-11-01" }).where("email", "=", "ana@acme.example").execute();
  await db.insertInto("oncallShifts").values({ userExternalId: "PANA", escalationPolicyExternalId: "PEP", escalationPolicyName: "Payments", scheduleExternalId: null, scheduleName: null, escalationLevel: 1, startAt: S0 - DAY, endAt: S0 + DAY, naturalKey: "PANA|PEP|1||1" }).execute();
  const incident = (externalId: string, number: number, createdAt: number) =>
    db.insertInto("pagerdutyIncidents").values({ externalId, number, title: "Checkout failing", status: "resolved", urgency: "high", priority: "P1", serviceExternalId: "PSVC", escalationPolicyExternalId: "PEP", htmlUrl: `https://acme.pagerduty.com/incidents/${externalId}`, createdAt, resolvedAt: createdAt + 60 * MIN, updatedAt: now }).execute();
  await incident("PINC", 42, S0 - 2 * MIN);
  const entry = (externalId: string, incidentExternalId: string, kind: string, at: number, targets: string[] = [], agent: string | null = null) =>
    db.insertInto("pagerdutyLogEntries").values({ externalId, incidentExternalId, type: `${kind}_log_entry`, kind, at, agentType: agent ? "user_reference" : "service_reference", agentExternalId: agent ?? "PSVC", targetUserIds: targets.length ? JSON.stringify(targets) : null, channelType: null, summary: null, details: null }).execute();
  await entry("L1", "PINC", "trigger", S0 - 2 * MIN);
  await entry("L2", "PINC", "notify", S0 - MIN, ["PANA"]);
  await entry("L3", "PINC", "acknowledge", S0 + 3 * MIN, [], "PANA");
  await entry("L4", "PINC", "resolve", S0 + 58 * MIN, [], "PANA");
  // Ana was paged for two other incidents that week (one of them twice) and one long before.
  const created = new Set<string>();
  for (const [id, pd, at] of [["P1", "POLD1", S0 - 2 * DAY], ["P2", "POLD1", S0 - 2 * DAY + MIN], ["P3", "POLD2", S0 - 5 * DAY], ["P4", "POLD3", S0 - 30 * DAY]] as const) {
    if (!created.has(pd)) await incident(pd, Number(pd.slice(4)) + 100, at);
    created.add(pd);
    await entry(id, pd, "notify", at, ["PANA"]);
  }
}

describeEachStore("incident people breakdown", (store) => {

  async function scenario(): Promise<number> {
    const s = (ms: number) => (ms - S0) / 1000;
    const path = writeSlackExport({
      users: [buildSlackUser("U1", "ana"), buildSlackUser("U2", "ben"), buildSlackUser("U3", "cy"), buildSlackUser("U4", "di")],
      channels: [buildSlackChannel("C1", "inc-checkout", { purpose: { value: "SEV1: Checkout failing", creator: "U1", last_set: "1" } })],
      days: {
        "inc-checkout": {
          "2023-11-14": [
            buildSlackMessage(s(S0), "U1", "<@U1> has joined the channel", { subtype: "channel_join" }),
            buildSlackMessage(s(S0 + MIN), "U1", "checkout is failing, see https://acme.pagerduty.com/incidents/PINC <@U3> you wrote the ledger client, around?"),
            buildSlackMessage(s(S0 + 4 * MIN), "U3", "<@U3> has joined the channel", { subtype: "channel_join" }),
            buildSlackMessage(s(S0 + 5 * MIN), "U3", "yes, looking"),
            buildSlackMessage(s(S0 + 6 * MIN), "U2", "<@U2> has joined the channel", { subtype: "channel_join", inviter: "U1" }),
            buildSlackMessage(s(S0 + 7 * MIN), "U2", "here"),
            buildSlackMessage(s(S0 + 8 * MIN), "U4", "<@U4> has joined the channel", { subtype: "channel_join" }),
            buildSlackMessage(s(S0 + 9 * MIN), "U4", "watching"),
          ],
        },
      },
    });
    await importSlackExport(store, { path, actor: "test" });
    const now = Date.now();
    await store.db.transaction().execute(async (trx) => {
      await seedPagerduty(trx, now);
      expect(await linkPagerdutyIncidents(trx, now)).toBe(1);
    });
    const [listing] = await listIncidents(store);
    return listing!.incident.id;
  }

  it("explains how each person got involved, with evidence", async () => {
    const id = await scenario();
    const breakdown = await incidentPeople(store.db, id);
    const rows = breakdown!.participants;
    expect(rows.map((p) => [p.person.name, p.involvement, p.involvedBy?.name ?? null])).toEqual([
      ["Ana", "paged", null],
      ["Cy", "mentioned", "Ana"],
      ["Ben", "invited", "Ana"],
      ["Di", "self", null],
    ]);
    const [ana, cy, ben, di] = rows;
    expect(ana).toMatchObject({ onCall: true, teamAtTime: "payments", onOwningTeam: true, owningTeams: ["payments"], pagesPrior7d: 2, tenureDays: 13, messages: 1 });
    expect(ana?.localTime).toBe("2023-11-14T14:12:20-08:00");
    expect(ana?.offHours).toBe(false);
    expect(cy).toMatchObject({ onCall: false, teamAtTime: "data", onOwningTeam: false, formerOwner: { team: "payments", yearsSince: 6 } });
    expect(ben).toMatchObject({ onCall: false, teamAtTime: null, onOwningTeam: false, formerOwner: null, unknown: { onCall: null, team: "no_directory_entry", ownership: null } });
    expect(cy?.unknown).toEqual({ onCall: null, team: null, ownership: null });
    expect(di?.messages).toBe(1);
    const entries = await store.db.selectFrom("pagerdutyLogEntries").select(["id", "externalId"]).execute();
    const entryId = (external: string) => entries.find((e) => e.externalId === external)?.id;
    expect(ana?.evidence.involvement).toEqual({ source: "page", id: entryId("L2") });
    expect(ana?.evidence.priorPageLogEntryIds.sort()).toEqual([entryId("P1"), entryId("P2"), entryId("P3")].sort());
    const summary = breakdown!.summary;
    expect(summary.firstPage).toEqual({ at: S0 - MIN, logEntryId: entryId("L2"), afterStartMs: MIN });
    expect(summary.firstAcknowledgement?.logEntryId).toBe(entryId("L3"));
    expect(summary.resolution).toMatchObject({ at: S0 + 58 * MIN, afterStartMs: 60 * MIN });
    // Ben and Di have no team history: whether they were on the owning team is unknown.
    expect(summary.neitherOnCallNorOwningTeam.personIds).toEqual([cy?.person.id]);
    expect(summary.missingData).toEqual([{ source: "directory", reason: "no_directory_entry", personIds: [ben?.person.id, di?.person.id], importPath: "/imports" }]);
    const incident = await store.db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(incident.startedAt).toBe(S0 - 2 * MIN);
    const services = await store.db.selectFrom("incidentServices").selectAll().execute();
    expect(services).toHaveLength(1);
  });

  it("links by number by hand, once, and refuses unknown PagerDuty incidents", async () => {
    const id = await scenario();
    expect(await linkIncidentToPagerduty(store, { incidentId: id, pagerdutyId: "101", actor: "test" })).toBe(true);
    expect(await linkIncidentToPagerduty(store, { incidentId: id, pagerdutyId: "POLD1", actor: "test" })).toBe(false);
    await expect(linkIncidentToPagerduty(store, { incidentId: id, pagerdutyId: "PNOPE", actor: "test" })).rejects.toThrow(/no PagerDuty incident "PNOPE"/);
    await expect(linkIncidentToPagerduty(store, { incidentId: 999, pagerdutyId: "PINC", actor: "test" })).rejects.toThrow(/no incident 999/);
    const sources = await store.db.selectFrom("incidentSources").select("externalId").where("kind", "=", "pagerduty_incident").orderBy("externalId").execute();
    expect(sources.map((s) => s.externalId)).toEqual(["PINC", "POLD1"]);
  });

  it("links a PagerDuty incident mentioned by number in the channel", async () => {
    const path = writeSlackExport({
      channels: [buildSlackChannel("C1", "inc-db")],
      days: { "inc-db": { "2023-11-14": [buildSlackMessage(0, "U1", "this is PagerDuty #4242, acked")] } },
    });
    await importSlackExport(store, { path, actor: "test" });
    const now = Date.now();
    await store.db
      .insertInto("pagerdutyIncidents")
      .values({ externalId: "PNUM", number: 4242, title: "db", status: "resolved", urgency: null, priority: null, serviceExternalId: null, escalationPolicyExternalId: null, htmlUrl: null, createdAt: S0, resolvedAt: null, updatedAt: now })
      .execute();
    expect(await store.db.transaction().execute((trx) => linkPagerdutyIncidents(trx, now))).toBe(1);
    expect(await store.db.transaction().execute((trx) => linkPagerdutyIncidents(trx, now))).toBe(0);
  });

  it("answers undefined for an unknown incident", async () => {
    expect(await incidentPeople(store.db, 12345)).toBeUndefined();
  });
});
