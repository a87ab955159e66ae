import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../test/stores.js";
import { seedWorld, type World } from "../../test/server-harness.js";
import type { Store } from "../db/connection.js";
import { createFollowUp } from "./follow-ups.js";
import { draftReview, publishLatest, readReview, updateReview } from "./review.js";
import { exportReview } from "./review-export.js";

const DIAGRAM = "```mermaid\nflowchart LR\n  deploy[Timeout cut to 300 ms] --> retries[Retries pile up]\n```";

async function writtenReview(store: Store, world: World): Promise<void> {
  const incidentId = world.incidents.draft;
  await draftReview(store, { incidentId, userId: world.users.analyst.id, actor: "test" });
  const state = await readReview(store.db, incidentId);
  if (!state) throw new Error("no review");
  const result = await updateReview(store, {
    incidentId,
    version: state.version.number,
    revision: state.version.revision,
    sections: [
      { key: "summary", markdown: `Checkout failed for **38 minutes**. See [the first report](/incidents/${incidentId}/timeline?event=message:1).\n\n<script>alert("x")</script>` },
      { key: "narrative", markdown: `How it unfolded:\n\n${DIAGRAM}\n\n> I think it's the connection pool` },
    ],
    userId: world.users.analyst.id,
    actor: "test",
  });
  expect(result.kind).toBe("done");
  await publishLatest(store, { incidentId, userId: world.users.analyst.id, actor: "test" });
  await createFollowUp(store, { incidentId, title: "Alert on pool saturation", kind: "prevention", trackerUrl: "https://acme.atlassian.net/browse/PAY-7", createdBy: null, actor: "test" });
}

for (const kind of testStoreKinds()) {
  describe(`review export on ${kind.name}`, () => {
    let store: Store;
    let world: World;
    beforeAll(async () => {
      store = await kind.open();
      world = await seedWorld(store);
      await writtenReview(store, world);
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    it("exports Markdown with the title, version, sections and the follow-up tracker", async () => {
      const file = await exportReview(store.db, world.incidents.draft, { format: "md" });
      const text = file.body.toString("utf8");
      expect(file.contentType).toMatch(/^text\/markdown/);
      expect(file.filename).toBe(`incident-${world.incidents.draft}-checkout-failing-v1.md`);
      expect(text).toMatch(/^# Checkout failing\n\n_Incident \d+ · SEV1 · started 2024-03-14 02:00 UTC · review version 1, published \d{4}-\d\d-\d\d by Analyst User_/);
      expect(text).toContain("## Summary\n\nCheckout failed for **38 minutes**.");
      expect(text).toContain(DIAGRAM);
      expect(text).toContain("| Alert on pool saturation | prevention | — | — | open | [PAY-7](https://acme.atlassian.net/browse/PAY-7) |");
    });

    it("exports JSON as the documented document", async () => {
      const doc = JSON.parse((await exportReview(store.db, world.incidents.draft, { format: "json" })).body.toString("utf8")) as Record<string, unknown>;
      expect(doc).toMatchObject({ incident: { id: world.incidents.draft, title: "Checkout failing", severity: "SEV1" }, version: { number: 1, status: "published", publishedBy: "Analyst User" }, followUps: [{ title: "Alert on pool saturation", tracker: { key: "PAY-7" } }] });
      expect((doc.sections as { key: string }[]).map((s) => s.key)).toContain("narrative");
    });

    it("refuses a version that does not exist, naming it", async () => {
      await expect(exportReview(store.db, world.incidents.draft, { format: "md", version: 9 })).rejects.toThrow(/--version: .*no version 9/);
      await expect(exportReview(store.db, world.incidents.published, { format: "md" })).rejects.toThrow(/has no review yet/);
    });
  });
}

describe("review export through Chromium", () => {
  const [kind] = testStoreKinds();
  let store: Store;
  let world: World;
  beforeAll(async () => {
    if (!kind) throw new Error("no store kind");
    store = await kind.open();
    world = await seedWorld(store);
    await writtenReview(store, world);
  });
  afterAll(async () => {
    await store.close();
    await kind?.dispose();
  });

  it("exports self-contained HTML: styles inline, the diagram as SVG, no script, links made absolute", async () => {
    const html = (await exportReview(store.db, world.incidents.draft, { format: "html", baseUrl: "https://debrief.acme.example" })).body.toString("utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).toMatch(/<figure class="diagram"><svg[^>]*>[\s\S]*Retries pile up[\s\S]*<\/svg><\/figure>/);
    expect(html).not.toContain("<script");
    expect(html).toContain(`href="https://debrief.acme.example/incidents/${world.incidents.draft}/timeline?event=message:1"`);
    expect(html).toContain("<blockquote>");
  }, 60_000);

  it("prints a PDF", async () => {
    const file = await exportReview(store.db, world.incidents.draft, { format: "pdf" });
    expect(file.contentType).toBe("application/pdf");
    expect(file.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(file.body.length).toBeGreaterThan(5000);
  }, 60_000);

  it("says how to get Chromium when it is absent", async () => {
    const saved = process.env.DEBRIEF_CHROMIUM;
    process.env.DEBRIEF_CHROMIUM = "/nonexistent/chromium";
    try {
      await expect(exportReview(store.db, world.incidents.draft, { format: "pdf" })).rejects.toThrow(/PDF export needs Chromium, which is not at \/nonexistent\/chromium\. Install it with `apt-get install chromium`/);
    } finally {
      if (saved === undefined) delete process.env.DEBRIEF_CHROMIUM;
      else process.env.DEBRIEF_CHROMIUM = saved;
    }
  });
});
