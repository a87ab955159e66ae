import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Participant } from "../analysis/people-breakdown.js";
import type { Store } from "../db/connection.js";
import { listIncidents } from "./incident-views.js";
import { type DemoResult, generateDemo } from "../demo/index.js";
import { testStoreKinds } from "../../test/stores.js";
import { countingDb } from "../../test/query-counter.js";
import { incidentPeople, incidentsPeople } from "./incident-people.js";
import { loadDemo } from "./load-demo.js";

interface PlannedPerson {
  email: string;
  how: "paged" | "mentioned" | "invited" | "dm" | "joined";
  onCall: boolean;
}
interface PlannedIncident {
  channel: string;
  pagerduty: { id: string };
  people: PlannedPerson[];
}

/*
 * The whole pipeline on the demo company: generated people, catalog, Slack and
 * PagerDuty, imported as a team would, then the people breakdown of every incident
 * checked against the plan the generator wrote the story from.
 */
const demo: DemoResult = generateDemo({ seed: 3, messages: 8000, outDir: mkdtempSync(join(tmpdir(), "debrief-demo-")) });
const manifest = JSON.parse(readFileSync(demo.manifestPath, "utf8")) as { incidents: PlannedIncident[]; busyWeek: { person: { email: string } } };

for (const kind of testStoreKinds()) {
  describe(`the demo company on ${kind.name}`, () => {
    let store: Store;
    const breakdowns = new Map<string, Participant[]>();
    const linked = new Map<string, string[]>();
    beforeAll(async () => {
      store = await kind.open();
      await loadDemo(store, demo, "test");
      for (const listing of await listIncidents(store)) {
        const result = await incidentPeople(store.db, listing.incident.id);
        const channel = listing.channels[0] ?? "";
        breakdowns.set(channel, result?.participants ?? []);
        const sources = await store.db.selectFrom("incidentSources").select("externalId").where("incidentId", "=", listing.incident.id).where("kind", "=", "pagerduty_incident").execute();
        linked.set(channel, sources.map((s) => s.externalId ?? ""));
      }
    });
    afterAll(async () => {
      await store.close();
      await kind.dispose();
    });

    it("gives the same breakdowns loaded as a batch as one by one, in the same number of queries for 3 incidents as for all", async () => {
      const ids = (await listIncidents(store)).map((l) => l.incident.id);
      expect(ids.length).toBeGreaterThan(3);
      const few = countingDb(store.db);
      await incidentsPeople(few.db, ids.slice(0, 3));
      const all = countingDb(store.db);
      const batch = await incidentsPeople(all.db, ids);
      expect(all.counter.count).toBe(few.counter.count);
      expect(all.counter.count).toBeLessThan(20);
      const single = countingDb(store.db);
      for (const id of ids) expect(batch.get(id), `incident ${id}`).toEqual(await incidentPeople(single.db, id));
      expect(single.counter.count).toBeGreaterThanOrEqual(ids.length * 10);
    });

    it("turns every incident channel into an incident linked to its PagerDuty incident", () => {
      expect(breakdowns.size).toBe(manifest.incidents.length);
      for (const plan of manifest.incidents) expect(linked.get(plan.channel), plan.channel).toContain(plan.pagerduty.id);
    });

    it("shows every kind of involvement, former owners, off-hours pages and a person paged again and again", () => {
      const all = [...breakdowns.values()].flat();
      for (const how of ["paged", "mentioned", "invited", "self"]) expect(all.filter((p) => p.involvement === how).length, how).toBeGreaterThan(0);
      expect(all.some((p) => p.formerOwner !== null)).toBe(true);
      expect(all.some((p) => p.involvement === "paged" && p.offHours === true)).toBe(true);
      expect(all.some((p) => !p.onCall && !p.onOwningTeam)).toBe(true);
      const busy = all.filter((p) => p.person.email === manifest.busyWeek.person.email);
      expect(Math.max(...busy.map((p) => p.pagesPrior7d))).toBeGreaterThanOrEqual(3);
    });

    it("agrees with the story the generator planned", () => {
      let paged = 0;
      let pagedAsPlanned = 0;
      for (const plan of manifest.incidents) {
        const participants = new Map((breakdowns.get(plan.channel) ?? []).map((p) => [p.person.email, p]));
        for (const planned of plan.people) {
          const got = participants.get(planned.email);
          expect(got, `${plan.channel}: ${planned.email}`).toBeDefined();
          if (!got) continue;
          if (planned.onCall) expect(got.onCall, `${plan.channel}: ${planned.email} on call`).toBe(true);
          if (planned.how === "invited" || planned.how === "mentioned") expect(got.involvement, `${plan.channel}: ${planned.email}`).toBe(planned.how);
          // A page can follow an @-mention of the same person ("paging @sam"): the mention came first.
          if (planned.how === "paged") {
            expect(["paged", "mentioned"], `${plan.channel}: ${planned.email}`).toContain(got.involvement);
            paged += 1;
            if (got.involvement === "paged") pagedAsPlanned += 1;
          }
          if (planned.how === "joined" || planned.how === "dm") expect(["self", "mentioned"], `${plan.channel}: ${planned.email}`).toContain(got.involvement);
        }
      }
      expect(pagedAsPlanned / paged).toBeGreaterThan(0.75);
    });

    it("loads the same demo again without adding anything", async () => {
      const again = await loadDemo(store, demo, "test");
      expect(again.slack.added).toBe(0);
      expect(again.pagerduty.added).toBe(0);
      expect(again.people.created).toBe(0);
      expect(again.catalog.ownersChanged).toBe(0);
    });
  });
}
