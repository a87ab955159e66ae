import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../test/stores.js";
import type { Store } from "../db/connection.js";
import { insertIncident } from "../db/repositories/incidents.js";
import { createUser } from "./accounts.js";
import { InputError } from "../core/errors.js";
import { updateIncident } from "./update-incident.js";

for (const kind of testStoreKinds()) {
  describe(`updateIncident on ${kind.name}`, () => {
    let store: Store;
    let id: number;
    let analyst: number;
    let member: number;
    beforeAll(async () => {
      store = await kind.open();
      id = await insertIncident(store.db, { title: "Disk full", origin: "manual", startedAt: 1000, severity: "SEV2", sources: [], now: 1000 });
      analyst = (await createUser(store, { email: "a@x.io", name: "A", role: "analyst", passwordHash: null, actor: "t" })).id;
      member = (await createUser(store, { email: "m@x.io", name: "M", role: "member", passwordHash: null, actor: "t" })).id;
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    const incident = () => store.db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const audits = () => store.db.selectFrom("auditEvents").selectAll().where("action", "=", "incident.update").execute();

    it("changes only the fields given, assigns analysts and audits the changes", async () => {
      expect(await updateIncident(store, { id, status: "in_analysis", analystIds: [analyst, analyst], actor: "user:1" })).toBe(true);
      expect(await incident()).toMatchObject({ status: "in_analysis", severity: "SEV2", title: "Disk full" });
      expect(await store.db.selectFrom("incidentAnalysts").select("userId").where("incidentId", "=", id).execute()).toEqual([{ userId: analyst }]);
      const [audit] = await audits();
      expect(JSON.parse(audit?.details ?? "{}")).toEqual({ changes: { status: { from: "new", to: "in_analysis" } }, analysts: { added: [analyst], removed: [] } });
    });

    it("writes nothing when nothing changes", async () => {
      const before = await incident();
      await updateIncident(store, { id, status: "in_analysis", analystIds: [analyst], actor: "user:1" });
      expect(await incident()).toEqual(before);
      expect(await audits()).toHaveLength(1);
    });

    it("refuses members as analysts, empty titles and rolls back everything", async () => {
      await expect(updateIncident(store, { id, title: "New", analystIds: [member], actor: "user:1" })).rejects.toThrow(InputError);
      await expect(updateIncident(store, { id, title: "   ", actor: "user:1" })).rejects.toThrow("title must not be empty");
      expect((await incident()).title).toBe("Disk full");
      expect(await updateIncident(store, { id: 999999, status: "published", actor: "user:1" })).toBe(false);
    });

    it("clears severity with null and removes analysts", async () => {
      await updateIncident(store, { id, severity: null, analystIds: [], actor: "user:1" });
      expect((await incident()).severity).toBeNull();
      expect(await store.db.selectFrom("incidentAnalysts").select("userId").where("incidentId", "=", id).execute()).toEqual([]);
    });
  });
}
