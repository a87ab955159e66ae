import { expect, it } from "vitest";
import { identityReport } from "../../commands/identity-report.js";
import { describeEachStore } from "../../../test/stores.js";
import { createPerson, ensurePerson, mergePeople, PersonMatcher, upsertIdentity } from "./identities.js";

describeEachStore("identity resolution", (store) => {

  it("matches by e-mail, then by a unique name; never guesses between two namesakes", async () => {
    await store.db.transaction().execute(async (trx) => {
      const now = 1;
      const zoe = await createPerson(trx, { name: "Zoë Dubois", email: "zoe@acme.example" }, now);
      await createPerson(trx, { name: "Sam Lee", email: "sam.lee@acme.example" }, now);
      await createPerson(trx, { name: "Sam Lee", email: "sam.lee2@acme.example" }, now);
      const matcher = await PersonMatcher.load(trx);
      expect(matcher.match({ email: "ZOE@acme.example", name: "someone else" })).toEqual({ kind: "found", personId: zoe, method: "email" });
      expect(matcher.match({ name: "Dr. Zoe  Dubois" })).toEqual({ kind: "found", personId: zoe, method: "name" });
      expect(matcher.match({ name: "sam lee" }).kind).toBe("ambiguous");
      expect(matcher.match({ name: "Zoe" })).toEqual({ kind: "none" });

      const pd = await upsertIdentity(trx, { source: "pagerduty", externalId: "PZOE", displayName: "Zoe Dubois", email: null }, now);
      expect(await ensurePerson(trx, matcher, pd, { name: "Zoe Dubois" }, now)).toBe(zoe);
      const sam = await upsertIdentity(trx, { source: "pagerduty", externalId: "PSAM", displayName: "Sam Lee", email: null }, now);
      const samPerson = await ensurePerson(trx, matcher, sam, { name: "Sam Lee" }, now);
      const nobody = await upsertIdentity(trx, { source: "pagerduty", externalId: "PNEW", displayName: "New Hire", email: "new@acme.example" }, now);
      const newPerson = await ensurePerson(trx, matcher, nobody, { name: "New Hire", email: "new@acme.example" }, now);
      const methods = await trx.selectFrom("identities").select(["externalId", "matchMethod", "personId"]).orderBy("externalId").execute();
      expect(methods).toEqual([
        { externalId: "PNEW", matchMethod: "created", personId: newPerson },
        { externalId: "PSAM", matchMethod: "ambiguous", personId: samPerson },
        { externalId: "PZOE", matchMethod: "name", personId: zoe },
      ]);
      const report = await identityReport(trx);
      expect(report.unmatchedAccounts.map((a) => [a.externalId, a.reason])).toEqual([
        ["PNEW", "no match"],
        ["PSAM", "ambiguous name"],
      ]);
    });
  });

  it("leaves an unchanged identity untouched and reports what changed", async () => {
    await store.db.transaction().execute(async (trx) => {
      const first = await upsertIdentity(trx, { source: "slack", externalId: "U1", displayName: "Ana", email: "ANA@acme.example" }, 1);
      const same = await upsertIdentity(trx, { source: "slack", externalId: "U1", displayName: "Ana", email: "ana@acme.example" }, 2);
      const renamed = await upsertIdentity(trx, { source: "slack", externalId: "U1", displayName: "Ana B.", email: "ana@acme.example" }, 3);
      expect([first.created, same.changed, renamed.changed]).toEqual([true, false, true]);
      const row = await trx.selectFrom("identities").selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ displayName: "Ana B.", email: "ana@acme.example", updatedAt: 3 });
    });
  });

  it("merges two records of one person, keeping every link", async () => {
    await store.db.transaction().execute(async (trx) => {
      const keep = await createPerson(trx, { name: "Ana", email: null }, 1);
      const drop = await createPerson(trx, { name: "Ana Ruiz", email: "ana@acme.example", timezone: "Europe/Madrid" }, 1);
      const team = await trx.insertInto("teams").values({ name: "payments", createdAt: 1, catalogRef: null, displayName: null }).returning("id").executeTakeFirstOrThrow();
      await trx.insertInto("teamMemberships").values({ personId: keep, teamId: team.id, fromAt: 5, toAt: null }).execute();
      await trx.insertInto("teamMemberships").values({ personId: drop, teamId: team.id, fromAt: 5, toAt: null }).execute();
      const identity = await upsertIdentity(trx, { source: "slack", externalId: "U9", displayName: "ana" }, 1);
      await trx.updateTable("identities").set({ personId: drop }).where("id", "=", identity.id).execute();
      await mergePeople(trx, keep, drop);
      expect(await trx.selectFrom("people").select(["id", "email", "timezone"]).execute()).toEqual([{ id: keep, email: "ana@acme.example", timezone: "Europe/Madrid" }]);
      expect(await trx.selectFrom("teamMemberships").select("personId").execute()).toEqual([{ personId: keep }]);
      expect((await trx.selectFrom("identities").select("personId").executeTakeFirstOrThrow()).personId).toBe(keep);
    });
  });
});
