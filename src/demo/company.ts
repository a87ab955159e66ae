import { FIRST_NAMES, LAST_NAMES, asciiSlug } from "./names.js";
import { ID_ALPHABET, Random } from "./random.js";
import { DAY_MS, TIME_ZONES, dateMs, isoDate } from "./time.js";

/** A team at Acme Cloud. */
export interface Team {
  /** Stable key, also used in channel names (`eng-payments`) and `team_history.csv`. */
  key: string;
  name: string;
  department: string;
  /** Jira project key for the team's tickets, e.g. `PAY`. */
  jiraKey: string;
  /** When the team was formed (`YYYY-MM-DD`); nobody joins it earlier. */
  formed: string;
  /** False for the leadership group, which owns nothing and is never on call. */
  onCall: boolean;
}

/** One period in which a team owned a service. */
export interface ServiceOwnership {
  team: string;
  from: string;
  /** Exclusive end date, or null while it still owns it. */
  to: string | null;
}

/** A service in the catalog, with its owners over time. */
export interface Service {
  key: string;
  description: string;
  /** GitHub repository, `acme/<key>`. */
  repo: string;
  tier: 1 | 2 | 3;
  /** Services it calls; an incident in one often pulls in the owners of the others. */
  dependsOn: string[];
  owners: ServiceOwnership[];
  /** PagerDuty service id, `P` + 6 characters. */
  pagerdutyServiceId: string;
  /** Name of its PagerDuty service: the key, except where someone created it by hand with other capitals. */
  pagerdutyServiceName: string;
  /**
   * Whether its Backstage component carries `pagerduty.com/service-id`. A few do not,
   * so an importer has to fall back to matching names.
   */
  pagerdutyAnnotated: boolean;
  /** Key of the {@link System} it belongs to. */
  system: string;
}

/** A group of services that together make one product area (a Backstage `System`). */
export interface System {
  key: string;
  description: string;
  /** Team that owns the area. */
  owner: string;
  services: readonly string[];
}

/** One period of a person's membership in a team. */
export interface TeamMembership {
  team: string;
  from: string;
  /** Exclusive end date, or null for the current team. */
  to: string | null;
  /** Epoch milliseconds of `from` and `to`, precomputed for fast lookups. */
  fromMs: number;
  toMs: number | null;
}

/** How senior a person is, which decides who manages whom and who is on call. */
export type PersonRole = "executive" | "director" | "manager" | "engineer";

/** A fictional employee, with every identity the importers join on. */
export interface Person {
  /** Stable id inside the demo, `person-001`. */
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  slackUserId: string;
  /** Slack handle (`users.json` `name`), e.g. `amara.adeyemi`. */
  slackHandle: string;
  pagerdutyUserId: string;
  githubLogin: string;
  title: string;
  department: string;
  managerId: string | null;
  timezone: string;
  role: PersonRole;
  isAdmin: boolean;
  startDate: string;
  endDate: string | null;
  startMs: number;
  endMs: number | null;
  /** Team memberships in time order; the last has `to === null` unless the person left. */
  history: TeamMembership[];
}

/** An app that posts into Slack. */
export interface Bot {
  key: "pagerduty" | "github" | "deploy";
  /** Name shown on its messages (`username`). */
  displayName: string;
  /** Handle in `users.json`. */
  handle: string;
  slackUserId: string;
  slackBotId: string;
  slackAppId: string;
}

/** The whole fictional company: teams, services, people and bots. */
export interface Company {
  name: string;
  /** Email domain, reserved for examples (RFC 2606 style) so no mail can go anywhere. */
  domain: string;
  slackTeamId: string;
  slackDomain: string;
  githubOrg: string;
  /** When the Slack export was taken; "current" state (members, deleted users) is as of then. */
  exportedAt: number;
  teams: Team[];
  systems: System[];
  services: Service[];
  people: Person[];
  bots: Bot[];
}

/** Options for {@link buildCompany}. */
export interface CompanyOptions {
  seed: number;
  /** Number of people; at least 40 so every team can staff an on-call rota. */
  people: number;
}

const EXPORTED_AT = Date.parse("2024-12-31T18:00:00Z");

interface TeamDef extends Omit<Team, "onCall"> {
  weight: number;
  zones: string[];
  titles: string[];
}

const TEAM_DEFS: readonly TeamDef[] = [
  {
    key: "payments", name: "Payments", department: "Product Engineering", jiraKey: "PAY", formed: "2015-02-01", weight: 1.3,
    zones: ["America/New_York", "America/Los_Angeles", "Europe/London"],
    titles: ["Software Engineer", "Senior Software Engineer", "Senior Software Engineer", "Staff Software Engineer"],
  },
  {
    key: "identity", name: "Identity", department: "Product Engineering", jiraKey: "IAM", formed: "2015-02-01", weight: 1,
    zones: ["Europe/Berlin", "Europe/London", "America/New_York"],
    titles: ["Software Engineer", "Senior Software Engineer", "Security Engineer", "Staff Software Engineer"],
  },
  {
    key: "billing", name: "Billing", department: "Product Engineering", jiraKey: "BILL", formed: "2015-06-01", weight: 0.8,
    zones: ["America/New_York", "America/Denver"],
    titles: ["Software Engineer", "Senior Software Engineer", "Staff Software Engineer"],
  },
  {
    key: "storage", name: "Storage", department: "Infrastructure", jiraKey: "STOR", formed: "2015-02-01", weight: 1.1,
    zones: ["Europe/Berlin", "Asia/Kolkata", "Europe/London"],
    titles: ["Software Engineer", "Senior Software Engineer", "Storage Engineer", "Principal Engineer"],
  },
  {
    key: "edge", name: "Edge Networking", department: "Infrastructure", jiraKey: "EDGE", formed: "2015-09-01", weight: 1,
    zones: ["Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata"],
    titles: ["Network Engineer", "Senior Network Engineer", "Senior Software Engineer", "Staff Software Engineer"],
  },
  {
    key: "data-platform", name: "Data Platform", department: "Data", jiraKey: "DATA", formed: "2016-06-01", weight: 1,
    zones: ["Europe/London", "Asia/Kolkata", "America/New_York"],
    titles: ["Data Engineer", "Senior Data Engineer", "Software Engineer", "Staff Data Engineer"],
  },
  {
    key: "mobile", name: "Mobile", department: "Product Engineering", jiraKey: "MOB", formed: "2017-01-09", weight: 0.8,
    zones: ["America/Los_Angeles", "Europe/Berlin"],
    titles: ["iOS Engineer", "Android Engineer", "Senior iOS Engineer", "Senior Android Engineer"],
  },
  {
    key: "search", name: "Search", department: "Product Engineering", jiraKey: "SRCH", formed: "2018-01-08", weight: 0.7,
    zones: ["Europe/Berlin", "America/New_York"],
    titles: ["Software Engineer", "Senior Software Engineer", "Search Engineer"],
  },
  {
    key: "sre", name: "Site Reliability", department: "Infrastructure", jiraKey: "SRE", formed: "2015-02-01", weight: 1.3,
    zones: ["America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Sydney"],
    titles: ["Site Reliability Engineer", "Senior Site Reliability Engineer", "Staff Site Reliability Engineer"],
  },
  {
    key: "support", name: "Customer Support", department: "Customer Support", jiraKey: "SUP", formed: "2015-06-01", weight: 1,
    zones: ["Asia/Kolkata", "Europe/London", "America/New_York", "Australia/Sydney"],
    titles: ["Support Engineer", "Senior Support Engineer", "Technical Support Lead, Tier 2"],
  },
];

const LEADERSHIP: Team = {
  key: "leadership", name: "Leadership", department: "Executive", jiraKey: "OPS", formed: "2015-01-01", onCall: false,
};

interface ServiceDef {
  key: string;
  description: string;
  tier: 1 | 2 | 3;
  dependsOn: string[];
  owners: [string, string | null][];
}

// Owners listed as [team, until]; a service that changed hands lists its former team first,
// which is what makes "former owners" possible in the scenarios.
const SERVICE_DEFS: readonly ServiceDef[] = [
  { key: "payments-api", description: "Public API for card and bank payments", tier: 1, dependsOn: ["ledger", "auth-gateway", "fraud-scorer", "kafka-cluster"], owners: [["payments", null]] },
  { key: "ledger", description: "Double-entry ledger of every money movement", tier: 1, dependsOn: ["metadata-db", "kafka-cluster"], owners: [["billing", "2021-03-01"], ["payments", null]] },
  { key: "payouts-worker", description: "Batches and sends merchant payouts", tier: 2, dependsOn: ["ledger", "event-pipeline"], owners: [["payments", null]] },
  { key: "fraud-scorer", description: "Scores payments for fraud risk in real time", tier: 1, dependsOn: ["event-pipeline", "query-api"], owners: [["payments", null]] },
  { key: "auth-gateway", description: "Login, tokens and SSO for every product", tier: 1, dependsOn: ["session-service", "user-directory", "load-balancer"], owners: [["identity", null]] },
  { key: "session-service", description: "Session store and refresh-token rotation", tier: 1, dependsOn: ["metadata-db"], owners: [["identity", null]] },
  { key: "user-directory", description: "Accounts, organisations and roles", tier: 2, dependsOn: ["metadata-db", "search-indexer"], owners: [["identity", null]] },
  { key: "billing-engine", description: "Rates usage and produces charges", tier: 1, dependsOn: ["usage-metering", "ledger"], owners: [["billing", null]] },
  { key: "invoice-renderer", description: "Renders and emails monthly invoices", tier: 3, dependsOn: ["billing-engine", "object-store"], owners: [["billing", null]] },
  { key: "usage-metering", description: "Counts customer resource usage", tier: 2, dependsOn: ["kafka-cluster", "event-pipeline"], owners: [["data-platform", "2020-09-01"], ["billing", null]] },
  { key: "object-store", description: "S3-compatible object storage", tier: 1, dependsOn: ["metadata-db", "block-volume", "load-balancer"], owners: [["storage", null]] },
  { key: "block-volume", description: "Network block volumes for customer VMs", tier: 1, dependsOn: ["metadata-db"], owners: [["storage", null]] },
  { key: "metadata-db", description: "Replicated metadata database cluster", tier: 1, dependsOn: [], owners: [["storage", null]] },
  { key: "cdn-edge", description: "CDN points of presence and TLS termination", tier: 1, dependsOn: ["dns-resolver", "object-store"], owners: [["edge", null]] },
  { key: "dns-resolver", description: "Authoritative and recursive DNS", tier: 1, dependsOn: [], owners: [["sre", "2022-01-10"], ["edge", null]] },
  { key: "load-balancer", description: "L4/L7 load balancers in every region", tier: 1, dependsOn: ["dns-resolver"], owners: [["edge", null]] },
  { key: "event-pipeline", description: "Stream processing of product events", tier: 2, dependsOn: ["kafka-cluster"], owners: [["data-platform", null]] },
  { key: "kafka-cluster", description: "Shared Kafka clusters", tier: 1, dependsOn: ["k8s-platform"], owners: [["data-platform", null]] },
  { key: "warehouse-loader", description: "Loads events into the data warehouse", tier: 3, dependsOn: ["event-pipeline", "object-store"], owners: [["data-platform", null]] },
  { key: "mobile-bff", description: "Backend-for-frontend of the mobile apps", tier: 2, dependsOn: ["auth-gateway", "payments-api", "push-notifier"], owners: [["mobile", null]] },
  { key: "push-notifier", description: "Sends push notifications to devices", tier: 3, dependsOn: ["event-pipeline"], owners: [["mobile", null]] },
  { key: "search-indexer", description: "Builds the search indexes", tier: 2, dependsOn: ["event-pipeline", "object-store"], owners: [["search", null]] },
  { key: "query-api", description: "Search queries for products and docs", tier: 2, dependsOn: ["search-indexer", "load-balancer"], owners: [["search", null]] },
  { key: "k8s-platform", description: "Kubernetes clusters everything runs on", tier: 1, dependsOn: ["dns-resolver"], owners: [["sre", null]] },
  { key: "observability-stack", description: "Metrics, logs and tracing", tier: 2, dependsOn: ["k8s-platform", "object-store"], owners: [["sre", null]] },
  { key: "deploy-orchestrator", description: "Builds and rolls out every service", tier: 2, dependsOn: ["k8s-platform"], owners: [["sre", null]] },
  { key: "status-page", description: "Public status page", tier: 3, dependsOn: ["cdn-edge"], owners: [["sre", "2021-06-01"], ["support", null]] },
  { key: "support-portal", description: "Customer tickets and chat", tier: 3, dependsOn: ["auth-gateway", "user-directory"], owners: [["support", null]] },
];

const SYSTEMS: readonly System[] = [
  { key: "payments-platform", description: "Taking, recording and paying out money", owner: "payments", services: ["payments-api", "ledger", "payouts-worker", "fraud-scorer"] },
  { key: "accounts-and-access", description: "Sign-in, sessions and who may do what", owner: "identity", services: ["auth-gateway", "session-service", "user-directory"] },
  { key: "billing-and-invoicing", description: "Metering usage, charging and invoicing", owner: "billing", services: ["billing-engine", "invoice-renderer", "usage-metering"] },
  { key: "storage-platform", description: "Objects, volumes and the metadata behind them", owner: "storage", services: ["object-store", "block-volume", "metadata-db"] },
  { key: "edge-network", description: "Traffic from the internet to our regions", owner: "edge", services: ["cdn-edge", "dns-resolver", "load-balancer"] },
  { key: "event-streaming", description: "Events from products to the warehouse", owner: "data-platform", services: ["event-pipeline", "kafka-cluster", "warehouse-loader"] },
  { key: "mobile-apps", description: "What the iOS and Android apps talk to", owner: "mobile", services: ["mobile-bff", "push-notifier"] },
  { key: "product-search", description: "Indexing and searching products and docs", owner: "search", services: ["search-indexer", "query-api"] },
  { key: "runtime-platform", description: "Where every service is built, run and watched", owner: "sre", services: ["k8s-platform", "observability-stack", "deploy-orchestrator"] },
  { key: "customer-support-tools", description: "How customers reach us and hear from us", owner: "support", services: ["status-page", "support-portal"] },
];

// Services whose PagerDuty service was set up by hand before the catalog existed: their
// components lack the annotation and the PagerDuty names differ from the keys in case only.
const HAND_MADE_PAGERDUTY_SERVICES: readonly string[] = ["invoice-renderer", "push-notifier", "status-page"];

function handMadeName(key: string): string {
  return key.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("-");
}

/** People the generator creates for a message volume: at least 60, more for bigger demos. */
export function peopleCountFor(messages: number): number {
  return Math.min(300, 60 + Math.round(messages / 5000));
}

/** Builds Acme Cloud deterministically from a seed. */
export function buildCompany(options: CompanyOptions): Company {
  const rng = Random.fork(options.seed, "company");
  const ids = new IdRegistry(rng);
  const teams: Team[] = [LEADERSHIP, ...TEAM_DEFS.map(({ key, name, department, jiraKey, formed }) => ({ key, name, department, jiraKey, formed, onCall: true }))];
  const services: Service[] = SERVICE_DEFS.map((def) => ({
    key: def.key,
    description: def.description,
    repo: `acme/${def.key}`,
    tier: def.tier,
    dependsOn: def.dependsOn.slice(),
    owners: ownersFrom(def.owners),
    pagerdutyServiceId: ids.unique("P", 6),
    pagerdutyServiceName: HAND_MADE_PAGERDUTY_SERVICES.includes(def.key) ? handMadeName(def.key) : def.key,
    pagerdutyAnnotated: !HAND_MADE_PAGERDUTY_SERVICES.includes(def.key),
    system: SYSTEMS.find((sys) => sys.services.includes(def.key))?.key ?? "runtime-platform",
  }));
  const people = buildPeople(rng, ids, Math.max(40, options.people));
  const bots: Bot[] = [
    { key: "pagerduty", displayName: "PagerDuty", handle: "pagerduty", slackUserId: ids.unique("U", 10), slackBotId: ids.unique("B", 10), slackAppId: ids.unique("A", 10) },
    { key: "github", displayName: "GitHub", handle: "github", slackUserId: ids.unique("U", 10), slackBotId: ids.unique("B", 10), slackAppId: ids.unique("A", 10) },
    { key: "deploy", displayName: "shipit", handle: "shipit", slackUserId: ids.unique("U", 10), slackBotId: ids.unique("B", 10), slackAppId: ids.unique("A", 10) },
  ];
  return {
    name: "Acme Cloud",
    domain: "acme.example",
    slackTeamId: `T${rng.chars(ID_ALPHABET, 10)}`,
    slackDomain: "acme-cloud",
    githubOrg: "acme",
    exportedAt: EXPORTED_AT,
    teams,
    systems: SYSTEMS.map((sys) => ({ ...sys, services: sys.services.slice() })),
    services,
    people,
    bots,
  };
}

function ownersFrom(list: [string, string | null][]): ServiceOwnership[] {
  let from = "2015-02-01";
  return list.map(([team, until]) => {
    const period = { team, from, to: until };
    if (until) from = until;
    return period;
  });
}

/** Hands out ids that never repeat within one company (Slack, PagerDuty, files). */
export class IdRegistry {
  readonly #rng: Random;
  readonly #used = new Set<string>();

  constructor(rng: Random) {
    this.#rng = rng;
  }

  /** Marks ids handed out elsewhere (by another registry) as taken. */
  reserve(ids: Iterable<string>): void {
    for (const id of ids) this.#used.add(id);
  }

  /** A new id: `prefix` plus `length` upper-case letters and digits. */
  unique(prefix: string, length: number): string {
    for (;;) {
      const id = `${prefix}${this.#rng.chars(ID_ALPHABET, length)}`;
      if (!this.#used.has(id)) {
        this.#used.add(id);
        return id;
      }
    }
  }
}

interface Draft {
  first: string;
  last: string;
  role: PersonRole;
  title: string;
  department: string;
  start: number;
  end: number | null;
  history: { team: string; from: number }[];
  zone: string;
  isAdmin: boolean;
  managerIndex: number | null;
}

const INCIDENT_ERA_START = dateMs("2021-06-01");
const LAST_HIRE = dateMs("2024-09-30");

function buildPeople(rng: Random, ids: IdRegistry, count: number): Person[] {
  const drafts: Draft[] = [];
  const names = rng.shuffle(FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => [first, last] as const)));
  let nameIndex = 0;
  const nextName = (): readonly [string, string] => {
    const pair = names[nameIndex % names.length] ?? ["Alex", "Doe"];
    nameIndex += 1;
    return pair;
  };
  const addDraft = (partial: Omit<Draft, "first" | "last" | "zone"> & { zone?: string }): number => {
    const [first, last] = nextName();
    drafts.push({ first, last, zone: partial.zone ?? rng.pick(TIME_ZONES).tz, ...partial });
    return drafts.length - 1;
  };

  // Leadership first: the managers the rest report to.
  const ceo = addDraft({ role: "executive", title: "Chief Executive Officer", department: "Executive", start: dateMs("2015-01-05"), end: null, history: [{ team: "leadership", from: dateMs("2015-01-05") }], isAdmin: true, managerIndex: null, zone: "America/Los_Angeles" });
  const cto = addDraft({ role: "executive", title: "Chief Technology Officer", department: "Engineering", start: dateMs("2015-01-05"), end: null, history: [{ team: "leadership", from: dateMs("2015-01-05") }], isAdmin: true, managerIndex: ceo, zone: "America/New_York" });
  const vpEng = addDraft({ role: "director", title: "VP Engineering", department: "Engineering", start: dateMs("2016-03-14"), end: null, history: [{ team: "leadership", from: dateMs("2016-03-14") }], isAdmin: true, managerIndex: cto, zone: "Europe/London" });
  const dirProduct = addDraft({ role: "director", title: "Director of Engineering, Product", department: "Product Engineering", start: dateMs("2017-05-02"), end: null, history: [{ team: "leadership", from: dateMs("2017-05-02") }], isAdmin: false, managerIndex: vpEng });
  const dirInfra = addDraft({ role: "director", title: "Director of Engineering, Infrastructure", department: "Infrastructure", start: dateMs("2016-09-19"), end: null, history: [{ team: "leadership", from: dateMs("2016-09-19") }], isAdmin: false, managerIndex: vpEng });
  const headSupport = addDraft({ role: "director", title: "Head of Customer Support", department: "Customer Support", start: dateMs("2016-01-11"), end: null, history: [{ team: "leadership", from: dateMs("2016-01-11") }], isAdmin: false, managerIndex: ceo });

  const managerOf = new Map<string, number>();
  for (const def of TEAM_DEFS) {
    const formed = dateMs(def.formed);
    const start = formed + rng.int(0, 120) * DAY_MS;
    const boss = def.key === "support" ? headSupport : def.department === "Product Engineering" ? dirProduct : def.key === "data-platform" ? vpEng : dirInfra;
    const title = def.key === "support" ? "Support Manager" : `Engineering Manager, ${def.name}`;
    managerOf.set(def.key, addDraft({ role: "manager", title, department: def.department, start, end: null, history: [{ team: def.key, from: start }], isAdmin: false, managerIndex: boss, zone: rng.pick(def.zones) }));
  }

  const engineers = count - drafts.length;
  const weights = TEAM_DEFS.map((def) => def.weight);
  const eligibleTeams = (at: number): TeamDef[] => TEAM_DEFS.filter((def) => dateMs(def.formed) <= at);
  const pickTeam = (at: number, except?: string): TeamDef => {
    const options = eligibleTeams(at).filter((def) => def.key !== except);
    return rng.weighted(options, options.map((def) => weights[TEAM_DEFS.indexOf(def)] ?? 1));
  };
  for (let i = 0; i < engineers; i += 1) {
    // The first engineers of each team are veterans who later moved on: the "former
    // owners" an incident channel calls back years later.
    const veteranOf = i < TEAM_DEFS.length ? TEAM_DEFS[i] : undefined;
    let start: number;
    let team: TeamDef;
    const history: { team: string; from: number }[] = [];
    let end: number | null = null;
    if (veteranOf && veteranOf.key !== "support") {
      team = veteranOf;
      start = Math.max(dateMs(team.formed), dateMs("2015-03-01")) + rng.int(0, 500) * DAY_MS;
      history.push({ team: team.key, from: start });
      const moved = dateMs("2019-03-01") + rng.int(0, 900) * DAY_MS;
      history.push({ team: pickTeam(moved, team.key).key, from: moved });
    } else {
      const era = rng.weighted(["early", "middle", "late"], [0.3, 0.45, 0.25]);
      const from = era === "early" ? dateMs("2015-03-01") : era === "middle" ? dateMs("2019-01-01") : dateMs("2022-01-01");
      const to = era === "early" ? dateMs("2018-12-31") : era === "middle" ? dateMs("2021-12-31") : LAST_HIRE;
      start = from + rng.int(0, Math.floor((to - from) / DAY_MS)) * DAY_MS;
      team = pickTeam(start);
      history.push({ team: team.key, from: start });
      if (rng.chance(0.2)) {
        const moved = start + rng.int(365, 1500) * DAY_MS;
        if (moved < EXPORTED_AT - 90 * DAY_MS) history.push({ team: pickTeam(moved, team.key).key, from: moved });
      }
      // Leavers are drawn from people hired before the incident era so rotas stay staffed.
      if (start < INCIDENT_ERA_START && rng.chance(0.16)) {
        const leave = start + rng.int(200, 3000) * DAY_MS;
        if (leave < EXPORTED_AT - 30 * DAY_MS) end = leave;
      }
    }
    const kept = history.filter((h) => end === null || h.from < end);
    const current = TEAM_DEFS.find((def) => def.key === kept[kept.length - 1]?.team) ?? team;
    const zone = rng.chance(0.65) ? rng.pick(current.zones) : rng.pick(TIME_ZONES).tz;
    addDraft({
      role: "engineer",
      title: rng.pick(current.titles),
      department: current.department,
      start,
      end,
      history: kept,
      zone,
      isAdmin: current.key === "sre" && rng.chance(0.3),
      managerIndex: managerOf.get(current.key) ?? vpEng,
    });
  }
  return materialise(rng, ids, drafts);
}

function materialise(rng: Random, ids: IdRegistry, drafts: Draft[]): Person[] {
  const handles = new Set<string>();
  const logins = new Set<string>();
  const uniqueIn = (set: Set<string>, base: string): string => {
    let candidate = base;
    for (let n = 2; set.has(candidate); n += 1) candidate = `${base}${n}`;
    set.add(candidate);
    return candidate;
  };
  const people = drafts.map((draft, i): Person => {
    const first = asciiSlug(draft.first);
    const last = asciiSlug(draft.last);
    const handle = uniqueIn(handles, `${first}.${last}`);
    const loginStyle = rng.int(0, 3);
    const loginBase = loginStyle === 0 ? `${first}${last}` : loginStyle === 1 ? `${first.charAt(0)}${last}` : loginStyle === 2 ? `${first}-${last.slice(0, 3)}` : `${first}-acme`;
    const history: TeamMembership[] = draft.history.map((h, k) => {
      const next = draft.history[k + 1];
      const toMs = next ? next.from : draft.end;
      return { team: h.team, from: isoDate(h.from), to: toMs === null ? null : isoDate(toMs), fromMs: h.from, toMs };
    });
    return {
      id: `person-${String(i + 1).padStart(3, "0")}`,
      firstName: draft.first,
      lastName: draft.last,
      name: `${draft.first} ${draft.last}`,
      email: `${handle}@acme.example`,
      slackUserId: ids.unique("U", rng.int(8, 10)),
      slackHandle: handle,
      pagerdutyUserId: ids.unique("P", 6),
      githubLogin: uniqueIn(logins, loginBase),
      title: draft.title,
      department: draft.department,
      managerId: draft.managerIndex === null ? null : `person-${String(draft.managerIndex + 1).padStart(3, "0")}`,
      timezone: draft.zone,
      role: draft.role,
      isAdmin: draft.isAdmin,
      startDate: isoDate(draft.start),
      endDate: draft.end === null ? null : isoDate(draft.end),
      startMs: draft.start,
      endMs: draft.end,
      history,
    };
  });
  return people;
}

/** True when the person worked at Acme Cloud at that instant. */
export function isEmployedAt(person: Person, ms: number): boolean {
  return person.startMs <= ms && (person.endMs === null || ms < person.endMs);
}

/** The team a person was on at an instant, or null outside their employment. */
export function teamAt(person: Person, ms: number): string | null {
  if (!isEmployedAt(person, ms)) return null;
  for (const m of person.history) {
    if (m.fromMs <= ms && (m.toMs === null || ms < m.toMs)) return m.team;
  }
  return null;
}

/** The team that owned a service at an instant. */
export function owningTeamAt(service: Service, ms: number): string {
  for (const o of service.owners) {
    const to = o.to === null ? Infinity : dateMs(o.to);
    if (ms < to) return o.team;
  }
  return service.owners[service.owners.length - 1]?.team ?? "sre";
}

/** Everyone on a team at an instant, in a stable order. */
export function teamMembersAt(company: Company, team: string, ms: number): Person[] {
  return company.people.filter((p) => teamAt(p, ms) === team);
}

/** Engineers on a team at an instant: the people its on-call rota is drawn from. */
export function rotaAt(company: Company, team: string, ms: number): Person[] {
  return company.people.filter((p) => p.role === "engineer" && teamAt(p, ms) === team);
}

/**
 * People who were on a team before `ms` (for at least a year, ending at least a year
 * earlier) and are still at the company on another team: the "former owners".
 */
export function formerMembersAt(company: Company, team: string, ms: number): Person[] {
  return company.people.filter((p) => {
    if (!isEmployedAt(p, ms)) return false;
    const now = teamAt(p, ms);
    if (now === team || now === null) return false;
    return p.history.some((m) => m.team === team && m.toMs !== null && m.toMs <= ms - 365 * DAY_MS && m.toMs - m.fromMs >= 365 * DAY_MS);
  });
}

/** Teams that were ever responsible for a service before `ms`, other than the owner then. */
export function formerOwningTeams(service: Service, ms: number): string[] {
  const now = owningTeamAt(service, ms);
  return service.owners.filter((o) => o.team !== now && dateMs(o.from) < ms).map((o) => o.team);
}
