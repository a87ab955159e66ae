import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findUserByEmail } from "../db/repositories/users.js";
import { verifyPassword } from "../commands/passwords.js";
import { testStoreKinds } from "../../test/stores.js";
import { DEMO_ANALYST_EMAIL, ensureFirstAdmin, FIRST_ADMIN_EMAIL, prepareDemo } from "./serve.js";

const [sqlite] = testStoreKinds();

describe("debrief serve --demo", () => {
  afterAll(() => sqlite?.dispose());

  it("loads the demo once, makes a first admin once, and gives the demo analyst a new password at each start", async () => {
    const store = await sqlite!.open();
    try {
      const adminPassword = await ensureFirstAdmin(store);
      expect(adminPassword).toMatch(/^\S{16,}$/);
      const dir = mkdtempSync(join(tmpdir(), "debrief-serve-demo-"));
      const first = await prepareDemo(store, dir);
      const incidents = await store.db.selectFrom("incidents").select("id").execute();
      expect(incidents.length).toBeGreaterThan(10);
      // The demo analyst has worked one incident to publication and started another (docs/demo.md).
      const worked = await store.db
        .selectFrom("incidentAnalysts as a")
        .innerJoin("users as u", "u.id", "a.userId")
        .innerJoin("incidents as i", "i.id", "a.incidentId")
        .select("i.status")
        .where("u.email", "=", DEMO_ANALYST_EMAIL)
        .execute();
      expect(worked.map((w) => w.status).sort()).toEqual(["in_analysis", "published"]);
      const second = await prepareDemo(store, dir);
      expect(second).not.toBe(first);
      expect(await store.db.selectFrom("incidents").select("id").execute()).toHaveLength(incidents.length);
      const analyst = await store.db.selectFrom("users").select(["role", "passwordHash"]).where("email", "=", DEMO_ANALYST_EMAIL).executeTakeFirstOrThrow();
      expect(analyst.role).toBe("analyst");
      expect(await verifyPassword(second, analyst.passwordHash ?? "")).toBe(true);
      expect(await verifyPassword(first, analyst.passwordHash ?? "")).toBe(false);
      expect(await ensureFirstAdmin(store)).toBeNull();
      expect((await findUserByEmail(store.db, FIRST_ADMIN_EMAIL))?.role).toBe("admin");
    } finally {
      await store.close();
    }
  });
});
