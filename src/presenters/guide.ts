import { timelineStretches } from "../analysis/timeline-stretches.js";
import type { GuideFacts } from "../db/repositories/incident-guide.js";

/** One condition of a step; the step is done when every one is met. */
export interface GuideCheck {
  label: string;
  met: boolean;
}

/** One step of the analysis checklist. */
export interface GuideStep {
  key: string;
  title: string;
  done: boolean;
  /** What the data says about the step now. */
  detail: string;
  /** What "done" means for this step, each condition as the data has it now. */
  checks: GuideCheck[];
  /** Why the step matters, for someone doing this for the first time. */
  explanation: string;
  /** `assign_me`: the step is done by assigning the reader; `open`: by going to `link`. */
  action: "assign_me" | "open";
  /** Where in the web UI to do it: the page, and the control or event on it. */
  link: string;
}

/** A step whose done is the conjunction of its checks. */
function step(fields: Omit<GuideStep, "done" | "action"> & { action?: GuideStep["action"] }): GuideStep {
  return { ...fields, action: fields.action ?? "open", done: fields.checks.length > 0 && fields.checks.every((c) => c.met) };
}

const PHASES = ["detection", "diagnosis", "repair"] as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function names(list: readonly string[], max = 5): string {
  return list.length <= max ? list.join(", ") : `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}

/** "Interview the people involved": done when one was held and none planned is left open. */
function interviewStep(incident: string, counts: Readonly<Record<string, number>>): GuideStep {
  const done = counts.done ?? 0;
  const planned = counts.planned ?? 0;
  const declined = counts.declined ?? 0;
  const parts = [done > 0 ? `${plural(done, "interview")} held` : null, planned > 0 ? `${planned} planned` : null, declined > 0 ? `${declined} declined` : null].filter((p): p is string => p !== null);
  return step({
    key: "interview",
    title: "Interview the people involved",
    detail: parts.length > 0 ? `${parts.join(", ")}.` : "No interview planned yet: the Interviews tab suggests whom to talk to and why.",
    checks: [
      { label: `At least one interview held (${done})`, met: done > 0 },
      { label: planned > 0 ? `${plural(planned, "planned interview")} still to hold or mark declined` : "No planned interview left open", met: planned === 0 },
    ],
    explanation:
      "Talk with participants one at a time about what they saw, knew and expected. The chat shows what people wrote, not what they were looking at. Notes stay with the interviewer; only the quotes they agree to share leave the interview.",
    link: `${incident}/interviews`,
  });
}

/**
 * The analysis checklist of one incident (DESIGN.md, "The practice it supports"),
 * computed from what is in the store: each step is done when the data shows it, never
 * because someone ticked a box.
 */
/** How the published review is met: meetings held and reading, for the last step. */
export interface LearningGuideFacts {
  meetings: number;
  attendees: number;
  entryId: number | null;
  outsideReaders: number;
  questions: number;
  ahas: number;
}

export function analysisGuide(incidentId: number, facts: GuideFacts, learning?: LearningGuideFacts): GuideStep[] {
  const incident = `/incidents/${incidentId}`;
  const missingPhases = PHASES.filter((p) => !facts.tags.has(p));
  const stretches = timelineStretches(facts.events, facts.annotatedAt);
  const everyoneHasTeam = facts.people > 0 && facts.peopleWithTeams === facts.people;
  const review = facts.review;
  const wentToReview = review !== null && (review.status !== "draft" || review.publishedVersion !== null);
  return [
    step({
      key: "declare",
      title: "Assign an analyst",
      detail: facts.analysts.length > 0 ? `Assigned: ${names(facts.analysts)}` : "No analyst assigned yet.",
      checks: [{ label: "An analyst is assigned", met: facts.analysts.length > 0 }],
      explanation:
        "Pick someone who was not in the incident to lead the analysis. An outsider asks the questions insiders stopped asking, and people explain more freely to someone who was not there.",
      action: facts.analysts.length > 0 ? "open" : "assign_me",
      link: `${incident}/details#analysts`,
    }),
    step({
      key: "gather_slack",
      title: "Gather the chat",
      detail:
        facts.messages > 0
          ? `${plural(facts.messages, "message")} from ${names(facts.channels.map((c) => `#${c}`))}.`
          : facts.channels.length > 0
            ? `${names(facts.channels.map((c) => `#${c}`))} holds no messages yet: import a Slack export that has them.`
            : "No Slack channel yet: import a Slack export, or add an imported channel to the incident.",
      checks: [
        { label: `A Slack channel is a source (${facts.channels.length})`, met: facts.channels.length > 0 },
        { label: `Its channels hold messages (${facts.messages})`, met: facts.messages > 0 },
      ],
      explanation: "The incident channel is the richest record of what people saw, thought and tried, minute by minute, in their own words.",
      link: facts.channels.length > 0 ? "/imports?kind=slack" : `${incident}/details#channels`,
    }),
    step({
      key: "gather_pagerduty",
      title: "Gather the paging data",
      detail:
        facts.pagerdutyIncidents > 0
          ? `${plural(facts.pagerdutyIncidents, "PagerDuty incident")} linked.`
          : facts.imported.pagerduty
            ? "PagerDuty data is imported, but no PagerDuty incident is linked to this one: link it by its number."
            : "No PagerDuty data imported yet: import it; incidents the channel mentions are linked automatically.",
      checks: [
        { label: "PagerDuty data is imported", met: facts.imported.pagerduty },
        { label: `A PagerDuty incident is linked (${facts.pagerdutyIncidents})`, met: facts.pagerdutyIncidents > 0 },
      ],
      explanation: "Pages show who was woken, when, and how long it took to reach someone who could help — things the chat alone does not tell.",
      link: facts.imported.pagerduty ? `${incident}/details#pagerduty` : "/imports?kind=pagerduty",
    }),
    step({
      key: "gather_directory",
      title: "Know who everyone is",
      detail:
        facts.people === 0
          ? "Nobody has written in the incident's channels yet."
          : `${facts.peopleWithTeams} of ${plural(facts.people, "person", "people")} in the channels have team history from the directory.`,
      checks: [
        { label: "The people directory is imported", met: facts.imported.directory },
        { label: `Everyone who wrote has team history (${facts.peopleWithTeams} of ${facts.people})`, met: everyoneHasTeam },
      ],
      explanation:
        "An HR directory with team history tells whether someone was on the owning team at the time, a former owner, or pulled in from elsewhere: the heart of the people breakdown.",
      link: facts.imported.directory && facts.people > 0 ? `${incident}/people` : "/imports?kind=people",
    }),
    step({
      key: "gather_catalog",
      title: "Know which services were involved",
      detail: facts.services.length > 0 ? `Services: ${names(facts.services)}.` : facts.imported.catalog ? "No service recorded for this incident: add the services involved." : "No service catalog imported yet.",
      checks: [
        { label: "The service catalog is imported", met: facts.imported.catalog },
        { label: `The services involved are recorded (${facts.services.length})`, met: facts.services.length > 0 },
      ],
      explanation: "The service catalog says which team owned what and since when, so you can compare who was expected to respond with who actually did.",
      link: facts.imported.catalog ? `${incident}/details#services` : "/imports?kind=catalog",
    }),
    step({
      key: "gather_transcripts",
      title: "Add meeting transcripts",
      detail: facts.transcripts > 0 ? `${plural(facts.transcripts, "transcript")} imported.` : "No transcripts: import the recording's WebVTT file from Zoom or Teams, if there was a call.",
      checks: [{ label: `A call transcript is imported (${facts.transcripts})`, met: facts.transcripts > 0 }],
      explanation: "Decisions are often made on a call. A transcript puts what was said there on the timeline beside the chat.",
      link: `/imports?kind=transcript&incident=${incidentId}`,
    }),
    step({
      key: "study_timeline",
      title: "Study the timeline",
      detail:
        stretches.total === 0
          ? "The timeline is empty so far."
          : stretches.firstUnannotated
            ? `${stretches.annotated} of ${stretches.total} stretches of the timeline hold an annotation (${plural(facts.annotations, "annotation")} in all). The first one without starts at ${new Date(stretches.firstUnannotated.at).toISOString().slice(0, 16).replace("T", " ")} UTC.`
            : `Every stretch of the timeline holds an annotation (${plural(facts.annotations, "annotation")}).`,
      checks: [{ label: `Each tenth of the timeline holds an annotation (${stretches.annotated} of ${stretches.total})`, met: stretches.total > 0 && stretches.firstUnannotated === null }],
      explanation:
        "Read everything in order and mark what matters: hypotheses, decisions, confusion, hand-offs, expertise. Ask how each action made sense at the time, not what should have been done.",
      link: stretches.firstUnannotated ? `${incident}/timeline?event=${encodeURIComponent(stretches.firstUnannotated.key)}` : `${incident}/timeline`,
    }),
    step({
      key: "mark_phases",
      title: "Mark detection, diagnosis and repair",
      detail: missingPhases.length === 0 ? "All three phases are marked." : `Not marked yet: ${missingPhases.join(", ")}.`,
      checks: PHASES.map((phase) => ({ label: `${phase[0]?.toUpperCase()}${phase.slice(1)} is marked`, met: facts.tags.has(phase) })),
      explanation:
        "These three moments frame the story: when the problem was noticed, when it was understood, when it was fixed. The time between them is where most of the learning is.",
      link: `${incident}/timeline`,
    }),
    interviewStep(incident, facts.interviews),
    step({
      key: "write",
      title: "Write the review",
      detail: review
        ? `Version ${review.latestVersion} (${review.status.replace("_", " ")}): ${review.sectionsWritten} of ${plural(review.sections, "section")} written.`
        : "No review yet: start the draft, and Debrief writes what the evidence already shows.",
      checks: [
        { label: "A review is started", met: review !== null },
        { label: `Every section has text (${review?.sectionsWritten ?? 0} of ${review?.sections ?? 0})`, met: review !== null && review.sections > 0 && review.sectionsWritten === review.sections },
      ],
      explanation:
        "Tell how we got here as a narrative, without blame: key moments, contributing factors, what went well, and opportunities. The first draft comes from the annotated timeline; every generated sentence links to its event.",
      link: `${incident}/review`,
    }),
    step({
      key: "review",
      title: "Go through the draft together",
      detail: !review
        ? "No review yet."
        : !wentToReview
          ? "The draft has not been sent for review yet."
          : review.openComments > 0
            ? `${plural(review.openComments, "comment")} still open.`
            : "Sent for review, and every comment is resolved.",
      checks: [
        { label: "The draft was sent for review", met: wentToReview },
        { label: `Every review comment is resolved (${review?.openComments ?? 0} open)`, met: review !== null && review.openComments === 0 },
      ],
      explanation: "The people involved read the draft and comment per section: they correct what the record got wrong and add what it could not show.",
      link: `${incident}/review`,
    }),
    step({
      key: "publish",
      title: "Publish the review",
      detail: review?.publishedVersion ? `Version ${review.publishedVersion} is published.` : "Not published yet.",
      checks: [{ label: "A version is published", met: review !== null && review.publishedVersion !== null }],
      explanation: "Publishing puts the review in the library, where everyone in the company can read it, ask about it and mark what surprised them.",
      link: `${incident}/review`,
    }),
    meetingStep(incident, learning),
    learnStep(learning),
  ];
}

/** "Hold the review meeting": done when one is recorded with its attendees. */
function meetingStep(incident: string, learning: LearningGuideFacts | undefined): GuideStep {
  const meetings = learning?.meetings ?? 0;
  const attendees = learning?.attendees ?? 0;
  return step({
    key: "meeting",
    title: "Hold the review meeting",
    detail: meetings === 0 ? "No review meeting recorded." : `${plural(meetings, "review meeting")} with ${plural(attendees, "attendee")}.`,
    checks: [
      { label: `A review meeting is recorded (${meetings})`, met: meetings > 0 },
      { label: `Its attendees are recorded (${attendees})`, met: attendees > 0 },
    ],
    explanation: "Walk through the story with more than the responders. The questions people ask there show what the write-up still leaves unclear.",
    link: `${incident}/meetings`,
  });
}

/**
 * The last step: the review meets its readers. Done when people other than its
 * authors have read the published version and at least one asked a question or marked
 * an a-ha.
 */
function learnStep(learning: LearningGuideFacts | undefined): GuideStep {
  const explanation =
    "A review is for the whole company. Share the published review, and watch for questions and \u201cI didn't know that\u201d marks: they show what people learned, and what still surprises them.";
  const entryId = learning?.entryId ?? null;
  const readers = learning?.outsideReaders ?? 0;
  const marks = (learning?.questions ?? 0) + (learning?.ahas ?? 0);
  return step({
    key: "learn",
    title: "Share it and see what people learned",
    detail:
      entryId === null
        ? "Not in the library yet: publish the review first."
        : `${plural(readers, "reader")} besides its authors, ${plural(learning?.questions ?? 0, "question")}, ${plural(learning?.ahas ?? 0, "a-ha mark")}.`,
    checks: [
      { label: "The review is in the library", met: entryId !== null },
      { label: `Read by people besides its authors (${readers})`, met: readers > 0 },
      { label: `A question asked or an a-ha marked (${marks})`, met: marks > 0 },
    ],
    explanation,
    link: entryId === null ? "/library" : `/library/${entryId}`,
  });
}
