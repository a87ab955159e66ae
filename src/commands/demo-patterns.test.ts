import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../analysis/insights/index.js";
import { ensureFirstAdmin } from "../cli/serve.js";
import type { DriftRow, FatigueRow, ServiceRow, SiloRow, SiloServiceRow } from "../core/insights.js";
import type { LearningDashboard } from "../core/learning.js";
import { openStore, type Store } from "../db/connection.js";
import { type DemoManifest, FAILING_SERVICE_INCIDENTS, FORMER_OWNER_YEARS, NIGHT_WEEK_NIGHTS, generateDemo } from "../demo/index.js";
import { localHour, zoneOffsetMinutes } from "../demo/time.js";
import { runInsight } from "./insights.js";
import { learningDashboard } from "./learning-dashboard.js";
import { seedLearningDemo } from "./learning-demo.js";
import { loadDemo } from "./load-demo.js";

/*
 * The demo `npm start` loads (seed 42, 20,000 messages, then the learning demo), and
 * what the insights report on it: every pattern planted in the demo company is found,
 * with the people, service and figures the README's "Where to look in the demo" names.
 */

const WEEK = 7 * 86_400_000;
const ALL = { from: null, to: null, team: null };

let dir: string;
let store: Store;
let manifest: DemoManifest;
/** Demo incident id (`INC-0053`) to its incident channel, as the insights name it. */
let channelOf: Map<string, string>;
let nameOf: (email: string) => string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "debrief-patterns-"));
  const demo = generateDemo({ outDir: join(dir, "demo"), seed: 42, messages: 20_000 });
  manifest = JSON.parse(readFileSync(demo.manifestPath, "utf8")) as DemoManifest;
  channelOf = new Map(manifest.incidents.map((i) => [i.id, i.channel]));
  store = await openStore({ url: join(dir, "debrief.db") });
  await loadDemo(store, demo, "test");
  await ensureFirstAdmin(store);
  await seedLearningDemo(store, { actor: "test" });
  const people = await store.db.selectFrom("people").select(["name", "email"]).execute();
  const names = new Map(people.map((p) => [p.email, p.name]));
  nameOf = (email) => names.get(email) ?? `(nobody with ${email})`;
}, 240_000);

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const channels = (ids: readonly string[]) => ids.map((id) => channelOf.get(id));

describe("the patterns planted in the npm start demo", () => {
  it("plants every pattern", () => {
    expect(manifest.patterns.nightWeek?.incidentIds).toHaveLength(NIGHT_WEEK_NIGHTS);
    expect(manifest.patterns.failingService?.incidentIds).toHaveLength(FAILING_SERVICE_INCIDENTS);
    expect(manifest.patterns.silo?.incidentIds).toEqual(manifest.patterns.failingService?.incidentIds);
    expect(manifest.patterns.failingService?.incidentIds).toContain(manifest.patterns.formerOwner?.incidentId);
  });

  it("lists the silo expert first among knowledge silos, and for the failing service", async () => {
    const silo = manifest.patterns.silo;
    const failing = manifest.patterns.failingService;
    const result = (await runInsight(store.db, "silos", ALL)) as { rows: SiloRow[]; services: SiloServiceRow[] };
    const first = result.rows[0];
    expect(first?.person.email).toBe(silo?.person.email);
    expect(first?.count).toBeGreaterThanOrEqual(FAILING_SERVICE_INCIDENTS);
    expect(first?.count).toBeGreaterThan(result.rows[1]?.count ?? 0);
    expect(first?.incidents.map((i) => i.channel)).toEqual(expect.arrayContaining(channels(silo?.incidentIds ?? [])));
    // Pulled in from their own team, which owns none of the failing service's incidents.
    expect(new Set(first?.teams)).toEqual(new Set([silo?.team]));
    expect(silo?.team).not.toBe(failing?.team);
    const service = result.services.find((s) => s.service.name === failing?.service);
    expect(service?.people[0]?.person.email).toBe(silo?.person.email);
    expect(service?.people[0]?.count).toBeGreaterThanOrEqual(FAILING_SERVICE_INCIDENTS);
  });

  it("reports the night-week person paged six nights in a row in the week the clocks changed in their zone", async () => {
    const week = manifest.patterns.nightWeek;
    if (!week) throw new Error("no night week planted");
    const from = Date.parse(`${week.weekStart}T00:00:00Z`);
    const change = Date.parse(week.clockChange);
    // The change is real: their zone's offset differs on either side of it, inside the week.
    expect(change).toBeGreaterThan(from);
    expect(change).toBeLessThan(from + WEEK);
    expect(zoneOffsetMinutes(change - 60_000, week.timezone)).not.toBe(zoneOffsetMinutes(change, week.timezone));
    expect(zoneOffsetMinutes(from, week.timezone)).not.toBe(zoneOffsetMinutes(from + WEEK - 1, week.timezone));

    const result = (await runInsight(store.db, "fatigue", ALL)) as { rows: FatigueRow[] };
    const row = result.rows.find((r) => r.person.email === week.person.email && r.week === isoWeek(from));
    expect(row).toBeDefined();
    expect(row?.timezone).toBe(week.timezone);
    expect(row?.pages).toBeGreaterThanOrEqual(NIGHT_WEEK_NIGHTS);
    expect(row?.offHoursPages).toBeGreaterThanOrEqual(NIGHT_WEEK_NIGHTS);
    expect(row?.maxConsecutiveNights).toBeGreaterThanOrEqual(NIGHT_WEEK_NIGHTS);
    // Nobody else had as many nights in a row in any week.
    const others = result.rows.filter((r) => r !== row).map((r) => r.maxConsecutiveNights ?? 0);
    expect(Math.max(...others)).toBeLessThan(row?.maxConsecutiveNights ?? 0);
    // One of the pages came after the clocks changed, still in the small hours by their new time.
    const pages = (row?.evidence ?? []).map((e) => Date.parse(e.at));
    const after = pages.filter((at) => at > change);
    expect(after.length).toBeGreaterThan(0);
    for (const at of after) expect(localHour(at, week.timezone)).toBeLessThan(5);
  });

  it("reports the former owner asked back years after leaving the failing service's team", async () => {
    const former = manifest.patterns.formerOwner;
    if (!former) throw new Error("no former owner planted");
    const result = (await runInsight(store.db, "drift", ALL)) as { rows: DriftRow[] };
    const row = result.rows.find((r) => r.person.email === former.person.email && r.team === former.team);
    expect(row?.leftOn).toBe(former.leftOn);
    expect(row?.yearsSince).toBeGreaterThanOrEqual(FORMER_OWNER_YEARS);
    expect(row?.incidents.map((i) => i.channel)).toContain(channelOf.get(former.incidentId));
  });

  it("lists the failing service first among recurring services", async () => {
    const failing = manifest.patterns.failingService;
    const result = (await runInsight(store.db, "services", ALL)) as { rows: ServiceRow[] };
    const first = result.rows[0];
    expect(first?.service.name).toBe(failing?.service);
    expect(first?.incidents).toBeGreaterThan(FAILING_SERVICE_INCIDENTS);
    expect(first?.incidents).toBeGreaterThan(result.rows[1]?.incidents ?? 0);
    expect(first?.owningTeams).toEqual([failing?.team]);
    expect(first?.incidentList.map((i) => i.channel)).toEqual(expect.arrayContaining(channels(failing?.incidentIds ?? [])));
    expect(first?.contributors.map((c) => c.person.email)).toContain(manifest.patterns.silo?.person.email);
  });

  it("warns on the learning dashboard of a review meeting where one person did most of the talking", async () => {
    const dashboard: LearningDashboard = await learningDashboard(store, {});
    const dominated = dashboard.flags.filter((f) => f.kind === "dominated_meeting");
    expect(dominated.length).toBeGreaterThan(0);
    for (const flag of dominated) {
      expect(flag.link).toMatch(/^\/incidents\/\d+\/meetings\/\d+$/);
      // The speaker is named as the directory names them.
      const [, speaker] = /: (.+) spoke \d+% of the \d+ words/.exec(flag.message) ?? [];
      expect(speaker && (await store.db.selectFrom("people").select("id").where("name", "=", speaker).executeTakeFirst())).toBeTruthy();
    }
  });

  it("names the README's people and services", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const at = readme.indexOf("### Where to look in the demo");
    expect(at).toBeGreaterThan(0);
    const section = readme.slice(at, readme.indexOf("\n## ", at));
    const p = manifest.patterns;
    for (const name of [p.silo && nameOf(p.silo.person.email), p.nightWeek && nameOf(p.nightWeek.person.email), p.formerOwner && nameOf(p.formerOwner.person.email), p.failingService?.service]) {
      expect(section).toContain(name);
    }
  });
});
