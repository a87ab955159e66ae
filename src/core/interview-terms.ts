/*
 * The interview step's terms and rules, free of dependencies so the web UI can import
 * them at run time (src/core/interviews.ts holds the zod shapes, for types only there).
 */

/** Where an interview stands. */
export const INTERVIEW_STATUSES = ["planned", "done", "declined"] as const;
/** Whether the interviewee agreed to be recorded; null (not asked yet) is never shown as "no". */
export const INTERVIEW_CONSENTS = ["yes", "no", "off_record"] as const;
/**
 * What the interviewee agreed for one quote: `pending` (not asked yet) and `declined`
 * stay confidential; `anonymous` and `attributed` may go into the review.
 */
export const QUOTE_CONSENTS = ["pending", "declined", "anonymous", "attributed"] as const;
/** Quote consents that let a quote leave the interview. */
export const SHAREABLE_QUOTE_CONSENTS = ["anonymous", "attributed"] as const;

/** Annotation tags that mark a key moment in the synthesis view. */
export const KEY_MOMENT_TAGS = ["key_moment", "decision", "detection", "diagnosis", "repair"] as const;

/** Why someone is worth talking to; each reason names the events behind it. */
export const SUGGESTION_REASONS = [
  "first_responder",
  "pulled_in",
  "former_owner",
  "tagged_moments",
  "paged_often",
  "paged_at_night",
  "new_joiner",
  "may_feel_blamed",
  "observer",
] as const;

/** One interview status. */
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
/** One recording consent. */
export type InterviewConsent = (typeof INTERVIEW_CONSENTS)[number];
/** One quote consent. */
export type QuoteConsent = (typeof QUOTE_CONSENTS)[number];
/** One suggestion reason. */
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];

/**
 * The confidentiality rule, one definition for the policy layer and the store: an
 * interview's notes, prompts, links, transcript and unconsented quotes are read only by
 * its interviewers and by accounts an interviewer shared it with by name. Roles do not
 * enter into it: an admin is not an interviewer.
 */
export function readsInFull(userId: number, interview: { interviewerIds: readonly number[]; sharedWithIds: readonly number[] }): boolean {
  return interview.interviewerIds.includes(userId) || interview.sharedWithIds.includes(userId);
}

/** A consented quote as a Markdown block quote: attributed by name, or anonymous. */
export function quoteMarkdown(text: string, attribution: string | null): string {
  const body = text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim() === "" ? ">" : `> ${line}`))
    .join("\n");
  return `${body}\n>\n> — ${attribution ?? "a participant, quoted anonymously"}`;
}
