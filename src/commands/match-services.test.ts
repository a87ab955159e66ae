import { expect, it } from "vitest";
import { snapshotStore } from "../../test/snapshot.js";
import { describeEachStore } from "../../test/stores.js";
import { matchPagerdutyServices } from "./match-services.js";

describeEachStore("matchPagerdutyServices", (store) => {

  const service = async (name: string, serviceKind: string, pagerdutyServiceId: string | null = null): Promise<number> => {
    const row = await store.db
      .insertInto("services")
      .values({ name, kind: serviceKind, systemName: null, description: null, lifecycle: null, catalogRef: `${serviceKind}:default/${name}`, pagerdutyServiceId, updatedAt: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const pagerduty = (externalId: string, name: string, serviceId: number | null = null) =>
    store.db.insertInto("pagerdutyServices").values({ externalId, name, description: null, escalationPolicyId: null, serviceId, updatedAt: 1 }).execute();
  const links = async () =>
    Object.fromEntries((await store.db.selectFrom("pagerdutyServices").select(["externalId", "serviceId"]).execute()).map((row) => [row.externalId, row.serviceId]));
  const match = () => store.db.transaction().execute((trx) => matchPagerdutyServices(trx));

  it("matches by annotation first, then by name ignoring case, and never guesses", async () => {
    const api = await service("checkout-api", "component", "PCHECK1");
    const web = await service("Checkout-Web", "component");
    await service("checkout-web", "system");
    const payments = await service("payments", "system");
    await service("billing", "resource");
    await pagerduty("PCHECK1", "Checkout (prod)");
    await pagerduty("PNAME01", "PAYMENTS");
    await pagerduty("PAMBIG1", "checkout-web");
    await pagerduty("PRES001", "billing");
    await pagerduty("PNONE01", "Legacy cron");
    const result = await match();
    expect(result).toEqual({ matched: 2, unmatched: ["PAMBIG1", "PNONE01", "PRES001"] });
    expect(await links()).toEqual({ PCHECK1: api, PNAME01: payments, PAMBIG1: null, PRES001: null, PNONE01: null });
    expect(web).toBeGreaterThan(0);
  });

  it("prefers the annotation over a name that belongs to another service", async () => {
    await service("search", "component");
    const indexer = await service("search-indexer", "component", "PSEARCH");
    await pagerduty("PSEARCH", "search");
    expect(await match()).toEqual({ matched: 1, unmatched: [] });
    expect(await links()).toEqual({ PSEARCH: indexer });
  });

  it("falls back to the name when two services claim the same PagerDuty id", async () => {
    await service("ledger", "component", "PLEDGER");
    await service("ledger-v2", "component", "PLEDGER");
    await pagerduty("PLEDGER", "Ledger");
    const ledger = (await store.db.selectFrom("services").select("id").where("name", "=", "ledger").executeTakeFirstOrThrow()).id;
    expect(await match()).toEqual({ matched: 1, unmatched: [] });
    expect(await links()).toEqual({ PLEDGER: ledger });
  });

  it("unlinks a PagerDuty service that no longer matches, and writes nothing when nothing changed", async () => {
    const gone = await service("old-name", "component");
    const kept = await service("payments", "component");
    await pagerduty("PSTALE1", "Legacy cron", gone);
    await pagerduty("PPAY001", "payments", kept);
    expect(await match()).toEqual({ matched: 1, unmatched: ["PSTALE1"] });
    expect(await links()).toEqual({ PSTALE1: null, PPAY001: kept });
    const before = await snapshotStore(store);
    await match();
    expect(await snapshotStore(store)).toEqual(before);
  });
});
