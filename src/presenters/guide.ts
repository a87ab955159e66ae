import type { GuideFacts } from "../db/repositories/incident-guide.js";

/** One step of the analysis checklist. */
export interface GuideStep {
  key: string;
  title: string;
  done: boolean;
  /** What the data says about the step now. */
  detail: string;
  /** Why the step matters, for someone doing this for the first time. */
  explanation: string;
  /** Where in the web UI to do it. */
  link: string;
}

const PHASES = ["detection", "diagnosis", "repair"] as const;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function names(list: readonly string[], max = 5): string {
  return list.length <= max ? list.join(", ") : `${list.slice(0, max).join(", ")} and ${list.length - max} more`;
}

/** "Interview the people involved": done when at least one interview was held. */
function interviewStep(incident: string, counts: Readonly<Record<string, number>>): GuideStep {
  const done = counts.done ?? 0;
  const planned = counts.planned ?? 0;
  const declined = counts.declined ?? 0;
  const parts = [done > 0 ? `${plural(done, "interview")} held` : null, planned > 0 ? `${planned} planned` : null, declined > 0 ? `${declined} declined` : null].filter((p): p is string => p !== null);
  return {
    key: "interview",
    title: "Interview the people involved",
    done: done > 0,
    detail: parts.length > 0 ? `${parts.join(", ")}.` : "No interview planned yet: the Interviews tab suggests whom to talk to and why.",
    explanation:
      "Talk with participants one at a time about what they saw, knew and expected. The chat shows what people wrote, not what they were looking at. Notes stay with the interviewer; only the quotes they agree to share leave the interview.",
    link: `${incident}/interviews`,
  };
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
  return [
    {
      key: "declare",
      title: "Assign an analyst",
      done: facts.analysts.length > 0,
      detail: facts.analysts.length > 0 ? `Assigned: ${names(facts.analysts)}` : "No analyst assigned yet.",
      explanation:
        "Pick someone who was not in the incident to lead the analysis. An outsider asks the questions insiders stopped asking, and people explain more freely to someone who was not there.",
      link: incident,
    },
    {
      key: "gather_slack",
      title: "Gather the chat",
      done: facts.messages > 0,
      detail:
        facts.messages > 0
          ? `${plural(facts.messages, "message")} from ${names(facts.channels.map((c) => `#${c}`))}.`
          : "No Slack messages yet: import a Slack export that holds the incident channel.",
      explanation: "The incident channel is the richest record of what people saw, thought and tried, minute by minute, in their own words.",
      link: "/imports",
    },
    {
      key: "gather_pagerduty",
      title: "Gather the paging data",
      done: facts.pagerdutyIncidents > 0,
      detail:
        facts.pagerdutyIncidents > 0
          ? `${plural(facts.pagerdutyIncidents, "PagerDuty incident")} linked.`
          : "No PagerDuty incident linked: import PagerDuty data; incidents the channel mentions are linked automatically.",
      explanation: "Pages show who was woken, when, and how long it took to reach someone who could help — things the chat alone does not tell.",
      link: "/imports",
    },
    {
      key: "gather_directory",
      title: "Know who everyone is",
      done: facts.peopleWithTeams > 0,
      detail:
        facts.people === 0
          ? "Nobody has written in the incident's channels yet."
          : `${facts.peopleWithTeams} of ${plural(facts.people, "person", "people")} in the channels have team history from the directory.`,
      explanation:
        "An HR directory with team history tells whether someone was on the owning team at the time, a former owner, or pulled in from elsewhere: the heart of the people breakdown.",
      link: "/imports",
    },
    {
      key: "gather_catalog",
      title: "Know which services were involved",
      done: facts.services.length > 0,
      detail: facts.services.length > 0 ? `Services: ${names(facts.services)}.` : "No services recorded: import the service catalog and PagerDuty data.",
      explanation: "The service catalog says which team owned what and since when, so you can compare who was expected to respond with who actually did.",
      link: "/imports",
    },
    {
      key: "gather_transcripts",
      title: "Add meeting transcripts",
      done: facts.transcripts > 0,
      detail: facts.transcripts > 0 ? `${plural(facts.transcripts, "transcript")} imported.` : "No transcripts: import the recording's WebVTT file from Zoom or Teams, if there was a call.",
      explanation: "Decisions are often made on a call. A transcript puts what was said there on the timeline beside the chat.",
      link: "/imports",
    },
    {
      key: "study_timeline",
      title: "Study the timeline",
      done: facts.annotations > 0,
      detail: facts.annotations > 0 ? `${plural(facts.annotations, "annotation")} so far.` : "Nothing marked yet.",
      explanation:
        "Read everything in order and mark what matters: hypotheses, decisions, confusion, hand-offs, expertise. Ask how each action made sense at the time, not what should have been done.",
      link: `${incident}/timeline`,
    },
    {
      key: "mark_phases",
      title: "Mark detection, diagnosis and repair",
      done: missingPhases.length === 0,
      detail: missingPhases.length === 0 ? "All three phases are marked." : `Not marked yet: ${missingPhases.join(", ")}.`,
      explanation:
        "These three moments frame the story: when the problem was noticed, when it was understood, when it was fixed. The time between them is where most of the learning is.",
      link: `${incident}/timeline`,
    },
    interviewStep(incident, facts.interviews),
    {
      key: "write",
      title: "Write the review",
      done: facts.review !== null && facts.review.sectionsWritten > 0,
      detail: facts.review
        ? `Version ${facts.review.latestVersion} (${facts.review.status.replace("_", " ")}): ${facts.review.sectionsWritten} of ${plural(facts.review.sections, "section")} written.`
        : "No review yet: start the draft, and Debrief writes what the evidence already shows.",
      explanation:
        "Tell how we got here as a narrative, without blame: key moments, contributing factors, what went well, and opportunities. The first draft comes from the annotated timeline; every generated sentence links to its event.",
      link: `${incident}/review`,
    },
    {
      key: "review",
      title: "Hold the review meeting and publish",
      done: facts.review?.publishedVersion !== null && facts.review?.publishedVersion !== undefined,
      detail: facts.review?.publishedVersion
        ? `Version ${facts.review.publishedVersion} is published.`
        : facts.review?.status === "in_review"
          ? "In review: collect comments per section, resolve them, then publish."
          : "Not published yet.",
      explanation: "Walk through the story with the people involved, correct it together, then publish it so the whole company can learn from it.",
      link: `${incident}/review`,
    },
    learnStep(learning),
  ];
}

/**
 * The last step: the review meets its readers. Done when people other than its
 * authors have read the published version and at least one asked a question or marked
 * an a-ha; the detail says where the meeting and the reading stand.
 */
function learnStep(learning: LearningGuideFacts | undefined): GuideStep {
  const explanation =
    "A review is for the whole company. Hold the review meeting with more than the responders, share the published review, and watch for questions and \u201cI didn't know that\u201d marks: they show what people learned, and what still surprises them.";
  if (!learning) return { key: "learn", title: "Share it and see what people learned", done: false, detail: "Not known.", explanation, link: "/library" };
  const meeting = learning.meetings === 0 ? "No review meeting recorded." : `${plural(learning.meetings, "review meeting")} with ${plural(learning.attendees, "attendee")}.`;
  const reading =
    learning.entryId === null
      ? "Not in the library yet: publish the review first."
      : `${plural(learning.outsideReaders, "reader")} besides its authors, ${plural(learning.questions, "question")}, ${plural(learning.ahas, "a-ha mark")}.`;
  return {
    key: "learn",
    title: "Share it and see what people learned",
    done: learning.entryId !== null && learning.outsideReaders > 0 && learning.questions + learning.ahas > 0,
    detail: `${meeting} ${reading}`,
    explanation,
    link: learning.entryId === null ? "/library" : `/library/${learning.entryId}`,
  };
}
