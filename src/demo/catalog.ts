import { writeFileSync } from "node:fs";
import { type Company, owningTeamAt } from "./company.js";

/** Backstage's API version for Group, System and Component entities. */
export const BACKSTAGE_API_VERSION = "backstage.io/v1alpha1";

/** What {@link writeCatalog} wrote. */
export interface CatalogStats {
  groups: number;
  systems: number;
  components: number;
  /** Components without `pagerduty.com/service-id`, matched to PagerDuty by name. */
  componentsWithoutPagerdutyId: string[];
}

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9 ._/()',:@-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMERIC = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+)$/;
// YAML 1.1 readers turn these into dates or sexagesimal numbers.
const DATE_OR_TIME = /^\d+[-:]\d+/;

/**
 * A YAML scalar for a string: plain when it cannot be read as anything else, otherwise
 * double-quoted. JSON's string syntax is a subset of YAML's double-quoted style.
 */
export function yamlString(value: string): string {
  if (PLAIN.test(value) && !RESERVED.test(value) && !NUMERIC.test(value) && !DATE_OR_TIME.test(value) && !value.endsWith(" ") && !value.endsWith(":") && !value.includes(": ") && !value.includes(" #")) return value;
  return JSON.stringify(value);
}

/**
 * The Backstage catalog of Acme Cloud as a multi-document `catalog-info.yaml`: a Group
 * per team, a System per product area and a Component per service, owned by the team
 * that owns it at export time. Written by hand: the shapes are few and fixed.
 */
export function catalogYaml(company: Company): { text: string; stats: CatalogStats } {
  const docs: string[] = [];
  const q = yamlString;
  for (const team of company.teams) {
    docs.push(
      [
        `apiVersion: ${BACKSTAGE_API_VERSION}`,
        "kind: Group",
        "metadata:",
        `  name: ${q(team.key)}`,
        `  description: ${q(`${team.name} (${team.department})`)}`,
        "spec:",
        "  type: team",
        "  profile:",
        `    displayName: ${q(team.name)}`,
        `    email: ${q(`team-${team.key}@${company.domain}`)}`,
        "  children: []",
      ].join("\n"),
    );
  }
  for (const system of company.systems) {
    docs.push(
      [
        `apiVersion: ${BACKSTAGE_API_VERSION}`,
        "kind: System",
        "metadata:",
        `  name: ${q(system.key)}`,
        `  description: ${q(system.description)}`,
        "spec:",
        `  owner: ${q(`group:default/${system.owner}`)}`,
      ].join("\n"),
    );
  }
  const unannotated: string[] = [];
  for (const service of company.services) {
    const owner = owningTeamAt(service, company.exportedAt);
    const since = service.owners.find((o) => o.to === null)?.from;
    const annotations = [`    github.com/project-slug: ${q(service.repo)}`];
    // Debrief's own annotation: dates the current ownership, so a first import does not
    // make every team the owner only since the day of the import.
    if (since) annotations.push(`    debrief.dev/owned-since: ${q(since)}`);
    if (service.pagerdutyAnnotated) annotations.unshift(`    pagerduty.com/service-id: ${q(service.pagerdutyServiceId)}`);
    else unannotated.push(service.key);
    const lines = [
      `apiVersion: ${BACKSTAGE_API_VERSION}`,
      "kind: Component",
      "metadata:",
      `  name: ${q(service.key)}`,
      `  description: ${q(service.description)}`,
      "  annotations:",
      ...annotations,
      "  tags:",
      `    - ${q(`tier-${service.tier}`)}`,
      "spec:",
      "  type: service",
      "  lifecycle: production",
      `  owner: ${q(`group:default/${owner}`)}`,
      `  system: ${q(service.system)}`,
    ];
    if (service.dependsOn.length > 0) {
      lines.push("  dependsOn:", ...service.dependsOn.map((d) => `    - ${q(`component:default/${d}`)}`));
    }
    docs.push(lines.join("\n"));
  }
  return {
    text: `${docs.join("\n---\n")}\n`,
    stats: { groups: company.teams.length, systems: company.systems.length, components: company.services.length, componentsWithoutPagerdutyId: unannotated },
  };
}

/** Writes `catalog-info.yaml`. */
export function writeCatalog(company: Company, path: string): CatalogStats {
  const { text, stats } = catalogYaml(company);
  writeFileSync(path, text);
  return stats;
}
