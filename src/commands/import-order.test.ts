import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PeopleBreakdown } from "../analysis/people-breakdown.js";
import type { Store } from "../db/connection.js";
import { listIncidents } from "../db/repositories/incidents.js";
import { type DemoResult, generateDemo } from "../demo/index.js";
import { testStoreKinds } from "../../test/stores.js";
import { importCatalog } from "./import-catalog.js";
import { importPagerduty } from "./import-pagerduty.js";
import { importPeople } from "./import-people.js";
import { importSlackExport } from "./import-slack-export.js";
import { incidentPeople } from "./incident-people.js";

/*
 * The people breakdown must not depend on the order the four sources were imported in:
 * every derived link (identities to people, PagerDuty services to catalog services,
 * incidents to the services involved) has to be made whichever import comes last.
 */

type Source = "people" | "catalog" | "pagerduty" | "slack";
const SOURCES: Source[] = ["people", "catalog", "pagerduty", "slack"];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const demo: DemoResult = generateDemo({ seed: 11, messages: 1500, outDir: mkdtempSync(join(tmpdir(), "debrief-order-")) });

async function importSource(store: Store, source: Source): Promise<void> {
  if (source === "people") await importPeople(store, { path: demo.peopleCsvPath, teamsPath: demo.teamHistoryCsvPath, actor: "test" });
  else if (source === "catalog") await importCatalog(store, { paths: [demo.catalogPath], actor: "test" });
  else if (source === "pagerduty") await importPagerduty(store, { path: demo.pagerdutyDir, actor: "test" });
  else await importSlackExport(store, { path: demo.exportPath, actor: "test" });
}

/** Every incident's breakdown, by channel, without the row ids that depend on insertion order. */
async function breakdowns(store: Store): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const listing of await listIncidents(store.db)) {
    const breakdown = (await incidentPeople(store.db, listing.incident.id)) as PeopleBreakdown;
    const nameOf = new Map(breakdown.participants.map((p) => [p.person.id, p.person.email ?? p.person.name]));
    const names = (ids: number[]) => ids.map((id) => nameOf.get(id)).sort();
    result[listing.channels.join(",")] = {
      participants: breakdown.participants
        .map(({ person, involvedBy, evidence, ...rest }) => ({
          ...rest,
          person: person.email ?? person.name,
          involvedBy: involvedBy?.name ?? null,
          // Which figures have evidence behind them; the ids themselves differ by order.
          evidence: Object.fromEntries(Object.entries(evidence).map(([key, value]) => [key, Array.isArray(value) ? value.length : value !== null])),
        }))
        .sort((a, b) => a.person.localeCompare(b.person)),
      summary: {
        ...breakdown.summary,
        firstPage: breakdown.summary.firstPage?.at ?? null,
        firstAcknowledgement: breakdown.summary.firstAcknowledgement?.at ?? null,
        resolution: breakdown.summary.resolution?.at ?? null,
        neitherOnCallNorOwningTeam: names(breakdown.summary.neitherOnCallNorOwningTeam.personIds),
        offHours: names(breakdown.summary.offHours.personIds),
        formerOwners: names(breakdown.summary.formerOwners.personIds),
      },
    };
  }
  return result;
}

// SQLite only: 24 full pipelines; the SQL is the same on PostgreSQL, where the
// repositories' own tests run.
const sqlite = testStoreKinds().find((kind) => kind.name === "sqlite");
if (!sqlite) throw new Error("no sqlite store kind");

describe("import order", () => {
  afterAll(() => sqlite.dispose());
  const orders = permutations(SOURCES);
  let reference: Record<string, unknown> | undefined;

  it("has 24 orders to try and a reference with owners, former owners and people on call", async () => {
    expect(orders).toHaveLength(24);
    const store = await sqlite.open();
    try {
      for (const source of SOURCES) await importSource(store, source);
      reference = await breakdowns(store);
    } finally {
      await store.close();
    }
    const rows = Object.values(reference).flatMap((b) => (b as { participants: { onOwningTeam: boolean; formerOwner: unknown; onCall: boolean }[] }).participants);
    expect(Object.keys(reference).length).toBeGreaterThan(0);
    expect(rows.filter((p) => p.onOwningTeam).length).toBeGreaterThan(0);
    expect(rows.filter((p) => p.formerOwner !== null).length).toBeGreaterThan(0);
    expect(rows.filter((p) => p.onCall).length).toBeGreaterThan(0);
  });

  for (const order of orders) {
    it(`gives the same people breakdown for ${order.join(", ")}`, async () => {
      const store = await sqlite.open();
      try {
        for (const source of order) await importSource(store, source);
        expect(await breakdowns(store)).toEqual(reference);
      } finally {
        await store.close();
      }
    });
  }
});
