import { IdRegistry, type Person, type Service, owningTeamAt, rotaAt, teamAt, teamMembersAt } from "./company.js";
import { Random } from "./random.js";
import { INCIDENT_PERIOD, type IncidentPlan, type Scenario, type Severity, scheduledOnCall } from "./scenario.js";
import { REGIONS } from "./themes.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS, dateMs, isOffHours, localHour, localToUtcMinute, utcWeekStart } from "./time.js";

/** Minutes an escalation policy waits for an acknowledgement before paging level 2. */
export const ESCALATION_DELAY_MINUTES = 5;

/** A team's objects in PagerDuty: the team, its escalation policy and its two schedules. */
export interface PagerdutyTeam {
  key: string;
  name: string;
  id: string;
  escalationPolicyId: string;
  /** Ids of the policy's two rules: level 1 (primary schedule) and level 2 (secondary). */
  escalationRuleIds: [string, string];
  /** Primary and secondary schedule ids. */
  scheduleIds: [string, string];
  /** Zone the schedules are kept in, and in which on-call starts and ends are written. */
  timeZone: string;
}

/** Escalation level of an on-call shift: 1 is the primary schedule, 2 the secondary. */
export type EscalationLevel = 1 | 2;

/** One person on call on a team's schedule from `start` to `end` (exclusive), epoch ms. */
export interface OnCallShift {
  team: string;
  level: EscalationLevel;
  personId: string;
  start: number;
  end: number;
}

/** Log entry types the demo writes, as PagerDuty names them. */
export type LogEntryType =
  | "trigger_log_entry"
  | "assign_log_entry"
  | "notify_log_entry"
  | "escalate_log_entry"
  | "acknowledge_log_entry"
  | "annotate_log_entry"
  | "resolve_log_entry";

/** How a notify entry reached someone. */
export type NotifyChannel = "sms" | "phone" | "push_notification" | "email";

/** One planned log entry of an incident. */
export interface LogEntryPlan {
  id: string;
  type: LogEntryType;
  at: number;
  /** The person notified, assigned or escalated to; null for other types. */
  personId: string | null;
  /** The person who acted; null when the service (PagerDuty itself) did. */
  agentId: string | null;
  /** Channel type: `api`, `auto`, `timeout`, `mobile`, `website`, `note` or a {@link NotifyChannel}. */
  channel: string;
  /** Text of an `annotate_log_entry`. */
  note: string | null;
}

/** A responder request: someone asked another person to join the incident. */
export interface ResponderRequestPlan {
  personId: string;
  requesterId: string;
  at: number;
  joinedAt: number;
}

/** One PagerDuty incident, with or without a Slack channel. */
export interface PagerdutyIncidentPlan {
  id: string;
  number: number;
  title: string;
  service: string;
  /** Team whose escalation policy it went to when it triggered. */
  team: string;
  createdAt: number;
  resolvedAt: number;
  priority: "P1" | "P2" | "P3" | "P4";
  urgency: "high" | "low";
  /** Deduplication key of the alert, 32 hex digits. */
  incidentKey: string;
  /** The demo incident (`INC-0001`) it belongs to, or null for background pages with no Slack channel. */
  demoIncidentId: string | null;
  entries: LogEntryPlan[];
  responders: ResponderRequestPlan[];
}

/** Ids of a user's contact methods and notification rules. */
export interface PagerdutyUserExtras {
  contactMethodIds: { email: string; phone: string; sms: string; push: string };
  notificationRuleIds: [string, string];
}

/** Everything the PagerDuty files are written from. */
export interface PagerdutyPlan {
  teams: PagerdutyTeam[];
  priorities: { name: "P1" | "P2" | "P3" | "P4"; id: string }[];
  /** PagerDuty users, sorted by name as the API lists them. */
  users: Person[];
  userExtras: Map<string, PagerdutyUserExtras>;
  /** On-call shifts, by start, then team, then level. */
  shifts: OnCallShift[];
  /** Every incident, by incident number. */
  incidents: PagerdutyIncidentPlan[];
  /** Weeks the schedules cover: Monday 00:00 UTC to Monday 00:00 UTC. */
  period: { from: number; to: number };
}

const PRIORITY_OF: Record<Severity, PagerdutyIncidentPlan["priority"]> = { SEV1: "P1", SEV2: "P2", SEV3: "P3", SEV4: "P4" };

/**
 * Plans the PagerDuty account behind the scenario: weekly rotas per team whose shifts
 * agree with every planned page, each incident's log entries, and background pages
 * that never got a Slack channel. Deterministic in the scenario's seed.
 */
export function planPagerduty(scenario: Scenario): PagerdutyPlan {
  const company = scenario.company;
  const ids = new IdRegistry(Random.fork(scenario.seed, "pagerduty-ids"));
  ids.reserve(company.people.map((p) => p.pagerdutyUserId));
  ids.reserve(company.services.map((s) => s.pagerdutyServiceId));
  ids.reserve(scenario.incidents.map((i) => i.pagerdutyIncidentId));

  const priorities = (["P1", "P2", "P3", "P4"] as const).map((name) => ({ name, id: ids.unique("P", 6) }));
  const teams = company.teams.filter((t) => t.onCall).map((t): PagerdutyTeam => {
    const manager = company.people.find((p) => p.role === "manager" && p.history.some((m) => m.team === t.key));
    return {
      key: t.key,
      name: t.name,
      id: ids.unique("P", 6),
      escalationPolicyId: ids.unique("P", 6),
      escalationRuleIds: [ids.unique("P", 6), ids.unique("P", 6)],
      scheduleIds: [ids.unique("P", 6), ids.unique("P", 6)],
      timeZone: manager?.timezone ?? "UTC",
    };
  });

  const firstDetected = scenario.incidents.reduce((min, i) => Math.min(min, i.detectedAt), INCIDENT_PERIOD.from);
  const lastResolved = scenario.incidents.reduce((max, i) => Math.max(max, i.resolvedAt), company.exportedAt);
  // A week of slack before the first incident holds its background pages.
  const period = { from: utcWeekStart(firstDetected - WEEK_MS), to: utcWeekStart(lastResolved) + WEEK_MS };
  const shifts = planShifts(scenario, teams, period);
  const rotas = new ShiftIndex(shifts);

  const noise = planBackgroundPages(scenario, rotas, period);
  const numbered = numberBackgroundPages(scenario.incidents, noise);

  const byNumber: { number: number; build: () => PagerdutyIncidentPlan }[] = [
    ...scenario.incidents.map((incident) => ({ number: incident.number, build: () => slackIncident(scenario, incident, ids) })),
    ...numbered.map(({ page, number }) => ({ number, build: () => backgroundIncident(scenario, page, number, rotas, ids) })),
  ];
  byNumber.sort((a, b) => a.number - b.number);
  const incidents = byNumber.map((x) => x.build());

  const referenced = new Set<string>();
  for (const s of shifts) referenced.add(s.personId);
  for (const incident of incidents) {
    for (const e of incident.entries) {
      if (e.personId) referenced.add(e.personId);
      if (e.agentId) referenced.add(e.agentId);
    }
  }
  // Everyone employed while the account was in use has a user; so does anyone a log entry
  // names, so references always resolve (PagerDuty would keep them as deleted users).
  const users = company.people
    .filter((p) => referenced.has(p.id) || (p.startMs < period.to && (p.endMs === null || p.endMs > period.from)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  const userExtras = new Map<string, PagerdutyUserExtras>();
  for (const u of users) {
    userExtras.set(u.id, {
      contactMethodIds: { email: ids.unique("P", 6), phone: ids.unique("P", 6), sms: ids.unique("P", 6), push: ids.unique("P", 6) },
      notificationRuleIds: [ids.unique("P", 6), ids.unique("P", 6)],
    });
  }
  return { teams, priorities, users, userExtras, shifts, incidents, period };
}

// --- on-call shifts -----------------------------------------------------------------------

interface Requirement {
  at: number;
  personId: string;
}

/**
 * Weekly shifts per team and level from the rota rule, split where the scenario says a
 * different person was on call (a swap or a new joiner mid-week), so that whoever the
 * scenario paged first holds level 1 at the incident's start and detection, and whoever
 * it escalated to holds level 2 at the escalation.
 */
function planShifts(scenario: Scenario, teams: PagerdutyTeam[], period: { from: number; to: number }): OnCallShift[] {
  const company = scenario.company;
  const busy = scenario.busyWeek;
  const busyFrom = busy ? dateMs(busy.weekStart) : -1;
  const busyPerson = busy ? company.people.find((p) => p.id === busy.personId) : undefined;
  const busyTeam = busyPerson ? teamAt(busyPerson, busyFrom) : null;
  const out: OnCallShift[] = [];
  for (const team of teams) {
    const primaries: Requirement[] = [];
    const secondaries: Requirement[] = [];
    for (const incident of scenario.incidents) {
      if (incident.owningTeam !== team.key) continue;
      primaries.push({ at: incident.startedAt, personId: incident.onCallId }, { at: incident.detectedAt, personId: incident.onCallId });
      for (const page of incident.pages) if (page.kind === "escalation") secondaries.push({ at: page.at, personId: page.personId });
    }
    primaries.sort((a, b) => a.at - b.at);
    secondaries.sort((a, b) => a.at - b.at);
    const level1: OnCallShift[] = [];
    const level2: OnCallShift[] = [];
    let next1 = 0;
    let next2 = 0;
    for (let week = period.from; week < period.to; week += WEEK_MS) {
      const end = week + WEEK_MS;
      const rule = scheduledOnCall(company, team.key, week);
      const inWeek1: Requirement[] = [];
      while (next1 < primaries.length && (primaries[next1] as Requirement).at < end) inWeek1.push(primaries[next1++] as Requirement);
      const inWeek2: Requirement[] = [];
      while (next2 < secondaries.length && (secondaries[next2] as Requirement).at < end) inWeek2.push(secondaries[next2++] as Requirement);
      const defaultPrimary = busyPerson && busyTeam === team.key && week === busyFrom ? busyPerson.id : rule.primary.id;
      const primary = inWeek1[0]?.personId ?? defaultPrimary;
      let secondary = rule.secondary?.id ?? null;
      if (secondary === primary) secondary = rotaAt(company, team.key, week).find((p) => p.id !== primary)?.id ?? null;
      // A team too small for two engineers has its manager as the backstop.
      secondary ??= teamMembersAt(company, team.key, week).find((p) => p.role === "manager" && p.id !== primary)?.id ?? null;
      addSegments(level1, team.key, 1, week, end, defaultPrimary, inWeek1);
      addSegments(level2, team.key, 2, week, end, secondary, inWeek2);
    }
    out.push(...level1, ...level2);
  }
  return out.sort((a, b) => a.start - b.start || (a.team < b.team ? -1 : a.team > b.team ? 1 : 0) || a.level - b.level);
}

function addSegments(list: OnCallShift[], team: string, level: EscalationLevel, from: number, to: number, fallback: string | null, required: Requirement[]): void {
  const push = (start: number, end: number, personId: string): void => {
    const last = list[list.length - 1];
    // PagerDuty reports back-to-back turns of the same person as one on-call span.
    if (last && last.personId === personId && last.end === start) last.end = end;
    else list.push({ team, level, personId, start, end });
  };
  const first = required[0];
  if (!first) {
    if (fallback) push(from, to, fallback);
    return;
  }
  let current = first.personId;
  let start = from;
  for (let k = 1; k < required.length; k += 1) {
    const req = required[k] as Requirement;
    if (req.personId === current) continue;
    const cut = cutBetween((required[k - 1] as Requirement).at, req.at);
    push(start, cut, current);
    start = cut;
    current = req.personId;
  }
  push(start, to, current);
}

/** A hand-over time after `a` and no later than `b`: on the hour where there is room, as overrides usually are. */
function cutBetween(a: number, b: number): number {
  const mid = a + Math.floor((b - a) / 2);
  for (const unit of [HOUR_MS, MINUTE_MS, 1000]) {
    const t = Math.floor(mid / unit) * unit;
    if (t > a) return t;
  }
  return b;
}

/** Finds who held a team's level at an instant. */
export class ShiftIndex {
  readonly #byTeamLevel = new Map<string, OnCallShift[]>();

  constructor(shifts: readonly OnCallShift[]) {
    for (const s of shifts) {
      const key = `${s.team}:${s.level}`;
      const list = this.#byTeamLevel.get(key) ?? [];
      list.push(s);
      this.#byTeamLevel.set(key, list);
    }
    for (const list of this.#byTeamLevel.values()) list.sort((a, b) => a.start - b.start);
  }

  /** The shift of a team's level covering `at`, if any. */
  at(team: string, level: EscalationLevel, at: number): OnCallShift | undefined {
    const list = this.#byTeamLevel.get(`${team}:${level}`) ?? [];
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid] as OnCallShift;
      if (at < s.start) hi = mid - 1;
      else if (at >= s.end) lo = mid + 1;
      else return s;
    }
    return undefined;
  }
}

// --- background pages ---------------------------------------------------------------------

const ALERTS: readonly string[] = [
  "High CPU on {svc}-{n}",
  "Disk usage above 85% on {svc}-{n}",
  "Error rate above 2% on {svc} in {region}",
  "p99 latency above SLO on {svc}",
  "Synthetic check failed: {svc} /healthz in {region}",
  "Pods crash-looping: {svc}",
  "TLS certificate for {svc} expires in 7 days",
  "Queue depth above threshold: {svc}",
  "Memory above 90% on {svc}-{n}",
  "Health check flapping: {svc} in {region}",
  "Saturation warning: {svc} connection pool at 95%",
  "Backup job failed: {svc}",
];

interface BackgroundPage {
  at: number;
  team: string;
  service: string;
  title: string;
  /** Pages of the busy week are kept even when incident numbers are scarce. */
  keep: boolean;
}

/**
 * Alerts that paged someone but never became a Slack incident: a few in the week before
 * each incident (mostly during the same on-call shift, so "pages in the prior 7 days" means
 * something), and extra ones, some at night, in the busy week.
 */
function planBackgroundPages(scenario: Scenario, rotas: ShiftIndex, period: { from: number; to: number }): BackgroundPage[] {
  const company = scenario.company;
  const rng = Random.fork(scenario.seed, "pagerduty-background");
  const out: BackgroundPage[] = [];
  const page = (at: number, team: string, keep: boolean): void => {
    const owned = company.services.filter((s) => owningTeamAt(s, at) === team);
    if (owned.length === 0 || at < period.from || at >= period.to) return;
    const service = rng.weighted(owned, owned.map((s) => (s.tier === 1 ? 3 : s.tier === 2 ? 2 : 1)));
    out.push({ at, team, service: service.key, title: alertTitle(rng, service), keep });
  };
  for (const incident of scenario.incidents) {
    const count = rng.weighted([0, 1, 2, 3], [0.3, 0.35, 0.25, 0.1]);
    const latest = incident.detectedAt - 30 * MINUTE_MS;
    const shiftStart = rotas.at(incident.owningTeam, 1, incident.detectedAt)?.start ?? latest;
    for (let k = 0; k < count; k += 1) {
      const earliest = rng.chance(0.7) && shiftStart < latest ? Math.max(shiftStart, incident.detectedAt - WEEK_MS) : incident.detectedAt - WEEK_MS;
      page(earliest + Math.floor(rng.next() * (latest - earliest)), incident.owningTeam, false);
    }
  }
  const busy = scenario.busyWeek;
  const person = busy ? company.people.find((p) => p.id === busy.personId) : undefined;
  if (busy && person) {
    const from = dateMs(busy.weekStart);
    const team = teamAt(person, from);
    if (team) {
      for (let k = 0; k < 3; k += 1) {
        // Two at night in their own zone, one in the day: the week that wore them out.
        const localMinute = k < 2 ? rng.int(60, 5 * 60) : rng.int(10 * 60, 16 * 60);
        let at = from + rng.int(0, 6) * DAY_MS + localToUtcMinute(localMinute, person.timezone) * MINUTE_MS + rng.int(0, 59_999);
        if (at >= from + WEEK_MS - HOUR_MS) at -= DAY_MS;
        if (k < 2 && !isOffHours(localHour(at, person.timezone))) at += 2 * HOUR_MS;
        page(at, team, true);
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function alertTitle(rng: Random, service: Service): string {
  return rng.pick(ALERTS).replace("{svc}", service.key).replace("{n}", String(rng.int(1, 12))).replace("{region}", rng.pick(REGIONS));
}

/**
 * Gives background pages the incident numbers the scenario's incidents skipped, so
 * numbers still rise with time. Where a gap has no free number a page is dropped,
 * busy-week pages last.
 */
function numberBackgroundPages(incidents: readonly IncidentPlan[], pages: readonly BackgroundPage[]): { page: BackgroundPage; number: number }[] {
  const ordered = incidents.slice().sort((a, b) => a.number - b.number);
  const out: { page: BackgroundPage; number: number }[] = [];
  let next = 0;
  const take = (until: number): BackgroundPage[] => {
    const list: BackgroundPage[] = [];
    while (next < pages.length && (pages[next] as BackgroundPage).at < until) list.push(pages[next++] as BackgroundPage);
    return list;
  };
  const fit = (list: BackgroundPage[], first: number, free: number): void => {
    const chosen = list.length <= free ? list : [...list.filter((p) => p.keep), ...list.filter((p) => !p.keep)].slice(0, free).sort((a, b) => a.at - b.at);
    chosen.forEach((page, k) => out.push({ page, number: first + k }));
  };
  const firstIncident = ordered[0];
  if (!firstIncident) return [];
  const before = take(firstIncident.detectedAt);
  fit(before, firstIncident.number - before.length, before.length);
  for (let k = 1; k < ordered.length; k += 1) {
    const previous = ordered[k - 1] as IncidentPlan;
    const current = ordered[k] as IncidentPlan;
    fit(take(current.detectedAt), previous.number + 1, current.number - previous.number - 1);
  }
  const last = ordered[ordered.length - 1] as IncidentPlan;
  const after = take(Infinity);
  fit(after, last.number + 1, after.length);
  return out;
}

// --- log entries --------------------------------------------------------------------------

/** Builds one incident's log entries in time order. */
class LogBuilder {
  readonly entries: LogEntryPlan[] = [];
  readonly #ids: IdRegistry;
  #seq = 0;
  readonly #order = new Map<LogEntryPlan, number>();

  constructor(ids: IdRegistry) {
    this.#ids = ids;
  }

  add(type: LogEntryType, at: number, fields: { personId?: string | null; agentId?: string | null; channel: string; note?: string | null }): void {
    // Log entry ids are 14 characters, like `Q02JTSNZWHSEKV`.
    const entry: LogEntryPlan = { id: this.#ids.unique("Q", 13), type, at, personId: fields.personId ?? null, agentId: fields.agentId ?? null, channel: fields.channel, note: fields.note ?? null };
    this.#order.set(entry, this.#seq);
    this.#seq += 1;
    this.entries.push(entry);
  }

  /**
   * Notifications to one person until they (or someone) acknowledge: the first by their
   * preferred method, then SMS after a minute and a phone call after three, as the
   * default high-urgency notification rules do. Low urgency sends one email.
   */
  notify(rng: Random, personId: string, at: number, stopAt: number, urgency: "high" | "low", agentId: string | null = null): void {
    if (urgency === "low") {
      this.add("notify_log_entry", at + rng.int(5, 15) * 1000, { personId, agentId, channel: "email" });
      return;
    }
    const first = rng.weighted<NotifyChannel>(["push_notification", "sms", "phone"], [0.6, 0.25, 0.15]);
    this.add("notify_log_entry", at + rng.int(2, 8) * 1000, { personId, agentId, channel: first });
    if (first !== "sms" && at + MINUTE_MS < stopAt) this.add("notify_log_entry", at + MINUTE_MS, { personId, agentId, channel: "sms" });
    if (first !== "phone" && at + 3 * MINUTE_MS < stopAt) this.add("notify_log_entry", at + 3 * MINUTE_MS, { personId, agentId, channel: "phone" });
  }

  sorted(): LogEntryPlan[] {
    return this.entries.slice().sort((a, b) => a.at - b.at || (this.#order.get(a) ?? 0) - (this.#order.get(b) ?? 0));
  }
}

/** The PagerDuty side of an incident that has a Slack channel, following its planned pages. */
function slackIncident(scenario: Scenario, incident: IncidentPlan, ids: IdRegistry): PagerdutyIncidentPlan {
  const company = scenario.company;
  const rng = Random.fork(scenario.seed, `pagerduty:${incident.id}`);
  const name = (id: string): string => company.people.find((p) => p.id === id)?.name ?? id;
  const urgency = incident.severity === "SEV4" ? "low" : "high";
  const log = new LogBuilder(ids);
  const t0 = incident.detectedAt;
  const ack = incident.acknowledgedAt;
  log.add("trigger_log_entry", t0, { channel: "api" });
  log.add("assign_log_entry", t0, { personId: incident.onCallId, channel: "auto" });
  log.notify(rng, incident.onCallId, t0, ack, urgency);
  const responders: ResponderRequestPlan[] = [];
  for (const page of incident.pages) {
    if (page.kind === "escalation") {
      log.add("escalate_log_entry", page.at, { personId: page.personId, channel: "timeout" });
      log.notify(rng, page.personId, page.at, ack, urgency);
    } else if (page.kind === "responder_request") {
      const joinedAt = incident.people.find((p) => p.personId === page.personId)?.joinedAt ?? page.at;
      const requester = page.by ?? incident.onCallId;
      responders.push({ personId: page.personId, requesterId: requester, at: page.at, joinedAt });
      log.notify(rng, page.personId, page.at, joinedAt, "high", requester);
    }
  }
  log.add("acknowledge_log_entry", ack, { agentId: incident.onCallId, channel: incident.offHours || rng.chance(0.5) ? "mobile" : "website" });
  const channelNote = incident.isPrivate
    ? "Coordinating in a private Slack channel."
    : `Slack channel: #${incident.channelName} https://${company.slackDomain}.slack.com/archives/${incident.channelId}`;
  log.add("annotate_log_entry", incident.channelCreatedAt + rng.int(20, 90) * 1000, { agentId: incident.onCallId, channel: "note", note: channelNote });
  if (incident.change) {
    const c = incident.change;
    log.add("annotate_log_entry", c.rolledBackAt, {
      agentId: c.rolledBackBy,
      channel: "note",
      note: `Rolled back ${c.service} ${c.version} (https://github.com/${company.githubOrg}/${c.service}/pull/${c.pullRequest}).`,
    });
  }
  if (incident.handoff) {
    log.add("annotate_log_entry", incident.handoff.at, { agentId: incident.handoff.from, channel: "note", note: `Incident command handed over to ${name(incident.handoff.to)}.` });
  }
  log.add("annotate_log_entry", incident.mitigatedAt, { agentId: incident.commanderId, channel: "note", note: "Mitigated; watching the graphs before resolving." });
  log.add("resolve_log_entry", incident.resolvedAt, { agentId: incident.commanderId, channel: rng.chance(0.7) ? "website" : "mobile" });
  return {
    id: incident.pagerdutyIncidentId,
    number: incident.number,
    title: incident.title,
    service: incident.primaryService,
    team: incident.owningTeam,
    createdAt: t0,
    resolvedAt: incident.resolvedAt,
    priority: PRIORITY_OF[incident.severity],
    urgency,
    incidentKey: rng.hex(32),
    demoIncidentId: incident.id,
    entries: log.sorted(),
    responders,
  };
}

/** A page with no Slack channel: acknowledged and fixed quietly, or resolved by the monitor itself. */
function backgroundIncident(scenario: Scenario, page: BackgroundPage, number: number, rotas: ShiftIndex, ids: IdRegistry): PagerdutyIncidentPlan {
  const rng = Random.fork(scenario.seed, `pagerduty-background:${number}`);
  const id = ids.unique("P", 6);
  const urgency = rng.chance(0.8) || page.keep ? "high" : "low";
  const primary = rotas.at(page.team, 1, page.at)?.personId ?? null;
  const secondary = rotas.at(page.team, 2, page.at + ESCALATION_DELAY_MINUTES * MINUTE_MS)?.personId ?? null;
  const log = new LogBuilder(ids);
  const t0 = page.at;
  log.add("trigger_log_entry", t0, { channel: "api" });
  let resolvedAt: number;
  if (!primary) {
    resolvedAt = t0 + rng.int(2, 4) * MINUTE_MS + rng.int(0, 59_999);
    log.add("resolve_log_entry", resolvedAt, { channel: "api" });
  } else if (rng.chance(0.2) && !page.keep) {
    // A flapping check that recovered before anyone acknowledged.
    resolvedAt = t0 + rng.int(2, 4) * MINUTE_MS + rng.int(0, 59_999);
    log.add("assign_log_entry", t0, { personId: primary, channel: "auto" });
    log.notify(rng, primary, t0, resolvedAt, urgency);
    log.add("resolve_log_entry", resolvedAt, { channel: "api" });
  } else {
    log.add("assign_log_entry", t0, { personId: primary, channel: "auto" });
    const escalate = urgency === "high" && secondary !== null && secondary !== primary && rng.chance(0.08);
    const escalatedAt = t0 + ESCALATION_DELAY_MINUTES * MINUTE_MS;
    const ackAt = escalate ? escalatedAt + rng.int(1, 4) * MINUTE_MS + rng.int(0, 59_999) : t0 + rng.int(1, 4) * MINUTE_MS + rng.int(0, 59_999);
    log.notify(rng, primary, t0, ackAt, urgency);
    let acker = primary;
    if (escalate && secondary) {
      log.add("escalate_log_entry", escalatedAt, { personId: secondary, channel: "timeout" });
      log.notify(rng, secondary, escalatedAt, ackAt, urgency);
      acker = secondary;
    }
    const person = scenario.company.people.find((p) => p.id === acker);
    const night = person ? isOffHours(localHour(ackAt, person.timezone)) : false;
    log.add("acknowledge_log_entry", ackAt, { agentId: acker, channel: night || rng.chance(0.6) ? "mobile" : "website" });
    resolvedAt = ackAt + rng.int(4, 80) * MINUTE_MS + rng.int(0, 59_999);
    if (rng.chance(0.4)) log.add("resolve_log_entry", resolvedAt, { channel: "api" });
    else log.add("resolve_log_entry", resolvedAt, { agentId: acker, channel: night ? "mobile" : "website" });
  }
  return {
    id,
    number,
    title: page.title,
    service: page.service,
    team: page.team,
    createdAt: t0,
    resolvedAt,
    priority: rng.chance(0.6) ? "P3" : "P4",
    urgency,
    incidentKey: rng.hex(32),
    demoIncidentId: null,
    entries: log.sorted(),
    responders: [],
  };
}
