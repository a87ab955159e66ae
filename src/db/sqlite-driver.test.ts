import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store } from "./connection.js";
import { recordAudit } from "./repositories/audit.js";
import { letWaitingWritersGo } from "./sqlite-driver.js";

describe("SQLite writes while another connection holds the write lock", () => {
  let dir: string;
  let store: Store;
  let other: BetterSqlite3.Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "debrief-driver-"));
    store = await openStore({ url: join(dir, "test.db") });
    other = new BetterSqlite3(join(dir, "test.db"));
    other.pragma("busy_timeout = 0");
  });
  afterEach(async () => {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("wait on a timer, keep the event loop and reads going, and commit once the lock is free", async () => {
    other.exec("begin immediate");
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    const started = Date.now();
    const write = store.db.transaction().execute((trx) => recordAudit(trx, { actor: "test", action: "probe" }));
    const plain = recordAudit(store.db, { actor: "test", action: "plain" });
    let written = false;
    void Promise.all([write, plain]).then(() => (written = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Reads answer meanwhile, and the writers are counted as waiting.
    const read = await store.db.selectFrom("auditEvents").select("id").execute();
    expect(read).toEqual([]);
    expect(written).toBe(false);
    expect(Atomics.load(store.writeTurn as Int32Array, 0)).toBeGreaterThan(0);
    other.exec("commit");
    await Promise.all([write, plain]);
    clearInterval(ticker);
    // The event loop was never blocked: the 5 ms ticker kept running while they waited.
    expect(ticks).toBeGreaterThan((Date.now() - started) / 5 / 4);
    const rows = await store.db.selectFrom("auditEvents").select("action").orderBy("action").execute();
    expect(rows.map((r) => r.action)).toEqual(["plain", "probe"]);
    expect(Atomics.load(store.writeTurn as Int32Array, 0)).toBe(0);
  });

  it("take the write lock at the start of a transaction, but not for a read-only one", async () => {
    await store.db.transaction().execute(async (trx) => {
      await trx.selectFrom("auditEvents").select("id").execute();
      expect(() => other.exec("begin immediate")).toThrow(/database is locked/);
    });
    await store.db
      .transaction()
      .setAccessMode("read only")
      .execute(async (trx) => {
        await trx.selectFrom("auditEvents").select("id").execute();
        other.exec("begin immediate");
        other.exec("rollback");
      });
  });

  it("lets a long writer wait for the waiting writers, for a bounded time", () => {
    const turn = new Int32Array(new SharedArrayBuffer(4));
    let started = Date.now();
    letWaitingWritersGo(turn, 500);
    expect(Date.now() - started).toBeLessThan(50);
    Atomics.store(turn, 0, 1);
    started = Date.now();
    letWaitingWritersGo(turn, 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
