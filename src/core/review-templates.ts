/*
 * The built-in review template: the sections of a "how we got here" review, each with
 * help text saying what belongs there and what to leave out. It lives in code, not in
 * the store, so the guidance improves with the product; admins add their own templates
 * beside it (src/db/repositories/reviews.ts).
 */

/** One section of a template: a stable key, a title, and guidance for the writer. */
export interface TemplateSectionDefinition {
  key: string;
  title: string;
  help: string;
}

/** The id of the built-in template (stored templates have numeric ids). */
export const BUILT_IN_TEMPLATE_ID = "builtin:how-we-got-here";

/** Sections whose content the first draft can produce from the evidence. */
export const GENERATED_SECTION_KEYS = ["summary", "narrative", "impact", "people", "references", "key_moments"] as const;

/** The section the key-moment timeline is generated into. */
export const KEY_MOMENTS_SECTION = "key_moments";

/** The section the collected references are written into. */
export const REFERENCES_SECTION = "references";

/** The built-in "how we got here" template, in reading order. */
export const BUILT_IN_SECTIONS: readonly TemplateSectionDefinition[] = [
  {
    key: "summary",
    title: "Summary",
    help:
      "Three to five sentences a reader outside the team can follow: what people noticed, what was affected and for how long, and how service came back. " +
      "Leave the explanation for later sections; a summary that argues a cause closes questions the review should open.",
  },
  {
    key: "narrative",
    title: "How we got here",
    help:
      "Tell the story in the order it was lived, from the conditions that were already in place to the moment the incident was over. " +
      "Describe what people saw, what they believed at the time and why that made sense to them. Quote the timeline where it helps. " +
      "Avoid judging choices by what was learned afterwards.",
  },
  {
    key: "impact",
    title: "Impact",
    help:
      "Who or what was affected, how, and for how long: customers, internal teams, data, money, trust. Give numbers with their source, and say what is unknown rather than leaving it out.",
  },
  {
    key: "trigger",
    title: "Trigger",
    help:
      "The event that set things in motion (a deploy, a traffic change, an expired certificate). A trigger is where the story turns, not its explanation: " +
      "the same trigger on another day might have done no harm.",
  },
  {
    key: "contributors",
    title: "Contributors and enablers",
    help:
      "The conditions that let the trigger become an incident: defaults, coupling, missing signals, workload, pressure, knowledge held by few people. " +
      "List several; each one is a place to learn. Do not rank them into a single cause.",
  },
  {
    key: "mitigators",
    title: "Mitigators",
    help: "What kept it from being worse: safeguards that held, people who happened to be around, tools that helped, luck. These are the strengths to keep.",
  },
  {
    key: "risks",
    title: "Risks",
    help: "Hazards this incident revealed that did not cause harm this time but could next time. Say where they live and who would want to know.",
  },
  {
    key: "difficulties",
    title: "Difficulties during handling",
    help:
      "What made the response hard: confusing signals, missing access, unclear ownership, hand-offs, tiredness, tools that got in the way. " +
      "Describe the situation people were in, not what they should have done.",
  },
  {
    key: "went_well",
    title: "What went well",
    help: "Moments where things worked: quick recognition, good hand-offs, expertise found in time, clear communication. Name the practice so others can repeat it.",
  },
  {
    key: "takeaways",
    title: "Key takeaways and themes",
    help:
      "Two to five themes a reader should carry away, each in a sentence or two. Themes connect this incident to how the organisation works; " +
      "they are not a list of fixes.",
  },
  {
    key: "follow_ups",
    title: "Follow-ups",
    help:
      "Recovery work (restore what was lost) and prevention work (change the conditions), each with an owner, a due date and a tracker link. " +
      "Prefer a few items people will do over many nobody owns.",
  },
  {
    key: "people",
    title: "People and expertise",
    help:
      "Who was involved and how they came to be: paged, mentioned, invited, or joined on their own; who knew the system and why. " +
      "This shows where knowledge lives, and who is pulled in again and again. It is not a list of who to thank or blame.",
  },
  {
    key: "references",
    title: "Resources and references",
    help: "Pull requests, commits, tickets, dashboards, pages and messages the review draws on. Collected from the timeline; remove the ones that do not help a reader.",
  },
  {
    key: "key_moments",
    title: "Key-moment timeline",
    help:
      "The moments that shaped the incident: detection, diagnosis, repair, decisions and other key moments, generated from the annotated timeline. " +
      "Tag events on the timeline to add them here; each line links back to its event.",
  },
];
