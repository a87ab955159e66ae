import { type Person, isEmployedAt, rotaAt, teamAt } from "./company.js";
import type { DayFileWriter } from "./day-file-writer.js";
import {
  CHAT_REPLIES,
  DEPLOYS_HUMAN,
  DIRECT,
  ENGINEERING,
  GENERAL,
  INCIDENTS_CHAT,
  MANAGERS,
  ONCALL,
  RANDOM,
  SECURITY,
  SUPPORT,
  THREAD_REPLIES,
} from "./phrases.js";
import { apportion } from "./random.js";
import { type ConversationPlan, type IncidentPlan, PAGERDUTY_ACTOR, type Scenario } from "./scenario.js";
import type { MessageFactory, SlackMessage } from "./slack-messages.js";
import { DAY_MS, MINUTE_MS, dateMs, isoDate, localToUtcMinute, utcDayStart, workingTime } from "./time.js";
import type { Vocabulary } from "./vocabulary.js";

/** A message an incident forces into an ordinary conversation, e.g. a declaration in #incidents. */
export interface CoupledEvent {
  at: number;
  write: (out: DayFileWriter) => void;
}

const PER_DAY: Record<string, number> = {
  general: 12, random: 10, deploys: 25, oncall: 8, eng: 20, "support-escalations": 10, announcements: 3,
  "eng-managers": 8, security: 4, incidents: 8, dm: 8, mpim: 8,
};

const BANKS: Record<string, readonly string[]> = {
  general: GENERAL, random: RANDOM, deploys: DEPLOYS_HUMAN, oncall: ONCALL, eng: ENGINEERING, "support-escalations": SUPPORT,
  announcements: GENERAL, "eng-managers": MANAGERS, security: SECURITY, incidents: INCIDENTS_CHAT, dm: DIRECT, mpim: MANAGERS,
};

const LEGACY_FILES_UNTIL = dateMs("2019-06-01");

/**
 * Writes a conversation that is not an incident channel: chatter on chosen days plus
 * the coupled events incidents push into it, exactly `conv.messages` messages, day
 * files written as the days go by.
 */
export function writeChatterConversation(
  scenario: Scenario,
  conv: ConversationPlan,
  coupled: CoupledEvent[],
  f: MessageFactory,
  vocab: Vocabulary,
  out: DayFileWriter,
): void {
  const company = scenario.company;
  const rng = f.rng;
  const chatter = conv.messages - coupled.length;
  if (chatter < 0) throw new Error(`${conv.name}: ${coupled.length} coupled messages exceed its budget of ${conv.messages}`);
  coupled.sort((a, b) => a.at - b.at);
  let next = 0;
  const members = conv.memberIds.map((id) => f.ws.byId.get(id)).filter((p): p is Person => p !== undefined);
  const window = activeWindow(conv, members, company.exportedAt);
  const welcomes = conv.isGeneral || conv.purposeKey === "random" ? members.slice().sort((a, b) => a.startMs - b.startMs) : [];
  // When the budget allows, people join #general and #random on their first day.
  const startDays = [...new Set(welcomes.map((p) => Math.min(Math.max(utcDayStart(p.startMs), window[0]), window[1])))];
  const days = chooseDays(conv, chatter, window, rng, chatter >= startDays.length * 3 ? startDays : []);
  const counts = apportion(chatter, days.map(() => rng.float(0.4, 1.6)));
  const bank = BANKS[conv.purposeKey] ?? GENERAL;
  const replyBank = ["general", "random", "announcements", "dm", "mpim", "eng-managers"].includes(conv.purposeKey) ? CHAT_REPLIES : THREAD_REPLIES;
  let welcomed = 0;
  const team = conv.team ? company.teams.find((t) => t.key === conv.team) : undefined;
  vocab.team = conv.team ?? "sre";
  vocab.jiraKey = team?.jiraKey ?? "OPS";
  vocab.tickets = [];
  vocab.docUrl = "";
  vocab.version = "";
  const ownServices = company.services.filter((s) => s.owners.some((o) => o.team === conv.team));
  const services = ownServices.length > 0 ? ownServices : company.services;

  days.forEach((day, i) => {
    let count = counts[i] ?? 0;
    const dayEnd = day + DAY_MS;
    while (next < coupled.length && (coupled[next] as CoupledEvent).at < day) {
      (coupled[next] as CoupledEvent).write(out);
      next += 1;
    }
    out.flushBefore(day);
    const speakers = speakersOn(conv, members, day, f);
    if (speakers.length === 0 || count === 0) return;
    // New people show up in #general and #random on the first active day after they start.
    while (count > 0 && welcomed < welcomes.length && (welcomes[welcomed] as Person).startMs < dayEnd) {
      const person = welcomes[welcomed] as Person;
      welcomed += 1;
      if (!isEmployedAt(person, dayEnd - 1)) continue;
      const us = out.stamp(day + localToUtcMinute(rng.int(8 * 60, 9 * 60 - 1), person.timezone) * MINUTE_MS);
      out.add(us, f.join(person.slackUserId, us, null));
      count -= 1;
    }
    // In #general and #random only people whose join is already written may talk.
    const joined = welcomes.length > 0 ? new Set(welcomes.slice(0, welcomed).map((p) => p.id)) : null;
    const filtered = joined ? speakers.filter((p) => joined.has(p.id)) : speakers;
    const talkers = filtered.length > 0 ? filtered : speakers;
    vocab.who = talkers.map((p) => p.slackUserId);
    while (count > 0) {
      const speaker = rng.pick(talkers);
      const at = workingTime(day, speaker.timezone, rng);
      const service = rng.pick(services);
      vocab.svc = service.key;
      vocab.dep = service.dependsOn.length > 0 ? rng.pick(service.dependsOn) : "metadata-db";
      vocab.now = at;
      if (conv.purposeKey === "deploys" && rng.chance(0.85)) {
        writeDeployBot(f, vocab, out, at, speaker, rng.chance(0.7));
        count -= 1;
        continue;
      }
      if (conv.purposeKey === "oncall" && rng.chance(0.3)) {
        writeHandover(scenario, f, out, at);
        count -= 1;
        continue;
      }
      if (count >= 2 && rng.chance(0.2)) {
        const replies = Math.min(count - 1, rng.int(1, 4));
        writeThread(f, vocab, out, talkers, speaker, at, rng.pick(bank), replies, replyBank);
        count -= 1 + replies;
        continue;
      }
      const us = out.stamp(at);
      let message: SlackMessage;
      if (rng.chance(0.02)) {
        const name = rng.pick(["architecture.png", "notes.txt", "q3-plan.pdf", "benchmark.csv", "screenshot.png"]);
        message = at < LEGACY_FILES_UNTIL ? f.legacyFileShare(speaker.id, us, name, name, null) : f.upload(speaker.id, us, vocab.text(rng.pick(bank)), name, name);
      } else {
        message = f.user(speaker.id, us, vocab.text(rng.pick(bank)));
        decorate(f, message, us, talkers);
      }
      out.add(us, message);
      count -= 1;
    }
  });
  while (next < coupled.length) {
    (coupled[next] as CoupledEvent).write(out);
    next += 1;
  }
  out.finish();
}

function decorate(f: MessageFactory, message: SlackMessage, us: number, speakers: Person[]): void {
  const roll = f.rng.next();
  if (roll < 0.04) f.edit(message, us);
  else if (roll < 0.14) f.react(message, speakers.map((p) => p.slackUserId));
}

function writeThread(
  f: MessageFactory,
  vocab: Vocabulary,
  out: DayFileWriter,
  speakers: Person[],
  speaker: Person,
  at: number,
  template: string,
  replies: number,
  replyBank: readonly string[],
): void {
  const rng = f.rng;
  const us = out.stamp(at);
  const parent = f.user(speaker.id, us, vocab.text(template));
  out.add(us, parent);
  const list: SlackMessage[] = [];
  let t = at;
  for (let i = 0; i < replies; i += 1) {
    t += rng.int(1, 45) * MINUTE_MS;
    const who = rng.pick(speakers);
    const rus = out.stamp(t);
    vocab.now = t;
    const reply = f.user(who.id, rus, vocab.text(rng.pick(replyBank)));
    if (replies >= 3 && i === replies - 1 && rng.chance(0.1)) reply.subtype = "thread_broadcast";
    decorate(f, reply, rus, speakers);
    out.add(rus, reply);
    list.push(reply);
  }
  f.thread(parent, list);
}

function writeDeployBot(f: MessageFactory, vocab: Vocabulary, out: DayFileWriter, at: number, by: Person, deploy: boolean): void {
  const rng = f.rng;
  const us = out.stamp(at);
  const svc = vocab.svc;
  if (deploy) {
    const from = rng.hex(7);
    const to = rng.hex(7);
    const text = `Deployed *${svc}* \`v${isoDate(at).replace(/-/g, ".")}-${rng.int(1, 6)}\` to production (${vocab.region}) by <@${by.slackUserId}>: <https://github.com/acme/${svc}/compare/${from}...${to}|${from}...${to}>`;
    out.add(us, f.bot(f.ws.bots.deploy, us, text, []));
    return;
  }
  const n = rng.int(120, 9800);
  const title = rng.pick(["Bump client library", "Add retry jitter", "Fix flaky test", "Raise pool size limit", "Log request ids", "Tidy config defaults"]);
  out.add(
    us,
    f.bot(f.ws.bots.github, us, "", [
      {
        fallback: `[acme/${svc}] Pull request merged: #${n} ${title}`,
        color: "6f42c1",
        pretext: `[acme/${svc}] Pull request merged by ${by.githubLogin}`,
        title: `#${n} ${title}`,
        title_link: `https://github.com/acme/${svc}/pull/${n}`,
        text: `${title} &amp; follow-ups`,
        id: 1,
        mrkdwn_in: ["text", "pretext"],
      },
    ]),
  );
}

function writeHandover(scenario: Scenario, f: MessageFactory, out: DayFileWriter, at: number): void {
  const rng = f.rng;
  const team = rng.pick(scenario.company.teams.filter((t) => t.onCall));
  const rota = rotaAt(scenario.company, team.key, at);
  if (rota.length < 2) {
    const us = out.stamp(at);
    out.add(us, f.user((rota[0] ?? (scenario.company.people[0] as Person)).id, us, "quiet shift, nothing to hand over"));
    return;
  }
  const [from, to] = rng.sample(rota, 2) as [Person, Person];
  const us = out.stamp(at);
  const text = `handing over ${team.name} on-call to <@${to.slackUserId}>. ${rng.pick(["quiet week", "two low-urgency pages, both noise", "one incident, review is in progress", "watch the disk alert on metadata-db, it's flapping"])}`;
  out.add(us, f.user(from.id, us, text));
}

function activeWindow(conv: ConversationPlan, members: Person[], exportedAt: number): [number, number] {
  let from = utcDayStart(conv.created) + DAY_MS;
  let to = utcDayStart(exportedAt) - 2 * DAY_MS;
  // A DM or group DM can only be active while all of its members work here.
  if (conv.kind === "dm" || conv.kind === "mpim") {
    for (const p of members) {
      from = Math.max(from, utcDayStart(p.startMs) + DAY_MS);
      if (p.endMs !== null) to = Math.min(to, utcDayStart(p.endMs) - DAY_MS);
    }
  }
  if (to < from) to = from;
  return [from, to];
}

/** Picks the days a conversation is active on, favouring recent years and weekdays. */
function chooseDays(conv: ConversationPlan, messages: number, window: [number, number], rng: MessageFactory["rng"], forced: number[]): number[] {
  if (messages <= 0) return [];
  const [from, to] = window;
  const total = Math.floor((to - from) / DAY_MS) + 1;
  const wanted = Math.max(1, Math.min(total, Math.round(messages / (PER_DAY[conv.purposeKey] ?? 4))));
  const must = new Set(forced);
  const keyed: { day: number; key: number }[] = [];
  for (let i = 0; i < total; i += 1) {
    const day = from + i * DAY_MS;
    if (must.has(day)) continue;
    const years = (day - dateMs("2015-01-01")) / (365 * DAY_MS);
    const weekday = new Date(day).getUTCDay();
    const weight = Math.pow(1 + years, 1.5) * (weekday === 0 || weekday === 6 ? 0.2 : 1);
    // Efraimidis–Spirakis: the largest u^(1/w) keys are a weighted sample without replacement.
    keyed.push({ day, key: Math.pow(rng.next(), 1 / weight) });
  }
  keyed.sort((a, b) => b.key - a.key || a.day - b.day);
  return [...must, ...keyed.slice(0, Math.max(0, wanted - must.size)).map((k) => k.day)].sort((a, b) => a - b);
}

function speakersOn(conv: ConversationPlan, members: Person[], day: number, f: MessageFactory): Person[] {
  const noon = day + DAY_MS / 2;
  const employed = members.filter((p) => isEmployedAt(p, noon));
  if (conv.purposeKey === "eng" && conv.team) {
    const team = employed.filter((p) => teamAt(p, noon) === conv.team);
    if (team.length > 0) return team;
  }
  if (conv.purposeKey === "announcements") {
    const leaders = employed.filter((p) => p.role !== "engineer");
    if (leaders.length > 0) return leaders;
  }
  if (employed.length > 0) return employed;
  return f.ws.company.people.filter((p) => isEmployedAt(p, noon)).slice(0, 5);
}

/** The incident-driven messages each ordinary conversation must carry. */
export function coupledEvents(scenario: Scenario, f: MessageFactory, vocab: Vocabulary): Map<string, CoupledEvent[]> {
  const out = new Map<string, CoupledEvent[]>();
  if (!scenario.coupled) return out;
  const push = (conversationId: string | undefined, event: CoupledEvent): void => {
    if (!conversationId) return;
    const list = out.get(conversationId) ?? [];
    list.push(event);
    out.set(conversationId, list);
  };
  const byName = new Map(scenario.conversations.map((c) => [c.name, c]));
  const incidentsId = byName.get("incidents")?.id;
  const deploysId = byName.get("deploys")?.id;
  const managersId = byName.get("eng-managers")?.id;
  const rng = f.rng;
  for (const incident of scenario.incidents) {
    const announcer = incident.channelCreator === PAGERDUTY_ACTOR ? incident.commanderId : incident.onCallId;
    const declaredAt = incident.channelCreatedAt + rng.int(60, 180) * 1000;
    const closedAt = incident.resolvedAt + rng.int(300, 600) * 1000;
    push(incidentsId, {
      at: declaredAt,
      write: (w) => {
        const us = w.stamp(declaredAt);
        const where = incident.isPrivate ? "details in a private channel" : `join <#${incident.channelId}|${incident.channelName}>`;
        w.add(us, f.user(announcer, us, `:rotating_light: ${incident.severity} declared: ${incident.title}. ${where}. IC: ${f.mention(incident.commanderId)} · ${incident.pagerdutyUrl}`));
      },
    });
    push(incidentsId, {
      at: closedAt,
      write: (w) => {
        const us = w.stamp(closedAt);
        const where = incident.isPrivate ? "the security incident" : `<#${incident.channelId}|${incident.channelName}>`;
        w.add(us, f.user(incident.commanderId, us, `:white_check_mark: Resolved: ${where} (${incident.severity}, ${Math.round((incident.resolvedAt - incident.startedAt) / MINUTE_MS)} min). Review to follow.`));
      },
    });
    const change = incident.change;
    if (change) {
      const deployer = f.ws.byId.get(change.deployedBy);
      push(deploysId, {
        at: change.deployedAt,
        write: (w) => {
          const us = w.stamp(change.deployedAt);
          w.add(us, f.bot(f.ws.bots.deploy, us, `Deployed *${change.service}* \`${change.version}\` to production by <@${deployer?.slackUserId ?? ""}>: ${vocab.pr(change.service, change.pullRequest)}`, []));
        },
      });
      push(deploysId, {
        at: change.rolledBackAt,
        write: (w) => {
          const us = w.stamp(change.rolledBackAt);
          w.add(us, f.bot(f.ws.bots.deploy, us, `Rolled back *${change.service}* from \`${change.version}\` to the previous release, requested by ${f.mention(change.rolledBackBy)} (incident <#${incident.channelId}|${incident.channelName}>)`, []));
        },
      });
    }
  }
  for (const dm of scenario.directMessages) {
    const incident = scenario.incidents.find((i) => i.id === dm.incidentId) as IncidentPlan;
    const askAt = dm.at;
    const replyAt = dm.at + rng.int(40, 150) * 1000;
    push(dm.conversationId, {
      at: askAt,
      write: (w) => {
        const us = w.stamp(askAt);
        w.add(us, f.user(dm.from, us, `hey, sorry for the ping${incident.offHours ? " at this hour" : ""}. we have a ${incident.severity} on ${incident.primaryService}, could you join <#${incident.channelId}|${incident.channelName}>? I think you know this part better than anyone`));
      },
    });
    push(dm.conversationId, {
      at: replyAt,
      write: (w) => {
        const us = w.stamp(replyAt);
        w.add(us, f.user(dm.to, us, "on my way"));
      },
    });
  }
  const busy = scenario.busyWeek;
  if (busy && busy.incidentIds.length > 0) {
    const person = f.ws.byId.get(busy.personId);
    const manager = person?.managerId ? f.ws.byId.get(person.managerId) : undefined;
    const author = manager ?? scenario.company.people.find((p) => p.role === "director");
    const at = dateMs(busy.weekStart) + 7 * DAY_MS + 10 * 60 * MINUTE_MS;
    const links = busy.incidentIds
      .map((id) => scenario.incidents.find((i) => i.id === id))
      .filter((i): i is IncidentPlan => i !== undefined)
      .map((i) => `<#${i.channelId}|${i.channelName}>`)
      .join(", ");
    if (author && person) {
      push(managersId, {
        at,
        write: (w) => {
          const us = w.stamp(at);
          w.add(us, f.user(author.id, us, `${f.mention(person.id)} was paged into ${busy.incidentIds.length} incidents last week (${links}), several at night. That's too much for one person: I'd like to look at the rota and at which alerts actually needed a human.`));
        },
      });
    }
  }
  return out;
}
