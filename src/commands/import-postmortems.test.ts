import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itWithSamples, samplePath } from "../../test/shared-data.js";
import { snapshotStore } from "../../test/snapshot.js";
import { testStoreKinds } from "../../test/stores.js";
import type { Store } from "../db/connection.js";
import { importPostmortems } from "./import-postmortems.js";
import { readReview } from "./review.js";

const POSTHOG_SAMPLE = "postmortems/posthog_2025-09-29-flags-is-down.md";
const POSTHOG = samplePath(POSTHOG_SAMPLE);

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "debrief-postmortems-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const WITH_FRONT_MATTER = `---
title: Payments API returned 502s
date: 2024-03-14T02:00:00Z
severity: SEV1
services: [payments-api, ledger]
authors:
  - Priya Raman
  - Sam Okafor
---
Card payments failed for 38 minutes.

## Contributing factors

A shorter timeout met a slow replica.

\`\`\`mermaid
flowchart LR
  a --> b
\`\`\`

## Follow-ups
- Alert on pool saturation
`;

for (const kind of testStoreKinds()) {
  describe(`import postmortems on ${kind.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await kind.open();
      await store.db.insertInto("services").values({ name: "payments-api", kind: "component", systemName: null, description: null, lifecycle: null, catalogRef: null, pagerdutyServiceId: null, updatedAt: 0 }).execute();
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    itWithSamples([POSTHOG_SAMPLE], "imports a real write-up and hand-made ones as incidents with a published review, and a second run changes nothing", async () => {
      const dir = folder({ "2024/payments.md": WITH_FRONT_MATTER, "notes.txt": "not markdown" });
      const summary = await importPostmortems(store, [POSTHOG, dir], "test");
      expect(summary).toMatchObject({ files: 2, imported: 2, skipped: 0 });
      const [posthog, payments] = summary.incidents;
      expect(posthog?.title).toBe("PostHog Feature Flags Service Outage - September 29, 2025");
      expect(payments).toMatchObject({ title: "Payments API returned 502s", services: ["payments-api"], unknownServices: ["ledger"] });

      const incident = await store.db.selectFrom("incidents").selectAll().where("id", "=", posthog?.id ?? 0).executeTakeFirstOrThrow();
      expect(incident).toMatchObject({ status: "published", origin: "postmortem", startedAt: Date.parse("2025-09-29T00:00:00Z") });
      const review = await readReview(store.db, posthog?.id ?? 0, { publishedOnly: true });
      expect(review?.version).toMatchObject({ number: 1, status: "published" });
      expect(review?.sections.map((s) => s.title)).toEqual(["About this write-up", "Overview", "Summary", "Timeline", "Root Cause Analysis", "Impact", "Remediation", "Lessons Learned"]);
      expect(review?.sections.find((s) => s.key === "impact")?.markdown).toMatch(/^- 78% of feature flag evaluation requests failed/);

      const second = await readReview(store.db, payments?.id ?? 0, { publishedOnly: true });
      const paymentsIncident = await store.db.selectFrom("incidents").selectAll().where("id", "=", payments?.id ?? 0).executeTakeFirstOrThrow();
      expect(paymentsIncident).toMatchObject({ severity: "SEV1", startedAt: Date.parse("2024-03-14T02:00:00Z") });
      expect(second?.sections[0]?.markdown).toContain("Written by Priya Raman, Sam Okafor. Services: payments-api, ledger.");
      expect(second?.sections.map((s) => s.key)).toEqual(["imported_from", "overview", "contributing_factors", "follow_ups"]);
      expect(second?.sections[2]?.markdown).toContain("```mermaid");

      const before = await snapshotStore(store);
      const again = await importPostmortems(store, [POSTHOG, dir], "test");
      expect(again).toMatchObject({ imported: 0, skipped: 2 });
      const after = await snapshotStore(store);
      expect({ ...after, auditEvents: undefined }).toEqual({ ...before, auditEvents: undefined });
      expect(after.auditEvents?.length).toBe((before.auditEvents?.length ?? 0) + 1);
    });

    it("names every bad file with its line and imports none of the batch", async () => {
      const dir = folder({
        "good.md": "# A good one\n\nText.\n",
        "bad-date.md": "---\ntitle: Bad date\ndate: 2024-02-30\n---\nText\n",
        "bad-yaml.md": "---\ntitle: [unclosed\n---\n",
        "untitled.md": "Just text, no heading.\n",
      });
      const count = async () => (await store.db.selectFrom("incidents").select("id").execute()).length;
      const before = await count();
      const error = (await importPostmortems(store, [dir], "test").then(
        () => new Error("no error"),
        (e: unknown) => e as Error,
      )) as Error;
      expect(error.name).toBe("ImportError");
      expect(error.message).toMatch(/bad-date\.md:3: date: "2024-02-30" is not a date/);
      expect(error.message).toMatch(/bad-yaml\.md:2: front matter is not valid YAML/);
      expect(error.message).toMatch(/untitled\.md:1: no title/);
      expect(error.message).not.toMatch(/good\.md/);
      expect(await count()).toBe(before);
    });
  });
}
