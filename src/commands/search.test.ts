import { afterAll, describe, expect, it } from "vitest";
import { seedWorld } from "../../test/server-harness.js";
import { testStoreKinds } from "../../test/stores.js";
import { SearchSyntaxError } from "../core/search.js";
import type { Store } from "../db/connection.js";
import { indexTranscript } from "../db/search/search-index.js";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "./annotations.js";
import { FULL_VISIBILITY, searchIncidents } from "./search.js";

describe.each(testStoreKinds())("search ($name)", (kind) => {
  afterAll(() => kind.dispose());
  const open = async () => {
    const store = await kind.open();
    const world = await seedWorld(store);
    // The seed writes the cue directly; importing a transcript indexes it the same way.
    await indexTranscript(store.db, Number(world.cueId.split(":")[0]));
    return { store, world };
  };
  const events = async (store: Store, query: string, extra: Partial<Parameters<typeof searchIncidents>[1]> = {}) =>
    (await searchIncidents(store, { query, visibility: FULL_VISIBILITY, ...extra })).groups.flatMap((g) => g.hits.map((h) => `${g.incident.id}/${h.event}`));

  it("finds messages and transcript cues, ranked and grouped by incident, with highlighted snippets", async () => {
    const { store, world } = await open();
    try {
      const result = await searchIncidents(store, { query: "pool", visibility: FULL_VISIBILITY });
      expect(result.groups).toHaveLength(1);
      const [group] = result.groups;
      expect(group?.incident).toEqual({ id: world.incidents.draft, title: "Checkout failing", status: "new", channel: "inc-2024-03-14-checkout" });
      expect(group?.hits.map((h) => h.event).sort()).toEqual([`cue:${world.cueId}`, `message:${world.messages[1]}`, `message:${world.messages[2]}`].sort());
      const hit = group?.hits.find((h) => h.event === `message:${world.messages[1]}`);
      expect(hit?.snippet.at(-1)).toEqual({ text: "pool", hit: true });
      expect(hit?.snippet.map((p) => p.text).join("")).toMatch(/think it's the connection pool$/);
      expect(hit?.author).toEqual({ personId: world.people.bob, name: "Bob Example" });
      expect(group?.hits.every((h, i, all) => i === 0 || (all[i - 1]?.rank ?? 0) >= h.rank)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("reads phrases, prefixes and exclusions, and refuses bad syntax", async () => {
    const { store, world } = await open();
    try {
      const d = world.incidents.draft;
      expect(await events(store, `"connection pool"`)).toEqual([`${d}/message:${world.messages[1]}`]);
      expect(await events(store, "recov*")).toEqual([`${d}/message:${world.messages[2]}`]);
      expect((await events(store, "pool -connection")).sort()).toEqual([`${d}/cue:${world.cueId}`, `${d}/message:${world.messages[2]}`].sort());
      // With a small limit the best candidates are ranked first; the answer is the same best hit.
      const best = (await searchIncidents(store, { query: "pool", visibility: FULL_VISIBILITY, filters: { sources: ["message"] } })).groups[0]?.hits[0]?.event;
      expect((await searchIncidents(store, { query: "pool", visibility: FULL_VISIBILITY, filters: { sources: ["message"] }, limit: 1 })).groups[0]?.hits.map((h) => h.event)).toEqual([best]);
      await expect(searchIncidents(store, { query: `"pool`, visibility: FULL_VISIBILITY })).rejects.toBeInstanceOf(SearchSyntaxError);
    } finally {
      await store.close();
    }
  });

  it("filters by source, incident, person, date, service and team", async () => {
    const { store, world } = await open();
    try {
      const d = world.incidents.draft;
      expect(await events(store, "pool", { filters: { sources: ["transcript"] } })).toEqual([`${d}/cue:${world.cueId}`]);
      expect(await events(store, "pool", { filters: { personId: world.people.alice, sources: ["message"] } })).toEqual([`${d}/message:${world.messages[2]}`]);
      expect(await events(store, "slow", { filters: { incidentId: d } })).toEqual([]);
      expect(await events(store, "slow", { filters: { incidentId: world.incidents.published } })).toHaveLength(1);
      expect(await events(store, "pool", { filters: { from: Date.parse("2024-03-14T02:04:00Z"), sources: ["message"] } })).toEqual([`${d}/message:${world.messages[2]}`]);
      expect(await events(store, "pool", { filters: { team: "payments", sources: ["message"] } })).toEqual([`${d}/message:${world.messages[2]}`]);
      expect(await events(store, "pool", { filters: { service: "checkout" } })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("follows imports and edits: new and edited messages, annotations created, changed and deleted", async () => {
    const { store, world } = await open();
    try {
      const d = world.incidents.draft;
      // An edit of a stored message (as a later export's newer version does).
      await store.db.updateTable("messages").set({ text: "checkout is failing with a timeout" }).where("id", "=", world.messages[0] as number).execute();
      expect(await events(store, "timeout")).toEqual([`${d}/message:${world.messages[0]}`]);
      expect(await events(store, "everyone")).toEqual([]);

      const annotation = await createAnnotation(store, { incidentId: d, eventKind: "message", eventId: String(world.messages[1]), tags: ["hypothesis"], note: "suspected saturation early", authorUserId: world.users.analyst.id, actor: "test" });
      expect(await events(store, "saturation")).toEqual([`${d}/message:${world.messages[1]}`]);
      expect(await events(store, "pool", { filters: { tag: "hypothesis" } })).toEqual([`${d}/message:${world.messages[1]}`]);
      const updated = await updateAnnotation(store, { id: annotation.id, version: annotation.version, note: "suspected exhaustion early", actor: "test" });
      expect(updated.kind).toBe("done");
      expect(await events(store, "saturation")).toEqual([]);
      expect(await events(store, "exhaustion")).toHaveLength(1);
      await deleteAnnotation(store, { id: annotation.id, version: annotation.version + 1, actor: "test" });
      expect(await events(store, "exhaustion")).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("applies visibility: published incidents only, sources allowed, owner-only documents", async () => {
    const { store, world } = await open();
    try {
      const viewerLike = { userId: world.users.viewer.id, publishedOnly: true, sources: ["message" as const], seesAnalystDocuments: false };
      expect(await events(store, "pool", { visibility: viewerLike })).toEqual([]);
      expect(await events(store, "slow", { visibility: viewerLike })).toHaveLength(1);
      // A document only its owner sees (as interview notes are).
      await store.db
        .insertInto("searchDocuments")
        .values({ kind: "interview", ref: "1", incidentId: world.incidents.draft, eventKind: null, eventId: null, at: Date.now(), personId: null, audience: "owner", ownerUserId: world.users.analyst.id, tags: null, body: "she knew the pool from the old team" })
        .execute();
      const as = (userId: number) => ({ userId, publishedOnly: false, sources: ["interview" as const], seesAnalystDocuments: true });
      expect(await events(store, "pool", { visibility: as(world.users.analyst.id) })).toHaveLength(1);
      expect(await events(store, "pool", { visibility: as(world.users.admin.id) })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
