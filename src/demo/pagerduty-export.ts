import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Company, type Person, type Service, owningTeamAt, teamAt } from "./company.js";
import type { LogEntryPlan, LogEntryType, OnCallShift, PagerdutyIncidentPlan, PagerdutyPlan, PagerdutyTeam } from "./pagerduty-plan.js";
import { ESCALATION_DELAY_MINUTES } from "./pagerduty-plan.js";
import { dateMs, isoInZone, isoSeconds } from "./time.js";

/** The REST API's origin, as every `self` link names it. */
export const PAGERDUTY_API = "https://api.pagerduty.com";
/** Acme Cloud's PagerDuty web app, as every `html_url` names it (and the Slack export links). */
export const PAGERDUTY_WEB = "https://acme.pagerduty.com";
/** Items per file: the API's maximum `limit`, so each file is one real response page. */
export const PAGERDUTY_PAGE_SIZE = 100;

/** What {@link writePagerdutyExport} wrote. */
export interface PagerdutyExportStats {
  /** File names inside the folder, in the order written. */
  files: string[];
  incidents: number;
  /** Incidents with an incident channel in the Slack export. */
  incidentsWithSlackChannel: number;
  /** Background pages that never got a channel. */
  incidentsWithoutSlackChannel: number;
  logEntries: number;
  logEntriesByType: Record<LogEntryType, number>;
  users: number;
  services: number;
  escalationPolicies: number;
  schedules: number;
  oncallShifts: number;
}

type Json = Record<string, unknown>;

interface Ref {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url?: string | null;
}

const ref = (type: string, id: string, summary: string, path: string, htmlPath: string | null): Ref =>
  htmlPath === null
    ? { id, type, summary, self: `${PAGERDUTY_API}/${path}/${id}` }
    : { id, type, summary, self: `${PAGERDUTY_API}/${path}/${id}`, html_url: `${PAGERDUTY_WEB}/${htmlPath}/${id}` };

const COLORS = ["green", "red", "purple", "teal", "orange", "blue", "brown", "cayenne", "dark-slate-grey", "violet"] as const;
const NOTIFY_LABEL: Record<string, string> = { sms: "SMS", phone: "phone", push_notification: "push notification", email: "email" };

/** Turns the plan into REST API v2 response bodies; the only place PagerDuty JSON is shaped. */
class Presenter {
  readonly company: Company;
  readonly plan: PagerdutyPlan;
  readonly people: Map<string, Person>;
  readonly services: Map<string, Service>;
  readonly teams: Map<string, PagerdutyTeam>;
  /** The account owner: the first admin, who set PagerDuty up. */
  readonly ownerId: string | undefined;

  constructor(company: Company, plan: PagerdutyPlan) {
    this.ownerId = company.people.find((p) => p.isAdmin)?.id;
    this.company = company;
    this.plan = plan;
    this.people = new Map(company.people.map((p) => [p.id, p]));
    this.services = new Map(company.services.map((s) => [s.key, s]));
    this.teams = new Map(plan.teams.map((t) => [t.key, t]));
  }

  userRef(personId: string): Ref {
    const p = this.people.get(personId);
    return ref("user_reference", p?.pagerdutyUserId ?? personId, p?.name ?? personId, "users", "users");
  }

  serviceRef(key: string): Ref {
    const s = this.services.get(key);
    return ref("service_reference", s?.pagerdutyServiceId ?? key, s?.pagerdutyServiceName ?? key, "services", "service-directory");
  }

  teamRef(t: PagerdutyTeam): Ref {
    return ref("team_reference", t.id, t.name, "teams", "teams");
  }

  policyRef(t: PagerdutyTeam): Ref {
    return ref("escalation_policy_reference", t.escalationPolicyId, policyName(t), "escalation_policies", "escalation_policies");
  }

  scheduleRef(t: PagerdutyTeam, level: 1 | 2): Ref {
    return ref("schedule_reference", (level === 1 ? t.scheduleIds[0] : t.scheduleIds[1]), scheduleName(t, level), "schedules", "schedules");
  }

  teamRefs(key: string | null): Ref[] {
    const t = key ? this.teams.get(key) : undefined;
    return t ? [this.teamRef(t)] : [];
  }

  user(p: Person, index: number): Json {
    const extras = this.plan.userExtras.get(p.id);
    const id = p.pagerdutyUserId;
    const current = teamAt(p, Math.min(this.company.exportedAt, (p.endMs ?? Infinity) - 1));
    const cm = extras?.contactMethodIds;
    const contact = (type: string, cmId: string | undefined, summary: string): Ref => ({
      id: cmId ?? "", type, summary, self: `${PAGERDUTY_API}/users/${id}/contact_methods/${cmId ?? ""}`,
    });
    return {
      id,
      type: "user",
      summary: p.name,
      self: `${PAGERDUTY_API}/users/${id}`,
      html_url: `${PAGERDUTY_WEB}/users/${id}`,
      name: p.name,
      email: p.email,
      time_zone: p.timezone,
      color: COLORS[index % COLORS.length],
      role: p.id === this.ownerId ? "owner" : p.isAdmin ? "admin" : p.role === "executive" ? "observer" : "user",
      avatar_url: "https://pd-static-assets.pagerduty.com/users/blank-avatar.png",
      description: "",
      invitation_sent: false,
      created_via_sso: true,
      contact_methods: [
        contact("email_contact_method_reference", cm?.email, "Default"),
        contact("phone_contact_method_reference", cm?.phone, "Mobile"),
        contact("sms_contact_method_reference", cm?.sms, "Mobile"),
        contact("push_notification_contact_method_reference", cm?.push, "Phone app"),
      ],
      notification_rules: (extras?.notificationRuleIds ?? []).map((ruleId) => ({
        id: ruleId,
        type: "assignment_notification_rule_reference",
        summary: "Default",
        self: `${PAGERDUTY_API}/users/${id}/notification_rules/${ruleId}`,
        html_url: null,
      })),
      job_title: p.title,
      teams: this.teamRefs(current),
    };
  }

  service(s: Service, lastIncident: number | null): Json {
    const owner = this.teams.get(owningTeamAt(s, this.company.exportedAt));
    return {
      id: s.pagerdutyServiceId,
      type: "service",
      summary: s.pagerdutyServiceName,
      self: `${PAGERDUTY_API}/services/${s.pagerdutyServiceId}`,
      html_url: `${PAGERDUTY_WEB}/service-directory/${s.pagerdutyServiceId}`,
      name: s.pagerdutyServiceName,
      description: s.description,
      auto_resolve_timeout: 14400,
      acknowledgement_timeout: 1800,
      created_at: isoSeconds(dateMs(s.owners[0]?.from ?? "2015-02-01") + 10 * 3_600_000),
      status: "active",
      last_incident_timestamp: lastIncident === null ? null : isoSeconds(lastIncident),
      escalation_policy: owner ? this.policyRef(owner) : null,
      response_play: null,
      teams: owner ? [this.teamRef(owner)] : [],
      integrations: [],
      incident_urgency_rule: { type: "constant", urgency: "high" },
      alert_creation: "create_alerts_and_incidents",
    };
  }

  escalationPolicy(t: PagerdutyTeam): Json {
    const owned = this.company.services.filter((s) => owningTeamAt(s, this.company.exportedAt) === t.key);
    return {
      id: t.escalationPolicyId,
      type: "escalation_policy",
      summary: policyName(t),
      self: `${PAGERDUTY_API}/escalation_policies/${t.escalationPolicyId}`,
      html_url: `${PAGERDUTY_WEB}/escalation_policies/${t.escalationPolicyId}`,
      name: policyName(t),
      description: `Pages the ${t.name} primary on call, then the secondary after ${ESCALATION_DELAY_MINUTES} minutes.`,
      num_loops: 0,
      on_call_handoff_notifications: "if_has_services",
      escalation_rules: ([1, 2] as const).map((level) => ({
        id: (level === 1 ? t.escalationRuleIds[0] : t.escalationRuleIds[1]),
        escalation_delay_in_minutes: level === 1 ? ESCALATION_DELAY_MINUTES : 15,
        targets: [this.scheduleRef(t, level)],
      })),
      services: owned.map((s) => this.serviceRef(s.key)),
      teams: [this.teamRef(t)],
    };
  }

  schedule(t: PagerdutyTeam, level: 1 | 2, userIds: readonly string[]): Json {
    const id = (level === 1 ? t.scheduleIds[0] : t.scheduleIds[1]);
    return {
      id,
      type: "schedule",
      summary: scheduleName(t, level),
      self: `${PAGERDUTY_API}/schedules/${id}`,
      html_url: `${PAGERDUTY_WEB}/schedules/${id}`,
      name: scheduleName(t, level),
      time_zone: t.timeZone,
      description: `Weekly ${level === 1 ? "primary" : "secondary"} rotation of ${t.name}, handing over on Mondays at 00:00 UTC.`,
      escalation_policies: [this.policyRef(t)],
      users: userIds.map((pid) => this.userRef(pid)),
      teams: [this.teamRef(t)],
    };
  }

  oncall(s: OnCallShift): Json {
    const t = this.teams.get(s.team) as PagerdutyTeam;
    return {
      user: this.userRef(s.personId),
      schedule: this.scheduleRef(t, s.level),
      escalation_policy: this.policyRef(t),
      escalation_level: s.level,
      start: isoInZone(s.start, t.timeZone),
      end: isoInZone(s.end, t.timeZone),
    };
  }

  incidentRef(i: PagerdutyIncidentPlan): Ref {
    return ref("incident_reference", i.id, `[#${i.number}] ${i.title}`, "incidents", "incidents");
  }

  logEntry(i: PagerdutyIncidentPlan, e: LogEntryPlan): Json {
    const name = (id: string | null): string => (id ? (this.people.get(id)?.name ?? id) : "");
    const agent = e.agentId ? this.userRef(e.agentId) : this.serviceRef(i.service);
    let summary: string;
    const extra: Json = {};
    switch (e.type) {
      case "trigger_log_entry":
        summary = "Triggered through the API.";
        extra.event_details = { description: i.title };
        break;
      case "assign_log_entry":
        summary = `Assigned to ${name(e.personId)}.`;
        extra.assignees = e.personId ? [this.userRef(e.personId)] : [];
        break;
      case "escalate_log_entry":
        summary = `Escalated to ${name(e.personId)} (level 2): not acknowledged within ${ESCALATION_DELAY_MINUTES} minutes.`;
        extra.assignees = e.personId ? [this.userRef(e.personId)] : [];
        break;
      case "notify_log_entry":
        summary = `Notified ${name(e.personId)} by ${NOTIFY_LABEL[e.channel] ?? e.channel}.`;
        if (e.personId) extra.user = this.userRef(e.personId);
        break;
      case "acknowledge_log_entry":
        summary = `Acknowledged by ${name(e.agentId)}.`;
        break;
      case "annotate_log_entry":
        summary = `Note added by ${name(e.agentId)}.`;
        break;
      case "resolve_log_entry":
        summary = e.agentId ? `Resolved by ${name(e.agentId)}.` : "Resolved through the API.";
        break;
    }
    const channel: Json = e.type === "annotate_log_entry" ? { type: "note", content: e.note ?? "" } : { type: e.channel };
    return {
      id: e.id,
      type: e.type,
      summary,
      self: `${PAGERDUTY_API}/log_entries/${e.id}?incident_id=${i.id}`,
      html_url: `${PAGERDUTY_WEB}/incidents/${i.id}/log_entries/${e.id}`,
      created_at: isoSeconds(e.at),
      agent,
      channel,
      incident: this.incidentRef(i),
      teams: this.teamRefs(i.team),
      contexts: [],
      ...extra,
    };
  }

  incident(i: PagerdutyIncidentPlan): Json {
    const t = this.teams.get(i.team);
    const trigger = i.entries.find((e) => e.type === "trigger_log_entry");
    const resolve = i.entries.find((e) => e.type === "resolve_log_entry");
    const priority = this.plan.priorities.find((p) => p.name === i.priority);
    const incidentRef = this.incidentRef(i);
    return {
      id: i.id,
      type: "incident",
      summary: `[#${i.number}] ${i.title}`,
      self: `${PAGERDUTY_API}/incidents/${i.id}`,
      html_url: `${PAGERDUTY_WEB}/incidents/${i.id}`,
      incident_number: i.number,
      title: i.title,
      created_at: isoSeconds(i.createdAt),
      updated_at: isoSeconds(i.resolvedAt),
      status: "resolved",
      incident_key: i.incidentKey,
      service: this.serviceRef(i.service),
      assignments: [],
      assigned_via: "escalation_policy",
      last_status_change_at: isoSeconds(i.resolvedAt),
      resolved_at: isoSeconds(i.resolvedAt),
      first_trigger_log_entry: trigger
        ? {
            id: trigger.id,
            type: "trigger_log_entry_reference",
            summary: "Triggered through the API.",
            self: `${PAGERDUTY_API}/log_entries/${trigger.id}?incident_id=${i.id}`,
            html_url: `${PAGERDUTY_WEB}/incidents/${i.id}/log_entries/${trigger.id}`,
          }
        : null,
      alert_counts: { all: 1, triggered: 0, resolved: 1 },
      is_mergeable: true,
      incident_type: { name: "incident_default" },
      escalation_policy: t ? this.policyRef(t) : null,
      teams: t ? [this.teamRef(t)] : [],
      pending_actions: [],
      acknowledgements: [],
      last_status_change_by: resolve?.agentId ? this.userRef(resolve.agentId) : this.serviceRef(i.service),
      priority: priority ? { id: priority.id, type: "priority_reference", summary: priority.name, self: `${PAGERDUTY_API}/priorities/${priority.id}` } : null,
      resolve_reason: null,
      incidents_responders: i.responders.map((r) => ({
        state: "joined",
        user: this.userRef(r.personId),
        incident: incidentRef,
        updated_at: isoSeconds(r.joinedAt),
        message: "Please join the incident channel.",
        requester: this.userRef(r.requesterId),
        requested_at: isoSeconds(r.at),
      })),
      responder_requests: i.responders.map((r) => ({
        incident: incidentRef,
        requester: this.userRef(r.requesterId),
        requested_at: isoSeconds(r.at),
        message: "Please join the incident channel.",
        responder_request_targets: [{ responder_request_target: { ...this.userRef(r.personId), type: "user" } }],
      })),
      urgency: i.urgency,
    };
  }
}

function policyName(t: PagerdutyTeam): string {
  return `${t.name} Escalation Policy`;
}

function scheduleName(t: PagerdutyTeam, level: 1 | 2): string {
  return `${t.name} - ${level === 1 ? "Primary" : "Secondary"}`;
}

/**
 * Writes the plan as PagerDuty REST API v2 response bodies: `users.json`,
 * `services.json`, `escalation_policies.json`, `schedules.json`, `oncalls.json`,
 * `incidents.json` (each split into `<name>-page-<n>.json` files of 100 when longer)
 * and one `log_entries-<incident id>.json` per incident. The folder is emptied first so
 * files of an earlier, larger demo never linger.
 */
export function writePagerdutyExport(company: Company, plan: PagerdutyPlan, dir: string): PagerdutyExportStats {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, body: Json): void => {
    writeFileSync(join(dir, name), `${JSON.stringify(body, null, 2)}\n`);
    files.push(name);
  };
  // Items are presented one page at a time, so only a page of JSON objects is alive at once.
  const collection = <T>(name: string, key: string, items: readonly T[], present: (item: T, index: number) => Json): void => {
    const total = items.length;
    const page = (offset: number): Json[] => items.slice(offset, offset + PAGERDUTY_PAGE_SIZE).map((item, k) => present(item, offset + k));
    if (total <= PAGERDUTY_PAGE_SIZE) {
      write(`${name}.json`, { [key]: page(0), limit: PAGERDUTY_PAGE_SIZE, offset: 0, more: false, total });
      return;
    }
    for (let offset = 0, n = 1; offset < total; offset += PAGERDUTY_PAGE_SIZE, n += 1) {
      write(`${name}-page-${n}.json`, { [key]: page(offset), limit: PAGERDUTY_PAGE_SIZE, offset, more: offset + PAGERDUTY_PAGE_SIZE < total, total });
    }
  };
  const present = new Presenter(company, plan);

  collection("users", "users", plan.users, (p, index) => present.user(p, index));

  const lastIncident = new Map<string, number>();
  for (const i of plan.incidents) lastIncident.set(i.service, Math.max(lastIncident.get(i.service) ?? 0, i.createdAt));
  collection("services", "services", company.services, (s) => present.service(s, lastIncident.get(s.key) ?? null));
  collection("escalation_policies", "escalation_policies", plan.teams, (t) => present.escalationPolicy(t));

  const onSchedule = new Map<string, Set<string>>();
  for (const s of plan.shifts) {
    const key = `${s.team}:${s.level}`;
    const set = onSchedule.get(key) ?? new Set<string>();
    set.add(s.personId);
    onSchedule.set(key, set);
  }
  const byName = (a: string, b: string): number => {
    const x = present.people.get(a)?.name ?? a;
    const y = present.people.get(b)?.name ?? b;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const schedules = plan.teams.flatMap((t) => ([1, 2] as const).map((level) => ({ t, level })));
  collection("schedules", "schedules", schedules, ({ t, level }) => present.schedule(t, level, [...(onSchedule.get(`${t.key}:${level}`) ?? [])].sort(byName)));
  collection("oncalls", "oncalls", plan.shifts, (s) => present.oncall(s));

  const byType: Record<LogEntryType, number> = {
    trigger_log_entry: 0, assign_log_entry: 0, notify_log_entry: 0, escalate_log_entry: 0, acknowledge_log_entry: 0, annotate_log_entry: 0, resolve_log_entry: 0,
  };
  let logEntries = 0;
  for (const incident of plan.incidents) {
    for (const e of incident.entries) byType[e.type] += 1;
    logEntries += incident.entries.length;
    collection(`log_entries-${incident.id}`, "log_entries", incident.entries, (e) => present.logEntry(incident, e));
  }
  collection("incidents", "incidents", plan.incidents, (i) => present.incident(i));

  const withSlack = plan.incidents.filter((i) => i.demoIncidentId !== null).length;
  return {
    files,
    incidents: plan.incidents.length,
    incidentsWithSlackChannel: withSlack,
    incidentsWithoutSlackChannel: plan.incidents.length - withSlack,
    logEntries,
    logEntriesByType: byType,
    users: plan.users.length,
    services: company.services.length,
    escalationPolicies: plan.teams.length,
    schedules: schedules.length,
    oncallShifts: plan.shifts.length,
  };
}
