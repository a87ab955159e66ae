import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedWorld } from "../../test/server-harness.js";
import { testStoreKinds } from "../../test/stores.js";
import { insertInterview, insertQuote, putTranscript } from "../db/repositories/interviews.js";
import { indexInterview } from "../db/search/search-index.js";
import { exportStore } from "./backup.js";

for (const kind of testStoreKinds()) {
  describe(`export of interviews on ${kind.name}`, () => {
    it("leaves out notes, prompts, links, transcripts and unconsented quotes, and keeps consented quotes", async () => {
      const store = await kind.open();
      const dir = mkdtempSync(join(tmpdir(), "debrief-export-interviews-"));
      try {
        const world = await seedWorld(store);
        const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
        const id = await insertInterview(store.db, { incidentId: world.incidents.draft, personId: world.people.alice, intervieweeName: "Alice Example", scheduledAt: null, notes: `notes ${canary}`, prompts: [{ text: `prompt ${canary}`, eventRef: null }], createdBy: world.users.analyst.id }, Date.now());
        await indexInterview(store.db, id);
        expect(await store.db.selectFrom("searchDocuments").select("body").where("kind", "=", "interview").execute()).toEqual([{ body: `notes ${canary}` }]);
        await putTranscript(store.db, id, { name: "call.vtt", format: "vtt", cues: [{ startMs: 0, endMs: 1, speaker: "Alice", text: `cue ${canary}` }] }, Date.now());
        await insertQuote(store.db, { incidentId: world.incidents.draft, interviewId: id, anonymousInputId: null, text: `pending ${canary}`, consent: "pending", eventRef: null }, Date.now());
        await insertQuote(store.db, { incidentId: world.incidents.draft, interviewId: id, anonymousInputId: null, text: "the graph looked capped", consent: "attributed", eventRef: null }, Date.now());
        const out = join(dir, "export");
        await exportStore(store, out);
        const all = readdirSync(out).map((f) => readFileSync(join(out, f), "utf8")).join("\n");
        expect(all).not.toContain(canary);
        expect(all).toContain("the graph looked capped");
        expect(all).toContain("Alice Example");
      } finally {
        await store.close();
        await kind.dispose();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
