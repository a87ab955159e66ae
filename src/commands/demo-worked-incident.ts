/*
 * The demo's worked incidents: one incident studied from import to a read review, the
 * way a practised analyst would leave it, and a second one half done. Everything is
 * written through the same commands the web UI calls (annotations, interviews, quotes,
 * anonymous input, the review, follow-ups, the review meeting, reading), and every
 * sentence is composed from what the store holds about that incident — its messages,
 * pages, people and services — so names, times and services always match its timeline.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Participant, PeopleBreakdown } from "../analysis/people-breakdown.js";
import type { TimelineEvent } from "../core/timeline.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { findIncidentDetail, listIncidentSummaries } from "../db/repositories/incident-views.js";
import { Random } from "../demo/random.js";
import { createAnnotation } from "./annotations.js";
import type { AnnotationTag } from "../core/annotation-tags.js";
import { anonymousInputs, createAnonymousLink, quoteAnonymousInput, submitAnonymousInput } from "./anonymous-input.js";
import { createFollowUp, utcDay } from "./follow-ups.js";
import { importTranscript } from "./import-transcript.js";
import { incidentPeople, incidentsPeople } from "./incident-people.js";
import { createInterview, createQuote, reviewQuotes, updateInterview } from "./interviews.js";
import { askQuestion, findLibraryEntry, markAha, recordReadBeacon } from "./library.js";
import { backdatePublication } from "./learning-demo.js";
import { addMeetingMark, importMeetingTranscript, scheduleMeeting } from "./review-meetings.js";
import { addReviewComment, draftReview, publishLatest, resolveReviewComment, updateReview } from "./review.js";
import { generateReviewSections } from "./review-draft.js";
import { readWholeTimeline } from "./timeline.js";
import { updateIncident } from "./update-incident.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Which incidents {@link seedWorkedDemo} worked on. */
export interface WorkedDemoSummary {
  worked: { incidentId: number; title: string } | null;
  halfDone: { incidentId: number; title: string } | null;
}

/**
 * The two incidents the demo works on, chosen from the store alone so the choice is the
 * same for the same seed: among incidents not yet published that have a page and a
 * resolution, the richest story — a former owner pulled back in first, then people
 * pulled in from outside the on-call and owning team, then the most people — is worked
 * in full; the next one is left half done.
 */
export async function chooseDemoIncidents(db: Db): Promise<{ worked: number | null; halfDone: number | null }> {
  const candidates = (await listIncidentSummaries(db)).filter((s) => s.incident.status === "new" && s.people >= 4).sort((a, b) => b.people - a.people || a.incident.id - b.incident.id);
  const top = candidates.slice(0, 12);
  const breakdowns = await incidentsPeople(db, top.map((s) => s.incident.id));
  const scored = top
    .map((s) => {
      const b = breakdowns.get(s.incident.id);
      const usable = b !== undefined && b.summary.firstPage !== null && b.summary.resolution !== null;
      const score = !usable ? -1 : (b.summary.formerOwners.count > 0 ? 1000 : 0) + b.summary.neitherOnCallNorOwningTeam.count * 10 + s.people;
      return { id: s.incident.id, score };
    })
    .filter((s) => s.score >= 0)
    .sort((a, b) => b.score - a.score || a.id - b.id);
  return { worked: scored[0]?.id ?? null, halfDone: scored[1]?.id ?? null };
}

/** `11:18 UTC` */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** `10 October 2022` */
function day(ms: number): string {
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

function oneLine(text: string, max = 160): string {
  const flat = text.replace(/```[\s\S]*?```/g, " ").replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function eventLink(incidentId: number, ref: string): string {
  return `/incidents/${incidentId}/timeline?event=${encodeURIComponent(ref)}`;
}

/** A channel message as a review quotes it: its words, who and when, and the way back to it. */
function channelQuote(incidentId: number, event: TimelineEvent): string {
  return `> \u201c${oneLine(event.text, 220)}\u201d\n>\n> \u2014 ${event.author?.name ?? "someone"}, ${clock(Date.parse(event.at))} ([on the timeline](${eventLink(incidentId, event.key)}))`;
}

/** Text safe inside a Mermaid node label. */
function label(text: string): string {
  return text.replace(/["[\]{}()<>|#;`]/g, "").slice(0, 60);
}

function and(list: readonly string[]): string {
  if (list.length <= 1) return list.join("");
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** The moments of an incident's story, found on its timeline the way an analyst reads it. */
interface Story {
  incidentId: number;
  title: string;
  severity: string | null;
  services: string[];
  events: TimelineEvent[];
  breakdown: PeopleBreakdown;
  people: Participant[];
  onCall: Participant;
  commander: Participant;
  pulledIn: Participant | null;
  firstPage: TimelineEvent;
  acknowledgement: TimelineEvent | null;
  resolution: TimelineEvent;
  firstWords: TimelineEvent | null;
  takingCommand: TimelineEvent | null;
  askForHelp: TimelineEvent | null;
  expertWords: TimelineEvent | null;
  hypotheses: TimelineEvent[];
  confusion: TimelineEvent | null;
  decision: TimelineEvent | null;
  wrapUp: TimelineEvent | null;
  handOff: TimelineEvent | null;
  statusUpdate: TimelineEvent | null;
}

const HYPOTHESIS = /\b(may be|maybe|might be|i think|suspect|could be|my guess|probably|not sure that's it)\b/i;
const CONFUSION = /\b(not sure|don't have access|can someone|no idea|confus|which dashboard|who owns)\b/i;

async function readStory(store: Store, incidentId: number): Promise<Story | null> {
  const detail = await findIncidentDetail(store.db, incidentId);
  const breakdown = await incidentPeople(store.db, incidentId);
  if (!detail || !breakdown || !breakdown.summary.firstPage || !breakdown.summary.resolution) return null;
  const events = await readWholeTimeline(store, incidentId);
  const byKey = new Map(events.map((e) => [e.key, e]));
  const at = (e: TimelineEvent) => Date.parse(e.at);
  const firstPage = byKey.get(`page:${breakdown.summary.firstPage.logEntryId}`);
  const resolution = byKey.get(`page:${breakdown.summary.resolution.logEntryId}`);
  if (!firstPage || !resolution) return null;
  const acknowledgement = breakdown.summary.firstAcknowledgement ? (byKey.get(`page:${breakdown.summary.firstAcknowledgement.logEntryId}`) ?? null) : null;
  const people = breakdown.participants;
  const speech = events.filter((e) => e.kind === "message" && e.subtype === null && e.author?.personId != null && e.text.trim() !== "");
  const resolvedAt = at(resolution);
  const during = speech.filter((e) => at(e) <= resolvedAt);
  const onCall = people.find((p) => p.involvement === "paged") ?? people[0];
  if (!onCall) return null;
  const takingCommand = during.find((e) => /\b(taking IC|I have IC|I'll be IC|I'm IC)\b/i.test(e.text)) ?? null;
  const resolver = resolution.author?.personId ?? null;
  const commander = people.find((p) => p.person.id === takingCommand?.author?.personId) ?? people.find((p) => p.person.id === resolver && p.person.id !== onCall.person.id) ?? people.find((p) => p.person.id !== onCall.person.id) ?? onCall;
  const outsider = (p: Participant) => (p.involvement === "mentioned" || p.involvement === "invited") && !p.onCall && !p.onOwningTeam;
  const pulledIn = people.find((p) => p.formerOwner !== null) ?? people.find((p) => outsider(p) && p.messages > 0) ?? people.find((p) => (p.involvement === "mentioned" || p.involvement === "invited") && p.messages > 0) ?? null;
  const involvementRef = pulledIn?.evidence.involvement && pulledIn.evidence.involvement.source !== "page" ? `message:${pulledIn.evidence.involvement.id}` : null;
  const askForHelp = involvementRef ? (byKey.get(involvementRef) ?? null) : null;
  const expertWords = pulledIn ? (during.find((e) => e.author?.personId === pulledIn.person.id && at(e) > (askForHelp ? at(askForHelp) : 0)) ?? null) : null;
  const own = during.filter((e) => e.author?.personId === onCall.person.id && at(e) >= at(firstPage));
  // Their first words about the system, rather than a link to the page.
  const firstWords = own.find((e) => !/https?:\/\//.test(e.text) && e.text.length > 20) ?? own[0] ?? null;
  const statusUpdate = during.find((e) => /\bimpact:/i.test(e.text)) ?? null;
  const decision = during.find((e) => /^decision:/i.test(e.text) && !/rolling back/i.test(e.text)) ?? during.find((e) => /^decision:/i.test(e.text)) ?? [...during].reverse().find((e) => e.author?.personId === commander.person.id) ?? null;
  // Two different theories (the channel repeats itself), not the same words twice.
  const hypotheses = during.filter((e) => HYPOTHESIS.test(e.text) && e.key !== expertWords?.key && e.key !== decision?.key).filter((e, i, all) => all.findIndex((x) => x.text === e.text) === i).slice(0, 2);
  const confusion = during.find((e) => CONFUSION.test(e.text) && !hypotheses.includes(e)) ?? null;
  const wrapUp = speech.find((e) => at(e) >= resolvedAt && /resolved at|our understanding/i.test(e.text)) ?? null;
  const handOff = during.find((e) => /handing (IC|over)/i.test(e.text)) ?? takingCommand;
  return {
    incidentId,
    title: detail.incident.title,
    severity: detail.incident.severity,
    services: detail.services.map((s) => s.name),
    events,
    breakdown,
    people,
    onCall,
    commander,
    pulledIn,
    firstPage,
    acknowledgement,
    resolution,
    firstWords,
    takingCommand,
    askForHelp,
    expertWords,
    hypotheses,
    confusion,
    decision,
    wrapUp,
    handOff,
    statusUpdate,
  };
}

function minutesBetween(from: TimelineEvent, to: TimelineEvent): number {
  return Math.max(0, Math.round((Date.parse(to.at) - Date.parse(from.at)) / MINUTE));
}

function service(story: Story): string {
  return story.services[0] ?? "the service";
}

/** The on-call's local time of the page, when it differs from UTC: `, 04:18 in their own time zone`. */
function localAside(s: Story, before: string, after: string): string {
  const local = s.onCall.localTime?.slice(11, 16);
  if (!local || local === clock(Date.parse(s.firstPage.at)).slice(0, 5)) return "";
  return `${before}${local}${after}`;
}

function teamOf(p: Participant): string {
  return p.teamAtTime ?? "no team on record";
}

function howPulledIn(story: Story, p: Participant): string {
  if (p.formerOwner) return `a former member of ${p.formerOwner.team}, who had moved on ${Math.round(p.formerOwner.yearsSince)} years earlier`;
  return `from ${teamOf(p)}, neither on call nor on the owning team`;
}

type Actor = { userId: number; actor: string };

async function annotate(store: Store, story: Story, event: TimelineEvent | null, tags: AnnotationTag[], note: string, by: Actor): Promise<number | null> {
  if (!event) return null;
  const annotation = await createAnnotation(store, { incidentId: story.incidentId, eventKind: event.kind, eventId: event.id, tags, note, authorUserId: by.userId, actor: by.actor });
  return annotation.id;
}

/** The annotations of a fully studied timeline; returns their ids by role. */
async function studyTimeline(store: Store, s: Story, by: Actor, depth: "full" | "started"): Promise<{ expertise: number | null; decision: number | null; detection: number | null }> {
  const on = s.onCall.person.name;
  const detection = await annotate(
    store,
    s,
    s.firstPage,
    ["detection", "key_moment"],
    `PagerDuty paged ${on} (${teamOf(s.onCall)}, on call) at ${clock(Date.parse(s.firstPage.at))}${localAside(s, ", ", " in their own time zone")}. This is where the incident becomes visible to us; ask what the alert told them and what it left out.`,
    by,
  );
  await annotate(store, s, s.firstWords, ["diagnosis"], `${firstName(on)}'s first read of the symptoms, ${s.acknowledgement ? `${minutesBetween(s.firstPage, s.firstWords ?? s.firstPage)} minutes after the page` : "soon after the page"}. The first place someone looks says a lot about what the dashboards and runbooks taught them.`, by);
  const [hypothesis] = s.hypotheses;
  await annotate(store, s, hypothesis ?? null, ["hypothesis"], `A theory said out loud: ${hypothesis?.author?.name ?? "someone"} weighs a cause while the symptoms are still ambiguous. Worth asking what evidence made it plausible at ${hypothesis ? clock(Date.parse(hypothesis.at)) : "the time"}.`, by);
  if (depth === "started") return { expertise: null, decision: null, detection };

  await annotate(store, s, s.handOff, ["hand_off", "decision"], `${s.commander.person.name} takes the incident command so ${firstName(on)} can keep digging: from here one person talks to the rest of the company and one person looks at the system.`, by);
  if (s.pulledIn && s.askForHelp) {
    await annotate(
      store,
      s,
      s.askForHelp,
      ["hand_off", "key_moment"],
      `${s.askForHelp.author?.name ?? "Someone"} pulls in ${s.pulledIn.person.name}, ${howPulledIn(s, s.pulledIn)}. Nobody on the rota knew the part that failed; the knowledge had to be found by asking around.`,
      by,
    );
  }
  const expertise = await annotate(
    store,
    s,
    s.expertWords,
    ["expertise", "diagnosis", "aha"],
    s.pulledIn ? `${s.pulledIn.person.name} explains from memory how ${service(s)} behaves, ${s.expertWords ? `${minutesBetween(s.firstPage, s.expertWords)} minutes after the first page` : "well into the incident"}. This is the turning point: nothing written down said it.` : "The explanation that turned the investigation.",
    by,
  );
  if (s.hypotheses[1]) await annotate(store, s, s.hypotheses[1], ["hypothesis", "question"], `A second theory, from ${s.hypotheses[1].author?.name ?? "someone"}. Kept open in parallel rather than dropped: a good sign of a team that is not yet sure.`, by);
  await annotate(store, s, s.confusion, ["confusion"], `${s.confusion?.author?.name ?? "Someone"} cannot see or reach something they need. Small frictions like this add minutes at the worst moment; ask about it in the interview.`, by);
  const decision = await annotate(store, s, s.decision, ["decision", "repair"], `The repair decision, at ${s.decision ? clock(Date.parse(s.decision.at)) : "this point"}, by ${s.decision?.author?.name ?? s.commander.person.name}. It rests on the explanation given earlier; the alternatives discussed are in the thread above.`, by);
  await annotate(store, s, s.resolution, ["repair", "key_moment"], `Resolved in PagerDuty at ${clock(Date.parse(s.resolution.at))}, ${minutesBetween(s.firstPage, s.resolution)} minutes after the first page.`, by);
  await annotate(store, s, s.wrapUp, ["key_moment"], `${s.wrapUp?.author?.name ?? "The incident commander"} writes the first shared understanding of what happened. The review tests this first account against the interviews.`, by);
  return { expertise, decision, detection };
}

interface PlannedInterview {
  who: Participant;
  notes: string;
  links: { event: TimelineEvent | null; note: string }[];
  quotes: { text: string; consent: "attributed" | "anonymous" | "pending"; event: TimelineEvent | null }[];
}

function interviewPlans(s: Story): PlannedInterview[] {
  const on = s.onCall;
  const svc = service(s);
  const plans: PlannedInterview[] = [
    {
      who: on,
      notes:
        `## ${on.person.name} — on call (${teamOf(on)})\n\n` +
        `- Was paged at ${clock(Date.parse(s.firstPage.at))}${localAside(s, " (", " local)")}${on.pagesPrior7d > 0 ? `, after ${on.pagesPrior7d} other pages that week` : ""}.\n` +
        `- Went to the ${svc} overview first: "that is where this alert has always pointed". The graph showed errors but not where they came from.\n` +
        (s.takingCommand
          ? `- Felt the ${minutesBetween(s.firstPage, s.takingCommand)} minutes before ${firstName(s.commander.person.name)} took the command were spent ruling things out alone; relieved when someone else took the updates.\n`
          : "- Felt the first part was spent ruling things out alone.\n") +
        `- Did not know who had built the part that failed. Would have asked earlier if the catalog had named anyone beyond the current team.\n\n` +
        `Follow up: the alert text, and whether the runbook link pointed at the right page.`,
      links: [
        { event: s.firstPage, note: "Woken by this; says the alert's wording sent them to the wrong dashboard first." },
        { event: s.firstWords, note: "What they saw first, and why it looked like a symptom rather than a cause." },
      ],
      quotes: [
        { text: `When the page came in I went straight to the ${svc} overview, because that is where this alert had taken me every time before. It showed me that something was wrong, not where.`, consent: "attributed", event: s.firstWords ?? s.firstPage },
        { text: "Honestly I was tired and I did not want to wake anyone up for what looked like noise.", consent: "pending", event: s.firstPage },
      ],
    },
  ];
  if (s.pulledIn) {
    const p = s.pulledIn;
    plans.push({
      who: p,
      notes:
        `## ${p.person.name} — pulled in (${p.formerOwner ? `former ${p.formerOwner.team}` : teamOf(p)})\n\n` +
        `- Was asked by ${s.askForHelp?.author?.name ?? "someone in the channel"} at ${s.askForHelp ? clock(Date.parse(s.askForHelp.at)) : "an unknown time"}; had not worked on ${svc} ${p.formerOwner ? `since leaving ${p.formerOwner.team}, ${Math.round(p.formerOwner.yearsSince)} years before` : "day to day"}.\n` +
        `- Answered from memory. The behaviour they described was a choice made when the service was young; it was never written down because "everyone knew".\n` +
        `- Worried afterwards that people would read it as the old team's fault. Reassured: the review describes the conditions, not a culprit.\n` +
        `- Gets asked about ${svc} every few months; nobody has asked them to hand the knowledge over.\n\n` +
        `Follow up: pair with the current owners on the runbook.`,
      links: [
        { event: s.askForHelp, note: "How they were found: a name someone remembered, not a rota or the catalog." },
        { event: s.expertWords, note: "The explanation; they confirmed it was from memory, no document behind it." },
      ],
      quotes: [
        { text: `I had not looked at ${svc} in years. I only knew because I was in the room when we chose that behaviour, and we never wrote down why.`, consent: "attributed", event: s.expertWords ?? s.askForHelp },
      ],
    });
  }
  const c = s.commander;
  if (c.person.id !== on.person.id && c.person.id !== s.pulledIn?.person.id) {
    const toAnswer = s.expertWords ? minutesBetween(s.firstPage, s.expertWords) : null;
    plans.push({
      who: c,
      notes:
        `## ${c.person.name} — incident commander (${teamOf(c)})\n\n` +
        `- Took the command at ${s.takingCommand ? clock(Date.parse(s.takingCommand.at)) : "an unrecorded time"}; kept the status page and support informed.\n` +
        `- The decision itself was quick once the explanation came in; the long part was finding someone who knew.\n` +
        `- Would like a way to see, during an incident, who has worked on a service before — not only who owns it now.\n\n` +
        `Follow up: check whether the status page updates went out on time.`,
      links: [
        { event: s.takingCommand, note: "Why they stepped in: two people were asking the on-call for updates at once." },
        { event: s.decision, note: "Says the decision was easy once the cause was understood; the risk was judged small." },
      ],
      quotes: [
        { text: `Once the explanation came in, deciding took a minute. Finding the person who knew took ${toAnswer === null ? "most of the time" : `${toAnswer} of the ${minutesBetween(s.firstPage, s.resolution)} minutes`}.`, consent: "anonymous", event: s.decision ?? s.expertWords },
      ],
    });
  }
  return plans.slice(0, 3);
}

/** `00:12:30.000`, a WebVTT time `ms` after the recording started. */
function vttTime(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}.000`;
}

/**
 * The incident call's recording transcript, as the analyst would import it from Zoom:
 * the call opens when the command is taken, and each speaker says, a minute after it
 * appears in the channel, what the channel shows them doing.
 */
async function importIncidentCall(store: Store, s: Story, by: Actor): Promise<void> {
  const opened = s.takingCommand ?? s.firstWords ?? s.firstPage;
  const start = Date.parse(opened.at);
  const cues: { at: number; who: string; text: string }[] = [
    { at: start + 30_000, who: s.commander.person.name, text: `I have the command. ${firstName(s.onCall.person.name)}, tell us what you see and keep digging; I will do the updates.` },
  ];
  if (s.firstWords) cues.push({ at: start + 90_000, who: s.onCall.person.name, text: `What I posted: ${oneLine(s.firstWords.text, 120)}. I started from the ${service(s)} overview.` });
  if (s.askForHelp && s.pulledIn) cues.push({ at: Math.max(start + 150_000, Date.parse(s.askForHelp.at) + 60_000), who: s.commander.person.name, text: `I have asked ${s.pulledIn.person.name} to join; ${firstName(s.pulledIn.person.name)} worked on ${service(s)} before.` });
  if (s.expertWords && s.pulledIn) cues.push({ at: Math.max(start + 210_000, Date.parse(s.expertWords.at) + 60_000), who: s.pulledIn.person.name, text: `Hi all. From memory, and it has been a while: what I wrote in the channel is how it used to work. Worth checking before we rely on it.` });
  if (s.decision) cues.push({ at: Math.max(start + 270_000, Date.parse(s.decision.at) - 60_000), who: s.decision.author?.name ?? s.commander.person.name, text: "Let us go with that. I will write the decision in the channel so everyone sees it." });
  cues.sort((a, b) => a.at - b.at);
  const vtt = ["WEBVTT", ...cues.map((c, i) => `${i + 1}\n${vttTime(c.at - start)} --> ${vttTime(c.at - start + 25_000)}\n<v ${c.who}>${c.text}</v>`)].join("\n\n");
  const dir = mkdtempSync(join(tmpdir(), "debrief-demo-call-"));
  try {
    const path = join(dir, "incident-call.vtt");
    writeFileSync(path, `${vtt}\n`);
    await importTranscript(store, { path, incidentId: s.incidentId, actor: by.actor, startedAt: new Date(start).toISOString(), name: "Incident call (recording transcript)" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runInterviews(store: Store, s: Story, by: Actor, heldAt: number): Promise<void> {
  for (const [i, plan] of interviewPlans(s).entries()) {
    const reader = { userId: by.userId, actor: by.actor };
    const created = await createInterview(store, { incidentId: s.incidentId, personId: plan.who.person.id, scheduledAt: heldAt + i * DAY, reader });
    const links = plan.links.flatMap((l) => (l.event ? [{ eventRef: l.event.key, note: l.note }] : []));
    await updateInterview(store, { id: created.planning.id, version: created.planning.version, changes: { status: "done", consent: "yes", notes: plan.notes, links }, reader });
    for (const quote of plan.quotes) await createQuote(store, { interviewId: created.planning.id, incidentId: s.incidentId, text: quote.text, consent: quote.consent, eventRef: quote.event?.key ?? null, reader });
  }
}

async function collectAnonymousInput(store: Store, s: Story, by: Actor): Promise<void> {
  const reader = { userId: by.userId, actor: by.actor };
  const { token } = await createAnonymousLink(store, { incidentId: s.incidentId, expiresInDays: 14, reader });
  const svc = service(s);
  const passage = `ask early who has worked on ${svc} before, not only who owns it today`;
  await submitAnonymousInput(store, {
    token,
    madeItHard: `For the first part nobody in the channel knew who still understood how ${svc} behaves under this failure. We found out by asking around.`,
    surprised: "That the answer was a behaviour chosen years ago, which everybody who was there took for granted.",
    othersShouldKnow: `When an incident touches an older part of a service, ${passage}.`,
  });
  const input = (await anonymousInputs(store.db, s.incidentId))[0];
  if (input) await quoteAnonymousInput(store, { inputId: input.id, text: passage, eventRef: s.askForHelp?.key ?? null, reader });
}

function mermaid(s: Story): string {
  const steps: { id: string; text: string }[] = [
    { id: "page", text: `${clock(Date.parse(s.firstPage.at)).slice(0, 5)} page to ${s.onCall.person.name}` },
  ];
  if (s.acknowledgement) steps.push({ id: "ack", text: `${clock(Date.parse(s.acknowledgement.at)).slice(0, 5)} acknowledged` });
  if (s.takingCommand) steps.push({ id: "ic", text: `${clock(Date.parse(s.takingCommand.at)).slice(0, 5)} ${s.commander.person.name} takes command` });
  if (s.askForHelp && s.pulledIn) steps.push({ id: "ask", text: `${clock(Date.parse(s.askForHelp.at)).slice(0, 5)} ${s.pulledIn.person.name} asked to join` });
  if (s.expertWords) steps.push({ id: "explain", text: `${clock(Date.parse(s.expertWords.at)).slice(0, 5)} behaviour explained` });
  if (s.decision) steps.push({ id: "decide", text: `${clock(Date.parse(s.decision.at)).slice(0, 5)} repair decided` });
  steps.push({ id: "resolved", text: `${clock(Date.parse(s.resolution.at)).slice(0, 5)} resolved` });
  const lines = steps.map((step, i) => (i === 0 ? `  ${step.id}["${label(step.text)}"]` : `  ${steps[i - 1]?.id} --> ${step.id}["${label(step.text)}"]`));
  return ["```mermaid", "flowchart LR", ...lines, "```"].join("\n");
}

/** The written sections of the worked review, in the built-in template's structure. */
function writtenSections(s: Story, quotes: Awaited<ReturnType<typeof reviewQuotes>>, followUpsMarkdown: string): Record<string, string> {
  const id = s.incidentId;
  const svc = service(s);
  const total = minutesBetween(s.firstPage, s.resolution);
  const teams = [...new Set(s.people.map((p) => p.teamAtTime).filter((t): t is string => t !== null))];
  const used = new Set<number>();
  // An interview quote about this moment, once, with the way back to the moment.
  const quoteAt = (ref: string | null | undefined) => {
    const q = quotes.find((x) => x.eventRef !== null && x.eventRef === ref && !used.has(x.id));
    if (!q) return "";
    used.add(q.id);
    return `${q.markdown}\n>\n> ([the moment on the timeline](${eventLink(id, q.eventRef as string)}))`;
  };
  const p = s.pulledIn;
  const expertMinutes = s.expertWords ? minutesBetween(s.firstPage, s.expertWords) : null;
  const narrative = [
    `### The page`,
    `PagerDuty paged ${s.onCall.person.name} at ${clock(Date.parse(s.firstPage.at))} on ${day(Date.parse(s.firstPage.at))}${localAside(s, " — ", " where they were")}. ${s.acknowledgement ? `They acknowledged ${minutesBetween(s.firstPage, s.acknowledgement)} minutes later` : "They answered the page"} and went where this alert had always sent them.`,
    s.firstWords ? channelQuote(id, s.firstWords) : "",
    quoteAt(s.firstWords?.key ?? s.firstPage.key),
    `### Looking in the familiar places`,
    s.takingCommand ? `${s.commander.person.name} took the incident command at ${clock(Date.parse(s.takingCommand.at))}, which let ${firstName(s.onCall.person.name)} keep looking while someone else spoke to support and the status page.` : `${s.commander.person.name} coordinated the response.`,
    s.hypotheses[0] ? `The first theories were reasonable ones for what people could see at the time:\n\n${channelQuote(id, s.hypotheses[0])}` : "",
    p && s.askForHelp
      ? `### Finding someone who knew\n\nAt ${clock(Date.parse(s.askForHelp.at))} ${s.askForHelp.author?.name ?? "someone"} asked ${p.person.name} to join — ${howPulledIn(s, p)}. Nothing in the rota or the catalog pointed at ${firstName(p.person.name)}; a person remembered.\n\n${channelQuote(id, s.askForHelp)}`
      : "",
    s.expertWords ? `${expertMinutes === null ? "Then" : `${expertMinutes} minutes after the first page`} the explanation came, from memory:\n\n${channelQuote(id, s.expertWords)}\n\n${quoteAt(s.expertWords.key)}` : "",
    `### Repair`,
    s.decision ? `With the behaviour understood, the repair was decided at ${clock(Date.parse(s.decision.at))}:\n\n${channelQuote(id, s.decision)}\n\n${quoteAt(s.decision.key)}` : "",
    `PagerDuty recorded the resolution at ${clock(Date.parse(s.resolution.at))}, ${total} minutes after the first page.`,
    mermaid(s),
  ]
    .filter((part) => part !== "")
    .join("\n\n");
  const anonymous = quotes.find((q) => q.consent === "anonymous" && !used.has(q.id) && q.eventRef === (s.askForHelp?.key ?? null));
  return {
    summary:
      `${s.title}${s.severity ? ` (${s.severity})` : ""} on ${day(Date.parse(s.firstPage.at))}. PagerDuty paged ${s.onCall.person.name} at ${clock(Date.parse(s.firstPage.at))}; ${s.commander.person.name} led the response and the incident was resolved at ${clock(Date.parse(s.resolution.at))}, ${total} minutes later. ` +
      `${s.people.length} people from ${teams.length} teams took part.` +
      (p ? ` The turn came when ${p.person.name}, ${howPulledIn(s, p)}, explained how ${svc} behaves${expertMinutes === null ? "" : ` — ${expertMinutes} minutes in`}.` : ""),
    narrative,
    impact:
      `Customers of ${and(s.services.slice(0, 3)) || svc} saw errors for about ${total} minutes, between ${clock(Date.parse(s.firstPage.at))} and ${clock(Date.parse(s.resolution.at))}; ${s.people.some((p) => p.teamAtTime === "support" && p.messages > 0) ? "support kept count of the tickets in the channel. " : ""}How many requests failed is not known: neither the channel nor PagerDuty recorded it.` +
      (s.statusUpdate ? `\n\nWhat the company was told at the time:\n\n${channelQuote(id, s.statusUpdate)}` : ""),
    trigger: s.wrapUp
      ? `The first shared account of the cause, written just after the resolution:\n\n${channelQuote(id, s.wrapUp)}\n\nThe interviews bear it out, with one addition: the behaviour that turned this trigger into an incident had been in ${svc} for years, and on another day the people who knew it would have been in the channel from the start.`
      : `What set this incident off is in the channel's first hour; the behaviour that turned it into an incident had been in ${svc} for years.`,
    contributors: [
      p?.formerOwner ? `- How ${svc} behaves here was known to people who left ${p.formerOwner.team} years ago; ownership moved, the knowledge did not.` : `- How ${svc} behaves here was known to a few people outside the rota.`,
      `- The alert pointed at the ${svc} overview, which shows that errors happen but not where they come from.`,
      `- The runbook described the service as it is run today, not the older behaviour that mattered here.`,
      s.confusion ? `- Access and tooling frictions during the response ([for example](${eventLink(id, s.confusion.key)})).` : "- Several people worked the same question at once before the command was clear.",
    ].join("\n"),
    mitigators: `- ${s.commander.person.name} took the command early, so the on-call could keep looking.\n- Someone remembered who to ask.${p ? `\n- ${p.person.name} answered within minutes of being asked, though it was no longer their job.` : ""}`,
    risks: `- Other older parts of ${svc} may rely on behaviour nobody on today's team has seen.\n- The people who know are asked informally and often: if they are away, the next incident waits.`,
    difficulties: `- The first minutes were spent alone, ruling things out.\n- The question "who knows this part?" had no place to be answered except the channel.${anonymous ? `\n\n${anonymous.markdown}` : ""}`,
    went_well: `- The command hand-over was said out loud in the channel, so everyone knew who decided.\n- Theories were stated with their uncertainty, and kept open until evidence settled them.\n- The fix was small and safe once the behaviour was understood.`,
    takeaways: `- **Ownership is not knowledge.** The team that owns ${svc} today was not the team that understood this part of it.\n- **Expertise is found by memory.** We reached the right person because someone remembered a name; the catalog could not have told us.\n- **Alerts teach people where to look.** An alert that always sends people to the same overview shapes the first minutes of every incident.`,
    follow_ups: followUpsMarkdown,
  };
}

/** Reader accounts of the demo (people with a directory entry and an account), by department. */
async function readerAccounts(db: Db): Promise<{ userId: number; personId: number; name: string; department: string | null }[]> {
  return db
    .selectFrom("users as u")
    .innerJoin("people as p", "p.id", "u.personId")
    .select(["u.id as userId", "p.id as personId", "p.name as name", "p.department as department"])
    .where("u.disabled", "=", 0)
    .orderBy("u.id")
    .execute();
}

async function workIncident(store: Store, s: Story, by: Actor, random: Random): Promise<void> {
  const startedAt = Date.parse(s.firstPage.at);
  const resolvedAt = Date.parse(s.resolution.at);
  await updateIncident(store, { id: s.incidentId, analystIds: [by.userId], actor: by.actor });
  await importIncidentCall(store, s, by);
  const marks = await studyTimeline(store, s, by, "full");
  await runInterviews(store, s, by, resolvedAt + 2 * DAY);
  await collectAnonymousInput(store, s, by);

  const owner = (p: Participant | null | undefined) => p?.person.id ?? null;
  const due = (ms: number) => utcDay(ms);
  const svc = service(s);
  const followUpsPlanned = [
    { title: `Write down in the ${svc} runbook what ${s.pulledIn?.person.name ?? "the expert"} explained from memory`, kind: "prevention" as const, status: "done" as const, ownerPersonId: owner(s.pulledIn ?? s.commander), dueDate: due(resolvedAt + 14 * DAY), context: marks.expertise ? { annotationId: marks.expertise } : undefined },
    { title: `Make the ${svc} alert point at where the errors come from, not only the overview`, kind: "prevention" as const, status: "in_progress" as const, ownerPersonId: owner(s.onCall), dueDate: due(Date.now() + 30 * DAY), context: marks.detection ? { annotationId: marks.detection } : undefined },
    { title: `List who has worked on each part of ${svc} in the last five years, beside its owners`, kind: "prevention" as const, status: "open" as const, ownerPersonId: owner(s.commander), dueDate: due(resolvedAt + 30 * DAY), context: s.askForHelp ? { eventKey: s.askForHelp.key } : undefined },
    { title: "Check with support which customers saw errors and whether any need a note from us", kind: "recovery" as const, status: "open" as const, ownerPersonId: owner(s.people.find((p) => p.teamAtTime === "support") ?? s.commander), dueDate: null, context: s.decision ? { eventKey: s.decision.key } : undefined },
  ];
  const lines: string[] = [];
  for (const f of followUpsPlanned) {
    const stored = await createFollowUp(store, { incidentId: s.incidentId, title: f.title, kind: f.kind, status: f.status, ownerPersonId: f.ownerPersonId, dueDate: f.dueDate, context: f.context, createdBy: by.userId, actor: by.actor });
    const who = s.people.find((p) => p.person.id === stored.owner?.id)?.person.name ?? stored.owner?.name ?? "no owner yet";
    lines.push(`- **${f.kind === "recovery" ? "Recovery" : "Prevention"}:** ${f.title} — ${who}${f.dueDate ? `, due ${f.dueDate}` : ""} (${f.status.replace("_", " ")})`);
  }

  // The first draft from the evidence, then the analyst's own writing on top of it.
  const draft = await draftReview(store, { incidentId: s.incidentId, generate: generateReviewSections, userId: by.userId, actor: by.actor });
  const written = writtenSections(s, await reviewQuotes(store.db, s.incidentId), lines.join("\n"));
  const sections = draft.sections.filter((section) => written[section.key] !== undefined).map((section) => ({ key: section.key, markdown: written[section.key] as string }));
  const edited = await updateReview(store, { incidentId: s.incidentId, version: draft.version.number, revision: draft.version.revision, sections, userId: by.userId, actor: by.actor });
  if (edited.kind !== "done") throw new Error(`the demo review of incident ${s.incidentId} could not be written: ${edited.kind}`);
  const admin = await store.db.selectFrom("users").select("id").where("role", "=", "admin").where("id", "!=", by.userId).orderBy("id").executeTakeFirst();
  if (admin) {
    const comment = await addReviewComment(store, { incidentId: s.incidentId, sectionKey: "contributors", body: "Could we say which runbook page this was, so readers can find it?", userId: admin.id, actor: by.actor });
    if (comment) await resolveReviewComment(store, { incidentId: s.incidentId, commentId: comment.id, resolved: true, userId: by.userId, actor: by.actor });
  }
  await publishLatest(store, { incidentId: s.incidentId, ...by });
  const publishedAt = Math.min(Date.now() - DAY, resolvedAt + 12 * DAY);
  const entryId = await backdatePublication(store, s.incidentId, publishedAt);
  const entry = entryId === null ? undefined : await findLibraryEntry(store, entryId);
  if (!entry) throw new Error(`the demo review of incident ${s.incidentId} is not in the library`);

  // The review meeting: participants and people from around the company, with a transcript.
  const accounts = await readerAccounts(store.db);
  const participantIds = new Set(s.people.map((p) => p.person.id));
  const outsiders = accounts.filter((a) => !participantIds.has(a.personId));
  const byDepartment = new Map<string, typeof outsiders>();
  for (const a of outsiders) byDepartment.set(a.department ?? "", [...(byDepartment.get(a.department ?? "") ?? []), a]);
  const guests = [...byDepartment.values()].flatMap((list) => list.slice(0, 2));
  const speakers = [s.onCall, s.commander, s.pulledIn].filter((p): p is Participant => p !== null).filter((p, i, all) => all.findIndex((q) => q.person.id === p.person.id) === i);
  const meetingAt = publishedAt - 2 * DAY;
  const meetingId = await scheduleMeeting(store, {
    incidentId: s.incidentId,
    title: `Review meeting: ${s.title}`,
    scheduledAt: meetingAt,
    attendees: [...speakers.map((p) => ({ personId: p.person.id })), ...guests.map((g) => ({ userId: g.userId }))],
    createdBy: by.userId,
    actor: by.actor,
  });
  const guest = guests.find((g) => g.department !== "Engineering" && g.department !== "Infrastructure") ?? guests[0];
  const cue = (n: number, who: string, text: string) => {
    const start = n * 40;
    const t = (sec: number) => `00:${String(Math.floor(sec / 60)).padStart(2, "0")}:${String(sec % 60).padStart(2, "0")}.000`;
    return `${t(start)} --> ${t(start + 38)}\n<v ${who}>${text}</v>`;
  };
  const vtt = [
    "WEBVTT",
    cue(0, "Demo Analyst", `Thanks for coming. We will walk through ${s.title} in the order it was lived, and stop wherever something surprises you.`),
    cue(1, s.onCall.person.name, `The page came at ${clock(startedAt)}. I went to the ${svc} overview because that is where the alert always sends me.`),
    cue(2, s.commander.person.name, "I took the command so the on-call could keep looking. Most of my time went on updates to support and the status page."),
    ...(s.pulledIn ? [cue(3, s.pulledIn.person.name, `I had not touched ${svc} in a long time. I knew the answer only because I was there when we chose that behaviour.`)] : []),
    ...(guest ? [cue(4, guest.name, "From where I sit, I did not know one person could be the only way to understand a part of the service. Who else is like that?")] : []),
    cue(5, "Demo Analyst", "That is the question of the follow-up on who has worked on each part. Let us look at it together before we close."),
  ].join("\n\n");
  await importMeetingTranscript(store, { meetingId, name: "review-meeting.vtt", content: vtt, actor: by.actor });
  await addMeetingMark(store, { meetingId, kind: "aha", text: `Several people did not know the team that owns ${svc} today is not the one that understood this part`, userId: by.userId, actor: by.actor });
  await addMeetingMark(store, { meetingId, kind: "question", text: "Which other services depend on knowledge held by one or two people?", userId: by.userId, actor: by.actor });
  await addMeetingMark(store, { meetingId, kind: "follow_up", text: `Pair ${s.pulledIn?.person.name ?? "the expert"} with the current owners on the runbook`, userId: by.userId, actor: by.actor });

  // Reading over the weeks after publishing: more in engineering, some everywhere.
  const readers = random.sample(accounts, Math.min(accounts.length, 36));
  const keys = entry.sections.map((section) => section.key);
  for (const [i, reader] of readers.entries()) {
    const reached = keys.slice(0, random.int(2, keys.length));
    await recordReadBeacon(store, reader.userId, [{ entryId: entry.id, visitId: `demo-worked-${entry.id}-${i}`, visibleMs: random.int(90, 1200) * 1000, sectionsReached: reached }]);
  }
  const reads = await store.db.selectFrom("reviewReads").select("id").where("entryId", "=", entry.id).orderBy("id").execute();
  for (const [i, read] of reads.entries()) {
    const at = Math.min(Date.now(), publishedAt + Math.round((i < 10 ? random.float(0.05, 2) : random.float(2, 42)) * DAY));
    await store.db.updateTable("reviewReads").set({ startedAt: at, updatedAt: at }).where("id", "=", read.id).execute();
  }
  const [first, second, third, ...rest] = readers;
  const ask = async (reader: (typeof readers)[number] | undefined, sectionKey: string, body: string, parentId?: number) =>
    reader ? askQuestion(store, { entry, sectionKey, body, parentId, userId: reader.userId, actor: by.actor }) : null;
  const q1 = await ask(first, "narrative", `How did ${s.askForHelp?.author?.name ?? "the team"} know to ask ${s.pulledIn?.person.name ?? "the right person"}? Is there a list somewhere?`);
  if (q1 !== null) await askQuestion(store, { entry, sectionKey: "narrative", body: "Not yet: it was memory. The follow-up on who has worked on each part is meant to become that list.", parentId: q1, userId: by.userId, actor: by.actor });
  await ask(second, "contributors", `Does the ${svc} alert still point at the overview today?`);
  await ask(third, "takeaways", "Which other services have a part only former team members understand?");
  const passages: { key: string; passage: string; note: string | null }[] = [
    { key: "takeaways", passage: "Ownership is not knowledge.", note: "I assumed the owning team always knows" },
    { key: "takeaways", passage: "Expertise is found by memory.", note: null },
    { key: "contributors", passage: "ownership moved, the knowledge did not", note: "So that is why they asked someone from another team" },
    { key: "takeaways", passage: "Alerts teach people where to look.", note: null },
  ];
  for (const [i, mark] of passages.entries()) {
    const reader = rest[i] ?? first;
    if (!reader || !keys.includes(mark.key)) continue;
    try {
      await markAha(store, { entry, sectionKey: mark.key, passage: mark.passage, note: mark.note ?? undefined, userId: reader.userId, actor: by.actor });
    } catch {
      // A passage the composed text did not include (no former owner) is simply not marked.
    }
  }
  // Questions and marks came in over the weeks after publishing, not at seeding time.
  const questions = await store.db.selectFrom("reviewQuestions").select("id").where("entryId", "=", entry.id).orderBy("id").execute();
  for (const [i, q] of questions.entries()) await store.db.updateTable("reviewQuestions").set({ createdAt: Math.min(Date.now(), publishedAt + (3 + i * 4) * DAY) }).where("id", "=", q.id).execute();
  const ahas = await store.db.selectFrom("reviewAhas").select("id").where("entryId", "=", entry.id).orderBy("id").execute();
  for (const [i, a] of ahas.entries()) await store.db.updateTable("reviewAhas").set({ createdAt: Math.min(Date.now(), publishedAt + (1 + i * 5) * DAY) }).where("id", "=", a.id).execute();
}

async function startIncident(store: Store, s: Story, by: Actor): Promise<void> {
  await updateIncident(store, { id: s.incidentId, analystIds: [by.userId], actor: by.actor });
  await studyTimeline(store, s, by, "started");
  const who = s.pulledIn ?? s.commander;
  await createInterview(store, {
    incidentId: s.incidentId,
    personId: who.person.id,
    scheduledAt: Date.parse(s.resolution.at) + 3 * DAY,
    notes: `To ask ${firstName(who.person.name)}: what they saw when they joined, and what they knew that others did not.`,
    reader: { userId: by.userId, actor: by.actor },
  });
  const draft = await draftReview(store, { incidentId: s.incidentId, generate: generateReviewSections, userId: by.userId, actor: by.actor });
  const summary = `${s.title} on ${day(Date.parse(s.firstPage.at))}: PagerDuty paged ${s.onCall.person.name} at ${clock(Date.parse(s.firstPage.at))} and the incident was resolved at ${clock(Date.parse(s.resolution.at))}. Draft — the interviews are still to come.`;
  await updateReview(store, { incidentId: s.incidentId, version: draft.version.number, revision: draft.version.revision, sections: [{ key: "summary", markdown: summary }], userId: by.userId, actor: by.actor });
}

/**
 * Works two demo incidents as the demo analyst (`analystUserId`, an analyst account):
 * one fully — annotated timeline, interviews with confidential notes and consented
 * quotes, anonymous input, a published review with a diagram, references and
 * follow-ups, a review meeting with a transcript, and reading over the following
 * weeks — and one half done (a few annotations, an interview planned, a draft).
 * Run after {@link seedLearningDemo}, whose reader accounts it reads with.
 */
export async function seedWorkedDemo(store: Store, options: { analystUserId: number; actor: string; seed?: number }): Promise<WorkedDemoSummary> {
  const by = { userId: options.analystUserId, actor: options.actor };
  const chosen = await chooseDemoIncidents(store.db);
  const summary: WorkedDemoSummary = { worked: null, halfDone: null };
  const worked = chosen.worked === null ? null : await readStory(store, chosen.worked);
  if (worked) {
    await workIncident(store, worked, by, new Random(options.seed ?? 11, "worked-incident"));
    summary.worked = { incidentId: worked.incidentId, title: worked.title };
  }
  const half = chosen.halfDone === null ? null : await readStory(store, chosen.halfDone);
  if (half) {
    await startIncident(store, half, by);
    summary.halfDone = { incidentId: half.incidentId, title: half.title };
  }
  return summary;
}
