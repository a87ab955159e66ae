import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";
import { draftReview, publishLatest } from "../../../commands/review.js";

const [kind] = testStoreKinds();

describe("GET /api/incidents/:id/review/export", () => {
  let f: ServerFixture;
  beforeAll(async () => {
    if (!kind) throw new Error("no store kind");
    f = await startFixture(kind);
    await draftReview(f.store, { incidentId: f.world.incidents.published, userId: null, actor: "test" });
    await publishLatest(f.store, { incidentId: f.world.incidents.published, userId: null, actor: "test" });
    await draftReview(f.store, { incidentId: f.world.incidents.draft, userId: null, actor: "test" });
  });
  afterAll(() => f.close());

  it("answers the published review as a Markdown attachment to a viewer", async () => {
    const response = await f.callers.viewer.get(`/api/incidents/${f.world.incidents.published}/review/export?format=md`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/markdown/);
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="incident-\d+-slow-logins-v1\.md"$/);
    expect(response.body).toMatch(/^# Slow logins\n/);
  });

  it("answers JSON and HTML without diagrams, and refuses an unknown format", async () => {
    const json = await f.callers.member.get(`/api/incidents/${f.world.incidents.draft}/review/export?format=json`);
    expect(json.statusCode).toBe(200);
    expect((JSON.parse(json.body) as { version: { status: string } }).version.status).toBe("draft");
    const html = await f.callers.member.get(`/api/incidents/${f.world.incidents.draft}/review/export?format=html`);
    expect(html.headers["content-type"]).toMatch(/^text\/html/);
    expect(html.body).toContain("<style>");
    expect((await f.callers.member.get(`/api/incidents/${f.world.incidents.draft}/review/export?format=docx`)).statusCode).toBe(400);
  });

  it("keeps unpublished reviews from viewers", async () => {
    expect((await f.callers.viewer.get(`/api/incidents/${f.world.incidents.draft}/review/export?format=md`)).statusCode).toBe(404);
  });
});
