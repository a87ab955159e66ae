import { afterAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../test/stores.js";
import { knowledgeSilos, onCallFatigue, ownershipDrift, recurringServices } from "../../analysis/insights/index.js";
import type { Store } from "../connection.js";
import { insertIncident } from "./incidents.js";
import { loadInsightsInput } from "./insights.js";

const T0 = Date.parse("2024-03-14T02:00:00.000Z");
const MIN = 60_000;
const DAY = 86_400_000;

/**
 * A small company written straight to the store: Ana (platform) is @-mentioned into two
 * checkout incidents owned by payments; Olga left payments years ago and is invited
 * in; Pia is paged three times, once on a PagerDuty incident linked to no channel and
 * once re-notified. One channel looks like an incident channel but is not one, and one
 * incident only names the service in chat.
 */
async function buildCompany(store: Store) {
  const { db, dialect } = store;
  const person = async (name: string, timezone: string | null) =>
    (await db.insertInto("people").values({ name, email: `${name.toLowerCase()}@acme.example`, timezone, title: null, department: null, managerId: null, startDate: null, endDate: null, createdAt: T0, updatedAt: T0 }).returning("id").executeTakeFirstOrThrow()).id;
  const ana = await person("Ana", "Europe/Berlin");
  const ben = await person("Ben", "Europe/Berlin");
  const olga = await person("Olga", "UTC");
  const pia = await person("Pia", "UTC");
  const identity = async (source: string, externalId: string, personId: number) =>
    (await db.insertInto("identities").values({ personId, source, externalId, workspace: null, handle: externalId, displayName: externalId, email: null, timezone: null, title: null, isBot: 0, deleted: 0, updatedAt: T0, matchMethod: "email" }).returning("id").executeTakeFirstOrThrow()).id;
  const uAna = await identity("slack", "UANA", ana);
  const uBen = await identity("slack", "UBEN", ben);
  const uOlga = await identity("slack", "UOLGA", olga);
  await identity("pagerduty", "PPIA", pia);
  const team = async (name: string) => (await db.insertInto("teams").values({ name, createdAt: T0, catalogRef: null, displayName: null }).returning("id").executeTakeFirstOrThrow()).id;
  const payments = await team("payments");
  const platform = await team("platform");
  await db.insertInto("teamMemberships").values([
    { personId: ana, teamId: platform, fromAt: T0 - 800 * DAY, toAt: null },
    { personId: ben, teamId: payments, fromAt: T0 - 800 * DAY, toAt: null },
    { personId: olga, teamId: payments, fromAt: T0 - 3000 * DAY, toAt: T0 - 730 * DAY },
    { personId: olga, teamId: platform, fromAt: T0 - 730 * DAY, toAt: null },
  ]).execute();
  const checkout = (await db.insertInto("services").values({ name: "checkout", kind: "component", systemName: "commerce", description: null, lifecycle: null, catalogRef: null, pagerdutyServiceId: "PSVC", updatedAt: T0 }).returning("id").executeTakeFirstOrThrow()).id;
  await db.insertInto("serviceOwners").values({ serviceId: checkout, teamId: payments, fromAt: 0, toAt: null }).execute();
  await db.insertInto("pagerdutyServices").values({ externalId: "PSVC", name: "Checkout", description: null, escalationPolicyId: null, serviceId: checkout, updatedAt: T0 }).execute();
  const pd = (externalId: string, number: number, at: number) => ({ externalId, number, title: "Checkout errors", status: "resolved", urgency: "high", priority: null, serviceExternalId: "PSVC", escalationPolicyExternalId: null, htmlUrl: null, createdAt: at, resolvedAt: at + 30 * MIN, updatedAt: T0 });
  await db.insertInto("pagerdutyIncidents").values([pd("PD1", 1, T0), pd("PD2", 2, T0 + DAY), pd("PD3", 3, T0 + 2 * DAY)]).execute();
  const notify = (externalId: string, incident: string, at: number) => ({ externalId, incidentExternalId: incident, type: "notify_log_entry", kind: "notify", at, agentType: null, agentExternalId: null, targetUserIds: JSON.stringify(["PPIA"]), channelType: "phone", summary: null, details: null });
  await db.insertInto("pagerdutyLogEntries").values([notify("L1", "PD1", T0), notify("L1b", "PD1", T0 + 5 * MIN), notify("L2", "PD2", T0 + DAY), notify("L3", "PD3", T0 + 2 * DAY)]).execute();

  const conversation = async (externalId: string, name: string) =>
    (await db.insertInto("conversations").values({ source: "slack", externalId, workspace: "T1", name, kind: "channel", topic: null, purpose: null, createdAt: T0, creatorExternalId: null, archived: 0, members: null }).returning("id").executeTakeFirstOrThrow()).id;
  const c1 = await conversation("C1", "inc-checkout-1");
  const c2 = await conversation("C2", "inc-checkout-2");
  const cFake = await conversation("C3", "inc-looks-like-one");
  const cChat = await conversation("C4", "inc-chat-only");
  const importId = (await db.insertInto("imports").values({ kind: "slack", sourceName: "test", startedAt: T0, finishedAt: T0, status: "succeeded", summary: null, error: null }).returning("id").executeTakeFirstOrThrow()).id;
  const ids = await dialect.reserveIds(db, "messages", 12);
  let next = 0;
  const message = async (conversationId: number, at: number, author: number, text: string, extra: { mention?: string; subtype?: string; inviter?: string } = {}) => {
    const id = ids[next++] as number;
    await db.insertInto("messages").values({ id, conversationId, ts: `${at / 1000}.${String(next).padStart(6, "0")}`, at, authorIdentityId: author, authorExternalId: null, authorName: null, subtype: extra.subtype ?? null, text, rawText: null, threadTs: null, parentUserExternalId: null, isBroadcast: 0, replyCount: 0, editedAt: null, editedByExternalId: null, inviterExternalId: extra.inviter ?? null, files: null, reactions: null, attachments: null, importId }).execute();
    if (extra.mention) await db.insertInto("messageMentions").values({ messageId: id, position: 0, kind: "user", target: extra.mention, label: extra.mention }).execute();
    return id;
  };
  const m1 = await message(c1, T0 + MIN, uBen, "@ana can you look?", { mention: "UANA" });
  await message(c1, T0 + 3 * MIN, uAna, "looking");
  await message(c1, T0 + 4 * MIN, uOlga, "joined", { subtype: "channel_join", inviter: "UBEN" });
  await message(c2, T0 + DAY + MIN, uBen, "@ana again", { mention: "UANA" });
  await message(c2, T0 + DAY + 3 * MIN, uAna, "on it");
  // Not an incident: the same pattern, no incident claims the channel.
  await message(cFake, T0 + 2 * DAY, uBen, "@ana help", { mention: "UANA" });
  await message(cFake, T0 + 2 * DAY + MIN, uAna, "sure");
  // An incident that only names the service in chat.
  await message(cChat, T0 + 3 * DAY, uBen, "is checkout down? @ana", { mention: "UANA" });
  await message(cChat, T0 + 3 * DAY + MIN, uAna, "checkout looks fine");

  const i1 = await insertIncident(db, { title: "Checkout 1", origin: "channel", startedAt: T0, sources: [{ conversationId: c1, fromAt: null, toAt: null }], now: T0 });
  const i2 = await insertIncident(db, { title: "Checkout 2", origin: "channel", startedAt: T0 + DAY, sources: [{ conversationId: c2, fromAt: null, toAt: null }], now: T0 });
  const i3 = await insertIncident(db, { title: "Chat only", origin: "channel", startedAt: T0 + 3 * DAY, sources: [{ conversationId: cChat, fromAt: null, toAt: null }], now: T0 });
  await db.insertInto("incidentSources").values([
    { incidentId: i1, kind: "pagerduty_incident", conversationId: null, externalId: "PD1", fromAt: null, toAt: null },
    { incidentId: i2, kind: "pagerduty_incident", conversationId: null, externalId: "PD2", fromAt: null, toAt: null },
  ]).execute();
  return { ana, olga, pia, i1, i2, i3, m1, checkout };
}

describe.each(testStoreKinds())("insights loaded from the store ($name)", (kind) => {
  afterAll(() => kind.dispose());

  it("loads every incident's facts in one batch and the insights read them right", async () => {
    const store = await kind.open();
    try {
      const world = await buildCompany(store);
      const input = await loadInsightsInput(store.db);
      expect(input.incidents.map((i) => [i.id, i.channel, i.serviceIds])).toEqual([[world.i1, "inc-checkout-1", [world.checkout]], [world.i2, "inc-checkout-2", [world.checkout]], [world.i3, "inc-chat-only", []]]);
      const anaIn1 = input.participations.find((p) => p.incidentId === world.i1 && p.personId === world.ana);
      expect(anaIn1?.firstMention?.messageId).toBe(world.m1);

      // Ana: two silo pulls; the look-alike channel adds none; the chat-only incident
      // has no service, so it is a pull too (her team owns none of its services).
      const [silo] = knowledgeSilos(input);
      expect(silo?.person.name).toBe("Ana");
      expect(silo?.incidents.map((i) => i.id)).toEqual([world.i1, world.i2, world.i3]);

      // Olga was invited into checkout's incident two years after leaving payments.
      expect(ownershipDrift(input).map((r) => [r.person.name, r.team, r.incidents.map((i) => i.id), r.yearsSince])).toEqual([["Olga", "payments", [world.i1], 2]]);

      // Pia: three pages (PD3 has no channel; L1b re-notifies PD1).
      const [fatigue] = onCallFatigue(input);
      expect(fatigue).toMatchObject({ person: { name: "Pia" }, pages: 3 });
      expect(fatigue?.evidence.map((e) => [e.pagerdutyIncidentId, e.incidentIds])).toEqual([["PD1", [world.i1]], ["PD2", [world.i2]], ["PD3", []]]);

      // Only PagerDuty-linked services: checkout in two incidents, not three.
      expect(recurringServices(input).map((r) => [r.service.name, r.incidents, r.channels])).toEqual([["checkout", 2, ["inc-checkout-1", "inc-checkout-2"]]]);
    } finally {
      await store.close();
    }
  });
});
