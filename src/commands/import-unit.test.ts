import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../db/connection.js";
import { snapshotStore } from "../../test/snapshot.js";
import { testStoreKinds } from "../../test/stores.js";
import { buildSlackChannel, buildSlackMessage, type SlackMessageJson, writeSlackExport } from "../../test/factories/slack-export.js";
import { importSlackExport } from "./import-slack-export.js";
import { undoInterruptedImports } from "./import-unit.js";
import { importPeople } from "./import-people.js";

const CHILD = fileURLToPath(new URL("../../test/fixtures/slack-import-child.ts", import.meta.url));

/** An export of `days` day files of 50 messages in `general`, and an incident channel. */
function bigExport(days: number, extra: Record<string, SlackMessageJson[] | string> = {}): string {
  const general: Record<string, SlackMessageJson[] | string> = {};
  for (let day = 0; day < days; day += 1) {
    const date = new Date(Date.UTC(2023, 10, 1 + day)).toISOString().slice(0, 10);
    general[date] = Array.from({ length: 50 }, (_, i) =>
      buildSlackMessage(day * 86_400 + i * 60, i % 2 ? "U1" : "U3", `message ${i} of day ${day} <@U2> see <https://github.com/acme/api/pull/${i}|api#${i}>`),
    );
  }
  return writeSlackExport({
    users: undefined,
    channels: [buildSlackChannel("C1", "general"), buildSlackChannel("C2", "inc-2023-11-02-db")],
    days: { general: { ...general, ...extra }, "inc-2023-11-02-db": { "2023-11-02": [buildSlackMessage(86_400, "U1", "db down")] } },
  });
}

/** A previous export of the same workspace, so an import has rows to replace and conversations to update. */
function earlierExport(): string {
  return writeSlackExport({
    channels: [buildSlackChannel("C1", "general", { purpose: { value: "old purpose", creator: "U1", last_set: "1" } })],
    days: { general: { "2023-11-01": [buildSlackMessage(60, "U1", "message 1 of day 0, first draft")] } },
  });
}

/** Runs the child import until it pauses mid-import, then kills it with SIGKILL. */
async function killMidImport(url: string, path: string, pauseAfterDays: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, url, path, String(pauseAfterDays), "100"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("paused")) resolve();
    });
    child.on("exit", () => reject(new Error(`child ended before pausing: ${output}`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

const CLOCK = ["createdAt", "updatedAt", "startedAt", "finishedAt", "at"];

for (const kind of testStoreKinds()) {
  describe(`a Slack import as one unit on ${kind.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await kind.open();
      await importSlackExport(store, { path: earlierExport(), actor: "test" });
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(() => kind.dispose());

    it("undoes every committed batch when a late day file is bad", async () => {
      const before = await snapshotStore(store);
      const path = bigExport(12, { "2023-12-30": '[{"ts": "1.1", "text": "x"' });
      await expect(importSlackExport(store, { path, actor: "test", parseInWorker: false, batchMessages: 100 })).rejects.toThrow(/2023-12-30\.json: malformed JSON/);
      expect(await snapshotStore(store)).toEqual(before);
    });

    it("is undone as a whole after kill -9 mid-import, then imports the same as a clean run", async () => {
      const path = bigExport(12);
      const before = await snapshotStore(store);
      await killMidImport(store.url, path, 8);
      if (kind.name === "sqlite") {
        // Batches were committed before the kill, and the import still says running.
        const stored = await store.db.selectFrom("messages").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
        expect(Number(stored.n)).toBeGreaterThan(200);
        expect(await store.db.selectFrom("imports").select("status").where("status", "=", "running").execute()).toHaveLength(1);
        // Any other import refuses to run beside a live one, but not beside a dead one: it is undone first.
        expect(await undoInterruptedImports(store)).toBe(1);
      }
      expect(await snapshotStore(store)).toEqual(before);
      const summary = await importSlackExport(store, { path, actor: "test", batchMessages: 100 });
      expect(summary).toMatchObject({ added: 600, skipped: 1, incidents: 1 });
      const again = await importSlackExport(store, { path, actor: "test", batchMessages: 100 });
      expect(again).toMatchObject({ added: 0, skipped: 601, updated: 0 });

      // The same rows as a clean import into a store that never saw the interrupted one
      // (ids aside: PostgreSQL does not give back sequence numbers on rollback).
      const clean = await kind.open();
      try {
        await importSlackExport(clean, { path: earlierExport(), actor: "test" });
        await importSlackExport(clean, { path, actor: "test" });
        const a = await snapshotStore(store, [...CLOCK, "id", "importId", "conversationId", "sourceName", "details", "summary"]);
        const b = await snapshotStore(clean, [...CLOCK, "id", "importId", "conversationId", "sourceName", "details", "summary"]);
        for (const table of ["people", "identities", "conversations", "messages", "incidents"]) expect(a[table], table).toEqual(b[table]);
      } finally {
        await clean.close();
      }
    }, 60_000);

    it("puts back replaced messages and conversation details when undone", async () => {
      const before = await snapshotStore(store);
      // A later export edits the stored message and changes the purpose, then breaks.
      const path = writeSlackExport({
        channels: [buildSlackChannel("C1", "general", { purpose: { value: "new purpose", creator: "U1", last_set: "2" } })],
        days: {
          general: {
            "2023-11-01": [buildSlackMessage(60, "U1", "message 1 of day 0, final", { edited: { user: "U1", ts: "1700000100.000000" } })],
            ...Object.fromEntries(Array.from({ length: 5 }, (_, d) => [`2023-11-0${d + 2}`, Array.from({ length: 50 }, (_, i) => buildSlackMessage((d + 1) * 86_400 + i, "U2", `m${i}`))])),
            "2023-11-09": "not json",
          },
        },
      });
      await expect(importSlackExport(store, { path, actor: "test", parseInWorker: false, batchMessages: 20 })).rejects.toThrow(/2023-11-09\.json/);
      expect(await snapshotStore(store)).toEqual(before);
    });

    if (kind.name === "sqlite") {
      it("holds no write lock while it reads: another writer gets the lock at every day file of a re-import", async () => {
        const path = bigExport(6);
        await importSlackExport(store, { path, actor: "test" });
        const other = new BetterSqlite3(store.url);
        other.pragma("busy_timeout = 0");
        let checks = 0;
        try {
          const again = await importSlackExport(store, {
            path,
            actor: "test",
            parseInWorker: false,
            onProgress: () => {
              other.exec("begin immediate");
              other.exec("rollback");
              checks += 1;
            },
          });
          expect(again.added).toBe(0);
          expect(checks).toBe(7);
        } finally {
          other.close();
        }
      });

      it("makes other imports wait their turn while a batched import runs", async () => {
        const path = bigExport(12);
        const child = spawn(process.execPath, ["--import", "tsx", CHILD, store.url, path, "4", "100"], { stdio: ["ignore", "pipe", "inherit"] });
        await new Promise<void>((resolve) => child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("paused") && resolve()));
        try {
          const csv = join(mkdtempSync(join(tmpdir(), "people-")), "people.csv");
          writeFileSync(csv, "name,email\r\nAda Lovelace,ada@acme.example\r\n");
          await expect(importPeople(store, { path: csv, actor: "test" })).rejects.toThrow(/another import \(#\d+\) is still running/);
        } finally {
          const exited = new Promise((resolve) => child.on("exit", resolve));
          child.kill("SIGKILL");
          await exited;
        }
      }, 30_000);
    }
  });
}
