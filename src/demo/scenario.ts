import {
  type Company,
  IdRegistry,
  type Person,
  type Service,
  formerMembersAt,
  formerOwningTeams,
  isEmployedAt,
  owningTeamAt,
  rotaAt,
  teamAt,
  teamMembersAt,
} from "./company.js";
import { type DemoPatterns, type IncidentPlant, PATTERN_MIN_MESSAGES, choosePatterns } from "./patterns.js";
import { Random, apportion } from "./random.js";
import { REGIONS, THEMES, type IncidentTheme } from "./themes.js";
import { DAY_MS, HOUR_MS, MINUTE_MS, TIME_ZONES, dateMs, isOffHours, isoDate, localHour, utcDayStart, utcWeekStart as weekStart } from "./time.js";

/** Incident severity, SEV1 the worst. */
export type Severity = "SEV1" | "SEV2" | "SEV3" | "SEV4";

/**
 * How a person came to be in an incident channel: paged by PagerDuty, invited by
 * someone, @-mentioned, asked in a direct message, or joined on their own.
 */
export type InvolvementKind = "paged" | "invited" | "mentioned" | "dm" | "joined";

/** Who did something to someone: a person id, or `pagerduty` for the PagerDuty app. */
export type Actor = string;

/** The PagerDuty app as an {@link Actor}. */
export const PAGERDUTY_ACTOR = "pagerduty";

/** One person's part in an incident. */
export interface Involvement {
  personId: string;
  how: InvolvementKind;
  /** Who paged, invited, mentioned or messaged them; null when they joined on their own or an escalation policy paged them. */
  by: Actor | null;
  /** When they were paged, invited, mentioned or messaged (equals `joinedAt` for `joined`). */
  reachedAt: number;
  /** When their `channel_join` appears. */
  joinedAt: number;
  /** Who the `channel_join` names as inviter, if anyone. */
  inviter: Actor | null;
  /** Their team at the time of the incident. */
  team: string | null;
  onCall: boolean;
  owningTeam: boolean;
  formerOwner: boolean;
  /** Joined but never wrote: only watched (reactions at most). */
  observer: boolean;
  role: "on_call" | "secondary" | "incident_commander" | "responder" | "expert" | "support" | "manager" | "observer";
}

/** One PagerDuty notification to a person. */
export interface PageEvent {
  personId: string;
  at: number;
  kind: "trigger" | "escalation" | "responder_request";
  /** The person who requested responders; null for policy-driven pages. */
  by: string | null;
}

/** One @-mention that pulled someone in. */
export interface MentionEvent {
  by: string;
  personId: string;
  at: number;
}

/** A change shipped shortly before the incident, later rolled back. */
export interface ChangeEvent {
  service: string;
  version: string;
  pullRequest: number;
  commitSha: string;
  deployedAt: number;
  deployedBy: string;
  rolledBackAt: number;
  rolledBackBy: string;
}

/** Everything decided about one incident before any message is written. */
export interface IncidentPlan {
  /** Demo id, `INC-0001`, in start-time order; the incidents planted for the patterns ({@link Scenario.patterns}) follow. */
  id: string;
  /** PagerDuty incident number, as in `#1234`. */
  number: number;
  pagerdutyIncidentId: string;
  pagerdutyUrl: string;
  title: string;
  themeKey: string;
  severity: Severity;
  channelId: string;
  channelName: string;
  isPrivate: boolean;
  /** `pagerduty` when an incident workflow opened the channel, else the on-call person's id. */
  channelCreator: Actor;
  primaryService: string;
  services: string[];
  owningTeam: string;
  region: string;
  startedAt: number;
  /** When the alert fired and the on-call was paged. */
  detectedAt: number;
  acknowledgedAt: number;
  channelCreatedAt: number;
  mitigatedAt: number;
  resolvedAt: number;
  onCallId: string;
  secondaryId: string | null;
  commanderId: string;
  /** True when the on-call was paged outside 08:00–20:00 in their own time zone. */
  offHours: boolean;
  pages: PageEvent[];
  mentions: MentionEvent[];
  /** Participants in the order they joined the channel. */
  people: Involvement[];
  handoff: { from: string; to: string; at: number } | null;
  change: ChangeEvent | null;
  /** Jira keys opened as follow-up actions. */
  tickets: string[];
  /** An earlier incident channel on the same service, linked as "looks like last time". */
  previousIncidentId: string | null;
  /** Messages this channel's day files hold. */
  messages: number;
}

/** Kinds of conversation in the export. */
export type ConversationKind = "channel" | "group" | "dm" | "mpim";

/** A conversation and how many messages it gets. */
export interface ConversationPlan {
  id: string;
  kind: ConversationKind;
  /** Channel name; for DMs the id. */
  name: string;
  /** Folder of its day files: the name, or for DMs the id. */
  folder: string;
  /** What its chatter is about, e.g. `general`, `deploys`, `eng`, `incident`, `dm`. */
  purposeKey: string;
  team: string | null;
  created: number;
  /** A person id, or `pagerduty` when the PagerDuty app opened the channel. */
  creator: Actor;
  memberIds: string[];
  topic: string;
  purpose: string;
  isArchived: boolean;
  isGeneral: boolean;
  incidentId: string | null;
  /** Messages across all its day files, coupled events included. */
  messages: number;
  /** Of those, messages driven by incidents (announcements, deploys, DM pull-ins). */
  coupledMessages: number;
}

/** A direct message that pulled someone into an incident. */
export interface DirectMessageEvent {
  conversationId: string;
  incidentId: string;
  from: string;
  to: string;
  at: number;
}

/** The whole plan: company, incidents and every conversation with its message budget. */
export interface Scenario {
  seed: number;
  messages: number;
  company: Company;
  incidents: IncidentPlan[];
  conversations: ConversationPlan[];
  directMessages: DirectMessageEvent[];
  /** The week one person was paged again and again. */
  busyWeek: { personId: string; weekStart: string; incidentIds: string[] } | null;
  /** People the company keeps pulling into other teams' incidents, and what they know. */
  goToExperts: { personId: string; service: string }[];
  /** The patterns planted for the insights to find (demos from {@link PATTERN_MIN_MESSAGES} messages). */
  patterns: DemoPatterns;
  /** Incident-driven posts in #incidents and #deploys are only written for demos big enough to afford them. */
  coupled: boolean;
}

/** Options for {@link buildScenario}. */
export interface ScenarioOptions {
  seed: number;
  messages: number;
}

const INCIDENTS_FROM = dateMs("2021-07-01");
const INCIDENTS_TO = dateMs("2024-11-20");

/** When incidents may start: the era the PagerDuty data and on-call rotas cover. */
export const INCIDENT_PERIOD: { readonly from: number; readonly to: number } = { from: INCIDENTS_FROM, to: INCIDENTS_TO };
const WORKFLOW_ERA = dateMs("2023-01-01");
const SHARE_INCIDENTS = 0.8;

/** How many incidents a demo of this size has: more, and longer, as it grows. */
export function incidentCountFor(messages: number): number {
  if (messages < 15) return 0;
  const average = 200 * Math.pow(messages / 2000, 0.19);
  return Math.max(1, Math.round((messages * SHARE_INCIDENTS) / average));
}

/**
 * Plans every incident and conversation from the seed and the message count. A later
 * generator (PagerDuty log entries, a service catalog) can call this with the same
 * options and get the same incidents, people and times.
 */
export function buildScenario(company: Company, options: ScenarioOptions): Scenario {
  const { seed, messages } = options;
  const rng = Random.fork(seed, "scenario");
  const ids = new IdRegistry(Random.fork(seed, "scenario-ids"));
  // PagerDuty incident ids share the `P` prefix with user and service ids.
  ids.reserve(company.people.map((p) => p.pagerdutyUserId));
  ids.reserve(company.services.map((s) => s.pagerdutyServiceId));
  const coupled = messages >= 200;
  const planner = new IncidentPlanner(company, rng, ids, coupled);
  const count = incidentCountFor(messages);
  const incidentTotal = count > 0 ? Math.round(messages * SHARE_INCIDENTS) : 0;
  const ordinary = planner.plan(count, incidentTotal);
  const planted = messages >= PATTERN_MIN_MESSAGES ? plantPatterns(planner, ordinary, seed) : { incidents: [], patterns: NO_PATTERNS };
  // Planted ids come from their own registry; the main one must not hand them out again.
  ids.reserve(planted.incidents.flatMap((i) => [i.channelId, i.pagerdutyIncidentId]));
  const incidents = [...ordinary, ...planted.incidents];
  const plantedTotal = planted.incidents.reduce((sum, i) => sum + i.messages, 0);

  const conversations: ConversationPlan[] = [];
  const standing = standingChannels(company, ids);
  conversations.push(...standing);
  for (const incident of incidents) conversations.push(incidentConversation(company, incident));

  const directMessages: DirectMessageEvent[] = [];
  const dms = directMessageConversations(company, rng, ids, incidents, directMessages, coupled);
  conversations.push(...dms);
  conversations.push(...groupDms(company, rng, ids));

  // Coupled messages first (they must exist to keep the story consistent), then the rest
  // of the budget shared by weight among conversations that are not incident channels.
  const byName = new Map(conversations.map((c) => [c.name, c]));
  if (coupled) {
    const announce = byName.get("incidents");
    if (announce) announce.coupledMessages = incidents.length * 2;
    const deploys = byName.get("deploys");
    if (deploys) deploys.coupledMessages = incidents.filter((i) => i.change).length * 2;
    for (const dm of dms) dm.coupledMessages = directMessages.filter((e) => e.conversationId === dm.id).length * 2;
    const managers = byName.get("eng-managers");
    if (managers && planner.busyWeek && planner.busyWeek.incidentIds.length > 0) managers.coupledMessages = 1;
  }
  const others = conversations.filter((c) => c.incidentId === null);
  const coupledTotal = others.reduce((sum, c) => sum + c.coupledMessages, 0);
  const rest = messages - incidentTotal - plantedTotal - coupledTotal;
  if (rest < 0) throw new Error(`demo plan needs ${incidentTotal + plantedTotal + coupledTotal} messages but only ${messages} were asked for`);
  const shares = apportion(rest, others.map((c) => chatterWeight(c, others.length)));
  others.forEach((c, i) => {
    c.messages = c.coupledMessages + (shares[i] ?? 0);
  });

  return {
    seed,
    messages,
    company,
    incidents,
    conversations,
    directMessages,
    busyWeek: planner.busyWeek,
    goToExperts: planner.experts.map((e) => ({ personId: e.person.id, service: e.service })),
    patterns: planted.patterns,
    coupled,
  };
}

const NO_PATTERNS: DemoPatterns = { nightWeek: null, failingService: null, silo: null, formerOwner: null };

/**
 * Plans the incidents that carry the planted patterns ({@link choosePatterns}) with
 * their own random stream and ids, after the ordinary ones, so that those stay as they
 * were. Their messages come out of the chatter's share.
 */
function plantPatterns(planner: IncidentPlanner, ordinary: IncidentPlan[], seed: number): { incidents: IncidentPlan[]; patterns: DemoPatterns } {
  const company = planner.company;
  const rng = Random.fork(seed, "patterns");
  const ids = new IdRegistry(Random.fork(seed, "pattern-ids"));
  ids.reserve(company.people.map((p) => p.pagerdutyUserId));
  ids.reserve(company.services.map((s) => s.pagerdutyServiceId));
  ids.reserve(ordinary.flatMap((i) => [i.channelId, i.pagerdutyIncidentId]));
  // Incident-driven direct messages are written for the ordinary incidents only.
  const patterns = new IncidentPlanner(company, rng, ids, false);
  patterns.experts = planner.experts;
  for (const name of planner.channelNames) patterns.channelNames.add(name);
  const busy = planner.busyWeek;
  const choice = choosePatterns({
    company,
    rng,
    incidents: ordinary,
    period: INCIDENT_PERIOD,
    onCall: (team, at) => scheduledOnCall(company, team, at),
    busyWeek: busy ? { personId: busy.personId, from: dateMs(busy.weekStart) } : null,
    experts: planner.experts,
  });
  const plants = choice.plants.slice().sort((a, b) => a.roughStart - b.roughStart);
  const incidents = plants.map((p, k) => ({ ...p, plan: patterns.planOne(ordinary.length + k, p.number, p.roughStart, false, p.severity, p.budget, p.plant) }));
  // "Looks like last time" links to the latest earlier incident on the same service, ordinary or planted.
  for (const { plan } of incidents) {
    const earlier = [...ordinary, ...incidents.map((i) => i.plan)].filter((i) => i.primaryService === plan.primaryService && i.startedAt < plan.startedAt);
    plan.previousIncidentId = earlier.sort((a, b) => b.startedAt - a.startedAt)[0]?.id ?? null;
  }
  const found = choice.patterns;
  const idsOf = (kind: "night" | "failing") => incidents.filter((i) => i.kind === kind).map((i) => i.plan.id);
  if (found.nightWeek) found.nightWeek.incidentIds = idsOf("night");
  if (found.failingService) found.failingService.incidentIds = idsOf("failing");
  if (found.silo) found.silo.incidentIds = idsOf("failing");
  if (found.formerOwner) found.formerOwner.incidentId = idsOf("failing")[found.formerOwner.index] ?? "";
  return { incidents: incidents.map((i) => i.plan), patterns: found };
}

function chatterWeight(c: ConversationPlan, count: number): number {
  const weights: Record<string, number> = {
    general: 1.2, random: 1, incidents: 0.3, deploys: 1.5, oncall: 0.6, announcements: 0.1,
    eng: 0.8, "support-escalations": 0.6, "eng-managers": 0.3, security: 0.15, dm: 0.12, mpim: 0.15,
  };
  // Many DMs share a fixed slice rather than growing the total with their count.
  const w = weights[c.purposeKey] ?? 0.3;
  return c.kind === "dm" ? (w * 40) / Math.max(40, count) : w;
}

interface Expert {
  person: Person;
  service: string;
}

class IncidentPlanner {
  readonly company: Company;
  readonly rng: Random;
  readonly ids: IdRegistry;
  readonly coupled: boolean;
  readonly byId: Map<string, Person>;
  readonly channelNames = new Set<string>();
  experts: Expert[] = [];
  busyWeek: Scenario["busyWeek"] = null;
  #busy: { person: Person; team: string; from: number; to: number } | null = null;

  constructor(company: Company, rng: Random, ids: IdRegistry, coupled: boolean) {
    this.company = company;
    this.rng = rng;
    this.ids = ids;
    this.coupled = coupled;
    this.byId = new Map(company.people.map((p) => [p.id, p]));
  }

  plan(count: number, total: number): IncidentPlan[] {
    if (count === 0) return [];
    const rng = this.rng;
    this.experts = this.pickExperts();
    const starts: number[] = [];
    for (let i = 0; i < count; i += 1) starts.push(INCIDENTS_FROM + Math.floor(rng.next() * (INCIDENTS_TO - INCIDENTS_FROM)));
    const busyCount = count >= 4 ? Math.min(7, Math.max(3, Math.round(count / 50))) : 0;
    const busyTeam = busyCount > 0 ? this.setUpBusyWeek() : null;
    if (busyTeam && this.#busy) {
      for (let i = 0; i < busyCount; i += 1) starts[i] = this.#busy.from + Math.floor(((i + rng.next() * 0.8) / busyCount) * 7 * DAY_MS);
    }
    const order = starts.map((at, i) => ({ at, busy: i < busyCount && busyTeam !== null })).sort((a, b) => a.at - b.at);

    const severities = order.map(({ busy }) =>
      busy ? rng.pick<Severity>(["SEV2", "SEV3", "SEV3"]) : rng.weighted<Severity>(["SEV1", "SEV2", "SEV3", "SEV4"], [0.08, 0.27, 0.45, 0.2]),
    );
    const sizeWeights = severities.map((s) => ({ SEV1: 3, SEV2: 1.6, SEV3: 0.8, SEV4: 0.45 })[s] * rng.float(0.6, 1.4));
    const budgets = apportion(total, sizeWeights);

    const plans: IncidentPlan[] = [];
    let number = 1187;
    const lastOnService = new Map<string, string>();
    order.forEach(({ at, busy }, i) => {
      number += rng.int(2, 9);
      const plan = this.planOne(i, number, at, busy, severities[i] ?? "SEV3", budgets[i] ?? 0);
      plan.previousIncidentId = lastOnService.get(plan.primaryService) ?? null;
      lastOnService.set(plan.primaryService, plan.id);
      plans.push(plan);
    });
    if (this.busyWeek && this.#busy) {
      const busy = this.#busy;
      this.busyWeek.incidentIds = plans.filter((p) => p.onCallId === busy.person.id && p.detectedAt >= busy.from && p.detectedAt < busy.to).map((p) => p.id);
    }
    return plans;
  }

  /** Long-tenured engineers who become the people everyone asks about one system. */
  pickExperts(): Expert[] {
    const wanted: [string, string][] = [["storage", "metadata-db"], ["data-platform", "kafka-cluster"], ["edge", "dns-resolver"]];
    const out: Expert[] = [];
    for (const [team, service] of wanted) {
      const candidates = this.company.people.filter(
        (p) => p.role === "engineer" && p.endMs === null && p.startMs < INCIDENTS_FROM && p.history.some((m) => m.team === team),
      );
      if (candidates.length > 0) out.push({ person: this.rng.pick(candidates), service });
    }
    return out;
  }

  setUpBusyWeek(): string | null {
    const week = weekStart(dateMs("2023-10-02") + this.rng.int(0, 20) * 7 * DAY_MS);
    for (const team of this.rng.shuffle(["payments", "sre", "storage", "identity"])) {
      const rota = rotaAt(this.company, team, week).filter((p) => isEmployedAt(p, week + 7 * DAY_MS));
      if (rota.length < 2) continue;
      const person = this.rng.pick(rota);
      this.#busy = { person, team, from: week, to: week + 7 * DAY_MS };
      this.busyWeek = { personId: person.id, weekStart: isoDate(week), incidentIds: [] };
      return team;
    }
    return null;
  }

  onCallFor(team: string, at: number): { primary: Person; secondary: Person | null } {
    const busy = this.#busy;
    if (busy && busy.team === team && at >= busy.from && at < busy.to) {
      const secondary = rotaAt(this.company, team, at).find((p) => p.id !== busy.person.id) ?? null;
      return { primary: busy.person, secondary };
    }
    return scheduledOnCall(this.company, team, at);
  }

  /** Plans one incident; a `plant` fixes its service and more, and starts it at `roughStart` (see {@link IncidentPlant}). */
  planOne(index: number, number: number, roughStart: number, busy: boolean, severity: Severity, budget: number, plant?: IncidentPlant): IncidentPlan {
    const rng = this.rng;
    const company = this.company;
    const busyTeam = busy && this.#busy ? this.#busy.team : null;
    const service = plant?.service ?? this.pickService(busyTeam, roughStart);
    const theme = plant?.theme ?? this.pickTheme(service);
    const owningTeam = owningTeamAt(service, roughStart);
    const region = rng.pick(REGIONS);

    // Decide the hour so that some pages land in the middle of the on-call's night.
    let startedAt = roughStart;
    const { primary: onCall, secondary } = this.onCallFor(owningTeam, roughStart);
    if (!busy && !plant && rng.chance(0.3)) {
      const zone = TIME_ZONES.find((z) => z.tz === onCall.timezone) ?? TIME_ZONES[0];
      const targetLocal = rng.int(0, 5);
      const utcHour = (((targetLocal - (zone?.offsetSeconds ?? 0) / 3600) % 24) + 24) % 24;
      startedAt = utcDayStart(roughStart) + Math.floor(utcHour * HOUR_MS) + rng.int(0, 59) * MINUTE_MS;
    }
    startedAt += rng.int(0, 59_999);
    const detectedAt = startedAt + rng.int(severity === "SEV1" ? 1 : 2, 12) * MINUTE_MS + rng.int(0, 59) * 1000;
    const offHours = isOffHours(localHour(detectedAt, onCall.timezone));
    const escalated = secondary !== null && rng.chance(offHours ? 0.35 : 0.12);
    // Unescalated pages are acknowledged inside the policy's 5-minute escalation timeout,
    // or PagerDuty would have escalated them.
    const acknowledgedAt = detectedAt + (escalated ? rng.int(6, 9) : rng.int(1, 4)) * MINUTE_MS + rng.int(0, 59) * 1000;
    const workflow = detectedAt >= WORKFLOW_ERA && !theme.private;
    const channelCreatedAt = workflow ? detectedAt + rng.int(15, 60) * 1000 : acknowledgedAt + rng.int(60, 240) * 1000;
    const durationMinutes = Math.round(
      { SEV1: rng.float(90, 360), SEV2: rng.float(45, 240), SEV3: rng.float(25, 180), SEV4: rng.float(15, 90) }[severity],
    );
    const resolvedAt = Math.max(startedAt + durationMinutes * MINUTE_MS, channelCreatedAt + 20 * MINUTE_MS);
    const span = resolvedAt - channelCreatedAt;
    const mitigatedAt = resolvedAt - Math.floor(span * rng.float(0.1, 0.3));

    const id = `INC-${String(index + 1).padStart(4, "0")}`;
    const fill = (text: string): string => text.replace(/\{svc\}/g, service.key).replace(/\{region\}/g, region);
    const title = fill(theme.title);
    const channelName = this.channelName(theme, service, region, detectedAt, number, workflow);
    const pagerdutyIncidentId = this.ids.unique("P", 6);

    const dependencies = service.dependsOn.map((key) => company.services.find((s) => s.key === key)).filter((s): s is Service => s !== undefined);
    const services = plant?.dependencies ? [service.key, ...plant.dependencies] : [service.key, ...rng.sample(dependencies, severity === "SEV1" ? 2 : 1).map((s) => s.key)];

    const people = new PeopleBuilder(this, {
      budget,
      severity,
      owningTeam,
      service,
      services,
      onCall,
      secondary: escalated ? secondary : null,
      channelCreatedAt,
      detectedAt,
      resolvedAt,
      workflow,
      startedAt,
      called: plant?.called ?? [],
    });
    people.build();
    const commanderId = people.commander?.id ?? onCall.id;

    let handoff: IncidentPlan["handoff"] = null;
    const speakers = people.list.filter((p) => !p.observer && p.personId !== commanderId);
    if ((span > 3 * HOUR_MS || (offHours && severity === "SEV1")) && speakers.length > 0) {
      const at = channelCreatedAt + Math.floor(span * rng.float(0.5, 0.7));
      const to = speakers.filter((p) => p.joinedAt < at - 10 * MINUTE_MS);
      const target = to.length > 0 ? rng.pick(to) : undefined;
      if (target) handoff = { from: commanderId, to: target.personId, at };
    }

    let change: ChangeEvent | null = null;
    if (theme.rollback) {
      const deployers = rotaAt(company, owningTeam, startedAt);
      const deployer = deployers.length > 0 ? rng.pick(deployers) : onCall;
      const deployedAt = startedAt - rng.int(4, 40) * MINUTE_MS;
      change = {
        service: service.key,
        version: `v${isoDate(deployedAt).replace(/-/g, ".")}-${rng.int(1, 6)}`,
        pullRequest: rng.int(800, 9800),
        commitSha: rng.hex(40),
        deployedAt,
        deployedBy: deployer.id,
        rolledBackAt: channelCreatedAt + Math.floor(span * rng.float(0.35, 0.6)),
        rolledBackBy: onCall.id,
      };
    }

    const team = company.teams.find((t) => t.key === owningTeam);
    const tickets: string[] = [];
    const ticketCount = severity === "SEV1" ? 4 : severity === "SEV2" ? 3 : 2;
    for (let k = 0; k < ticketCount; k += 1) tickets.push(`${team?.jiraKey ?? "OPS"}-${rng.int(100, 4999)}`);

    return {
      id,
      number,
      pagerdutyIncidentId,
      pagerdutyUrl: `https://acme.pagerduty.com/incidents/${pagerdutyIncidentId}`,
      title,
      themeKey: theme.key,
      severity,
      channelId: this.ids.unique(theme.private ? "G" : "C", 10),
      channelName,
      isPrivate: theme.private === true,
      channelCreator: workflow ? PAGERDUTY_ACTOR : onCall.id,
      primaryService: service.key,
      services,
      owningTeam,
      region,
      startedAt,
      detectedAt,
      acknowledgedAt,
      channelCreatedAt,
      mitigatedAt,
      resolvedAt,
      onCallId: onCall.id,
      secondaryId: escalated && secondary ? secondary.id : null,
      commanderId,
      offHours,
      pages: people.pages,
      mentions: people.mentions,
      people: people.list.sort((a, b) => a.joinedAt - b.joinedAt),
      handoff,
      change,
      tickets,
      previousIncidentId: null,
      messages: budget,
    };
  }

  pickService(busyTeam: string | null, at: number): Service {
    const candidates = this.company.services.filter((s) => (busyTeam ? owningTeamAt(s, at) === busyTeam : true));
    return this.rng.weighted(candidates, candidates.map((s) => (s.tier === 1 ? 3 : s.tier === 2 ? 2 : 1)));
  }

  pickTheme(service: Service): IncidentTheme {
    const rng = this.rng;
    const themes = THEMES.filter((t) => (t.services.length === 0 || t.services.includes(service.key)) && (!t.private || rng.chance(0.3)));
    // Themes written for this kind of service are likelier than the generic ones.
    const pool = themes.length > 0 ? themes : THEMES;
    return rng.weighted(pool, pool.map((t) => (t.services.length > 0 ? 3 : 1)));
  }

  channelName(theme: IncidentTheme, service: Service, region: string, at: number, number: number, workflow: boolean): string {
    const slug = theme.slug.replace(/\{svc\}/g, service.key).replace(/\{region\}/g, region);
    let base: string;
    if (theme.private) base = `inc-sec-${isoDate(at)}-${slug}`;
    else if (workflow) base = `inc-${isoDate(at)}-${slug}`;
    // A few early channels used underscores before the naming convention settled.
    else if (this.rng.chance(0.08)) base = `incident_${number}_${slug.replace(/-/g, "_")}`;
    else base = `incident-${number}-${slug}`;
    base = base.slice(0, 76);
    let name = base;
    for (let n = 2; this.channelNames.has(name); n += 1) name = `${base}-${n}`;
    this.channelNames.add(name);
    return name;
  }
}

interface PeopleInput {
  budget: number;
  severity: Severity;
  owningTeam: string;
  service: Service;
  services: string[];
  onCall: Person;
  secondary: Person | null;
  channelCreatedAt: number;
  detectedAt: number;
  resolvedAt: number;
  startedAt: number;
  workflow: boolean;
  /** People to @-mention early on whatever the incident's size (planted patterns). */
  called: { person: Person; formerOwner: boolean }[];
}

/** Chooses who takes part in one incident and how each of them got there. */
class PeopleBuilder {
  readonly planner: IncidentPlanner;
  readonly input: PeopleInput;
  readonly list: Involvement[] = [];
  readonly pages: PageEvent[] = [];
  readonly mentions: MentionEvent[] = [];
  readonly taken = new Set<string>();
  commander: Person | null = null;
  readonly max: number;

  constructor(planner: IncidentPlanner, input: PeopleInput) {
    this.planner = planner;
    this.input = input;
    const rng = planner.rng;
    const wanted = { SEV1: rng.int(9, 16), SEV2: rng.int(6, 11), SEV3: rng.int(3, 7), SEV4: rng.int(2, 5) }[input.severity];
    // Each participant costs about three messages (join, being asked, first words).
    this.max = Math.max(1, Math.min(wanted, Math.floor((input.budget - 8) / 3)));
  }

  get rng(): Random {
    return this.planner.rng;
  }

  at(fraction: number): number {
    const { channelCreatedAt, resolvedAt } = this.input;
    return channelCreatedAt + Math.floor((resolvedAt - channelCreatedAt) * fraction);
  }

  eligible(person: Person): boolean {
    return !this.taken.has(person.id) && isEmployedAt(person, this.input.startedAt) && isEmployedAt(person, this.input.resolvedAt);
  }

  add(person: Person, involvement: Omit<Involvement, "personId" | "team" | "onCall" | "owningTeam" | "formerOwner"> & { formerOwner?: boolean }): Involvement {
    const team = teamAt(person, this.input.startedAt);
    const latest = this.input.resolvedAt - MINUTE_MS;
    const item: Involvement = {
      personId: person.id,
      how: involvement.how,
      by: involvement.by,
      reachedAt: Math.min(involvement.reachedAt, latest),
      joinedAt: Math.min(involvement.joinedAt, latest),
      inviter: involvement.inviter,
      team,
      onCall: person.id === this.input.onCall.id,
      owningTeam: team === this.input.owningTeam,
      formerOwner: involvement.formerOwner ?? false,
      observer: involvement.observer,
      role: involvement.role,
    };
    this.taken.add(person.id);
    this.list.push(item);
    return item;
  }

  full(): boolean {
    return this.list.length >= this.max;
  }

  /** Someone already in the channel at `at` who speaks, to mention or invite others. */
  presentSpeaker(at: number): Involvement {
    const present = this.list.filter((p) => !p.observer && p.joinedAt < at);
    return present.length > 0 ? this.rng.pick(present) : (this.list[0] as Involvement);
  }

  build(): void {
    const { rng, input } = this;
    const { onCall, workflow, channelCreatedAt, detectedAt } = input;
    const coupledDm = this.planner.coupled;
    this.pages.push({ personId: onCall.id, at: detectedAt, kind: "trigger", by: null });
    this.add(onCall, {
      how: "paged",
      by: PAGERDUTY_ACTOR,
      reachedAt: detectedAt,
      joinedAt: workflow ? channelCreatedAt + 1000 : channelCreatedAt,
      inviter: workflow ? PAGERDUTY_ACTOR : null,
      observer: false,
      role: "on_call",
    });

    if (input.secondary && this.eligible(input.secondary) && !this.full()) {
      const paged = detectedAt + 5 * MINUTE_MS;
      this.pages.push({ personId: input.secondary.id, at: paged, kind: "escalation", by: null });
      const joinedAt = workflow ? Math.max(paged, channelCreatedAt) + 2000 : Math.max(paged + rng.int(3, 8) * MINUTE_MS, channelCreatedAt + MINUTE_MS);
      this.add(input.secondary, { how: "paged", by: PAGERDUTY_ACTOR, reachedAt: paged, joinedAt, inviter: workflow ? PAGERDUTY_ACTOR : null, observer: false, role: "secondary" });
    }

    for (const call of input.called) {
      if (this.eligible(call.person)) this.mention(call.person, rng.float(0.1, 0.45), "expert", call.formerOwner, false);
    }

    const start = input.startedAt;
    if ((input.severity === "SEV1" || input.severity === "SEV2") && !this.full()) {
      const pool = rotaAt(this.planner.company, "sre", start).filter((p) => this.eligible(p));
      const managers = this.planner.company.people.filter((p) => p.role === "manager" && this.eligible(p));
      const commander = pool.length > 0 && rng.chance(0.7) ? rng.pick(pool) : managers.length > 0 ? rng.pick(managers) : null;
      if (commander) {
        this.commander = commander;
        if (rng.chance(0.6)) {
          const reachedAt = channelCreatedAt + rng.int(2, 10) * MINUTE_MS;
          this.pages.push({ personId: commander.id, at: reachedAt, kind: "responder_request", by: onCall.id });
          this.add(commander, {
            how: "paged",
            by: onCall.id,
            reachedAt,
            // The workflow adds them once PagerDuty has notified them (2–8 s after the request).
            joinedAt: reachedAt + (workflow ? 10_000 : rng.int(1, 4) * MINUTE_MS),
            inviter: workflow ? PAGERDUTY_ACTOR : null,
            observer: false,
            role: "incident_commander",
          });
        } else {
          const joinedAt = channelCreatedAt + rng.int(1, 8) * MINUTE_MS;
          this.add(commander, { how: "joined", by: null, reachedAt: joinedAt, joinedAt, inviter: null, observer: false, role: "incident_commander" });
        }
      }
    }

    // Teammates of the owning team, invited by the on-call.
    const teammates = rng.shuffle(teamMembersAt(this.planner.company, input.owningTeam, start).filter((p) => p.role === "engineer" && this.eligible(p)));
    const invites = Math.min(teammates.length, input.severity === "SEV1" ? 3 : input.severity === "SEV4" ? 1 : 2);
    for (const mate of teammates.slice(0, invites)) {
      if (this.full()) break;
      const reachedAt = this.at(rng.float(0.03, 0.4));
      const by = this.presentSpeaker(reachedAt);
      this.add(mate, { how: "invited", by: by.personId, reachedAt, joinedAt: reachedAt, inviter: by.personId, observer: false, role: "responder" });
    }

    // Owners of the dependencies, @-mentioned; the go-to experts get asked first.
    for (const key of input.services.slice(1)) {
      if (this.full()) break;
      const dependency = this.planner.company.services.find((s) => s.key === key);
      if (!dependency) continue;
      const expert = this.planner.experts.find((e) => e.service === key && this.eligible(e.person));
      const owners = teamMembersAt(this.planner.company, owningTeamAt(dependency, start), start).filter((p) => p.role === "engineer" && this.eligible(p));
      const person = expert && rng.chance(0.8) ? expert.person : owners.length > 0 ? rng.pick(owners) : null;
      if (person) this.mention(person, rng.float(0.1, 0.6), "expert", false, coupledDm);
    }
    // The go-to experts are also pulled into incidents that only touch their system indirectly.
    for (const expert of this.planner.experts) {
      if (this.full()) break;
      if (!this.eligible(expert.person) || !rng.chance(0.12)) continue;
      this.mention(expert.person, rng.float(0.15, 0.6), "expert", false, coupledDm);
    }

    // A former owner, asked how something they built years ago works.
    if (!this.full() && rng.chance(0.35)) {
      const teams = [input.owningTeam, ...formerOwningTeams(input.service, start)];
      const former = teams.flatMap((t) => formerMembersAt(this.planner.company, t, start)).filter((p) => this.eligible(p));
      if (former.length > 0) this.mention(rng.pick(former), rng.float(0.2, 0.65), "expert", true, coupledDm);
    }

    if (!this.full() && rng.chance(0.6)) {
      const support = teamMembersAt(this.planner.company, "support", start).filter((p) => this.eligible(p));
      if (support.length > 0) {
        const joinedAt = this.at(rng.float(0.05, 0.5));
        this.add(rng.pick(support), { how: "joined", by: null, reachedAt: joinedAt, joinedAt, inviter: null, observer: false, role: "support" });
      }
    }

    const manager = this.planner.company.people.find((p) => p.role === "manager" && teamAt(p, start) === input.owningTeam);
    if (manager && this.eligible(manager) && !this.full()) {
      const joinedAt = this.at(rng.float(0.05, 0.6));
      this.add(manager, { how: "joined", by: null, reachedAt: joinedAt, joinedAt, inviter: null, observer: rng.chance(0.3), role: "manager" });
    }

    // Fill up: a few more responders from anywhere, and some who only watch.
    const everyone = this.planner.company.people.filter((p) => p.role !== "executive" && this.eligible(p));
    let guard = 0;
    while (!this.full() && guard < 200) {
      guard += 1;
      const person = rng.pick(everyone);
      if (!this.eligible(person)) continue;
      const observer = rng.chance(0.35);
      const roll = rng.next();
      if (!observer && roll < 0.3) {
        this.mention(person, rng.float(0.1, 0.7), "responder", false, coupledDm);
      } else {
        const joinedAt = this.at(rng.float(0.02, 0.8));
        this.add(person, { how: "joined", by: null, reachedAt: joinedAt, joinedAt, inviter: null, observer, role: observer ? "observer" : "responder" });
      }
    }
  }

  /** Pulls someone in by @-mention, or now and then by a direct message first. */
  mention(person: Person, fraction: number, role: Involvement["role"], formerOwner: boolean, allowDm: boolean): void {
    const rng = this.rng;
    const reachedAt = this.at(fraction);
    const by = this.presentSpeaker(reachedAt);
    if (allowDm && rng.chance(0.2)) {
      const joinedAt = reachedAt + rng.int(2, 10) * MINUTE_MS;
      this.add(person, { how: "dm", by: by.personId, reachedAt, joinedAt, inviter: null, observer: false, role, formerOwner });
      return;
    }
    const invitedToo = rng.chance(0.4);
    const joinedAt = reachedAt + (invitedToo ? rng.int(10, 60) * 1000 : rng.int(1, 15) * MINUTE_MS);
    this.mentions.push({ by: by.personId, personId: person.id, at: reachedAt });
    this.add(person, { how: "mentioned", by: by.personId, reachedAt, joinedAt, inviter: invitedToo ? by.personId : null, observer: false, role, formerOwner });
  }
}

/**
 * Who a team's weekly rota puts on call at an instant, primary and secondary, before
 * any swap: the engineers on the team then, taking turns week by week. The PagerDuty
 * schedules are built from the same rule, so pages and shifts agree.
 */
export function scheduledOnCall(company: Company, team: string, at: number): { primary: Person; secondary: Person | null } {
  const rota = rotaAt(company, team, at);
  const pool = rota.length > 0 ? rota : teamMembersAt(company, team, at);
  const fallback = pool.length > 0 ? pool : rotaAt(company, "sre", at);
  const week = Math.floor((weekStart(at) - weekStart(INCIDENTS_FROM)) / (7 * DAY_MS));
  const offset = team.length;
  const anyone = company.people.find((p) => isEmployedAt(p, at)) ?? (company.people[0] as Person);
  const primary = fallback[(week + offset) % fallback.length] ?? anyone;
  const secondary = fallback.length > 1 ? (fallback[(week + offset + 1) % fallback.length] ?? null) : null;
  return { primary, secondary };
}

function standingChannels(company: Company, ids: IdRegistry): ConversationPlan[] {
  const admins = company.people.filter((p) => p.isAdmin);
  const founder = admins[0] ?? (company.people[0] as Person);
  const everyone = company.people.map((p) => p.id);
  const mk = (
    name: string,
    purposeKey: string,
    created: string,
    purpose: string,
    topic: string,
    members: string[],
    extra: Partial<ConversationPlan> = {},
  ): ConversationPlan => ({
    id: ids.unique(extra.kind === "group" ? "G" : "C", 10),
    kind: "channel",
    name,
    folder: name,
    purposeKey,
    team: null,
    created: dateMs(created) + 9 * HOUR_MS,
    creator: founder.id,
    memberIds: members,
    topic,
    purpose,
    isArchived: false,
    isGeneral: false,
    incidentId: null,
    messages: 0,
    coupledMessages: 0,
    ...extra,
  });
  const engineering = company.people.filter((p) => p.department !== "Executive").map((p) => p.id);
  const out: ConversationPlan[] = [
    mk("general", "general", "2015-02-01", "This channel is for workspace-wide communication and announcements. All members are in this channel.", "Company-wide announcements and work-based matters", everyone, { isGeneral: true }),
    mk("random", "random", "2015-02-01", "A place for non-work-related flimflam, faffing, hodge-podge or jibber-jabber you'd prefer to keep out of more focused work-related channels.", "Non-work banter and water cooler conversation", everyone),
    mk("announcements", "announcements", "2015-02-01", "Important news from leadership. Please keep threads on topic.", "", everyone),
    mk("deploys", "deploys", "2016-02-15", "Every production deploy and rollback, posted by shipit.", "Deploy freeze: none", engineering),
    mk("incidents", "incidents", "2016-05-09", "Incident declarations and status. Each incident gets its own channel.", "Declare with /incident · Runbook: https://wiki.acme.example/incidents", everyone),
    mk("oncall", "oncall", "2017-03-06", "On-call hand-overs, pages that didn't need a channel, rota swaps.", "Rota: https://acme.pagerduty.com/schedules", engineering),
    mk("support-escalations", "support-escalations", "2016-02-01", "Support escalating customer issues to engineering.", "Use the SUP ticket key in your first message", engineering),
  ];
  for (const team of company.teams.filter((t) => t.onCall && t.key !== "support")) {
    const members = company.people.filter((p) => p.history.some((m) => m.team === team.key)).map((p) => p.id);
    const manager = company.people.find((p) => p.role === "manager" && p.history.some((m) => m.team === team.key));
    out.push(
      mk(`eng-${team.key}`, "eng", team.formed, `${team.name} team: design, reviews, releases. Tickets: ${team.jiraKey}.`, "On call this week: see #oncall", members, {
        team: team.key,
        creator: manager?.id ?? founder.id,
        created: dateMs(team.formed) + 10 * HOUR_MS,
      }),
    );
  }
  const leads = company.people.filter((p) => p.role !== "engineer").map((p) => p.id);
  out.push(mk("eng-managers", "eng-managers", "2018-01-15", "Engineering managers and directors. Private.", "Hiring, rotas, reviews", leads, { kind: "group" }));
  const security = company.people.filter((p) => p.history.some((m) => m.team === "identity" || m.team === "sre") || p.role === "executive").map((p) => p.id);
  out.push(mk("security", "security", "2019-06-03", "Security reports and coordination. Private: do not paste secrets.", "Report: security@acme.example", security, { kind: "group" }));
  return out;
}

function incidentConversation(company: Company, incident: IncidentPlan): ConversationPlan {
  const commander = company.people.find((p) => p.id === incident.commanderId);
  return {
    id: incident.channelId,
    kind: incident.isPrivate ? "group" : "channel",
    name: incident.channelName,
    folder: incident.channelName,
    purposeKey: "incident",
    team: incident.owningTeam,
    created: incident.channelCreatedAt,
    creator: incident.channelCreator,
    memberIds: incident.people.map((p) => p.personId),
    topic: `Status: resolved | ${incident.severity} | IC: <@${commander?.slackUserId ?? ""}>`,
    purpose: `${incident.severity}: ${incident.title}. PagerDuty #${incident.number}: ${incident.pagerdutyUrl}`,
    // Channels of incidents older than a few months have been archived.
    isArchived: incident.resolvedAt < company.exportedAt - 120 * DAY_MS,
    isGeneral: false,
    incidentId: incident.id,
    messages: incident.messages,
    coupledMessages: 0,
  };
}

function directMessageConversations(
  company: Company,
  rng: Random,
  ids: IdRegistry,
  incidents: IncidentPlan[],
  events: DirectMessageEvent[],
  coupled: boolean,
): ConversationPlan[] {
  const byPair = new Map<string, ConversationPlan>();
  const conversation = (a: string, b: string, created: number): ConversationPlan => {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    let dm = byPair.get(key);
    if (!dm) {
      const id = ids.unique("D", 10);
      dm = {
        id, kind: "dm", name: id, folder: id, purposeKey: "dm", team: null, created, creator: a, memberIds: [a, b],
        topic: "", purpose: "", isArchived: false, isGeneral: false, incidentId: null, messages: 0, coupledMessages: 0,
      };
      byPair.set(key, dm);
    }
    if (created < dm.created) dm.created = created;
    return dm;
  };
  if (coupled) {
    for (const incident of incidents) {
      for (const p of incident.people) {
        if (p.how !== "dm" || !p.by) continue;
        const dm = conversation(p.by, p.personId, p.reachedAt - 30 * DAY_MS);
        events.push({ conversationId: dm.id, incidentId: incident.id, from: p.by, to: p.personId, at: p.reachedAt });
      }
    }
  }
  // Ordinary DMs between teammates, for chatter.
  const pairs = 8 + Math.round(company.people.length / 8);
  for (let i = 0; i < pairs; i += 1) {
    const a = rng.pick(company.people);
    const mates = company.people.filter((p) => p.id !== a.id && p.history.some((m) => a.history.some((n) => n.team === m.team)));
    const b = mates.length > 0 ? rng.pick(mates) : rng.pick(company.people.filter((p) => p.id !== a.id));
    conversation(a.id, b.id, Math.max(a.startMs, b.startMs) + DAY_MS);
  }
  return [...byPair.values()];
}

function groupDms(company: Company, rng: Random, ids: IdRegistry): ConversationPlan[] {
  const out: ConversationPlan[] = [];
  const managers = company.people.filter((p) => p.role === "manager" || p.role === "director");
  const groups: Person[][] = [];
  for (let i = 0; i < 4; i += 1) groups.push(rng.sample(managers, 3));
  const sre = company.people.filter((p) => p.history.some((m) => m.team === "sre"));
  groups.push(rng.sample(sre, 4));
  for (const group of groups) {
    if (group.length < 3) continue;
    const members = group.slice().sort((a, b) => (a.slackHandle < b.slackHandle ? -1 : 1));
    const name = `mpdm-${members.map((p) => p.slackHandle).join("--")}-1`;
    if (out.some((g) => g.name === name)) continue;
    const created = Math.max(...members.map((p) => p.startMs)) + 7 * DAY_MS;
    out.push({
      id: ids.unique("G", 10), kind: "mpim", name, folder: name, purposeKey: "mpim", team: null, created,
      creator: (members[0] as Person).id, memberIds: members.map((p) => p.id),
      topic: "", purpose: `Group messaging with: ${members.map((p) => `@${p.slackHandle}`).join(" ")}`,
      isArchived: false, isGeneral: false, incidentId: null, messages: 0, coupledMessages: 0,
    });
  }
  return out;
}
