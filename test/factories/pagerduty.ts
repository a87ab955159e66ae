import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { externalSample } from "../shared-data.js";

/** The third-party PagerDuty samples these factories read (under `data/external/`). */
export const PAGERDUTY_SAMPLES = ["pagerduty/api-schema_openapi_GET_examples.json", "pagerduty/zulip_webhook_v3_triggered.json", "pagerduty/zulip_webhook_v3_escalated.json"] as const;

/** A JSON object as PagerDuty sends it. */
export type PagerdutyJson = Record<string, unknown>;

/**
 * The official response examples from PagerDuty's OpenAPI document, by API path and
 * example name (`examples["/incidents"]["response"]`): the API body is each `value`.
 */
export function pagerdutyExamples(): Record<string, Record<string, { value: PagerdutyJson }>> {
  const parsed = JSON.parse(readFileSync(externalSample("pagerduty/api-schema_openapi_GET_examples.json"), "utf8")) as Record<string, unknown>;
  const { _source: _ignored, ...paths } = parsed;
  return paths as Record<string, Record<string, { value: PagerdutyJson }>>;
}

/** One official example body: the first example of `path`, or the one named. */
export function pagerdutyExample(path: string, name?: string): PagerdutyJson {
  const examples = pagerdutyExamples()[path];
  const example = name === undefined ? Object.values(examples ?? {})[0] : examples?.[name];
  if (!example) throw new Error(`no PagerDuty example for ${path} ${name ?? ""}`);
  return structuredClone(example.value);
}

/** A real webhook v3 payload (Zulip's fixtures): `triggered` (PFQZPSY) or `escalated` (Q3B15VLMF3ASBD). */
export function pagerdutyWebhookSample(name: "triggered" | "escalated"): PagerdutyJson {
  return JSON.parse(readFileSync(externalSample(`pagerduty/zulip_webhook_v3_${name}.json`), "utf8")) as PagerdutyJson;
}

/**
 * Every official example body as the files a person would save them to: nine files,
 * in nested folders. The trigger log entry of PT4KHLK is in two of them, user
 * PXPGF42 in two and schedule PI7DH85 in three.
 */
export function officialExampleFiles(): Record<string, PagerdutyJson> {
  return {
    "api/incidents.json": pagerdutyExample("/incidents"),
    "api/incidents/PT4KHLK/log_entries.json": pagerdutyExample("/incidents/{id}/log_entries"),
    "api/log_entries.json": pagerdutyExample("/log_entries"),
    "api/oncalls.json": pagerdutyExample("/oncalls"),
    "api/schedules.json": pagerdutyExample("/schedules", "Basic Example"),
    "api/schedules-with-layers.json": pagerdutyExample("/schedules", "With Schedule Layers"),
    "api/schedules/PI7DH85.json": pagerdutyExample("/schedules/{id}"),
    "api/users.json": pagerdutyExample("/users"),
    "api/users/PXPGF42.json": pagerdutyExample("/users/{id}"),
  };
}

/** Writes files (JSON values, or raw text for broken ones) into a new temporary folder. */
export function writePagerdutyFolder(files: Record<string, unknown>, dir = mkdtempSync(join(tmpdir(), "pagerduty-"))): string {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** A user reference as PagerDuty embeds it. */
export function pagerdutyRef(id: string, type = "user_reference", summary = id): PagerdutyJson {
  return { id, type, summary, self: `https://api.pagerduty.com/x/${id}` };
}

/** An incident shaped like `/incidents` items, created at `createdAt`. */
export function buildPagerdutyIncident(id: string, createdAt: string, extra: PagerdutyJson = {}): PagerdutyJson {
  return {
    id,
    type: "incident",
    summary: `[#1] ${id}`,
    incident_number: 1,
    title: `Incident ${id}`,
    created_at: createdAt,
    status: "triggered",
    urgency: "high",
    service: pagerdutyRef("PSVC1", "service_reference", "checkout-api"),
    escalation_policy: pagerdutyRef("PPOL1", "escalation_policy_reference", "Checkout"),
    html_url: `https://acme.pagerduty.com/incidents/${id}`,
    ...extra,
  };
}

/** A log entry of `type` (`notify_log_entry`, …) on `incidentId`. */
export function buildLogEntry(id: string, type: string, incidentId: string, createdAt: string, extra: PagerdutyJson = {}): PagerdutyJson {
  return {
    id,
    type,
    summary: `${type} ${id}`,
    created_at: createdAt,
    agent: pagerdutyRef("PAGENT"),
    channel: { type: "web_ui" },
    incident: pagerdutyRef(incidentId, "incident_reference"),
    ...extra,
  };
}

/** A user shaped like `/users` items. */
export function buildPagerdutyUser(id: string, name: string, extra: PagerdutyJson = {}): PagerdutyJson {
  return { id, type: "user", summary: name, name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@acme.example`, time_zone: "Europe/Berlin", job_title: "SRE", ...extra };
}

/** A webhook v3 payload: `{"event": {…}}`. */
export function buildWebhookEvent(id: string, eventType: string, occurredAt: string, data: PagerdutyJson, extra: PagerdutyJson = {}): PagerdutyJson {
  return { event: { id, event_type: eventType, resource_type: "incident", occurred_at: occurredAt, agent: pagerdutyRef("PAGENT"), client: null, data, ...extra } };
}

/** A list page as the API returns it. */
export function listPage(key: string, items: unknown[], offset = 0, more = false): PagerdutyJson {
  return { [key]: items, limit: items.length, offset, more, total: null };
}
