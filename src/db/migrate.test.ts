import { afterAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../test/stores.js";
import { migrateDown, migrateToLatest, migrationStatus } from "./migrate.js";

for (const kind of testStoreKinds()) {
  describe(`migrations on ${kind.name}`, () => {
    afterAll(() => kind.dispose());

    it("apply at open, revert cleanly, and apply again", async () => {
      const store = await kind.open();
      try {
        const applied = await migrationStatus(store);
        expect(applied.length).toBeGreaterThan(0);
        expect(applied.every((m) => m.appliedAt !== null)).toBe(true);
        expect(await migrateToLatest(store)).toEqual([]);
        const last = applied.at(-1)?.name;
        expect(await migrateDown(store)).toBe(last);
        expect((await migrationStatus(store)).at(-1)).toEqual({ name: last, appliedAt: null });
        expect(await migrateToLatest(store)).toEqual([last]);
        // The schema works after the round trip.
        expect(await store.db.selectFrom("messages").select("id").execute()).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
