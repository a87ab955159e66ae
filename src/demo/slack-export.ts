import { ZipWriter } from "../importers/zip/zip-writer.js";
import { coupledEvents, writeChatterConversation } from "./background.js";
import type { Company, Person } from "./company.js";
import { DayFileWriter } from "./day-file-writer.js";
import { writeIncidentChannel } from "./incident-story.js";
import { Random } from "./random.js";
import { type ConversationPlan, type IncidentPlan, PAGERDUTY_ACTOR, type Scenario } from "./scenario.js";
import { MessageFactory, buildWorkspace, type Workspace } from "./slack-messages.js";
import { TIME_ZONES } from "./time.js";
import { type ChannelRefs, Vocabulary } from "./vocabulary.js";

/** What was written for one conversation. */
export interface ConversationStats {
  id: string;
  name: string;
  kind: ConversationPlan["kind"];
  folder: string;
  incidentId: string | null;
  messages: number;
  dayFiles: number;
}

/** Totals of one written export. */
export interface SlackExportStats {
  users: number;
  messages: number;
  dayFiles: number;
  conversations: ConversationStats[];
}

/**
 * Writes the scenario as a Slack workspace export zip: the metadata files first, then
 * each conversation's day files, one conversation at a time so memory stays flat.
 */
export function writeSlackExport(scenario: Scenario, path: string, onDayFile: (messages: number) => void): SlackExportStats {
  const company = scenario.company;
  const ws = buildWorkspace(company, Random.fork(scenario.seed, "workspace"));
  const zip = new ZipWriter(path);
  try {
    const users = usersJson(company, Random.fork(scenario.seed, "users"));
    zip.add("users.json", JSON.stringify(users, null, 4));
    const byKind = (kind: ConversationPlan["kind"]): ConversationPlan[] => scenario.conversations.filter((c) => c.kind === kind);
    const incidentsById = new Map(scenario.incidents.map((i) => [i.id, i]));
    zip.add("channels.json", JSON.stringify(byKind("channel").map((c) => channelJson(c, ws, incidentsById)), null, 4));
    zip.add("groups.json", JSON.stringify(byKind("group").map((c) => channelJson(c, ws, incidentsById)), null, 4));
    zip.add("dms.json", JSON.stringify(byKind("dm").map((c) => ({ id: c.id, created: seconds(c.created), members: c.memberIds.map((id) => slackId(ws, id)) })), null, 4));
    zip.add("mpims.json", JSON.stringify(byKind("mpim").map((c) => channelJson(c, ws, incidentsById)), null, 4));

    const refs = channelRefs(scenario);
    const coupled = coupledEvents(scenario, new MessageFactory(ws, Random.fork(scenario.seed, "coupled")), new Vocabulary(Random.fork(scenario.seed, "coupled-text"), refs));
    const stats: ConversationStats[] = [];
    let messages = 0;
    let dayFiles = 0;
    for (const conv of scenario.conversations) {
      const rng = Random.fork(scenario.seed, `conversation:${conv.id}`);
      const f = new MessageFactory(ws, rng);
      const vocab = new Vocabulary(rng, refs);
      const out = new DayFileWriter(zip, conv.folder, rng, onDayFile);
      const incident = conv.incidentId ? incidentsById.get(conv.incidentId) : undefined;
      if (incident) writeIncidentChannel({ ws, incidentsById }, incident, f, vocab, out);
      else writeChatterConversation(scenario, conv, coupled.get(conv.id) ?? [], f, vocab, out);
      if (out.written !== conv.messages) throw new Error(`${conv.name}: wrote ${out.written} messages, planned ${conv.messages}`);
      messages += out.written;
      dayFiles += out.dayFiles;
      stats.push({ id: conv.id, name: conv.name, kind: conv.kind, folder: conv.folder, incidentId: conv.incidentId, messages: out.written, dayFiles: out.dayFiles });
    }
    return { users: users.length, messages, dayFiles, conversations: stats };
  } finally {
    zip.close();
  }
}

function channelRefs(scenario: Scenario): ChannelRefs {
  const find = (name: string): { id: string; name: string } => {
    const c = scenario.conversations.find((x) => x.name === name);
    return { id: c?.id ?? "", name };
  };
  return { deploys: find("deploys"), incidents: find("incidents"), oncall: find("oncall") };
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function slackId(ws: Workspace, actor: string): string {
  if (actor === PAGERDUTY_ACTOR) return ws.bots.pagerduty.slackUserId;
  return ws.byId.get(actor)?.slackUserId ?? actor;
}

function channelJson(c: ConversationPlan, ws: Workspace, incidents: Map<string, IncidentPlan>): Record<string, unknown> {
  const creator = slackId(ws, c.creator);
  const members = c.memberIds.map((id) => slackId(ws, id));
  const incident = c.incidentId ? incidents.get(c.incidentId) : undefined;
  if (incident && incident.channelCreator === PAGERDUTY_ACTOR) members.unshift(ws.bots.pagerduty.slackUserId);
  const setAt = String(seconds(incident ? incident.resolvedAt : c.created));
  const base: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    created: c.kind === "mpim" ? seconds(c.created) : String(seconds(c.created)),
    creator,
    is_archived: c.isArchived,
  };
  if (c.kind !== "mpim") base.is_general = c.isGeneral;
  base.members = members;
  base.topic = { value: c.topic, creator: c.topic ? creator : "", last_set: c.topic ? setAt : "0" };
  base.purpose = { value: c.purpose, creator: c.purpose ? creator : "", last_set: c.purpose ? String(seconds(c.created)) : "0" };
  return base;
}

const COLORS = ["9f69e7", "4bbe2e", "e7392d", "3c989f", "674b1b", "e96699", "5b89d5", "de5f24", "99a949", "df3dc0"];

function usersJson(company: Company, rng: Random): Record<string, unknown>[] {
  const users: Record<string, unknown>[] = company.people.map((p) => personJson(company, p, rng));
  for (const bot of company.bots) {
    users.push({
      id: bot.slackUserId,
      team_id: company.slackTeamId,
      name: bot.handle,
      deleted: false,
      color: rng.pick(COLORS),
      real_name: bot.displayName,
      tz: "America/Los_Angeles",
      tz_label: "Pacific Standard Time",
      tz_offset: -28800,
      profile: {
        title: "",
        real_name: bot.displayName,
        real_name_normalized: bot.displayName,
        display_name: "",
        display_name_normalized: "",
        avatar_hash: rng.hex(12),
        always_active: true,
        bot_id: bot.slackBotId,
        api_app_id: bot.slackAppId,
        first_name: bot.displayName,
        last_name: "",
        team: company.slackTeamId,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: true,
      is_app_user: false,
      updated: seconds(company.exportedAt) - rng.int(86400, 86400 * 400),
    });
  }
  users.push({
    id: "USLACKBOT",
    team_id: company.slackTeamId,
    name: "slackbot",
    deleted: false,
    color: "757575",
    real_name: "Slackbot",
    tz: "America/Los_Angeles",
    tz_label: "Pacific Standard Time",
    tz_offset: -28800,
    profile: { title: "", real_name: "Slackbot", real_name_normalized: "Slackbot", display_name: "Slackbot", display_name_normalized: "Slackbot", avatar_hash: "sv41d8cd98f0", first_name: "slackbot", last_name: "", team: company.slackTeamId },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    updated: 0,
  });
  return users;
}

function personJson(company: Company, p: Person, rng: Random): Record<string, unknown> {
  const zone = TIME_ZONES.find((z) => z.tz === p.timezone);
  const normalized = p.name.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const deleted = p.endMs !== null;
  return {
    id: p.slackUserId,
    team_id: company.slackTeamId,
    name: p.slackHandle,
    deleted,
    color: rng.pick(COLORS),
    real_name: p.name,
    tz: p.timezone,
    tz_label: zone?.label ?? "",
    tz_offset: zone?.offsetSeconds ?? 0,
    profile: {
      title: p.title,
      phone: "",
      skype: "",
      real_name: p.name,
      real_name_normalized: normalized,
      display_name: p.firstName,
      display_name_normalized: p.firstName.normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
      fields: null,
      status_text: "",
      status_emoji: "",
      avatar_hash: rng.hex(12),
      email: p.email,
      first_name: p.firstName,
      last_name: p.lastName,
      image_72: `https://secure.gravatar.com/avatar/${rng.hex(32)}.jpg?s=72&d=https%3A%2F%2Fa.slack-edge.com%2Fdf10d%2Fimg%2Favatars%2Fava_0001-72.png`,
      team: company.slackTeamId,
    },
    is_admin: !deleted && p.isAdmin,
    is_owner: !deleted && p.role === "executive",
    is_primary_owner: p.title === "Chief Executive Officer",
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    updated: seconds(p.endMs ?? company.exportedAt - rng.int(86400, 86400 * 300)),
  };
}
