import type { Person } from "./company.js";
import type { DemoPatterns } from "./patterns.js";
import { type IncidentPlan, PAGERDUTY_ACTOR, type Scenario } from "./scenario.js";
import type { SlackExportStats } from "./slack-export.js";

/** A person as the manifest names them: both keys an importer can join on. */
export interface ManifestPersonRef {
  slackUserId: string;
  email: string;
}

/** One participant of an incident in the manifest. */
export interface ManifestInvolvement extends ManifestPersonRef {
  name: string;
  how: "paged" | "invited" | "mentioned" | "dm" | "joined";
  /** Slack user id of who paged, invited, mentioned or messaged them (the PagerDuty app's id for pages); null when they joined on their own. */
  by: string | null;
  reachedAt: string;
  joinedAt: string;
  /** Slack user id named as `inviter` on their `channel_join`, if any. */
  inviter: string | null;
  team: string | null;
  role: string;
  onCall: boolean;
  owningTeam: boolean;
  formerOwner: boolean;
  observer: boolean;
}

/** One incident in the manifest. */
export interface ManifestIncident {
  id: string;
  channel: string;
  channelId: string;
  private: boolean;
  title: string;
  severity: string;
  services: string[];
  owningTeam: string;
  pagerduty: { number: number; id: string; url: string };
  startedAt: string;
  detectedAt: string;
  acknowledgedAt: string;
  channelCreatedAt: string;
  mitigatedAt: string;
  resolvedAt: string;
  offHours: boolean;
  onCall: ManifestPersonRef;
  commander: ManifestPersonRef;
  pages: { slackUserId: string; at: string; kind: string; by: string | null }[];
  mentions: { by: string; slackUserId: string; at: string }[];
  people: ManifestInvolvement[];
  handoff: { from: string; to: string; at: string } | null;
  change: { service: string; version: string; pullRequest: string; commit: string; deployedAt: string; deployedBy: string; rolledBackAt: string } | null;
  tickets: string[];
  previousIncident: string | null;
  messages: number;
}

/** Counts of the PagerDuty files, so an import can be checked against them. */
export interface ManifestPagerduty {
  /** File names inside the folder. */
  files: string[];
  incidents: number;
  incidentsWithSlackChannel: number;
  /** Background pages without a Slack channel. */
  incidentsWithoutSlackChannel: number;
  logEntries: number;
  logEntriesByType: Record<string, number>;
  users: number;
  services: number;
  escalationPolicies: number;
  schedules: number;
  oncallShifts: number;
}

/** `demo-manifest.json`: what the generator wrote, so tests can check an import accounts for all of it. */
export interface DemoManifest {
  format: "debrief-demo-manifest";
  version: 1;
  seed: number;
  company: { name: string; domain: string; slackTeamId: string };
  files: { slackExport: string; peopleCsv: string; teamHistoryCsv: string; pagerduty: string; catalog: string };
  totals: { messages: number; users: number; people: number; conversations: number; dayFiles: number; incidents: number };
  teams: { key: string; name: string; department: string; jiraKey: string }[];
  services: {
    key: string;
    repo: string;
    tier: number;
    system: string;
    pagerdutyServiceId: string;
    pagerdutyServiceName: string;
    /** False for the components written without `pagerduty.com/service-id`, to be matched by name. */
    pagerdutyAnnotated: boolean;
    dependsOn: string[];
    owners: { team: string; from: string; to: string | null }[];
  }[];
  /** What the `pagerduty/` folder holds. */
  pagerduty: ManifestPagerduty;
  busyWeek: { person: ManifestPersonRef; weekStart: string; incidents: string[] } | null;
  goToExperts: (ManifestPersonRef & { service: string })[];
  /** The patterns planted for the insights (see `src/demo/patterns.ts`), people by reference. */
  patterns: {
    nightWeek: (Omit<NonNullable<DemoPatterns["nightWeek"]>, "personId"> & { person: ManifestPersonRef }) | null;
    failingService: DemoPatterns["failingService"];
    silo: (Omit<NonNullable<DemoPatterns["silo"]>, "personId"> & { person: ManifestPersonRef }) | null;
    formerOwner: (Omit<NonNullable<DemoPatterns["formerOwner"]>, "personId"> & { person: ManifestPersonRef }) | null;
  };
  incidents: ManifestIncident[];
  conversations: { id: string; name: string; kind: string; folder: string; incidentId: string | null; messages: number; dayFiles: number }[];
}

/** Builds the manifest from the plan and what was written. */
export function buildManifest(scenario: Scenario, stats: SlackExportStats, files: DemoManifest["files"], pagerduty: ManifestPagerduty): DemoManifest {
  const company = scenario.company;
  const byId = new Map(company.people.map((p) => [p.id, p]));
  const pdUser = company.bots.find((b) => b.key === "pagerduty")?.slackUserId ?? PAGERDUTY_ACTOR;
  const ref = (id: string): ManifestPersonRef => {
    const p = byId.get(id);
    return { slackUserId: p?.slackUserId ?? id, email: p?.email ?? "" };
  };
  const actor = (id: string | null): string | null => (id === null ? null : id === PAGERDUTY_ACTOR ? pdUser : (byId.get(id)?.slackUserId ?? id));
  const iso = (ms: number): string => new Date(ms).toISOString();
  const incident = (i: IncidentPlan): ManifestIncident => ({
    id: i.id,
    channel: i.channelName,
    channelId: i.channelId,
    private: i.isPrivate,
    title: i.title,
    severity: i.severity,
    services: i.services,
    owningTeam: i.owningTeam,
    pagerduty: { number: i.number, id: i.pagerdutyIncidentId, url: i.pagerdutyUrl },
    startedAt: iso(i.startedAt),
    detectedAt: iso(i.detectedAt),
    acknowledgedAt: iso(i.acknowledgedAt),
    channelCreatedAt: iso(i.channelCreatedAt),
    mitigatedAt: iso(i.mitigatedAt),
    resolvedAt: iso(i.resolvedAt),
    offHours: i.offHours,
    onCall: ref(i.onCallId),
    commander: ref(i.commanderId),
    pages: i.pages.map((p) => ({ slackUserId: ref(p.personId).slackUserId, at: iso(p.at), kind: p.kind, by: actor(p.by) })),
    mentions: i.mentions.map((m) => ({ by: actor(m.by) ?? "", slackUserId: ref(m.personId).slackUserId, at: iso(m.at) })),
    people: i.people.map((p) => ({
      ...ref(p.personId),
      name: (byId.get(p.personId) as Person | undefined)?.name ?? "",
      how: p.how,
      by: actor(p.by),
      reachedAt: iso(p.reachedAt),
      joinedAt: iso(p.joinedAt),
      inviter: actor(p.inviter),
      team: p.team,
      role: p.role,
      onCall: p.onCall,
      owningTeam: p.owningTeam,
      formerOwner: p.formerOwner,
      observer: p.observer,
    })),
    handoff: i.handoff ? { from: actor(i.handoff.from) ?? "", to: actor(i.handoff.to) ?? "", at: iso(i.handoff.at) } : null,
    change: i.change
      ? {
          service: i.change.service,
          version: i.change.version,
          pullRequest: `https://github.com/acme/${i.change.service}/pull/${i.change.pullRequest}`,
          commit: i.change.commitSha,
          deployedAt: iso(i.change.deployedAt),
          deployedBy: actor(i.change.deployedBy) ?? "",
          rolledBackAt: iso(i.change.rolledBackAt),
        }
      : null,
    tickets: i.tickets,
    previousIncident: i.previousIncidentId,
    messages: i.messages,
  });
  return {
    format: "debrief-demo-manifest",
    version: 1,
    seed: scenario.seed,
    company: { name: company.name, domain: company.domain, slackTeamId: company.slackTeamId },
    files,
    totals: {
      messages: stats.messages,
      users: stats.users,
      people: company.people.length,
      conversations: stats.conversations.length,
      dayFiles: stats.dayFiles,
      incidents: scenario.incidents.length,
    },
    teams: company.teams.map((t) => ({ key: t.key, name: t.name, department: t.department, jiraKey: t.jiraKey })),
    services: company.services.map((s) => ({
      key: s.key,
      repo: s.repo,
      tier: s.tier,
      system: s.system,
      pagerdutyServiceId: s.pagerdutyServiceId,
      pagerdutyServiceName: s.pagerdutyServiceName,
      pagerdutyAnnotated: s.pagerdutyAnnotated,
      dependsOn: s.dependsOn,
      owners: s.owners,
    })),
    pagerduty,
    busyWeek: scenario.busyWeek ? { person: ref(scenario.busyWeek.personId), weekStart: scenario.busyWeek.weekStart, incidents: scenario.busyWeek.incidentIds } : null,
    goToExperts: scenario.goToExperts.map((e) => ({ ...ref(e.personId), service: e.service })),
    patterns: {
      nightWeek: withPerson(scenario.patterns.nightWeek, ref),
      failingService: scenario.patterns.failingService,
      silo: withPerson(scenario.patterns.silo, ref),
      formerOwner: withPerson(scenario.patterns.formerOwner, ref),
    },
    incidents: scenario.incidents.map(incident),
    conversations: stats.conversations.map((c) => ({ id: c.id, name: c.name, kind: c.kind, folder: c.folder, incidentId: c.incidentId, messages: c.messages, dayFiles: c.dayFiles })),
  };
}

function withPerson<T extends { personId: string }>(value: T | null, ref: (id: string) => ManifestPersonRef): (Omit<T, "personId"> & { person: ManifestPersonRef }) | null {
  if (!value) return null;
  const { personId, ...rest } = value;
  return { ...rest, person: ref(personId) };
}
