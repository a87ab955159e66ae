import { sql } from "kysely";
import { expect, it } from "vitest";
import { buildSlackChannel, buildSlackMessage, writeSlackExport } from "../../test/factories/slack-export.js";
import { describeEachStore } from "../../test/stores.js";
import { importSlackExport } from "./import-slack-export.js";
import { FULL_VISIBILITY, searchIncidents } from "./search.js";

describeEachStore("search of imported messages", (store) => {
  const channel = "inc-2023-11-14-checkout";
  const channels = [buildSlackChannel("C1", channel)];
  const found = async (query: string) => (await searchIncidents(store, { query, visibility: FULL_VISIBILITY, filters: { sources: ["message"] } })).groups.flatMap((g) => g.hits.map((h) => h.snippet.map((p) => p.text).join("")));

  it("indexes every batch of an import as it commits, follows a later export's edits, and forgets an undone import", async () => {
    const first = Array.from({ length: 7 }, (_, i) => buildSlackMessage(i * 60, i % 2 === 0 ? "U1" : "U2", i === 3 ? "the broker disk is full" : `status update ${i}`));
    // Batches of two: the message in the second batch is found like the others.
    const summary = await importSlackExport(store, { path: writeSlackExport({ channels, days: { [channel]: { "2023-11-14": first } } }), actor: "test", batchMessages: 2, parseInWorker: false });
    expect(summary).toMatchObject({ added: 7, incidents: 1 });
    expect(await found("broker")).toEqual(["the broker disk is full"]);
    expect(await found("status")).toHaveLength(6);

    const edited = first.map((m, i) => (i === 3 ? buildSlackMessage(180, "U2", "the queue disk is full", { edited: { user: "U2", ts: "1700000900.000000" } }) : m));
    expect(await importSlackExport(store, { path: writeSlackExport({ channels, days: { [channel]: { "2023-11-14": edited } } }), actor: "test", batchMessages: 2 })).toMatchObject({ updated: 1 });
    expect(await found("broker")).toEqual([]);
    expect(await found("queue")).toEqual(["the queue disk is full"]);

    // An import that fails after committing batches is undone: its messages leave the index too.
    const broken = writeSlackExport({
      channels,
      days: { [channel]: { "2023-11-15": [buildSlackMessage(86_400, "U1", "replica lag climbing"), buildSlackMessage(86_460, "U2", "replica promoted"), buildSlackMessage(86_520, "U1", "replica healthy")], "2023-11-16": '[{"ts": "1.1"' } },
    });
    await expect(importSlackExport(store, { path: broken, actor: "test", batchMessages: 2, parseInWorker: false })).rejects.toThrow(/2023-11-16\.json/);
    expect(await found("replica")).toEqual([]);
    expect(await found("queue")).toEqual(["the queue disk is full"]);
    // SQLite: the index holds exactly the stored messages (FTS5 compares it with its content table).
    if (store.dialect.name === "sqlite") await sql`insert into messages_fts(messages_fts, rank) values ('integrity-check', 1)`.execute(store.db);
  });
});
