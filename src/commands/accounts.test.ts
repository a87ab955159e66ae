import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../test/stores.js";
import type { Store } from "../db/connection.js";
import { AccountExistsError, createUser, normalizeEmail, updateUserAccount } from "./accounts.js";
import { InputError } from "../core/errors.js";

for (const kind of testStoreKinds()) {
  describe(`accounts on ${kind.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await kind.open();
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    it("creates accounts with normalised e-mails and audits them without the hash", async () => {
      const user = await createUser(store, { email: "  Ana@Example.COM ", name: " Ana ", role: "admin", passwordHash: "scrypt$secret-hash", actor: "cli:test" });
      expect(user).toMatchObject({ email: "ana@example.com", name: "Ana", role: "admin", disabled: false, personId: null });
      const audit = await store.db.selectFrom("auditEvents").selectAll().where("action", "=", "user.create").executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor: "cli:test", subjectType: "user", subjectId: String(user.id) });
      expect(audit.details).not.toContain("secret-hash");
      expect(normalizeEmail(" X@Y ")).toBe("x@y");
    });

    it("refuses duplicates, bad addresses, empty names and unknown roles", async () => {
      await expect(createUser(store, { email: "ANA@example.com", name: "Ana 2", role: "viewer", passwordHash: null, actor: "t" })).rejects.toThrow(AccountExistsError);
      await expect(createUser(store, { email: "not-an-address", name: "x", role: "viewer", passwordHash: null, actor: "t" })).rejects.toThrow(InputError);
      await expect(createUser(store, { email: "b@example.com", name: "  ", role: "viewer", passwordHash: null, actor: "t" })).rejects.toThrow("name must not be empty");
      await expect(createUser(store, { email: "b@example.com", name: "B", role: "owner" as "viewer", passwordHash: null, actor: "t" })).rejects.toThrow(/role must be one of/);
      const count = await store.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it("updates accounts, ends sessions on disable and protects the last admin", async () => {
      const ben = await createUser(store, { email: "ben@example.com", name: "Ben", role: "analyst", passwordHash: null, actor: "t" });
      await store.db.insertInto("sessions").values({ userId: ben.id, tokenHash: "h1", csrfHash: "c1", createdAt: 1, expiresAt: Date.now() + 1000, lastSeenAt: 1, userAgent: null, ip: null }).execute();
      const updated = await updateUserAccount(store, { id: ben.id, disabled: true, actor: "t" });
      expect(updated?.disabled).toBe(true);
      expect(await store.db.selectFrom("sessions").select("id").where("userId", "=", ben.id).execute()).toEqual([]);
      const ana = await store.db.selectFrom("users").select("id").where("email", "=", "ana@example.com").executeTakeFirstOrThrow();
      await expect(updateUserAccount(store, { id: ana.id, role: "member", actor: "t" })).rejects.toThrow("the last enabled admin cannot be demoted or disabled");
      await expect(updateUserAccount(store, { id: ana.id, disabled: true, actor: "t" })).rejects.toThrow(InputError);
      expect(await updateUserAccount(store, { id: 99999, name: "x", actor: "t" })).toBeUndefined();
      await updateUserAccount(store, { id: ben.id, role: "admin", disabled: false, actor: "t" });
      expect((await updateUserAccount(store, { id: ana.id, role: "member", actor: "t" }))?.role).toBe("member");
    });
  });
}
