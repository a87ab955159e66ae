import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotStore } from "../../test/snapshot.js";
import { testStoreKinds } from "../../test/stores.js";
import type { Store } from "../db/connection.js";
import { seedWorld, type World } from "../../test/server-harness.js";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "./annotations.js";
import { InputError } from "../core/errors.js";

for (const kind of testStoreKinds()) {
  describe(`annotations on ${kind.name}`, () => {
    let store: Store;
    let world: World;
    beforeAll(async () => {
      store = await kind.open();
      world = await seedWorld(store);
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    const create = (extra: Partial<Parameters<typeof createAnnotation>[1]> = {}) =>
      createAnnotation(store, { incidentId: world.incidents.draft, eventKind: "message", eventId: String(world.messages[0]), tags: ["detection"], note: "noticed", authorUserId: world.users.analyst.id, actor: "user:2", ...extra });

    it("creates at version 1 on events of the incident only", async () => {
      const annotation = await create();
      expect(annotation).toMatchObject({ version: 1, tags: ["detection"], author: { id: world.users.analyst.id, name: "Analyst User" } });
      await expect(create({ incidentId: world.incidents.published })).rejects.toThrow(InputError);
      await expect(create({ eventKind: "page", eventId: "999" })).rejects.toThrow(InputError);
      await expect(create({ tags: [] })).rejects.toThrow("tags: give at least one tag");
      expect((await create({ eventKind: "page", eventId: String(world.pageId), rangeStart: 0, rangeEnd: 8 })).rangeEnd).toBe(8);
    });

    it("edits only from the stored version; a stale edit or delete changes nothing", async () => {
      const annotation = await create();
      const edited = await updateAnnotation(store, { id: annotation.id, version: 1, note: "noticed late", actor: "user:2" });
      expect(edited).toMatchObject({ kind: "done", value: { version: 2, note: "noticed late" } });
      const before = await snapshotStore(store);
      expect(await updateAnnotation(store, { id: annotation.id, version: 1, note: "lost update", actor: "user:1" })).toMatchObject({ kind: "conflict", current: { version: 2, note: "noticed late" } });
      expect(await deleteAnnotation(store, { id: annotation.id, version: 1, actor: "user:1" })).toMatchObject({ kind: "conflict" });
      expect(await snapshotStore(store)).toEqual(before);
      expect(await deleteAnnotation(store, { id: annotation.id, version: 2, actor: "user:1" })).toEqual({ kind: "done", value: null });
      expect(await updateAnnotation(store, { id: annotation.id, version: 2, note: "x", actor: "user:1" })).toEqual({ kind: "missing" });
      expect(await deleteAnnotation(store, { id: annotation.id, version: 2, actor: "user:1" })).toEqual({ kind: "missing" });
    });
  });
}
