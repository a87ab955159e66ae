/*
 * The built-in guide to running an interview, shown beside the prompts. Plain data with
 * no dependencies, so the web UI and the CLI import it as it is.
 */

/** The built-in guide to running the conversation, as titled sections of plain text. */
export const INTERVIEW_GUIDE: readonly { title: string; text: string }[] = [
  {
    title: "Before you start",
    text: "Say why you are talking: to understand how the incident looked from where they stood, not to find who was wrong. Say who will read your notes (you, and anyone you name) and that nothing they say leaves the notes unless they agree, quote by quote.",
  },
  {
    title: "Ask about recording",
    text: "Ask whether you may record. Note the answer as yes, no or off the record. Off the record means exactly that: keep no notes of what they say while it lasts, and never quote it, not even without their name.",
  },
  {
    title: "Let them tell it",
    text: "Open with a moment from their own timeline and let them walk through it in their own order. Stay quiet longer than feels natural; the detail comes after the pause. Your prompts are a net, not a script.",
  },
  {
    title: "Ask how, not why",
    text: "\"Why did you restart it?\" asks for a defence. \"What told you a restart would help?\" asks for what they saw. Ask what they were looking at, what they knew then, what they expected to happen next, which options they weighed, and what they made of the signals.",
  },
  {
    title: "When they say what they should have done",
    text: "People often answer with hindsight: \"I should have checked the dashboard\". Ask what they did check, and what made that the thing to look at then. Write down the situation as it was, not the lesson.",
  },
  {
    title: "Close",
    text: "Ask what surprised them, what made it hard, and what they would want a newcomer to know. Read back the passages you would like to quote and ask, for each, whether it may be used with their name, without it, or not at all. Record each answer on the quote.",
  },
];
