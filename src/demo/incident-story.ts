import type { Company, Person } from "./company.js";
import { isEmployedAt } from "./company.js";
import type { DayFileWriter } from "./day-file-writer.js";
import {
  ARRIVALS,
  BROADCASTS,
  FOLLOW_UP,
  HYPOTHESES,
  INVESTIGATING,
  MITIGATING,
  RECOVERING,
  SECURITY_RESPONSE,
  THREAD_REPLIES,
  WRAP_UP,
} from "./phrases.js";
import { type Random, apportion } from "./random.js";
import { type IncidentPlan, type Involvement, PAGERDUTY_ACTOR } from "./scenario.js";
import type { MessageFactory, SlackAttachment, SlackMessage, Workspace } from "./slack-messages.js";
import { THEMES, type IncidentTheme } from "./themes.js";
import { DAY_MS, MINUTE_MS, isoDate, utcDayStart, workingTime } from "./time.js";
import type { Vocabulary } from "./vocabulary.js";

/** What an incident channel's story needs besides its own plan. */
export interface StoryEnvironment {
  ws: Workspace;
  incidentsById: Map<string, IncidentPlan>;
}

const FORMER_OWNER_ANSWERS: readonly string[] = [
  "from memory the retry backoff is a fixed 100ms with no jitter, so under load every client retries in lockstep",
  "there's a reconciliation job that takes a lock per merchant; if it runs long it blocks writes. it was meant to be temporary",
  "there's an undocumented flag `SAFE_MODE` that turns off the batch path, it's in the config repo",
  "we sized the pool for 4 instances back then, I don't think anyone revisited it after the move",
  "failover is manual on purpose: automatic failover flapped twice in 2019 and we turned it off. runbook: {runbook}",
  "the cache warms from the replica, so if the replica lags the cache serves stale data for a while",
];

const MECHANISMS: readonly string[] = ["the retry backoff", "the reconciliation job", "the failover", "the batch path", "the pool sizing", "the cache warm-up"];

const PD_COLORS = { Triggered: "a30200", Acknowledged: "daa038", Escalated: "a30200", Responder: "daa038", Resolved: "2eb886" } as const;

/**
 * Writes one incident channel: the page, people arriving the way the plan says,
 * hypotheses, decisions, the resolution and weeks of follow-up, in exactly
 * `plan.messages` messages.
 */
export function writeIncidentChannel(env: StoryEnvironment, plan: IncidentPlan, f: MessageFactory, vocab: Vocabulary, out: DayFileWriter): void {
  new IncidentStory(env, plan, f, vocab, out).run();
  out.finish();
}

interface Beat {
  cost: number;
  run: () => void;
}

class IncidentStory {
  readonly env: StoryEnvironment;
  readonly plan: IncidentPlan;
  readonly f: MessageFactory;
  readonly v: Vocabulary;
  readonly out: DayFileWriter;
  readonly rng: Random;
  readonly company: Company;
  readonly theme: IncidentTheme;
  readonly people: Involvement[];
  readonly pdBot: Workspace["bots"]["pagerduty"];
  remaining: number;
  readonly onCallFirstWords: number;
  readonly recent: string[] = [];

  constructor(env: StoryEnvironment, plan: IncidentPlan, f: MessageFactory, vocab: Vocabulary, out: DayFileWriter) {
    this.env = env;
    this.plan = plan;
    this.f = f;
    this.v = vocab;
    this.out = out;
    this.rng = f.rng;
    this.company = env.ws.company;
    this.theme = THEMES.find((t) => t.key === plan.themeKey) ?? (THEMES[0] as IncidentTheme);
    this.people = plan.people;
    this.pdBot = env.ws.bots.pagerduty;
    this.remaining = plan.messages;
    const onCallJoin = plan.people.find((p) => p.personId === plan.onCallId)?.joinedAt ?? plan.channelCreatedAt;
    this.onCallFirstWords = Math.max(plan.acknowledgedAt, onCallJoin) + this.rng.int(30, 120) * 1000;
    const team = this.company.teams.find((t) => t.key === plan.owningTeam);
    vocab.svc = plan.primaryService;
    vocab.dep = plan.services[1] ?? this.company.services.find((s) => s.key === plan.primaryService)?.dependsOn[0] ?? "metadata-db";
    vocab.region = plan.region;
    vocab.team = plan.owningTeam;
    vocab.jiraKey = team?.jiraKey ?? "OPS";
    vocab.tickets = plan.tickets;
    vocab.symptoms = this.theme.symptoms;
    vocab.themeKey = plan.themeKey;
    vocab.pagerdutyUrl = plan.pagerdutyUrl;
    vocab.docUrl = `https://docs.acme.example/reviews/${plan.id.toLowerCase()}`;
    vocab.version = plan.change?.version ?? "";
    vocab.who = plan.people.map((p) => f.slackId(p.personId));
  }

  run(): void {
    const beats = this.coreBeats();
    for (const beat of beats) {
      if (beat.cost > this.remaining) continue;
      beat.run();
    }
    this.filler();
    if (this.remaining !== 0) throw new Error(`${this.plan.channelName}: story left ${this.remaining} messages unwritten`);
  }

  // --- message primitives -------------------------------------------------------------

  person(id: string): Person | undefined {
    return this.env.ws.byId.get(id);
  }

  slack(actor: string): string {
    return actor === PAGERDUTY_ACTOR ? this.pdBot.slackUserId : this.f.slackId(actor);
  }

  /** Slack ids of everyone in the channel at `ms`, watchers included, for reactions. */
  presentIds(ms: number): string[] {
    const out: string[] = [];
    for (const p of this.people) if (p.joinedAt <= ms) out.push(this.f.slackId(p.personId));
    return out;
  }

  /**
   * People who talk (observers never do) and have said their first words by `ms`:
   * nobody chats before their arrival message, the on-call not before acknowledging.
   */
  speakersAt(ms: number): Involvement[] {
    return this.people.filter((p) => !p.observer && this.speaksFrom(p) < ms);
  }

  speaksFrom(p: Involvement): number {
    return p.personId === this.plan.onCallId ? this.onCallFirstWords : p.joinedAt + 300_000;
  }

  /** Picks a template, avoiding the last few this channel used so repeats stay rare. */
  line(bank: readonly string[]): string {
    let choice = this.rng.pick(bank);
    for (let tries = 0; tries < 3 && this.recent.includes(choice); tries += 1) choice = this.rng.pick(bank);
    this.recent.push(choice);
    if (this.recent.length > 8) this.recent.shift();
    return choice;
  }

  pickSpeaker(ms: number): string {
    const present = this.speakersAt(ms);
    if (present.length === 0) return this.plan.onCallId;
    const weights = present.map((p) => (p.personId === this.plan.onCallId ? 3 : p.personId === this.plan.commanderId ? 2.5 : 1));
    return this.rng.weighted(present, weights).personId;
  }

  say(personId: string, ms: number, text: string, decorate = true): SlackMessage {
    const us = this.out.stamp(ms);
    this.v.now = ms;
    const message = this.f.user(personId, us, text.includes("{") ? this.v.text(text) : text);
    if (decorate) {
      const roll = this.rng.next();
      if (roll < 0.05) this.f.edit(message, us);
      else if (roll < 0.18) this.f.react(message, this.presentIds(ms + 10 * MINUTE_MS));
    }
    this.out.add(us, message);
    this.remaining -= 1;
    return message;
  }

  put(ms: number, build: (us: number) => SlackMessage): SlackMessage {
    const us = this.out.stamp(ms);
    const message = build(us);
    this.out.add(us, message);
    this.remaining -= 1;
    return message;
  }

  pd(ms: number, status: keyof typeof PD_COLORS, detail: string): void {
    const plan = this.plan;
    const assignee = this.person(plan.onCallId);
    const attachment: SlackAttachment = {
      fallback: `${detail}: #${plan.number} ${plan.title}`,
      color: PD_COLORS[status],
      title: `#${plan.number}: ${plan.title}`,
      title_link: plan.pagerdutyUrl,
      text: detail,
      fields: [
        // PagerDuty shows its own service name, which differs from the key for a few services.
        { title: "Service", value: this.company.services.find((s) => s.key === plan.primaryService)?.pagerdutyServiceName ?? plan.primaryService, short: true },
        { title: "Urgency", value: plan.severity === "SEV4" ? "Low" : "High", short: true },
        { title: "Assigned to", value: assignee?.name ?? "", short: true },
        { title: "Priority", value: plan.severity.replace("SEV", "P"), short: true },
      ],
      footer: "PagerDuty",
      ts: Math.floor(ms / 1000),
      id: 1,
      mrkdwn_in: ["text", "fields"],
    };
    this.put(ms, (us) => this.f.bot(this.pdBot, us, "", [attachment]));
  }

  // --- the planned story --------------------------------------------------------------

  coreBeats(): Beat[] {
    const plan = this.plan;
    const rng = this.rng;
    const v = this.v;
    const created = plan.channelCreatedAt;
    const span = plan.resolvedAt - created;
    const workflow = plan.channelCreator === PAGERDUTY_ACTOR;
    const onCall = this.person(plan.onCallId);
    const commander = plan.commanderId;
    const beats: Beat[] = [];
    const beat = (cost: number, run: () => void): void => {
      beats.push({ cost, run });
    };
    const purpose = `${plan.severity}: ${plan.title}. PagerDuty #${plan.number}: ${plan.pagerdutyUrl}`;
    const onCallInvolvement = this.people.find((p) => p.personId === plan.onCallId);

    // Opening: the channel appears, the page lands in it, the on-call speaks.
    if (workflow) {
      beat(1, () => this.put(created, (us) => this.f.join(this.pdBot.slackUserId, us, null)));
      beat(1, () => this.pd(created + 2000, "Triggered", "Triggered"));
      beat(1, () => this.put(onCallInvolvement?.joinedAt ?? created + 1000, (us) => this.f.join(this.slack(plan.onCallId), us, this.pdBot.slackUserId)));
      beat(1, () => this.put(created + 3000, (us) => this.f.purpose(this.pdBot.slackUserId, us, purpose)));
      beat(1, () => this.pd(plan.acknowledgedAt, "Acknowledged", `Acknowledged by ${onCall?.name ?? "on-call"}`));
    } else {
      beat(1, () => this.put(created, (us) => this.f.join(this.slack(plan.onCallId), us, null)));
      beat(1, () => this.say(plan.onCallId, created + rng.int(20, 50) * 1000, `paged for this one: ${plan.pagerdutyUrl}`, false));
      beat(1, () => this.put(created + 10_000, (us) => this.f.purpose(this.slack(plan.onCallId), us, purpose)));
      beat(1, () => this.pd(created + rng.int(55, 90) * 1000, "Acknowledged", `Acknowledged by ${onCall?.name ?? "on-call"}`));
    }
    beat(1, () => this.say(plan.onCallId, this.onCallFirstWords, rng.pick(["ack, looking. {symptom}", "I'm on it. {symptom}", "here, looking. first thing I see: {symptom}"]), false));
    beat(1, () => this.pd(plan.resolvedAt, "Resolved", `Resolved by ${this.person(commander)?.name ?? onCall?.name ?? "on-call"}`));
    beat(1, () => {
      v.now = plan.resolvedAt;
      const minutes = Math.round((plan.resolvedAt - plan.startedAt) / MINUTE_MS);
      this.say(commander, plan.resolvedAt + rng.int(60, 180) * 1000, `Resolved at ${isoTime(plan.resolvedAt)} UTC after ${minutes} minutes. Our understanding so far: ${v.text(this.theme.cause)}. Review and follow-ups in ${plan.tickets[0] ?? "the review doc"}.`);
    });

    // Everyone else arrives the way the plan says.
    for (const p of this.people) {
      if (p.personId === plan.onCallId) continue;
      const page = plan.pages.find((e) => e.personId === p.personId);
      if (page && workflow && page.kind === "escalation") {
        beat(1, () => this.pd(page.at, "Escalated", `Escalated to ${this.person(p.personId)?.name ?? ""} (not acknowledged within 5 minutes)`));
      }
      if (page && workflow && page.kind === "responder_request") {
        beat(1, () => this.pd(page.at, "Responder", `Responder request sent to ${this.person(p.personId)?.name ?? ""} by ${onCall?.name ?? ""}`));
      }
      if (p.how === "mentioned" && p.by) {
        const by = p.by;
        beat(1, () => this.say(by, p.reachedAt, this.mentionText(p), false));
      }
      if (p.how === "invited" && p.by && rng.chance(0.5)) {
        const by = p.by;
        beat(1, () => this.say(by, p.reachedAt + rng.int(5, 40) * 1000, `added ${this.f.mention(p.personId)}, ${rng.pick(["they know this code best", "can you look at the recent changes?", "could use your eyes on the graphs"])}`, false));
      }
      beat(1, () => this.put(p.joinedAt, (us) => this.f.join(this.slack(p.personId), us, p.inviter ? this.slack(p.inviter) : null)));
      if (!p.observer) {
        beat(1, () => this.say(p.personId, p.joinedAt + rng.int(40, 300) * 1000, this.arrivalText(p)));
      }
    }

    beat(1, () => this.put(created + rng.int(60, 180) * 1000, (us) => this.f.topic(this.slack(plan.onCallId), us, `Status: investigating | ${plan.severity} | IC: <@${this.slack(commander)}>`)));
    beat(1, () =>
      this.say(commander, created + Math.floor(span * 0.3), `<!here> update: we're working on ${v.text(this.theme.title)}. Impact: ${plan.severity === "SEV1" ? "most customers" : "some customers"} in ${plan.region}. Next update in 30 minutes.`, false),
    );

    const change = plan.change;
    if (change) {
      const askAt = Math.min(change.rolledBackAt - 8 * MINUTE_MS, created + Math.floor(span * 0.25));
      beat(1, () =>
        this.say(this.pickSpeaker(askAt), askAt, `what changed? ${change.version} of ${change.service} went out at ${isoTime(change.deployedAt)} UTC: ${v.pr(change.service, change.pullRequest)}, commit ${v.commit(change.service, change.commitSha)}`, false),
      );
      beat(1, () => this.say(change.rolledBackBy, change.rolledBackAt - 3 * MINUTE_MS, `Decision: rolling back ${change.service} to the previous release. Not saying it's the cause yet, but it's the cheapest thing to try.`, false));
      beat(1, () => this.say(change.rolledBackBy, change.rolledBackAt + rng.int(5, 12) * MINUTE_MS, `rollback of ${change.service} done, watching ${v.dashboard()}`, false));
    }
    const rightAt = plan.mitigatedAt - rng.int(10, 25) * MINUTE_MS;
    beat(1, () => this.say(this.expertOr(rightAt), Math.max(rightAt, created + 2 * MINUTE_MS), this.theme.rightHypothesis));
    const mitigation = rng.pick(this.theme.mitigations);
    beat(1, () => this.say(commander, Math.max(plan.mitigatedAt - 5 * MINUTE_MS, created + 3 * MINUTE_MS), `Decision: ${v.text(mitigation)}.`, false));
    beat(1, () => this.say(this.pickSpeaker(plan.mitigatedAt), plan.mitigatedAt + rng.int(3, 9) * MINUTE_MS, rng.pick(RECOVERING)));

    const handoff = plan.handoff;
    if (handoff) {
      beat(1, () => this.say(handoff.from, handoff.at, `handing IC over to ${this.f.mention(handoff.to)}, I've been at this for a while and need a break. State: we think it's ${rng.pick(["the pool", "the deploy", "load from " + v.dep, "the config change"])}, mitigation is in progress.`, false));
      beat(1, () => this.say(handoff.to, handoff.at + rng.int(1, 4) * MINUTE_MS, "got it, I have IC. thanks for the summary", false));
    }
    beat(1, () => this.put(plan.resolvedAt + rng.int(200, 400) * 1000, (us) => this.f.topic(this.slack(commander), us, `Status: resolved | ${plan.severity} | IC: <@${this.slack(commander)}>`)));

    const previous = plan.previousIncidentId ? this.env.incidentsById.get(plan.previousIncidentId) : undefined;
    if (previous) {
      const at = created + Math.floor(span * 0.2);
      beat(1, () => this.say(this.pickSpeaker(at), at, `this looks a lot like <#${previous.channelId}|${previous.channelName}> from ${isoDate(previous.startedAt).slice(0, 7)}, same service. the review might have hints`, false));
    }
    const followAt = this.followUpStart();
    beat(1, () => this.say(commander, followAt, `draft of the review is here: ${v.docUrl}. I'd like to hear from everyone who was in here, especially how you decided where to look`, false));
    beat(1, () => this.say(commander, followAt + rng.int(2, 6) * 60 * MINUTE_MS, `action items so far: ${plan.tickets.join(", ")}`, false));
    return beats;
  }

  mentionText(p: Involvement): string {
    const mention = this.f.mention(p.personId);
    const v = this.v;
    if (p.formerOwner) {
      const since = this.person(p.personId)?.history.find((m) => m.team !== p.team);
      const year = since ? since.from.slice(0, 4) : "back then";
      return `${mention} you worked on ${v.svc} back in ${year}: do you remember how ${this.rng.pick(MECHANISMS)} works? no pressure, anything helps`;
    }
    if (p.role === "expert") return `${mention} could you take a look at ${v.dep}? we're seeing timeouts calling it from ${v.svc}`;
    return `${mention} can you join? we could use another pair of eyes on ${v.svc}`;
  }

  arrivalText(p: Involvement): string {
    const rng = this.rng;
    switch (p.role) {
      case "incident_commander":
        return `I'm taking IC. ${this.f.mention(this.plan.onCallId)} keep digging, I'll handle comms and decisions`;
      case "secondary":
        return "sorry, missed the first page. here now, what do you need?";
      case "support":
        return `support here: we have ${rng.int(3, 40)} tickets so far mentioning errors on ${this.v.svc}. I'll keep a list in a thread`;
      case "manager":
        return "I'm around if you need more hands or someone to talk to customers";
      case "expert":
        if (p.formerOwner) return `hey! been a while since I touched ${this.v.svc}. ${this.v.text(this.rng.pick(FORMER_OWNER_ANSWERS))}`;
        return this.v.text(rng.pick(ARRIVALS));
      default:
        return this.v.text(rng.pick(ARRIVALS));
    }
  }

  /** Prefers an expert or former owner for the hypothesis that turns out right. */
  expertOr(ms: number): string {
    const experts = this.speakersAt(ms).filter((p) => p.role === "expert" || p.formerOwner);
    if (experts.length > 0 && this.rng.chance(0.6)) return this.rng.pick(experts).personId;
    return this.pickSpeaker(ms);
  }

  followUpStart(): number {
    const nextDay = utcDayStart(this.plan.resolvedAt) + DAY_MS;
    if (nextDay + DAY_MS > this.company.exportedAt) return this.plan.resolvedAt + 60 * MINUTE_MS;
    return nextDay + this.rng.int(9, 17) * 60 * MINUTE_MS;
  }

  // --- free conversation filling the rest of the budget -------------------------------

  filler(): void {
    const plan = this.plan;
    const rng = this.rng;
    const total = this.remaining;
    if (total <= 0) return;
    const maxDays = Math.floor((this.company.exportedAt - utcDayStart(plan.resolvedAt)) / DAY_MS) - 2;
    let followUp = plan.messages < 80 || maxDays < 1 ? 0 : Math.round(total * rng.float(0.35, 0.55));
    const days = followUp > 0 ? this.followUpDays(followUp, maxDays) : [];
    if (days.length === 0) followUp = 0;
    this.responseChatter(total - followUp);
    if (followUp > 0) {
      const counts = apportion(followUp, days.map((d) => rng.float(0.5, 1.5) / (1 + d * 0.04)));
      days.forEach((d, i) => this.followUpDay(d, counts[i] ?? 0));
    }
  }

  responseChatter(count: number): void {
    const plan = this.plan;
    const rng = this.rng;
    const from = Math.max(plan.channelCreatedAt + 2 * MINUTE_MS, this.onCallFirstWords + 10_000);
    const to = plan.resolvedAt + 20 * MINUTE_MS;
    let left = count;
    while (left > 0) {
      const at = from + Math.floor(rng.next() * (to - from));
      const phase = (at - plan.channelCreatedAt) / (plan.resolvedAt - plan.channelCreatedAt);
      const outage = phase < 0.3 ? INVESTIGATING : phase < 0.7 ? (rng.chance(0.2) ? MITIGATING : HYPOTHESES) : phase < 1 ? RECOVERING : WRAP_UP;
      const bank = this.plan.isPrivate && phase < 1 ? SECURITY_RESPONSE : outage;
      const speaker = this.pickSpeaker(at);
      const roll = rng.next();
      if (left >= 3 && roll < 0.22) {
        left -= this.thread(speaker, at, this.phaseLine(bank, phase), Math.min(left - 1, rng.int(2, 7)), 60_000, 6 * MINUTE_MS);
      } else if (roll < 0.25) {
        this.upload(speaker, at, rng.pick(["error-rate.png", "p99-latency.png", "pool-wait.png", "traces.json", "pod-logs.txt", "queue-depth.png"]));
        left -= 1;
      } else {
        this.say(speaker, at, this.phaseLine(bank, phase));
        left -= 1;
      }
    }
  }

  phaseLine(bank: readonly string[], phase: number): string {
    if (phase >= 0.3 && phase < 0.7 && this.rng.chance(0.15)) return this.line(this.theme.wrongHypotheses);
    return this.line(bank);
  }

  /** A parent message and `replies` replies; returns the messages written. */
  thread(speaker: string, at: number, text: string, replies: number, minGap: number, maxGap: number): number {
    const rng = this.rng;
    const parent = this.say(speaker, at, text);
    const list: SlackMessage[] = [];
    let t = at;
    const broadcastAt = replies >= 3 && rng.chance(0.15) ? rng.int(0, replies - 1) : -1;
    for (let i = 0; i < replies; i += 1) {
      t += rng.int(minGap, maxGap);
      const who = this.pickSpeaker(t);
      const reply = this.say(who, t, this.line(i === broadcastAt ? BROADCASTS : THREAD_REPLIES));
      if (i === broadcastAt) reply.subtype = "thread_broadcast";
      list.push(reply);
    }
    this.f.thread(parent, list);
    return 1 + replies;
  }

  upload(speaker: string, at: number, name: string): void {
    const us = this.out.stamp(at);
    this.v.now = at;
    const legacy = this.plan.channelCreator !== PAGERDUTY_ACTOR && this.rng.chance(0.15);
    const message = legacy
      ? this.f.legacyFileShare(speaker, us, name, name, this.rng.chance(0.5) ? "from the last hour" : null)
      : this.f.upload(speaker, us, this.rng.pick(["", "here's what I'm seeing", "screenshot from the dashboard", "logs from the worst pod"]), name, name);
    this.out.add(us, message);
    this.remaining -= 1;
  }

  followUpDays(messages: number, maxDays: number): number[] {
    const rng = this.rng;
    const wanted = Math.max(1, Math.round(messages / rng.float(8, 14)));
    let span = Math.max(wanted, Math.round(wanted * rng.float(1.3, 1.8)));
    span = Math.min(span, maxDays);
    if (span < 1) return [];
    const all: number[] = [];
    for (let d = 1; d <= span; d += 1) all.push(d);
    const chosen = wanted >= span ? all : [1, ...rng.sample(all.slice(1), wanted - 1)];
    return chosen.sort((a, b) => a - b);
  }

  followUpDay(offset: number, count: number): void {
    const plan = this.plan;
    const rng = this.rng;
    const day = utcDayStart(plan.resolvedAt) + offset * DAY_MS;
    const speakers = this.people.filter((p) => !p.observer && this.employedOn(p.personId, day));
    const pool = speakers.length > 0 ? speakers : this.people.filter((p) => !p.observer);
    let left = count;
    while (left > 0) {
      const who = (rng.pick(pool) as Involvement).personId;
      const at = workingTime(day, this.person(who)?.timezone ?? "Europe/London", rng);
      if (left >= 3 && rng.chance(0.2)) {
        left -= this.followUpThread(pool, who, at, Math.min(left - 1, rng.int(1, 5)));
      } else if (rng.chance(0.02)) {
        this.upload(who, at, rng.pick(["timeline.csv", "review-draft.pdf", "load-test-results.png"]));
        left -= 1;
      } else {
        this.say(who, at, this.line(FOLLOW_UP));
        left -= 1;
      }
    }
  }

  followUpThread(pool: Involvement[], who: string, at: number, replies: number): number {
    const rng = this.rng;
    const parent = this.say(who, at, this.line(FOLLOW_UP));
    const list: SlackMessage[] = [];
    let t = at;
    for (let i = 0; i < replies; i += 1) {
      t += rng.int(2, 90) * MINUTE_MS;
      list.push(this.say((rng.pick(pool) as Involvement).personId, t, this.line(THREAD_REPLIES)));
    }
    this.f.thread(parent, list);
    return 1 + replies;
  }

  employedOn(personId: string, day: number): boolean {
    const p = this.person(personId);
    return p ? isEmployedAt(p, day + DAY_MS - 1) : false;
  }
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
