import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../db/connection.js";
import { openStore } from "../db/connection.js";
import { describeTables, readTableRows } from "../db/store-dump.js";
import { generateDemo } from "../demo/index.js";
import { testStoreKinds } from "../../test/stores.js";
import { createUser } from "./accounts.js";
import { backupStore, copyStore, exportStore, restoreStore } from "./backup.js";
import { InputError } from "./create-incident.js";
import { buildSlackChannel, buildSlackMessage, writeSlackExport } from "../../test/factories/slack-export.js";
import { importSlackExport } from "./import-slack-export.js";
import { loadDemo } from "./load-demo.js";

/** Every row of every data table, by table: equal dumps mean equal stores. */
async function dump(store: Store): Promise<Record<string, unknown[][]>> {
  const out: Record<string, unknown[][]> = {};
  for (const table of await describeTables(store)) {
    const rows: unknown[][] = [];
    for await (const page of readTableRows(store.db, table)) rows.push(...page);
    out[table.name] = rows;
  }
  return out;
}

const demo = generateDemo({ seed: 5, messages: 1500, outDir: mkdtempSync(join(tmpdir(), "debrief-demo-")) });
const kinds = testStoreKinds();
const work = mkdtempSync(join(tmpdir(), "debrief-backup-test-"));

for (const source of kinds) {
  describe(`backups of a ${source.name} store`, () => {
    let store: Store;
    let backupFile: string;
    let before: Record<string, unknown[][]>;
    beforeAll(async () => {
      store = await source.open();
      await loadDemo(store, demo, "test");
      await createUser(store, { email: "ana@acme.example", name: "Ana", role: "analyst", passwordHash: null, actor: "test" });
      before = await dump(store);
      backupFile = join(work, `${source.name}-${Date.now()}.debrief-backup`);
      await backupStore(store, backupFile);
    });
    afterAll(async () => {
      await store.close();
      await source.dispose();
    });

    it("holds every table with its rows", async () => {
      const lines = gunzipSync(readFileSync(backupFile)).toString("utf8").trim().split("\n");
      expect(JSON.parse(lines[0] as string)).toMatchObject({ format: "debrief-backup", version: 1, store: source.name });
      expect(JSON.parse(lines[lines.length - 1] as string)).toMatchObject({ done: true });
      expect(before.messages?.length).toBeGreaterThan(1000);
      expect(before.users?.length).toBe(1);
    });

    for (const target of kinds) {
      it(`restores into an empty ${target.name} store with every row as it was`, async () => {
        const into = await target.open();
        try {
          const summary = await restoreStore(into, backupFile);
          expect(summary.rows).toBe(Object.values(before).reduce((n, rows) => n + rows.length, 0));
          expect(await dump(into)).toEqual(before);
          // Ids continue after the restored ones: a new account gets a fresh id.
          const next = await createUser(into, { email: "new@acme.example", name: "New", role: "viewer", passwordHash: null, actor: "test" });
          expect(next.id).toBeGreaterThan(Math.max(...(before.users ?? []).map((row) => Number(row[0]))));
        } finally {
          await into.close();
        }
      });
    }

    it("refuses a store that is not empty, and changes nothing in it", async () => {
      const into = await source.open();
      try {
        await createUser(into, { email: "x@acme.example", name: "X", role: "viewer", passwordHash: null, actor: "test" });
        const was = await dump(into);
        await expect(restoreStore(into, backupFile)).rejects.toThrow(/is not empty \(.*users: 1/);
        expect(await dump(into)).toEqual(was);
      } finally {
        await into.close();
      }
    });

    it("restores nothing from a truncated backup, and names the file", async () => {
      const lines = gunzipSync(readFileSync(backupFile)).toString("utf8").split("\n");
      const cut = join(work, `cut-${source.name}.debrief-backup`);
      writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length * 0.8)).join("\n")));
      const into = await source.open();
      try {
        const error = await restoreStore(into, cut).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toContain(cut);
        expect((error as Error).message).toMatch(/incomplete, nothing was restored/);
        const after = await dump(into);
        expect(Object.values(after).every((rows) => rows.length === 0)).toBe(true);
      } finally {
        await into.close();
      }
    });

    it("refuses a file that is not a backup", async () => {
      const bogus = join(work, `bogus-${source.name}.json`);
      writeFileSync(bogus, "{}");
      const into = await source.open();
      try {
        await expect(restoreStore(into, bogus)).rejects.toThrow(new RegExp(`${bogus}: not a Debrief backup`));
      } finally {
        await into.close();
      }
    });

    it("holds the store of one moment while another connection writes during the backup", async () => {
      const writer = await openStore({ url: store.url });
      const file = join(work, `during-${source.name}.debrief-backup`);
      let wrote = false;
      try {
        await backupStore(store, file, async () => {
          if (wrote) return;
          wrote = true;
          // Committed after the backup began: rows in several tables, none of which may appear.
          await createUser(writer, { email: "late@acme.example", name: "Late", role: "viewer", passwordHash: null, actor: "test" });
        });
      } finally {
        await writer.close();
      }
      expect(wrote).toBe(true);
      const into = await source.open();
      try {
        await restoreStore(into, file);
        const restored = await dump(into);
        expect(restored.users).toEqual(before.users);
        expect(restored.audit_events).toEqual(before.audit_events);
        expect((await dump(store)).users?.length).toBe((before.users?.length ?? 0) + 1);
      } finally {
        await into.close();
      }
    });

    it("exports every table as documented JSON", async () => {
      const dir = join(work, `export-${source.name}`);
      const summary = await exportStore(store, dir);
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { format: string; tables: { name: string; rows: number; file: string }[] };
      expect(manifest.format).toBe("debrief-export");
      expect(readdirSync(dir)).toContain("messages.ndjson");
      const messages = readFileSync(join(dir, "messages.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(messages.length).toBe(manifest.tables.find((t) => t.name === "messages")?.rows);
      expect(messages[0]).toHaveProperty("conversation_id");
      expect(summary.rows).toBeGreaterThan(1000);
    });

    it("copies the store into another store", async () => {
      const target = kinds[kinds.length - 1];
      if (!target) throw new Error("no store kind");
      const into = await target.open();
      try {
        const now = await dump(store);
        await copyStore(store, into);
        expect(await dump(into)).toEqual(now);
      } finally {
        await into.close();
      }
    });
  });
}

const CHILD = fileURLToPath(new URL("../../test/fixtures/slack-import-child.ts", import.meta.url));

describe("a backup taken while a batched SQLite import runs", () => {
  it("restores to the store as it was before that import, and the import can then run in full", async () => {
    const sqlite = kinds[0];
    if (!sqlite || sqlite.name !== "sqlite") throw new Error("SQLite is always the first store kind");
    const store = await sqlite.open();
    const days: Record<string, ReturnType<typeof buildSlackMessage>[]> = {};
    for (let day = 0; day < 12; day += 1) {
      days[new Date(Date.UTC(2023, 10, 1 + day)).toISOString().slice(0, 10)] = Array.from({ length: 50 }, (_, i) => buildSlackMessage(day * 86_400 + i * 60, "U1", `message ${i} of day ${day}`));
    }
    const exportPath = writeSlackExport({ channels: [buildSlackChannel("C1", "general")], days: { general: days } });
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, store.url, exportPath, "6", "100"], { stdio: ["ignore", "pipe", "pipe"] });
    const file = join(work, "during-import.debrief-backup");
    try {
      let output = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("paused")) resolve();
        });
        child.on("exit", () => reject(new Error(`the import ended before pausing: ${output}`)));
      });
      // The import is half way, its batches committed and still running: back up now.
      const midway = await store.db.selectFrom("messages").select("id").execute();
      expect(midway.length).toBeGreaterThan(0);
      expect(midway.length).toBeLessThan(600);
      await backupStore(store, file);
    } finally {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      await store.close();
    }
    const into = await sqlite.open();
    try {
      await restoreStore(into, file);
      expect(await into.db.selectFrom("messages").select("id").execute()).toEqual([]);
      expect(await into.db.selectFrom("imports").select("status").where("status", "=", "running").execute()).toEqual([]);
      const summary = await importSlackExport(into, { path: exportPath, actor: "test" });
      expect(summary.added).toBe(600);
    } finally {
      await into.close();
    }
  });
});
