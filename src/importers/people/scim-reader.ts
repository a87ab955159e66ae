import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { ImportError } from "../import-error.js";
import { decodeUtf8, parseJsonText } from "../text-input.js";
import { checkDirectoryEntries, type DirectoryAccount, type DirectoryEntry, type ManagerRef } from "./directory-entry.js";
import { parseEmail, parseTimeZone } from "./directory-fields.js";

/** The SCIM 2.0 schema URNs the reader understands (RFC 7643, RFC 7644). */
export const SCIM_SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * True when the file holds JSON rather than CSV: its first character (after a BOM and
 * white space) opens an object or an array, which no people.csv header does.
 */
export function isJsonFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(256);
    const length = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, length).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return text.startsWith("{") || text.startsWith("[");
  } catch {
    // A folder or an unreadable file: the CSV reader reports it with a clear message.
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads SCIM 2.0 `Users` JSON: a ListResponse (`GET /Users`), a bare array of User
 * resources, or one User. Maps the core User attributes and the enterprise extension
 * to directory entries; errors name the file and the JSON path
 * (`users.json $.Resources[2].emails[0].value`).
 */
export function readScimUsers(path: string): DirectoryEntry[] {
  let text: string;
  try {
    text = decodeUtf8(readFileSync(path), path);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  const document = parseJsonText(text, path) as Json;
  const resources = userResources(path, document);
  const entries = resources.map(({ value, at }) => scimEntry(path, value, at));
  checkDirectoryEntries(entries);
  return entries;
}

function userResources(path: string, document: Json): { value: Json; at: string }[] {
  if (Array.isArray(document)) return document.map((value, i) => ({ value, at: `$[${i}]` }));
  if (isObject(document)) {
    const list = field(document, "Resources");
    if (list !== undefined) {
      if (!Array.isArray(list.value)) throw new ImportError(`${path} $.${list.key}: expected an array of User resources`);
      const schemas = field(document, "schemas")?.value;
      if (Array.isArray(schemas) && !schemas.includes(SCIM_SCHEMAS.listResponse)) {
        throw new ImportError(`${path} $.schemas: expected ${SCIM_SCHEMAS.listResponse}`);
      }
      return list.value.map((value, i) => ({ value, at: `$.${list.key}[${i}]` }));
    }
    if (field(document, "userName") !== undefined) return [{ value: document, at: "$" }];
  }
  throw new ImportError(`${path} $: expected a SCIM ListResponse, an array of User resources or one User`);
}

function scimEntry(path: string, resource: Json, at: string): DirectoryEntry {
  const place = `${path} ${at}`;
  if (!isObject(resource)) throw new ImportError(`${place}: expected a User resource (an object)`);
  const schemas = field(resource, "schemas");
  if (schemas !== undefined && !(Array.isArray(schemas.value) && schemas.value.includes(SCIM_SCHEMAS.user))) {
    throw new ImportError(`${place}.${schemas.key}: not a User resource (expected ${SCIM_SCHEMAS.user})`);
  }
  const text = (object: JsonObject, name: string, base: string): string | null => {
    const found = field(object, name);
    if (found === undefined || found.value === null) return null;
    if (typeof found.value !== "string") throw new ImportError(`${path} ${base}.${found.key}: expected a string`);
    return found.value.trim() === "" ? null : found.value.trim();
  };
  const scimId = text(resource, "id", at);
  const userName = text(resource, "userName", at);
  const email = primaryEmail(path, resource, at, userName);
  const name = personName(path, resource, at, text);
  const timezone = text(resource, "timezone", at);
  const active = field(resource, "active");
  if (active !== undefined && typeof active.value !== "boolean") throw new ImportError(`${place}.${active.key}: expected true or false`);
  const enterprise = field(resource, SCIM_SCHEMAS.enterpriseUser);
  const enterpriseAt = enterprise ? `${at}[${JSON.stringify(enterprise.key)}]` : at;
  if (enterprise !== undefined && !isObject(enterprise.value)) throw new ImportError(`${path} ${enterpriseAt}: expected an object`);
  const extension = enterprise !== undefined && isObject(enterprise.value) ? enterprise.value : null;
  const employeeNumber = extension ? text(extension, "employeeNumber", enterpriseAt) : null;
  const hrId = employeeNumber ?? text(resource, "externalId", at);
  const accounts: DirectoryAccount[] = [{ source: "email", externalId: email, handle: null }];
  if (scimId) accounts.push({ source: "scim", externalId: scimId, handle: userName });
  if (hrId) accounts.push({ source: "hr", externalId: hrId, handle: null });
  const managerField = extension ? field(extension, "manager") : undefined;
  return {
    place,
    email,
    name,
    title: text(resource, "title", at),
    // Without the enterprise extension the server says nothing about departments or managers.
    department: extension ? text(extension, "department", enterpriseAt) : undefined,
    timezone: timezone ? parseTimeZone(timezone, `${place}.timezone`, "timezone") : null,
    startDate: undefined,
    endDate: active === undefined ? undefined : active.value === true ? null : undefined,
    endDateIfUnset: active?.value === false ? inactiveSince(resource) : undefined,
    manager: extension ? managerRef(path, managerField, `${enterpriseAt}.${managerField?.key ?? "manager"}`) : undefined,
    managerPlace: `${path} ${enterpriseAt}.${managerField?.key ?? "manager"}`,
    scimId,
    accounts,
  };
}

/** `emails[]`: the primary one, else the first; else `userName` when it is an address. */
function primaryEmail(path: string, resource: JsonObject, at: string, userName: string | null): string {
  const emails = field(resource, "emails");
  if (emails !== undefined && emails.value !== null) {
    if (!Array.isArray(emails.value)) throw new ImportError(`${path} ${at}.${emails.key}: expected an array`);
    const candidates = emails.value.map((item, i) => {
      const itemAt = `${at}.${emails.key}[${i}]`;
      if (!isObject(item)) throw new ImportError(`${path} ${itemAt}: expected an object with a value`);
      const value = field(item, "value");
      if (value === undefined || typeof value.value !== "string") throw new ImportError(`${path} ${itemAt}: value must be a string`);
      return { value: value.value, at: `${itemAt}.${value.key}`, primary: field(item, "primary")?.value === true };
    });
    const chosen = candidates.find((c) => c.primary) ?? candidates[0];
    if (chosen) return parseEmail(chosen.value, `${path} ${chosen.at}`, "e-mail");
  }
  if (userName && userName.includes("@")) return parseEmail(userName, `${path} ${at}.userName`, "userName");
  throw new ImportError(`${path} ${at}: no e-mail address (emails is empty and userName is not an address)`);
}

/** `name.formatted`, else given and family name, else `displayName`. */
function personName(
  path: string,
  resource: JsonObject,
  at: string,
  text: (object: JsonObject, name: string, base: string) => string | null,
): string {
  const name = field(resource, "name");
  if (name !== undefined && name.value !== null) {
    const nameAt = `${at}.${name.key}`;
    if (!isObject(name.value)) throw new ImportError(`${path} ${nameAt}: expected an object`);
    const formatted = text(name.value, "formatted", nameAt);
    if (formatted) return formatted;
    const parts = [text(name.value, "givenName", nameAt), text(name.value, "familyName", nameAt)].filter((p): p is string => p !== null);
    if (parts.length > 0) return parts.join(" ");
  }
  const displayName = text(resource, "displayName", at);
  if (displayName) return displayName;
  throw new ImportError(`${path} ${at}: no name (name.formatted, name.givenName/familyName or displayName)`);
}

/**
 * `manager.value` is the manager's SCIM id (RFC 7643 §4.3); some servers put an e-mail
 * address there, and some give only `$ref`, whose last segment is the id.
 */
function managerRef(path: string, manager: { key: string; value: Json } | undefined, at: string): ManagerRef | null {
  if (manager === undefined || manager.value === null) return null;
  if (typeof manager.value === "string") return refFrom(manager.value.trim());
  if (!isObject(manager.value)) throw new ImportError(`${path} ${at}: expected an object with value or $ref`);
  const value = field(manager.value, "value")?.value;
  const ref = field(manager.value, "$ref")?.value;
  if (typeof value === "string" && value.trim() !== "") return refFrom(value.trim());
  if (typeof ref === "string" && ref.trim() !== "") {
    const id = decodeURIComponent(ref.trim().replace(/\/+$/, "").split("/").pop() ?? "");
    if (id !== "") return refFrom(id);
  }
  if (value === undefined && ref === undefined) return null;
  throw new ImportError(`${path} ${at}: value or $ref must name the manager`);
}

function refFrom(value: string): ManagerRef {
  return value.includes("@") ? { kind: "email", email: value.toLowerCase() } : { kind: "scim", id: value };
}

/**
 * SCIM says a user is inactive but not since when; `meta.lastModified` is when the
 * account last changed, usually the deactivation, and today is the fallback.
 */
function inactiveSince(resource: JsonObject): string {
  const meta = field(resource, "meta")?.value;
  const modified = isObject(meta) ? field(meta, "lastModified")?.value : undefined;
  if (typeof modified === "string" && !Number.isNaN(Date.parse(modified))) return new Date(Date.parse(modified)).toISOString().slice(0, 10);
  return new Date().toISOString().slice(0, 10);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Attribute names are case-insensitive in SCIM (RFC 7643 §2.1); returns the key as written too. */
function field(object: JsonObject, name: string): { key: string; value: Json } | undefined {
  if (Object.hasOwn(object, name)) return { key: name, value: object[name] as Json };
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return { key, value };
  return undefined;
}
