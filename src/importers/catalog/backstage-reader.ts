import { readFileSync } from "node:fs";
import { isMap, isNode, isScalar, LineCounter, parseAllDocuments, type Document } from "yaml";
import { ImportError } from "../import-error.js";
import { isoDateMs } from "../people/directory-fields.js";
import { decodeUtf8 } from "../text-input.js";

/** The annotation naming a component's PagerDuty service. */
export const PAGERDUTY_SERVICE_ANNOTATION = "pagerduty.com/service-id";
/** The annotation dating the current owner's start (`YYYY-MM-DD`). */
export const OWNED_SINCE_ANNOTATION = "debrief.dev/owned-since";

/** A parsed entity reference, `[kind:][namespace/]name`, kind lower-cased. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** A Component or System: a service in the store. */
export interface ServiceEntity {
  kind: "component" | "system";
  /** `catalog-info.yaml document 2`, for messages. */
  place: string;
  name: string;
  namespace: string;
  /** `component:default/checkout-api`, `system:default/payments`. */
  catalogRef: string;
  description: string | null;
  lifecycle: string | null;
  /** The System a Component belongs to (its name). */
  systemName: string | null;
  /** `spec.owner` parsed; a group owns services, other kinds are warned about. */
  owner: EntityRef;
  pagerdutyServiceId: string | null;
  /** Epoch ms of the `debrief.dev/owned-since` annotation, or null. */
  ownedSince: number | null;
}

/** A Group: a team in the store. */
export interface GroupEntity {
  kind: "group";
  place: string;
  name: string;
  namespace: string;
  /** `group:default/payments`. */
  catalogRef: string;
  displayName: string | null;
}

/** An entity of a kind Debrief does not read (API, Resource, User, Domain, Location, …). */
export interface IgnoredEntity {
  kind: "ignored";
  place: string;
  entityKind: string;
}

/** One entity from a catalog file. */
export type CatalogEntity = ServiceEntity | GroupEntity | IgnoredEntity;

// Backstage's rule for names and namespaces: 1–63 characters, letters and digits,
// separated by single `-`, `_` or `.`.
const ENTITY_NAME = /^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$/;

/** Reads a Backstage catalog file: any number of YAML documents, one entity each. */
export function readCatalogFile(path: string): CatalogEntity[] {
  let text: string;
  try {
    text = decodeUtf8(readFileSync(path), path);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(`${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a YAML file" : (error as Error).message}`);
  }
  return parseCatalog(text, path);
}

/**
 * Parses catalog YAML text. Errors name the file, the document (1-based) and, for
 * entity problems, the line and the field path: `catalog-info.yaml document 2, line 9:
 * spec.owner must be a string`.
 */
export function parseCatalog(text: string, file: string): CatalogEntity[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text.replace(/^\uFEFF/, ""), { lineCounter, prettyErrors: true });
  const entities: CatalogEntity[] = [];
  for (const [i, document] of [...documents].entries()) {
    const place = `${file} document ${i + 1}`;
    const error = document.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      const reason = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.code;
      throw new ImportError(`${place}: YAML syntax error${at ? ` at line ${at.line}, column ${at.col}` : ""}: ${reason}`);
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      throw new ImportError(`${place}: ${(cause as Error).message}`);
    }
    // A trailing `---` or a comment-only document holds no entity.
    if (value === null || value === undefined) continue;
    entities.push(entityFrom(value, new EntityReader(place, document, lineCounter)));
  }
  return entities;
}

/**
 * Parses `[kind:][namespace/]name`. A missing kind or namespace takes the defaults, as
 * Backstage resolves relative references. Returns null when it is not a reference.
 */
export function parseEntityRef(ref: string, defaultKind: string, defaultNamespace: string): EntityRef | null {
  const match = /^(?:([^:/\s]+):)?(?:([^:/\s]+)\/)?([^:/\s]+)$/.exec(ref.trim());
  if (!match) return null;
  return { kind: (match[1] ?? defaultKind).toLowerCase(), namespace: match[2] ?? defaultNamespace, name: match[3] as string };
}

/** Reads fields of one entity, turning problems into errors that point at the field. */
class EntityReader {
  constructor(
    readonly place: string,
    readonly document: Document.Parsed,
    readonly lines: LineCounter,
  ) {}

  /**
   * An ImportError for `path`, with the line of its key, or of the nearest enclosing
   * key that exists (`metadata:` when `metadata.name` is missing).
   */
  fail(path: readonly string[], message: string): ImportError {
    let line: number | null = null;
    for (let depth = path.length; depth > 0 && line === null; depth -= 1) {
      const parent = depth === 1 ? this.document.contents : this.document.getIn(path.slice(0, depth - 1), true);
      if (!isMap(parent)) continue;
      const key = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path[depth - 1])?.key;
      if (isNode(key) && key.range) line = this.lines.linePos(key.range[0]).line;
    }
    const root = this.document.contents;
    if (line === null && isNode(root) && root.range) line = this.lines.linePos(root.range[0]).line;
    const where = line === null ? this.place : `${this.place}, line ${line}`;
    return new ImportError(`${where}: ${path.join(".")} ${message}`);
  }

  /** A mapping at `path`; `required` makes a missing one an error, otherwise it reads as empty. */
  mapping(root: unknown, path: readonly string[], required: boolean): Record<string, unknown> {
    const value = at(root, path);
    if (value === undefined || value === null) {
      if (required) throw this.fail(path, "is missing");
      return {};
    }
    if (typeof value !== "object" || Array.isArray(value)) throw this.fail(path, "must be a mapping");
    return value as Record<string, unknown>;
  }

  /** A non-empty string at `path`, or null when absent and optional. */
  text(root: unknown, path: readonly string[], required: boolean): string | null {
    const value = at(root, path);
    if (value === undefined || value === null) {
      if (required) throw this.fail(path, "is missing");
      return null;
    }
    if (typeof value !== "string") throw this.fail(path, "must be a string");
    const trimmed = value.trim();
    if (trimmed === "") {
      if (required) throw this.fail(path, "is empty");
      return null;
    }
    return trimmed;
  }
}

function entityFrom(value: unknown, reader: EntityReader): CatalogEntity {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ImportError(`${reader.place}: expected an entity (a mapping with apiVersion, kind, metadata, spec)`);
  }
  const kind = reader.text(value, ["kind"], true) as string;
  reader.mapping(value, ["metadata"], true);
  const name = reader.text(value, ["metadata", "name"], true) as string;
  if (name.length > 63 || !ENTITY_NAME.test(name)) throw reader.fail(["metadata", "name"], `${JSON.stringify(name)} is not a valid entity name (letters, digits, and - _ . between them; at most 63)`);
  const namespace = reader.text(value, ["metadata", "namespace"], false) ?? "default";
  if (namespace.length > 63 || !ENTITY_NAME.test(namespace)) throw reader.fail(["metadata", "namespace"], `${JSON.stringify(namespace)} is not a valid namespace`);
  const place = `${reader.place} (${kind} ${JSON.stringify(name)})`;
  const lowerKind = kind.toLowerCase();
  if (lowerKind === "group") {
    reader.mapping(value, ["spec"], false);
    reader.mapping(value, ["spec", "profile"], false);
    return {
      kind: "group",
      place,
      name,
      namespace,
      catalogRef: `group:${namespace}/${name}`,
      displayName: reader.text(value, ["spec", "profile", "displayName"], false),
    };
  }
  if (lowerKind !== "component" && lowerKind !== "system") return { kind: "ignored", place, entityKind: kind };
  reader.mapping(value, ["spec"], true);
  const annotations = reader.mapping(value, ["metadata", "annotations"], false);
  for (const [key, annotation] of Object.entries(annotations)) {
    if (typeof annotation !== "string") throw reader.fail(["metadata", "annotations", key], "must be a string");
  }
  const ownerText = reader.text(value, ["spec", "owner"], true) as string;
  const owner = parseEntityRef(ownerText, "group", namespace);
  if (owner === null) throw reader.fail(["spec", "owner"], `${JSON.stringify(ownerText)} is not an entity reference (like group:default/payments)`);
  if (owner.kind === "group" && !ENTITY_NAME.test(owner.name)) throw reader.fail(["spec", "owner"], `${JSON.stringify(ownerText)} is not a valid group name`);
  const systemText = lowerKind === "component" ? reader.text(value, ["spec", "system"], false) : null;
  const system = systemText === null ? null : parseEntityRef(systemText, "system", namespace);
  if (systemText !== null && system === null) throw reader.fail(["spec", "system"], `${JSON.stringify(systemText)} is not an entity reference`);
  const ownedSinceText = reader.text(value, ["metadata", "annotations", OWNED_SINCE_ANNOTATION], false);
  const ownedSince = ownedSinceText === null ? null : isoDateMs(ownedSinceText);
  if (ownedSinceText !== null && ownedSince === null) {
    throw reader.fail(["metadata", "annotations", OWNED_SINCE_ANNOTATION], `${JSON.stringify(ownedSinceText)} is not a date YYYY-MM-DD`);
  }
  return {
    kind: lowerKind,
    place,
    name,
    namespace,
    catalogRef: `${lowerKind}:${namespace}/${name}`,
    description: reader.text(value, ["metadata", "description"], false),
    lifecycle: lowerKind === "component" ? reader.text(value, ["spec", "lifecycle"], true) : null,
    systemName: system?.name ?? null,
    owner,
    pagerdutyServiceId: reader.text(value, ["metadata", "annotations", PAGERDUTY_SERVICE_ANNOTATION], false),
    ownedSince,
  };
}

function at(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
