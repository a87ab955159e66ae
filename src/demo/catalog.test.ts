import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { yamlString } from "./catalog.js";
import { type DemoManifest, type DemoResult, generateDemo } from "./index.js";

interface Entity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; description?: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

describe("yamlString", () => {
  it("leaves plain words plain and quotes what YAML would read as something else", () => {
    expect(yamlString("payments-api")).toBe("payments-api");
    expect(yamlString("group:default/payments")).toBe("group:default/payments");
    for (const tricky of ["yes", "No", "null", "123", "1e3", "0x1F", "a: b", "ends:", "has #comment", "- dash", "", " padded", "quote\"d", "new\nline", "P1", "tier-1", "2021-03-01", "12:30"]) {
      expect(parse(`value: ${yamlString(tricky)}`)).toEqual({ value: tricky });
    }
  });
});

describe("the demo's Backstage catalog", () => {
  let dir: string;
  let result: DemoResult;
  let manifest: DemoManifest;
  let entities: Entity[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "debrief-demo-catalog-"));
    result = generateDemo({ outDir: dir, messages: 4000, seed: 7 });
    manifest = JSON.parse(readFileSync(result.manifestPath, "utf8")) as DemoManifest;
    const docs = parseAllDocuments(readFileSync(result.catalogPath, "utf8"));
    for (const doc of docs) expect(doc.errors).toEqual([]);
    entities = docs.map((d) => d.toJS() as Entity);
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const ofKind = (kind: string): Entity[] => entities.filter((e) => e.kind === kind);

  it("holds a Group per team, a System per area and a Component per service", () => {
    for (const e of entities) expect(e.apiVersion).toBe("backstage.io/v1alpha1");
    expect(ofKind("Group").map((g) => g.metadata.name)).toEqual(manifest.teams.map((t) => t.key));
    for (const g of ofKind("Group")) {
      expect(g.metadata.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(g.spec).toMatchObject({ type: "team", children: [], profile: { displayName: manifest.teams.find((t) => t.key === g.metadata.name)?.name } });
    }
    expect(ofKind("System").length).toBeGreaterThanOrEqual(5);
    expect(ofKind("Component").map((c) => c.metadata.name)).toEqual(manifest.services.map((s) => s.key));
    expect(entities.length).toBe(ofKind("Group").length + ofKind("System").length + ofKind("Component").length);
  });

  it("gives every Component its current owning team, which is a Group, and an existing System", () => {
    const groups = new Set(ofKind("Group").map((g) => `group:default/${g.metadata.name}`));
    const systems = new Set(ofKind("System").map((s) => s.metadata.name));
    for (const s of ofKind("System")) expect(groups.has(String(s.spec.owner))).toBe(true);
    for (const c of ofKind("Component")) {
      const service = manifest.services.find((s) => s.key === c.metadata.name);
      const current = service?.owners.find((o) => o.to === null)?.team;
      expect(c.spec).toMatchObject({ type: "service", lifecycle: "production", owner: `group:default/${current}`, system: service?.system });
      expect(groups.has(String(c.spec.owner))).toBe(true);
      expect(systems.has(String(c.spec.system))).toBe(true);
      expect(c.metadata.annotations?.["github.com/project-slug"]).toBe(`acme/${c.metadata.name}`);
      expect(c.metadata.annotations?.["debrief.dev/owned-since"]).toBe(service?.owners.find((o) => o.to === null)?.from);
    }
    // At least one service changed hands, so "current owner" is not simply the first one.
    expect(manifest.services.some((s) => s.owners.length > 1)).toBe(true);
  });

  it("links most Components to PagerDuty by id and leaves a few to be matched by name", () => {
    const services = (JSON.parse(readFileSync(join(result.pagerdutyDir, "services.json"), "utf8")) as { services: { id: string; name: string }[] }).services;
    const ids = new Set(services.map((s) => s.id));
    const components = ofKind("Component");
    const unannotated = components.filter((c) => c.metadata.annotations?.["pagerduty.com/service-id"] === undefined);
    expect(unannotated.length).toBeGreaterThanOrEqual(2);
    expect(unannotated.length).toBeLessThanOrEqual(3);
    for (const c of components) {
      const id = c.metadata.annotations?.["pagerduty.com/service-id"];
      if (id !== undefined) {
        expect(ids.has(id)).toBe(true);
        continue;
      }
      const byName = services.filter((s) => s.name.toLowerCase() === c.metadata.name.toLowerCase());
      expect(byName, c.metadata.name).toHaveLength(1);
      // Different capitals, so only a case-insensitive match finds it.
      expect(byName[0]?.name).not.toBe(c.metadata.name);
    }
    expect(readdirSync(dir)).toContain("catalog-info.yaml");
  });
});
