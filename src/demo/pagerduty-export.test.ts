import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithSamples, externalSample } from "../../test/shared-data.js";
import { ZipReader } from "../importers/zip/zip-reader.js";
import { type DemoManifest, type DemoResult, generateDemo } from "./index.js";
import { DAY_MS, isOffHours, localHour } from "./time.js";

type Json = Record<string, unknown>;
interface Ref {
  id: string;
  type: string;
  summary: string;
}

const TOP_LEVEL_KEYS = ["incidents", "log_entries", "oncalls", "users", "services", "escalation_policies", "schedules"] as const;

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Every file of the folder, parsed. */
function readFolder(dir: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const name of readdirSync(dir).sort()) out.set(name, JSON.parse(readFileSync(join(dir, name), "utf8")) as Json);
  return out;
}

/** The items of one collection, across its pages in page order. */
function collection(files: Map<string, Json>, name: string, key: string): Json[] {
  const single = files.get(`${name}.json`);
  if (single) return single[key] as Json[];
  const out: Json[] = [];
  for (let page = 1; files.has(`${name}-page-${page}.json`); page += 1) out.push(...((files.get(`${name}-page-${page}.json`) as Json)[key] as Json[]));
  return out;
}

/** The API examples' bodies, from the PagerDuty OpenAPI document. */
function apiExample(path: string): Json {
  const examples = JSON.parse(readFileSync(externalSample("pagerduty/api-schema_openapi_GET_examples.json"), "utf8")) as Record<string, Record<string, { value: Json }>>;
  const first = Object.values(examples[path] ?? {})[0];
  if (!first) throw new Error(`no example for ${path}`);
  return first.value;
}

describeWithSamples(["pagerduty/api-schema_openapi_GET_examples.json"], "the demo's PagerDuty export", () => {
  let dir: string;
  let result: DemoResult;
  let manifest: DemoManifest;
  let files: Map<string, Json>;
  let users: Json[];
  let incidents: Json[];
  let oncalls: Json[];
  let logs: Map<string, Json[]>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "debrief-demo-pd-"));
    result = generateDemo({ outDir: join(dir, "main"), messages: 4000, seed: 7 });
    manifest = JSON.parse(readFileSync(result.manifestPath, "utf8")) as DemoManifest;
    files = readFolder(result.pagerdutyDir);
    users = collection(files, "users", "users");
    incidents = collection(files, "incidents", "incidents");
    oncalls = collection(files, "oncalls", "oncalls");
    logs = new Map(incidents.map((i) => [String(i.id), collection(files, `log_entries-${String(i.id)}`, "log_entries")]));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports its paths and lists the new files in the manifest", () => {
    expect(result.pagerdutyDir).toBe(join(dir, "main", "pagerduty"));
    expect(result.catalogPath).toBe(join(dir, "main", "catalog-info.yaml"));
    expect(manifest.files).toMatchObject({ pagerduty: "pagerduty", catalog: "catalog-info.yaml" });
    expect([...manifest.pagerduty.files].sort()).toEqual([...files.keys()].sort());
  });

  it("writes byte-identical files for the same seed, and other data for another seed", () => {
    const again = generateDemo({ outDir: join(dir, "again"), messages: 4000, seed: 7 });
    const names = readdirSync(result.pagerdutyDir).sort();
    expect(readdirSync(again.pagerdutyDir).sort()).toEqual(names);
    for (const name of names) expect(sha256(join(again.pagerdutyDir, name)), name).toBe(sha256(join(result.pagerdutyDir, name)));
    expect(sha256(again.catalogPath)).toBe(sha256(result.catalogPath));
    expect(sha256(again.manifestPath)).toBe(sha256(result.manifestPath));
    const other = generateDemo({ outDir: join(dir, "other"), messages: 4000, seed: 8 });
    expect(readdirSync(other.pagerdutyDir).sort()).not.toEqual(names);
  });

  it("writes only JSON bodies with exactly one collection key, paged like the API", () => {
    for (const [name, body] of files) {
      const keys = TOP_LEVEL_KEYS.filter((k) => k in body);
      expect(keys, name).toHaveLength(1);
      expect(Array.isArray(body[keys[0] as string]), name).toBe(true);
      expect(body, name).toMatchObject({ limit: 100, offset: expect.any(Number), more: expect.any(Boolean), total: expect.any(Number) });
    }
    const groups = new Map<string, string[]>();
    for (const name of files.keys()) {
      const base = name.replace(/(-page-\d+)?\.json$/, "");
      groups.set(base, [...(groups.get(base) ?? []), name]);
    }
    for (const [base, names] of groups) {
      const key = base.startsWith("log_entries-") ? "log_entries" : base;
      if (names.length === 1 && names[0] === `${base}.json`) {
        const body = files.get(`${base}.json`) as Json;
        expect((body[key] as Json[]).length, base).toBeLessThanOrEqual(100);
        expect(body, base).toMatchObject({ offset: 0, more: false, total: (body[key] as Json[]).length });
        continue;
      }
      const pages = names.map((n) => files.get(n) as Json).sort((a, b) => Number(a.offset) - Number(b.offset));
      expect(names, base).toHaveLength(pages.length);
      const total = pages.reduce((sum, p) => sum + (p[key] as Json[]).length, 0);
      expect(total, base).toBeGreaterThan(100);
      pages.forEach((p, k) => {
        expect(p.offset, base).toBe(k * 100);
        expect(p.more, base).toBe(k < pages.length - 1);
        expect(p.total, base).toBe(total);
        expect(files.has(`${base}-page-${k + 1}.json`), base).toBe(true);
      });
    }
    expect(groups.has("oncalls")).toBe(true);
    expect(files.has("oncalls-page-2.json")).toBe(true);
  });

  it("uses every field the API's own examples have", () => {
    const keysOf = (o: Json): string[] => Object.keys(o).sort();
    const missing = (ours: Json, example: Json, allowed: string[] = []): string[] => keysOf(example).filter((k) => !(k in ours) && !allowed.includes(k));
    const example = (path: string, key: string): Json => (apiExample(path)[key] as Json[])[0] as Json;
    // The demo has no conference bridges and no alert grouping configured.
    expect(missing(incidents[0] as Json, example("/incidents", "incidents"), ["conference_bridge", "alert_grouping"])).toEqual([]);
    expect(missing(users[0] as Json, example("/users", "users"))).toEqual([]);
    expect(missing(oncalls[0] as Json, example("/oncalls", "oncalls"))).toEqual([]);
    expect(missing(collection(files, "schedules", "schedules")[0] as Json, example("/schedules", "schedules"))).toEqual([]);
    const trigger = [...logs.values()][0]?.[0] as Json;
    expect(missing(trigger, example("/incidents/{id}/log_entries", "log_entries"))).toEqual([]);
    expect(keysOf(trigger.agent as Json)).toEqual(keysOf(example("/incidents/{id}/log_entries", "log_entries").agent as Json));
    expect(keysOf((oncalls[0] as Json).user as Json)).toEqual(keysOf(example("/oncalls", "oncalls").user as Json));
  });

  it("lists users with their PagerDuty ids from the company, and services with the manifest's ids", () => {
    const people = new Map(manifest.goToExperts.map((e) => [e.email, e]));
    const byEmail = new Map(users.map((u) => [String(u.email), u]));
    for (const email of people.keys()) expect(byEmail.has(email)).toBe(true);
    const csv = readFileSync(result.peopleCsvPath, "utf8").split("\r\n").slice(1).filter(Boolean).map((line) => line.split(","));
    const pdIdByEmail = new Map(csv.map((r) => [r[0], r[3]]));
    for (const u of users) {
      expect(u.type).toBe("user");
      expect(u.id).toBe(pdIdByEmail.get(String(u.email)));
      expect(u.summary).toBe(u.name);
      expect(typeof u.time_zone).toBe("string");
    }
    const services = collection(files, "services", "services");
    expect(services.map((s) => s.id).sort()).toEqual(manifest.services.map((s) => s.pagerdutyServiceId).sort());
    const policies = new Set(collection(files, "escalation_policies", "escalation_policies").map((p) => p.id));
    for (const s of services) expect(policies.has((s.escalation_policy as Ref).id)).toBe(true);
    for (const p of collection(files, "escalation_policies", "escalation_policies")) {
      const rules = p.escalation_rules as { escalation_delay_in_minutes: number; targets: Ref[] }[];
      expect(rules.map((r) => r.targets[0]?.type)).toEqual(["schedule_reference", "schedule_reference"]);
    }
  });

  it("has one incident per demo incident, with the manifest's id, number and URL", () => {
    const byId = new Map(incidents.map((i) => [String(i.id), i]));
    for (const m of manifest.incidents) {
      const pd = byId.get(m.pagerduty.id);
      expect(pd, m.id).toBeDefined();
      expect(pd?.incident_number).toBe(m.pagerduty.number);
      expect(pd?.html_url).toBe(m.pagerduty.url);
      expect(pd?.summary).toBe(`[#${m.pagerduty.number}] ${m.title}`);
      expect(pd?.status).toBe("resolved");
      expect(pd?.created_at).toBe(`${m.detectedAt.slice(0, 19)}Z`);
      expect(pd?.resolved_at).toBe(`${m.resolvedAt.slice(0, 19)}Z`);
      expect((pd?.priority as Ref).summary).toBe(m.severity.replace("SEV", "P"));
    }
    const numbers = incidents.map((i) => Number(i.incident_number));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // Background pages fill the numbers the Slack incidents skipped, in time order.
    const created = incidents.map((i) => Date.parse(String(i.created_at)));
    const inversions = created.filter((t, k) => k > 0 && t < (created[k - 1] as number)).length;
    expect(inversions).toBeLessThanOrEqual(2);
  });

  it("posts each incident's PagerDuty URL in the Slack export", () => {
    const zip = ZipReader.open(result.exportPath);
    try {
      const text = zip.entries.filter((e) => e.name.endsWith(".json")).map((e) => zip.read(e).toString("utf8")).join("\n");
      for (const m of manifest.incidents) {
        const pd = incidents.find((i) => i.id === m.pagerduty.id);
        expect(text.includes(String(pd?.html_url)), m.channel).toBe(true);
      }
    } finally {
      zip.close();
    }
  });

  it("keeps log entries in time order, each naming an existing incident and existing users", () => {
    const incidentIds = new Set(incidents.map((i) => String(i.id)));
    const userIds = new Set(users.map((u) => String(u.id)));
    const serviceIds = new Set(collection(files, "services", "services").map((s) => String(s.id)));
    const entryIds = new Set<string>();
    for (const [incidentId, entries] of logs) {
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(entries[0]?.type).toBe("trigger_log_entry");
      expect(entries[entries.length - 1]?.type).toBe("resolve_log_entry");
      let previous = "";
      for (const e of entries) {
        expect(String(e.id)).toMatch(/^[A-Z0-9]{14}$/);
        expect(entryIds.has(String(e.id))).toBe(false);
        entryIds.add(String(e.id));
        expect(String(e.created_at) >= previous).toBe(true);
        previous = String(e.created_at);
        expect(e.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        const incident = e.incident as Ref;
        expect(incident.id).toBe(incidentId);
        expect(incidentIds.has(incident.id)).toBe(true);
        expect(incident.type).toBe("incident_reference");
        const agent = e.agent as Ref;
        if (agent.type === "user_reference") expect(userIds.has(agent.id)).toBe(true);
        else expect(agent.type === "service_reference" && serviceIds.has(agent.id)).toBe(true);
        expect(typeof (e.channel as Json).type).toBe("string");
        if (e.type === "notify_log_entry") {
          expect(userIds.has((e.user as Ref).id)).toBe(true);
          expect(["sms", "phone", "push_notification", "email"]).toContain((e.channel as Json).type);
        }
        if (e.type === "assign_log_entry" || e.type === "escalate_log_entry") {
          const assignees = e.assignees as Ref[];
          expect(assignees.length).toBeGreaterThan(0);
          for (const a of assignees) expect(userIds.has(a.id)).toBe(true);
        }
        if (e.type === "escalate_log_entry") expect(e.channel).toEqual({ type: "timeout" });
        if (e.type === "trigger_log_entry") expect(e.channel).toEqual({ type: "api" });
        if (e.type === "acknowledge_log_entry") expect(agent.type).toBe("user_reference");
      }
    }
    const counts: Record<string, number> = {};
    for (const entries of logs.values()) for (const e of entries) counts[String(e.type)] = (counts[String(e.type)] ?? 0) + 1;
    expect(counts).toEqual(manifest.pagerduty.logEntriesByType);
  });

  it("follows the scenario's pages: the on-call notified first, escalations, responder requests, acknowledgement, resolution", () => {
    const userBySlack = new Map<string, string>();
    const csv = readFileSync(result.peopleCsvPath, "utf8").split("\r\n").slice(1).filter(Boolean).map((line) => line.split(","));
    for (const r of csv) userBySlack.set(String(r[2]), String(r[3]));
    let escalations = 0;
    let responders = 0;
    for (const m of manifest.incidents) {
      const entries = logs.get(m.pagerduty.id) ?? [];
      const onCall = userBySlack.get(m.onCall.slackUserId);
      const notified = entries.filter((e) => e.type === "notify_log_entry");
      expect((notified[0]?.user as Ref).id, m.id).toBe(onCall);
      const ack = entries.find((e) => e.type === "acknowledge_log_entry");
      expect((ack?.agent as Ref).id, m.id).toBe(onCall);
      expect(ack?.created_at).toBe(`${m.acknowledgedAt.slice(0, 19)}Z`);
      const resolve = entries.find((e) => e.type === "resolve_log_entry");
      expect((resolve?.agent as Ref).id).toBe(userBySlack.get(m.commander.slackUserId));
      for (const page of m.pages) {
        const pdUser = userBySlack.get(page.slackUserId);
        expect(notified.some((e) => (e.user as Ref).id === pdUser && String(e.created_at) >= `${page.at.slice(0, 19)}Z`), `${m.id} ${page.kind}`).toBe(true);
        if (page.kind === "escalation") {
          escalations += 1;
          const escalate = entries.find((e) => e.type === "escalate_log_entry");
          expect((escalate?.assignees as Ref[])[0]?.id).toBe(pdUser);
        }
        if (page.kind === "responder_request") responders += 1;
      }
    }
    expect(escalations + responders).toBeGreaterThan(0);
  });

  it("has the scenario's on-call person on a level-1 shift at each incident's start and detection", () => {
    const byEmail = new Map(users.map((u) => [String(u.email), String(u.id)]));
    for (const m of manifest.incidents) {
      const user = byEmail.get(m.onCall.email);
      for (const at of [Date.parse(m.startedAt), Date.parse(m.detectedAt)]) {
        const covering = oncalls.filter(
          (o) => (o.user as Ref).id === user && o.escalation_level === 1 && Date.parse(String(o.start)) <= at && at < Date.parse(String(o.end)),
        );
        expect(covering.length, `${m.id} ${m.onCall.email}`).toBe(1);
        expect((covering[0]?.escalation_policy as Ref).summary).toContain(manifest.teams.find((t) => t.key === m.owningTeam)?.name ?? "?");
      }
    }
  });

  it("writes on-call shifts with offsets, back to back and never overlapping within a schedule", () => {
    const bySchedule = new Map<string, Json[]>();
    for (const o of oncalls) {
      expect(o.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(o.end).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      const id = (o.schedule as Ref).id;
      bySchedule.set(id, [...(bySchedule.get(id) ?? []), o]);
    }
    expect(bySchedule.size).toBe(collection(files, "schedules", "schedules").length);
    for (const shifts of bySchedule.values()) {
      shifts.sort((a, b) => Date.parse(String(a.start)) - Date.parse(String(b.start)));
      for (let k = 1; k < shifts.length; k += 1) {
        expect(Date.parse(String(shifts[k]?.start))).toBe(Date.parse(String(shifts[k - 1]?.end)));
      }
    }
    expect(oncalls.length).toBe(manifest.pagerduty.oncallShifts);
  });

  it("pages the busy-week person in at least four incidents within seven days, some at night for them", () => {
    const busy = manifest.busyWeek;
    expect(busy).not.toBeNull();
    const user = users.find((u) => u.email === busy?.person.email) as Json;
    const from = Date.parse(`${busy?.weekStart}T00:00:00Z`);
    const pages: { incident: string; at: number }[] = [];
    for (const [incident, entries] of logs) {
      for (const e of entries) {
        const at = Date.parse(String(e.created_at));
        if (e.type === "notify_log_entry" && (e.user as Ref).id === user.id && at >= from && at < from + 7 * DAY_MS) pages.push({ incident, at });
      }
    }
    expect(new Set(pages.map((p) => p.incident)).size).toBeGreaterThanOrEqual(4);
    expect(pages.some((p) => isOffHours(localHour(p.at, String(user.time_zone))))).toBe(true);
  });

  it("adds background pages without a Slack channel, so on-call people were often paged in the week before", () => {
    const slackIds = new Set(manifest.incidents.map((i) => i.pagerduty.id));
    const background = incidents.filter((i) => !slackIds.has(String(i.id)));
    expect(background.length).toBeGreaterThan(0);
    expect(manifest.pagerduty.incidentsWithoutSlackChannel).toBe(background.length);
    expect(manifest.pagerduty.incidents).toBe(incidents.length);
    const notifies = [...logs.entries()].flatMap(([incident, entries]) =>
      entries.filter((e) => e.type === "notify_log_entry").map((e) => ({ incident, user: (e.user as Ref).id, at: Date.parse(String(e.created_at)) })),
    );
    const byEmail = new Map(users.map((u) => [String(u.email), String(u.id)]));
    let withPriorPages = 0;
    for (const m of manifest.incidents) {
      const user = byEmail.get(m.onCall.email);
      const detected = Date.parse(m.detectedAt);
      const prior = new Set(notifies.filter((n) => n.user === user && n.incident !== m.pagerduty.id && n.at < detected && n.at >= detected - 7 * DAY_MS).map((n) => n.incident));
      if (prior.size > 0) withPriorPages += 1;
    }
    expect(withPriorPages / manifest.incidents.length).toBeGreaterThan(0.3);
  });
});
