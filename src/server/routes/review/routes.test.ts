import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotStore } from "../../../../test/snapshot.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";
import type { ReviewBody } from "../../../core/review.js";

for (const kind of testStoreKinds()) {
  describe(`review routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let base: string;
    let model: Server;
    let modelRequests: { model?: string; messages?: { role: string; content: string }[] }[];
    beforeAll(async () => {
      modelRequests = [];
      // A fake OpenAI-compatible chat server on 127.0.0.1.
      model = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
          modelRequests.push(JSON.parse(body) as (typeof modelRequests)[number]);
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: "Checkout began failing; the team raised the pool size. [event](/incidents/1/timeline?event=message%3A1)" } }] }));
        });
      });
      await new Promise<void>((resolve) => model.listen(0, "127.0.0.1", resolve));
      const port = (model.address() as AddressInfo).port;
      f = await startFixture(kind, { reviewModel: { url: `http://127.0.0.1:${port}/v1`, model: "local", apiKey: null, timeoutMs: 5000 } });
      base = `/api/incidents/${f.world.incidents.draft}/review`;
    });
    afterAll(async () => {
      await f.close();
      await new Promise((resolve) => model.close(resolve));
    });

    const reviewOf = (response: { json(): unknown }) => (response.json() as { review: ReviewBody }).review;

    it("creates the draft from the evidence, refreshes it, and lets members read it but not write", async () => {
      expect((await f.callers.analyst.get(base)).statusCode).toBe(404);
      await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/annotations`, { eventKind: "message", eventId: String(f.world.messages[0]), tags: ["detection"], note: "first report, PAY-9" });
      const created = await f.callers.analyst.post(base, {});
      expect(created.statusCode, created.body).toBe(200);
      const review = reviewOf(created);
      expect(review.version).toMatchObject({ number: 1, status: "draft" });
      expect(review.version.sections.find((s) => s.key === "key_moments")?.markdown).toContain("timeline?event=message%3A");
      expect((await f.callers.member.get(base)).statusCode).toBe(200);
      expect((await f.callers.member.post(base, {})).statusCode).toBe(403);
      expect((await f.callers.member.patch(base, { version: 1, revision: review.version.revision, sections: [{ key: "summary", markdown: "x" }] })).statusCode).toBe(403);
      // The viewer does not learn that the unpublished incident exists.
      expect((await f.callers.viewer.get(base)).statusCode).toBe(404);
      const references = await f.callers.analyst.get(`${base}/references`);
      expect((references.json() as { references: { key: string }[] }).references.map((r) => r.key)).toContain("PAY-9");
      const audit = await f.store.db.selectFrom("auditEvents").select("action").where("action", "like", "review.%").execute();
      expect(audit.map((a) => a.action)).toContain("review.create");
    });

    it("answers a stale edit with 409 and the current review, writing nothing", async () => {
      const current = reviewOf(await f.callers.analyst.get(base));
      const ok = await f.callers.analyst.patch(base, { version: 1, revision: current.version.revision, sections: [{ key: "summary", markdown: "Checkout failed for 12 minutes." }] });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(reviewOf(ok).version.sections.find((s) => s.key === "summary")).toMatchObject({ markdown: "Checkout failed for 12 minutes.", origin: "edited" });
      const before = await snapshotStore(f.store);
      const stale = await f.callers.admin.patch(base, { version: 1, revision: current.version.revision, sections: [{ key: "summary", markdown: "lost" }] });
      expect(stale.statusCode).toBe(409);
      const body = stale.json() as { error: string; current: ReviewBody };
      expect(body.error).toBe("conflict");
      expect(body.current.version.revision).toBe(current.version.revision + 1);
      expect(body.current.version.sections.find((s) => s.key === "summary")?.markdown).toBe("Checkout failed for 12 minutes.");
      expect(await snapshotStore(f.store)).toEqual(before);
      const unknown = await f.callers.analyst.patch(base, { version: 1, revision: body.current.version.revision, sections: [{ key: "nope", markdown: "" }] });
      expect(unknown.statusCode).toBe(400);
    });

    it("asks the configured model for a narrative and marks it as a proposal until edited", async () => {
      const current = reviewOf(await f.callers.analyst.get(base));
      const proposed = await f.callers.analyst.post(`${base}/proposal`, { version: 1, revision: current.version.revision });
      expect(proposed.statusCode, proposed.body).toBe(200);
      const narrative = reviewOf(proposed).version.sections.find((s) => s.key === "narrative");
      expect(narrative).toMatchObject({ origin: "proposal" });
      expect(narrative?.markdown).toContain("raised the pool size");
      const sent = modelRequests.at(-1);
      expect(sent?.model).toBe("local");
      expect(sent?.messages?.[1]?.content).toContain("timeline?event=message%3A");
      const edited = await f.callers.analyst.patch(base, { version: 1, revision: reviewOf(proposed).version.revision, sections: [{ key: "narrative", markdown: `${narrative?.markdown} Edited.` }] });
      expect(reviewOf(edited).version.sections.find((s) => s.key === "narrative")?.origin).toBe("edited");
      const refused = await f.callers.analyst.post(`${base}/proposal`, { version: 1, revision: reviewOf(edited).version.revision });
      expect(refused.statusCode).toBe(400);
    });

    it("moves to review, takes member comments, publishes, freezes the published version, and shows viewers only published versions", async () => {
      let review = reviewOf(await f.callers.analyst.get(base));
      const submitted = await f.callers.analyst.post(`${base}/transition`, { version: 1, revision: review.version.revision, to: "in_review" });
      expect(submitted.statusCode, submitted.body).toBe(200);
      review = reviewOf(submitted);
      const comment = await f.callers.member.post(`${base}/comments`, { sectionKey: "impact", body: "How many orders were lost?" });
      expect(comment.statusCode, comment.body).toBe(201);
      const commentId = (comment.json() as { comment: { id: number } }).comment.id;
      expect((await f.callers.viewer.post(`/api/incidents/${f.world.incidents.published}/review/comments`, { sectionKey: "impact", body: "x" })).statusCode).toBe(403);
      const resolved = await f.callers.analyst.patch(`${base}/comments/${commentId}`, { resolved: true });
      expect((resolved.json() as { comment: { resolvedBy: { id: number } } }).comment.resolvedBy.id).toBe(f.world.users.analyst.id);

      const published = await f.callers.analyst.post(`${base}/transition`, { version: 1, revision: review.version.revision, to: "published" });
      expect(published.statusCode, published.body).toBe(200);
      review = reviewOf(published);
      expect(review).toMatchObject({ publishedVersion: 1, version: { status: "published" } });
      const frozen = await f.callers.analyst.post(`${base}/transition`, { version: 1, revision: review.version.revision, to: "draft" });
      expect(frozen.statusCode).toBe(400);
      expect((frozen.json() as { error: string }).error).toMatch(/frozen/);

      // The incident is published now, so viewers see it, and version 1 of its review.
      const seen = await f.callers.viewer.get(base);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(reviewOf(seen).version.number).toBe(1);
      expect((await f.callers.viewer.get(`${base}/comments`)).statusCode).toBe(403);

      // An edit of the published version starts version 2; viewers still see version 1 only.
      const edit = await f.callers.analyst.patch(base, { version: 1, revision: review.version.revision, sections: [{ key: "impact", markdown: "About 300 orders." }] });
      expect(reviewOf(edit).version).toMatchObject({ number: 2, status: "draft" });
      const v1 = reviewOf(await f.callers.analyst.get(`${base}?version=1`));
      expect(v1.version.sections.find((s) => s.key === "impact")?.markdown).toBe(review.version.sections.find((s) => s.key === "impact")?.markdown);
      expect(reviewOf(await f.callers.viewer.get(base)).versions.map((v) => v.number)).toEqual([1]);
      expect((await f.callers.viewer.get(`${base}?version=2`)).statusCode).toBe(404);
      expect((await f.callers.viewer.get(`${base}/compare?from=1&to=2`)).statusCode).toBe(404);

      const compared = await f.callers.member.get(`${base}/compare?from=1&to=2`);
      const comparison = (compared.json() as { comparison: { sections: { key: string; change: string; parts: { kind: string; text: string }[] }[] } }).comparison;
      const impact = comparison.sections.find((s) => s.key === "impact");
      expect(impact?.change).toBe("changed");
      expect(impact?.parts.filter((p) => p.kind === "added").map((p) => p.text).join("")).toContain("300");
      expect(comparison.sections.find((s) => s.key === "summary")?.change).toBe("same");
    });

    it("prunes references out of the section and keeps hint dismissals", async () => {
      const refs = (await f.callers.analyst.get(`${base}/references`)).json() as { references: { id: number; key: string }[] };
      const jira = refs.references.find((r) => r.key === "PAY-9");
      const pruned = await f.callers.analyst.patch(`${base}/references/${jira?.id}`, { pruned: true });
      expect(pruned.statusCode, pruned.body).toBe(200);
      const body = pruned.json() as { reference: { pruned: boolean }; review: ReviewBody };
      expect(body.reference.pruned).toBe(true);
      expect(body.review.version.sections.find((s) => s.key === "references")?.markdown ?? "").not.toContain("PAY-9");
      const dismissed = await f.callers.analyst.post(`${base}/dismissals`, { sectionKey: "narrative", category: "hindsight", text: "obviously", occurrence: 1 });
      expect(dismissed.statusCode, dismissed.body).toBe(201);
      const listed = (await f.callers.analyst.get(`${base}/dismissals`)).json() as { dismissals: { id: number; occurrence: number }[] };
      expect(listed.dismissals).toMatchObject([{ occurrence: 1 }]);
      expect((await f.callers.analyst.delete(`${base}/dismissals/${listed.dismissals[0]?.id}`)).statusCode).toBe(204);
      expect((await f.callers.analyst.delete(`${base}/dismissals/${listed.dismissals[0]?.id}`)).statusCode).toBe(404);
    });

    it("lets admins add templates and choose the default; analysts list them", async () => {
      const body = { name: "Short form", sections: [{ key: "summary", title: "Summary", help: "What happened, briefly." }], isDefault: true };
      expect((await f.callers.analyst.post("/api/review-templates", body)).statusCode).toBe(403);
      const created = await f.callers.admin.post("/api/review-templates", body);
      expect(created.statusCode, created.body).toBe(201);
      const listed = (await f.callers.analyst.get("/api/review-templates")).json() as { templates: { id: string; isDefault: boolean; builtIn: boolean }[] };
      expect(listed.templates.find((t) => t.isDefault)?.builtIn).toBe(false);
      const reset = await f.callers.admin.request({ method: "PUT", url: "/api/review-templates/default", payload: { templateId: "builtin:how-we-got-here" } });
      expect(reset.statusCode, reset.body).toBe(200);
      expect((await f.callers.admin.post("/api/review-templates", { ...body, sections: [{ key: "a", title: "A", help: "" }, { key: "a", title: "B", help: "" }] })).statusCode).toBe(400);
    });

    it("describes every review route in the OpenAPI document", async () => {
      const doc = (await f.anonymous.get("/api/openapi.json")).json() as { paths: Record<string, unknown> };
      for (const path of ["/api/incidents/{id}/review", "/api/incidents/{id}/review/transition", "/api/incidents/{id}/review/compare", "/api/incidents/{id}/review/comments/{commentId}", "/api/review-templates"]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });
  });
}
