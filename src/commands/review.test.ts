import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotStore } from "../../test/snapshot.js";
import { testStoreKinds } from "../../test/stores.js";
import { seedWorld, type World } from "../../test/server-harness.js";
import { BUILT_IN_SECTIONS, BUILT_IN_TEMPLATE_ID } from "../core/review-templates.js";
import type { Store } from "../db/connection.js";
import { findIncident } from "../db/repositories/incidents.js";
import { createAnnotation, updateAnnotation } from "./annotations.js";
import { InputError } from "./create-incident.js";
import { generateReviewSections } from "./review-draft.js";
import {
  addReviewComment,
  createTemplate,
  dismissHint,
  draftReview,
  listTemplates,
  pruneReviewReference,
  publishLatest,
  readReview,
  reviewReferences,
  resolveReviewComment,
  reviewHintDismissals,
  setDefaultTemplate,
  transitionReview,
  undismissHint,
  updateReview,
} from "./review.js";

for (const kind of testStoreKinds()) {
  describe(`review commands on ${kind.name}`, () => {
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
    const analyst = () => ({ userId: world.users.analyst.id, actor: `user:${world.users.analyst.id}` });

    it("starts one review per incident from the built-in template, at version 1, draft", async () => {
      const state = await draftReview(store, { incidentId: world.incidents.draft, ...analyst() });
      expect(state.review.template).toBe(BUILT_IN_TEMPLATE_ID);
      expect(state.version).toMatchObject({ number: 1, status: "draft", revision: 1 });
      expect(state.sections.map((s) => s.key)).toEqual(BUILT_IN_SECTIONS.map((s) => s.key));
      expect(state.sections.every((s) => s.help.length > 40)).toBe(true);
      const again = await draftReview(store, { incidentId: world.incidents.draft, ...analyst() });
      expect(again.review.id).toBe(state.review.id);
      expect((await findIncident(store.db, world.incidents.draft))?.status).toBe("in_analysis");
      await expect(draftReview(store, { incidentId: 999_999, ...analyst() })).rejects.toThrow(InputError);
    });

    it("fills generated sections, and leaves a person's words alone on refresh", async () => {
      const generate = async () => new Map([["summary", "generated summary"], ["key_moments", "- one"]]);
      let state = await draftReview(store, { incidentId: world.incidents.draft, generate, ...analyst() });
      expect(state.sections.find((s) => s.key === "summary")).toMatchObject({ markdown: "generated summary", origin: "generated" });
      const edited = await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: "summary", markdown: "my summary" }], ...analyst() });
      expect(edited.kind).toBe("done");
      state = await draftReview(store, { incidentId: world.incidents.draft, generate: async () => new Map([["summary", "new generated"], ["key_moments", "- two"]]), ...analyst() });
      expect(state.sections.find((s) => s.key === "summary")).toMatchObject({ markdown: "my summary", origin: "edited" });
      expect(state.sections.find((s) => s.key === "key_moments")).toMatchObject({ markdown: "- two", origin: "generated" });
    });

    it("answers a stale edit with a conflict and the current version, writing nothing", async () => {
      const state = await readReview(store.db, world.incidents.draft);
      if (!state) throw new Error("no review");
      const ok = await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: "impact", markdown: "checkout down 12 minutes" }], ...analyst() });
      expect(ok).toMatchObject({ kind: "done", value: { version: { revision: state.version.revision + 1 } } });
      const before = await snapshotStore(store);
      const stale = await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: "impact", markdown: "lost update" }], ...analyst() });
      expect(stale).toMatchObject({ kind: "conflict", current: { version: { revision: state.version.revision + 1 } } });
      expect(await snapshotStore(store)).toEqual(before);
      await expect(updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: 1, sections: [{ key: "nope", markdown: "" }], ...analyst() })).rejects.toThrow("no section");
      expect(await updateReview(store, { incidentId: world.incidents.published, version: 1, revision: 1, sections: [{ key: "summary", markdown: "" }], ...analyst() })).toEqual({ kind: "missing" });
    });

    it("goes to review, collects and resolves comments, publishes, and freezes the published version", async () => {
      let state = (await readReview(store.db, world.incidents.draft))!;
      const inReview = await transitionReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, to: "in_review", ...analyst() });
      if (inReview.kind !== "done") throw new Error(inReview.kind);
      expect(inReview.value.version.status).toBe("in_review");
      expect((await findIncident(store.db, world.incidents.draft))?.status).toBe("in_review");
      const comment = await addReviewComment(store, { incidentId: world.incidents.draft, sectionKey: "impact", body: "how many customers?", userId: world.users.member.id, actor: "user:member" });
      expect(comment).toMatchObject({ sectionKey: "impact", versionNumber: 1, resolvedAt: null, author: { id: world.users.member.id } });
      const resolved = await resolveReviewComment(store, { incidentId: world.incidents.draft, commentId: comment!.id, resolved: true, ...analyst(), userId: world.users.analyst.id });
      expect(resolved?.resolvedBy?.id).toBe(world.users.analyst.id);
      await expect(addReviewComment(store, { incidentId: world.incidents.draft, sectionKey: "nope", body: "x", userId: world.users.member.id, actor: "m" })).rejects.toThrow(InputError);

      expect(await publishLatest(store, { incidentId: world.incidents.draft, ...analyst() })).toBe(1);
      expect((await findIncident(store.db, world.incidents.draft))?.status).toBe("published");
      state = (await readReview(store.db, world.incidents.draft))!;
      expect(state.review.publishedVersion).toBe(1);
      const frozen = state.sections.find((s) => s.key === "impact")?.markdown;
      await expect(transitionReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, to: "draft", ...analyst() })).rejects.toThrow("frozen");

      // An edit of the published version starts version 2; version 1 stays as published.
      const edit = await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: "impact", markdown: "about 4,000 customers" }], ...analyst() });
      if (edit.kind !== "done") throw new Error(edit.kind);
      expect(edit.value.version).toMatchObject({ number: 2, status: "draft", revision: 1 });
      expect(edit.value.review).toMatchObject({ latestVersion: 2, publishedVersion: 1 });
      const v1 = await readReview(store.db, world.incidents.draft, { version: 1 });
      expect(v1?.version.status).toBe("published");
      expect(v1?.sections.find((s) => s.key === "impact")?.markdown).toBe(frozen);
      // A second edit based on the published version is stale now.
      expect((await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: "impact", markdown: "x" }], ...analyst() })).kind).toBe("conflict");
      // Readers of published versions only see version 1.
      const published = await readReview(store.db, world.incidents.draft, { publishedOnly: true });
      expect(published?.versions.map((v) => v.number)).toEqual([1]);
      expect(await readReview(store.db, world.incidents.draft, { publishedOnly: true, version: 2 })).toBeUndefined();
      // Comments outlive the version they were made on.
      const v2 = await readReview(store.db, world.incidents.draft);
      expect(v2?.version.number).toBe(2);
    });

    it("keeps hint dismissals with the review", async () => {
      const dismissal = await dismissHint(store, { incidentId: world.incidents.draft, sectionKey: "narrative", category: "hindsight", text: "obviously", occurrence: 0, ...analyst() });
      const twice = await dismissHint(store, { incidentId: world.incidents.draft, sectionKey: "narrative", category: "hindsight", text: "obviously", occurrence: 0, ...analyst() });
      expect(twice?.id).toBe(dismissal?.id);
      expect(await reviewHintDismissals(store.db, world.incidents.draft)).toHaveLength(1);
      expect(await undismissHint(store, { incidentId: world.incidents.draft, dismissalId: dismissal!.id, ...analyst() })).toBe(true);
      expect(await reviewHintDismissals(store.db, world.incidents.draft)).toHaveLength(0);
    });

    it("lets admins add templates and choose the default", async () => {
      const template = await createTemplate(store, { name: "Short", description: "three sections", sections: [{ key: "summary", title: "Summary", help: "what happened" }, { key: "lessons", title: "Lessons", help: "what we learned" }], isDefault: true, userId: world.users.admin.id, actor: "user:admin" });
      expect(template).toMatchObject({ builtIn: false, isDefault: true });
      expect((await listTemplates(store.db)).filter((t) => t.isDefault).map((t) => t.id)).toEqual([template.id]);
      await expect(createTemplate(store, { name: "Short", description: "", sections: [{ key: "a", title: "A", help: "" }], isDefault: false, userId: null, actor: "x" })).rejects.toThrow("exists");
      const state = await draftReview(store, { incidentId: world.incidents.published, ...analyst() });
      expect(state.sections.map((s) => s.key)).toEqual(["summary", "lessons"]);
      await setDefaultTemplate(store, { templateId: BUILT_IN_TEMPLATE_ID, userId: world.users.admin.id, actor: "user:admin" });
      expect((await listTemplates(store.db)).find((t) => t.isDefault)?.id).toBe(BUILT_IN_TEMPLATE_ID);
    });
  });
}

for (const kind of testStoreKinds()) {
  describe(`review first draft on ${kind.name}`, () => {
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
    const actor = () => ({ userId: world.users.analyst.id, actor: `user:${world.users.analyst.id}` });

    it("writes sections from the evidence, each sentence linking to its event, and keeps the key moments in step with the annotations", async () => {
      const incidentId = world.incidents.draft;
      const first = String(world.messages[0]);
      const detection = await createAnnotation(store, { incidentId, eventKind: "message", eventId: first, tags: ["detection"], note: "customers noticed first; see https://github.com/acme/pay/pull/12 and PAY-7", authorUserId: world.users.analyst.id, actor: "user:2" });
      await createAnnotation(store, { incidentId, eventKind: "message", eventId: String(world.messages[2]), tags: ["repair"], note: "pool raised", authorUserId: world.users.analyst.id, actor: "user:2" });
      const state = await draftReview(store, { incidentId, generate: generateReviewSections, ...actor() });
      const section = (key: string) => state.sections.find((s) => s.key === key);
      const moments = section("key_moments")?.markdown ?? "";
      expect(moments).toContain(`/incidents/${incidentId}/timeline?event=message%3A${first}`);
      expect(moments).toContain("**Detection**");
      expect(moments.indexOf("Detection")).toBeLessThan(moments.indexOf("Repair"));
      expect(section("key_moments")?.origin).toBe("generated");
      // Every generated paragraph or item carries a link.
      for (const key of ["summary", "narrative", "people", "references", "key_moments"]) {
        const text = section(key)?.markdown ?? "";
        expect(text, key).not.toBe("");
        for (const line of text.split("\n").filter((l) => l.trim())) expect(line, `${key}: ${line}`).toMatch(/\]\(/);
      }
      expect(section("summary")?.markdown).toMatch(/first page went out at \[@2024-03-14T/);
      const refs = await reviewReferences(store.db, incidentId);
      expect(refs.map((r) => `${r.kind} ${r.key}`)).toEqual(expect.arrayContaining(["pull_request acme/pay#12", "jira PAY-7"]));
      expect(section("references")?.markdown).toContain("acme/pay#12");

      // Pruning a reference takes it out of the section; it stays pruned on refresh.
      const jira = refs.find((r) => r.key === "PAY-7");
      await pruneReviewReference(store, { incidentId, referenceId: jira!.id, pruned: true, generate: generateReviewSections, ...actor() });
      const refreshed = await draftReview(store, { incidentId, generate: generateReviewSections, ...actor() });
      expect(refreshed.sections.find((s) => s.key === "references")?.markdown).not.toContain("PAY-7");
      expect((await reviewReferences(store.db, incidentId)).find((r) => r.key === "PAY-7")?.pruned).toBe(true);

      // Editing an annotation updates the key-moment timeline in the same transaction.
      const edited = await updateAnnotation(store, { id: detection.id, version: 1, note: "support saw it first", actor: "user:2" });
      expect(edited.kind).toBe("done");
      const after = await readReview(store.db, incidentId);
      expect(after?.sections.find((s) => s.key === "key_moments")?.markdown).toContain("support saw it first");
      expect(after?.version.revision).toBeGreaterThan(refreshed.version.revision);
    });
  });
}
