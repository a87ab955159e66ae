import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { registerCatalogImport } from "../cli/directory.js";
import { writeCatalog as writeDemoCatalog } from "../demo/catalog.js";
import { buildCompany } from "../demo/company.js";
import { ImportError } from "../core/errors.js";
import { snapshotStore } from "../../test/snapshot.js";
import { describeEachStore } from "../../test/stores.js";
import { importCatalog } from "./import-catalog.js";
import { runImportCli, tempDb } from "../../test/run-import-cli.js";

type Entity = Record<string, unknown>;

/** A Backstage Component as `catalog-info.yaml` holds it. */
function component(name: string, owner: string, extra: { annotations?: Record<string, string>; system?: string; description?: string } = {}): Entity {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Component",
    metadata: {
      name,
      ...(extra.description ? { description: extra.description } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
    },
    spec: { type: "service", lifecycle: "production", owner, ...(extra.system ? { system: extra.system } : {}) },
  };
}

function system(name: string, owner: string): Entity {
  return { apiVersion: "backstage.io/v1alpha1", kind: "System", metadata: { name, description: `The ${name} system` }, spec: { owner } };
}

function group(name: string, displayName?: string): Entity {
  return {
    apiVersion: "backstage.io/v1alpha1",
    kind: "Group",
    metadata: { name },
    spec: { type: "team", profile: displayName ? { displayName } : {}, children: [] },
  };
}

/** Writes entities as one multi-document YAML file (or raw text) and returns its path. */
function writeCatalog(content: Entity[] | string, fileName = "catalog-info.yaml"): string {
  const text = typeof content === "string" ? content : content.map((entity) => stringify(entity)).join("---\n");
  const path = join(mkdtempSync(join(tmpdir(), "debrief-catalog-")), fileName);
  writeFileSync(path, text);
  return path;
}

const baseCatalog = (): Entity[] => [
  group("payments", "Payments Team"),
  group("sre", "Site Reliability"),
  system("payments", "group:default/payments"),
  component("payments-api", "group:payments", {
    system: "payments",
    description: "Public API for card payments",
    annotations: { "pagerduty.com/service-id": "PABC123", "backstage.io/techdocs-ref": "dir:." },
  }),
  component("ledger", "billing", { system: "system:default/payments" }),
  component("docs-site", "user:default/jdoe"),
  { apiVersion: "backstage.io/v1alpha1", kind: "API", metadata: { name: "payments-openapi" }, spec: { type: "openapi", lifecycle: "production", owner: "payments", definition: "openapi: 3.0.0" } },
  { apiVersion: "backstage.io/v1alpha1", kind: "Location", metadata: { name: "more" }, spec: { targets: ["./other.yaml"] } },
];

describeEachStore("importCatalog", (store) => {

  const run = (...paths: string[]) => importCatalog(store, { paths, actor: "test" });
  const ownersOf = (serviceName: string) =>
    store.db
      .selectFrom("serviceOwners as o")
      .innerJoin("services as s", "s.id", "o.serviceId")
      .innerJoin("teams as t", "t.id", "o.teamId")
      .select(["t.name as team", "o.fromAt", "o.toAt"])
      .where("s.name", "=", serviceName)
      .orderBy("o.id")
      .execute();

  it("reads Components, Systems and Groups, creates referenced teams and ignores other kinds", async () => {
    const summary = await run(writeCatalog(baseCatalog()), writeCatalog([group("billing")], "teams.yaml"));
    expect(summary).toMatchObject({ components: 3, systems: 1, groups: 3, ownersChanged: 3, ignored: 2 });
    expect(summary.warnings).toEqual([expect.stringMatching(/catalog-info\.yaml document 6 \(Component "docs-site"\): owner user:default\/jdoe is not a group/)]);
    const services = await store.db
      .selectFrom("services")
      .select(["name", "kind", "systemName", "description", "lifecycle", "catalogRef", "pagerdutyServiceId"])
      .orderBy("name")
      .execute();
    expect(services).toEqual([
      { name: "docs-site", kind: "component", systemName: null, description: null, lifecycle: "production", catalogRef: "component:default/docs-site", pagerdutyServiceId: null },
      { name: "ledger", kind: "component", systemName: "payments", description: null, lifecycle: "production", catalogRef: "component:default/ledger", pagerdutyServiceId: null },
      { name: "payments", kind: "system", systemName: null, description: "The payments system", lifecycle: null, catalogRef: "system:default/payments", pagerdutyServiceId: null },
      { name: "payments-api", kind: "component", systemName: "payments", description: "Public API for card payments", lifecycle: "production", catalogRef: "component:default/payments-api", pagerdutyServiceId: "PABC123" },
    ]);
    const teams = await store.db.selectFrom("teams").select(["name", "catalogRef", "displayName"]).orderBy("name").execute();
    expect(teams).toEqual([
      { name: "billing", catalogRef: "group:default/billing", displayName: null },
      { name: "payments", catalogRef: "group:default/payments", displayName: "Payments Team" },
      { name: "sre", catalogRef: "group:default/sre", displayName: "Site Reliability" },
    ]);
    const before = Date.now();
    expect(await ownersOf("ledger")).toEqual([{ team: "billing", fromAt: expect.any(Number), toAt: null }]);
    expect((await ownersOf("ledger"))[0]?.fromAt).toBeLessThanOrEqual(before);
    expect(await ownersOf("payments-api")).toEqual([{ team: "payments", fromAt: expect.any(Number), toAt: null }]);
    expect(await ownersOf("docs-site")).toEqual([]);
    const job = await store.db.selectFrom("imports").selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: "catalog", status: "succeeded" });
    const audit = await store.db.selectFrom("auditEvents").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "import.catalog", subjectId: String(job.id) });
  });

  it("agrees with the demo generator's catalog-info.yaml", async () => {
    const company = buildCompany({ seed: 7, people: 40 });
    const path = join(mkdtempSync(join(tmpdir(), "debrief-demo-catalog-")), "catalog-info.yaml");
    const stats = writeDemoCatalog(company, path);
    const summary = await run(path);
    expect(summary).toMatchObject({ components: stats.components, systems: stats.systems, groups: stats.groups, ignored: 0, warnings: [] });
    const owned = await store.db.selectFrom("serviceOwners").select("id").execute();
    expect(owned).toHaveLength(stats.components + stats.systems);
  });

  it("gives a team the HR directory created its catalog ref and display name", async () => {
    await store.db.insertInto("teams").values({ name: "payments", createdAt: 1, catalogRef: null, displayName: null }).execute();
    await run(writeCatalog([group("payments", "Payments Team")]));
    const teams = await store.db.selectFrom("teams").selectAll().execute();
    expect(teams).toEqual([{ id: expect.any(Number), name: "payments", createdAt: 1, catalogRef: "group:default/payments", displayName: "Payments Team" }]);
  });

  it("resolves owner references ignoring case, as Backstage does", async () => {
    await store.db.insertInto("teams").values({ name: "sre", createdAt: 1, catalogRef: null, displayName: null }).execute();
    await run(writeCatalog([group("payments"), component("payments-api", "group:default/Payments"), component("k8s", "SRE")]));
    expect(await ownersOf("payments-api")).toEqual([{ team: "payments", fromAt: expect.any(Number), toAt: null }]);
    expect(await ownersOf("k8s")).toEqual([{ team: "sre", fromAt: expect.any(Number), toAt: null }]);
    expect((await store.db.selectFrom("teams").select("name").orderBy("name").execute()).map((t) => t.name)).toEqual(["payments", "sre"]);
  });

  it("keeps ownership over time: a new owner closes the previous period", async () => {
    await run(writeCatalog(baseCatalog()));
    const [first] = await ownersOf("ledger");
    const moved = baseCatalog().map((entity) => ((entity.metadata as { name: string }).name === "ledger" && entity.kind === "Component" ? component("ledger", "group:default/sre") : entity));
    const summary = await run(writeCatalog(moved));
    expect(summary.ownersChanged).toBe(1);
    const history = await ownersOf("ledger");
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ team: "billing", fromAt: first?.fromAt, toAt: expect.any(Number) });
    expect(history[1]).toMatchObject({ team: "sre", fromAt: history[0]?.toAt, toAt: null });
    expect(history[0]!.toAt!).toBeGreaterThanOrEqual(first!.fromAt);
  });

  it("dates ownership by the debrief.dev/owned-since annotation", async () => {
    await run(writeCatalog([component("ledger", "billing", { annotations: { "debrief.dev/owned-since": "2019-04-01" } })]));
    expect(await ownersOf("ledger")).toEqual([{ team: "billing", fromAt: Date.UTC(2019, 3, 1), toAt: null }]);
    await run(writeCatalog([component("ledger", "payments", { annotations: { "debrief.dev/owned-since": "2021-03-01" } })]));
    expect(await ownersOf("ledger")).toEqual([
      { team: "billing", fromAt: Date.UTC(2019, 3, 1), toAt: Date.UTC(2021, 2, 1) },
      { team: "payments", fromAt: Date.UTC(2021, 2, 1), toAt: null },
    ]);
    // An annotation left over from the previous owner cannot rewrite history: the change is dated now.
    const before = Date.now();
    await run(writeCatalog([component("ledger", "sre", { annotations: { "debrief.dev/owned-since": "2021-03-01" } })]));
    const history = await ownersOf("ledger");
    expect(history[1]?.toAt).toBeGreaterThanOrEqual(before);
    expect(history[2]).toMatchObject({ team: "sre", fromAt: history[1]?.toAt, toAt: null });
  });

  it("changes nothing when the same files are imported again", async () => {
    const files = [writeCatalog(baseCatalog()), writeCatalog([group("billing", "Billing")], "teams.yaml")];
    await run(...files);
    const before = await snapshotStore(store);
    const again = await run(...files);
    expect(again).toMatchObject({ components: 3, systems: 1, groups: 3, ownersChanged: 0, ignored: 2 });
    const after = await snapshotStore(store);
    for (const table of Object.keys(before)) {
      if (table === "imports" || table === "auditEvents") continue;
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.imports).toHaveLength(2);
  });

  it("matches PagerDuty services by annotation and by name", async () => {
    const now = Date.now();
    await store.db
      .insertInto("pagerdutyServices")
      .values([
        { externalId: "PABC123", name: "Payments API (prod)", description: null, escalationPolicyId: null, serviceId: null, updatedAt: now },
        { externalId: "PLEDGER", name: "LEDGER", description: null, escalationPolicyId: null, serviceId: null, updatedAt: now },
        { externalId: "PZZZ999", name: "Legacy cron", description: null, escalationPolicyId: null, serviceId: null, updatedAt: now },
      ])
      .execute();
    const summary = await run(writeCatalog(baseCatalog()));
    expect(summary.pagerduty).toEqual({ matched: 2, unmatched: ["PZZZ999"] });
    const links = await store.db
      .selectFrom("pagerdutyServices as p")
      .leftJoin("services as s", "s.id", "p.serviceId")
      .select(["p.externalId", "s.name"])
      .orderBy("p.externalId")
      .execute();
    expect(links).toEqual([
      { externalId: "PABC123", name: "payments-api" },
      { externalId: "PLEDGER", name: "ledger" },
      { externalId: "PZZZ999", name: null },
    ]);
  });

  describe("rejects bad input, naming the file, document and place, and changes nothing", () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        "a YAML syntax error",
        () => [writeCatalog("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ops\n---\nkind: Component\nmetadata:\n  name: [api\n  owner: x\n")],
        /catalog-info\.yaml document 2: YAML syntax error at line 9, column 3: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
      ],
      [
        "a missing metadata.name",
        () => [writeCatalog([group("ops"), { apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { description: "no name" }, spec: { owner: "ops", lifecycle: "production" } }])],
        /catalog-info\.yaml document 2, line 12: metadata\.name is missing/,
      ],
      [
        "an owner that is not a string",
        () => [writeCatalog([{ ...component("api", "ops"), spec: { lifecycle: "production", owner: ["ops", "sre"] } }])],
        /catalog-info\.yaml document 1, line 7: spec\.owner must be a string/,
      ],
      ["a Component without a spec", () => [writeCatalog([{ apiVersion: "backstage.io/v1alpha1", kind: "Component", metadata: { name: "api" } }])], /document 1, line 1: spec is missing/],
      ["an invalid entity name", () => [writeCatalog([component("payments api", "ops")])], /document 1, line 4: metadata\.name "payments api" is not a valid entity name/],
      ["a document that is not an entity", () => [writeCatalog("- just\n- a list\n")], /catalog-info\.yaml document 1: expected an entity/],
      ["a bad owned-since date", () => [writeCatalog([component("api", "ops", { annotations: { "debrief.dev/owned-since": "last year" } })])], /metadata\.annotations\.debrief\.dev\/owned-since "last year" is not a date/],
      [
        "the same entity in two files",
        () => [writeCatalog([component("api", "ops")]), writeCatalog([group("ops"), component("api", "sre")], "other.yaml")],
        /other\.yaml document 2 \(Component "api"\): component:default\/api is already defined at .*catalog-info\.yaml document 1/,
      ],
      ["a missing file", () => [join(tmpdir(), "no-such-dir", "catalog-info.yaml")], /catalog-info\.yaml: no such file/],
    ];
    for (const [name, build, message] of cases) {
      it(name, async () => {
        await run(writeCatalog(baseCatalog()));
        const before = await snapshotStore(store);
        const error = await run(...build()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshotStore(store)).toEqual(before);
      });
    }
  });
});

describe("debrief import catalog (CLI)", () => {
  it("prints exactly the documented JSON summary and warns on stderr", async () => {
    const { stdout, stderr } = await runImportCli(registerCatalogImport, tempDb("debrief-cli-catalog-"), [
      "catalog",
      writeCatalog(baseCatalog()),
      writeCatalog([group("billing")], "teams.yaml"),
      "--json",
    ]);
    expect(JSON.parse(stdout)).toEqual({ components: 3, systems: 1, groups: 3, ownersChanged: 3, ignored: 2 });
    expect(stderr).toMatch(/^debrief: warning: .*docs-site.*user:default\/jdoe/);
  });
});
