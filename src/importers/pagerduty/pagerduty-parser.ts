import { ImportError } from "../../core/errors.js";
import { ASSIGNING_KINDS, logEntryKind, webhookEventKind } from "./log-entry-kinds.js";
import type {
  PagerdutyIncidentRecord,
  PagerdutyLogEntryRecord,
  PagerdutyOncallRecord,
  PagerdutyUserRecord,
  PagerdutyServiceRecord,
  PagerdutyEscalationPolicyRecord,
  PagerdutyScheduleRecord,
  PagerdutyBatch,
} from "../../core/pagerduty-records.js";

export type {
  PagerdutyIncidentRecord,
  PagerdutyLogEntryRecord,
  PagerdutyOncallRecord,
  PagerdutyUserRecord,
  PagerdutyServiceRecord,
  PagerdutyEscalationPolicyRecord,
  PagerdutyScheduleRecord,
  PagerdutyBatch,
} from "../../core/pagerduty-records.js";

/** What a body turned out to be: PagerDuty data, or something else to skip. */
export type PagerdutyDocument = { kind: "data"; batch: PagerdutyBatch } | { kind: "skipped"; reason: string };

/** Context a body does not carry itself. */
export interface PagerdutyParseOptions {
  /** The incident whose `/incidents/{id}/log_entries` this is, for entries without an `incident` reference. */
  incidentExternalId?: string;
}

type Json = Record<string, unknown>;

const LIST_KEYS = ["incidents", "log_entries", "oncalls", "users", "services", "escalation_policies", "schedules"] as const;
const SINGLE_KEYS: Record<string, (typeof LIST_KEYS)[number]> = {
  incident: "incidents",
  log_entry: "log_entries",
  user: "users",
  service: "services",
  escalation_policy: "escalation_policies",
  schedule: "schedules",
};

/** An empty batch, to fill. */
export function emptyPagerdutyBatch(): PagerdutyBatch {
  return { incidents: [], logEntries: [], oncalls: [], users: [], services: [], escalationPolicies: [], schedules: [] };
}

/**
 * Parses one PagerDuty REST API v2 response body (`{"incidents": […], "more": …}`,
 * `{"user": {…}}`, …) or webhook v3 payload (`{"event": {…}}`). `file` names the body
 * in errors, which give the JSON path of the bad value (`incidents[3].created_at`).
 * A body with none of the known keys is returned as skipped, not an error.
 */
export function parsePagerdutyBody(value: unknown, file: string, options: PagerdutyParseOptions = {}): PagerdutyDocument {
  if (!isObject(value)) return { kind: "skipped", reason: `the top level is ${Array.isArray(value) ? "an array" : typeof value}, not an object` };
  const root = new Place(file, "");
  if (isObject(value.event) && typeof value.event.event_type === "string") return parseWebhook(value.event, root.at("event"));
  const batch = emptyPagerdutyBatch();
  let found = false;
  for (const [key, item] of Object.entries(value)) {
    const listKey = (LIST_KEYS as readonly string[]).includes(key) ? (key as (typeof LIST_KEYS)[number]) : SINGLE_KEYS[key];
    if (listKey === undefined) continue;
    found = true;
    const place = root.at(key);
    if (listKey === key) {
      if (!Array.isArray(item)) throw place.error(`expected an array, got ${describe(item)}`);
      item.forEach((element, i) => addItem(batch, listKey, element, place.at(i), options));
    } else {
      addItem(batch, listKey, item, place, options);
    }
  }
  if (!found) {
    const keys = Object.keys(value);
    return { kind: "skipped", reason: keys.length === 0 ? "an empty object" : `no PagerDuty data (top-level keys: ${keys.slice(0, 8).join(", ")})` };
  }
  return { kind: "data", batch };
}

function addItem(batch: PagerdutyBatch, key: (typeof LIST_KEYS)[number], value: unknown, place: Place, options: PagerdutyParseOptions): void {
  const json = place.object(value);
  switch (key) {
    case "incidents":
      batch.incidents.push(parseIncident(json, place, {}));
      return;
    case "log_entries":
      batch.logEntries.push(parseLogEntry(json, place, options));
      return;
    case "oncalls":
      batch.oncalls.push(parseOncall(json, place));
      return;
    case "users":
      batch.users.push({
        externalId: place.id(json),
        name: text(json.name) ?? text(json.summary) ?? place.id(json),
        email: text(json.email)?.toLowerCase() ?? null,
        timezone: text(json.time_zone),
        title: text(json.job_title),
      });
      return;
    case "services":
      batch.services.push({
        externalId: place.id(json),
        name: text(json.name) ?? text(json.summary) ?? place.id(json),
        description: text(json.description),
        escalationPolicyExternalId: refId(json.escalation_policy),
      });
      return;
    case "escalation_policies":
      batch.escalationPolicies.push({ externalId: place.id(json), name: text(json.name) ?? text(json.summary) ?? place.id(json) });
      return;
    case "schedules":
      batch.schedules.push({
        externalId: place.id(json),
        name: text(json.name) ?? text(json.summary) ?? place.id(json),
        timeZone: text(json.time_zone),
      });
      return;
  }
}

interface IncidentContext {
  /** The webhook event's time: what the payload describes is the state at that moment. */
  eventAt?: number;
  /** The event is the resolution, so its time is the resolution time. */
  resolvedByEvent?: boolean;
}

function parseIncident(json: Json, place: Place, context: IncidentContext): PagerdutyIncidentRecord {
  const externalId = place.id(json);
  const exactCreatedAt = place.time(json, "created_at", context.eventAt === undefined);
  const createdAt = exactCreatedAt ?? (context.eventAt as number);
  const status = text(json.status);
  const lastChange = place.time(json, "last_status_change_at", false);
  const resolvedAt =
    place.time(json, "resolved_at", false) ?? (status === "resolved" ? (lastChange ?? (context.resolvedByEvent ? (context.eventAt ?? null) : null)) : null);
  const number = integer(json.incident_number) ?? integer(json.number);
  const priority = isObject(json.priority) ? (text(json.priority.summary) ?? text(json.priority.name)) : null;
  return {
    externalId,
    number,
    title: text(json.title) ?? text(json.summary) ?? externalId,
    status,
    urgency: text(json.urgency),
    priority,
    serviceExternalId: refId(json.service),
    escalationPolicyExternalId: refId(json.escalation_policy),
    htmlUrl: text(json.html_url),
    createdAt,
    createdAtExact: exactCreatedAt !== null,
    resolvedAt,
    observedAt: context.eventAt ?? place.time(json, "updated_at", false) ?? lastChange ?? createdAt,
  };
}

function parseLogEntry(json: Json, place: Place, options: PagerdutyParseOptions): PagerdutyLogEntryRecord {
  const externalId = place.id(json);
  const type = place.string(json, "type");
  const at = place.time(json, "created_at", true) as number;
  const incidentExternalId = refId(json.incident) ?? options.incidentExternalId ?? place.at("incident").at("id").fail("missing: a log entry must name its incident");
  const kind = logEntryKind(type);
  const channel = isObject(json.channel) ? json.channel : null;
  let targets: string[] = [];
  if (kind === "notify") targets = ids([json.user]);
  else if (ASSIGNING_KINDS.has(kind)) targets = ids([...(Array.isArray(json.assignees) ? json.assignees : []), json.assigned_user]);
  const notification = isObject(json.notification) ? compact({ type: text(json.notification.type), status: text(json.notification.status) }) : null;
  const agent = isObject(json.agent) ? json.agent : null;
  return {
    externalId,
    incidentExternalId,
    type,
    kind,
    at,
    agentType: agent ? text(agent.type) : null,
    agentExternalId: agent ? text(agent.id) : null,
    targetUserIds: targets,
    channelType: channel ? text(channel.type) : null,
    summary: text(json.summary),
    details: detailsJson({
      eventDetails: isObject(json.event_details) && Object.keys(json.event_details).length > 0 ? json.event_details : null,
      // Notes have been returned under each of these names over the API's life.
      note: kind === "annotate" && channel ? (text(channel.content) ?? text(channel.summary) ?? text(channel.notes)) : null,
      notification,
    }),
  };
}

function parseOncall(json: Json, place: Place): PagerdutyOncallRecord {
  const userPlace = place.at("user");
  const userExternalId = userPlace.id(userPlace.object(json.user));
  const policy = isObject(json.escalation_policy) ? json.escalation_policy : null;
  const schedule = isObject(json.schedule) ? json.schedule : null;
  const escalationPolicyExternalId = policy ? text(policy.id) : null;
  const scheduleExternalId = schedule ? text(schedule.id) : null;
  const escalationLevel = integer(json.escalation_level);
  const startAt = place.time(json, "start", false);
  const endAt = place.time(json, "end", false);
  return {
    userExternalId,
    escalationPolicyExternalId,
    escalationPolicyName: policy ? (text(policy.summary) ?? text(policy.name)) : null,
    scheduleExternalId,
    scheduleName: schedule ? (text(schedule.summary) ?? text(schedule.name)) : null,
    escalationLevel,
    startAt,
    endAt,
    naturalKey: [userExternalId, escalationPolicyExternalId ?? "", escalationLevel ?? "", scheduleExternalId ?? "", startAt ?? ""].join("|"),
  };
}

/** The people a webhook event reaches: the assignees of a reassignment, the user a responder request added. */
function webhookTargets(kind: string, data: Json): string[] {
  if (ASSIGNING_KINDS.has(kind)) return Array.isArray(data.assignees) ? ids(data.assignees) : [];
  if (kind === "notify") return ids([data.user]);
  return [];
}

function parseWebhook(event: Json, place: Place): PagerdutyDocument {
  const eventType = place.string(event, "event_type");
  const resourceType = text(event.resource_type);
  if (resourceType !== null ? resourceType !== "incident" : !eventType.startsWith("incident.")) {
    return { kind: "skipped", reason: `webhook event ${eventType} is not about an incident` };
  }
  const externalId = place.id(event);
  const at = place.time(event, "occurred_at", true) as number;
  const dataPlace = place.at("data");
  const data = dataPlace.object(event.data);
  const kind = webhookEventKind(eventType);
  const batch = emptyPagerdutyBatch();
  let incidentExternalId: string;
  // Most events carry the incident itself; notes, responders and status updates carry
  // their own object with an `incident` reference.
  if (data.type === "incident" || (data.type === undefined && !isObject(data.incident))) {
    const incident = parseIncident(data, dataPlace, { eventAt: at, resolvedByEvent: eventType === "incident.resolved" });
    batch.incidents.push(incident);
    incidentExternalId = incident.externalId;
  } else {
    const incidentPlace = dataPlace.at("incident");
    incidentExternalId = incidentPlace.id(incidentPlace.object(data.incident));
  }
  const agent = isObject(event.agent) ? event.agent : null;
  batch.logEntries.push({
    externalId,
    incidentExternalId,
    type: eventType,
    kind,
    at,
    agentType: agent ? text(agent.type) : null,
    agentExternalId: agent ? text(agent.id) : null,
    targetUserIds: webhookTargets(kind, data),
    channelType: null,
    summary: null,
    details: detailsJson({
      note: kind === "annotate" ? text(data.content) : null,
      priority: eventType === "incident.priority_updated" && isObject(data.priority) ? text(data.priority.summary) : null,
      client: isObject(event.client) ? text(event.client.name) : null,
    }),
  });
  return { kind: "data", batch };
}

/**
 * A JSON path inside one named body, for error messages: `incidents[3].created_at`.
 * Every check that fails throws an {@link ImportError} naming the file and the path.
 */
class Place {
  constructor(
    private readonly file: string,
    private readonly path: string,
  ) {}

  at(key: string | number): Place {
    return new Place(this.file, typeof key === "number" ? `${this.path}[${key}]` : this.path === "" ? key : `${this.path}.${key}`);
  }

  error(message: string): ImportError {
    return new ImportError(`${this.file}: ${this.path === "" ? "" : `${this.path}: `}${message}`);
  }

  fail(message: string): never {
    throw this.error(message);
  }

  object(value: unknown): Json {
    if (!isObject(value)) throw this.error(`expected a JSON object, got ${describe(value)}`);
    return value;
  }

  string(json: Json, key: string): string {
    const value = json[key];
    if (typeof value !== "string" || value === "") throw this.at(key).error(`expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  id(json: Json): string {
    return this.string(json, "id");
  }

  /** An ISO 8601 date-time with a zone, as epoch ms; null when absent and not required. */
  time(json: Json, key: string, required: boolean): number | null {
    const value = json[key];
    if (value === undefined || value === null) {
      if (required) throw this.at(key).error(`expected an ISO 8601 date-time, got ${describe(value)}`);
      return null;
    }
    const ms = typeof value === "string" ? parseIsoTime(value) : null;
    if (ms === null) throw this.at(key).error(`expected an ISO 8601 date-time with a time zone, got ${describe(value)}`);
    return ms;
  }
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * `2015-03-06T15:28:51-05:00` → epoch ms. Only full date-times with a zone are taken:
 * a time without one would silently mean the importing machine's zone.
 */
export function parseIsoTime(value: string): number | null {
  const match = ISO_TIME.exec(value.trim());
  if (!match) return null;
  const fraction = match[2] ? match[2].slice(0, 4).padEnd(4, "0") : "";
  const zone = (match[3] ?? "Z").toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${match[1]}${fraction}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function integer(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

function refId(value: unknown): string | null {
  return isObject(value) ? text(value.id) : null;
}

function ids(values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const id = refId(value);
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}

function compact(fields: Record<string, unknown>): Json | null {
  const kept = Object.entries(fields).filter(([, value]) => value !== null && value !== undefined);
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

function detailsJson(fields: Record<string, unknown>): string | null {
  const kept = compact(fields);
  return kept === null ? null : JSON.stringify(kept);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
