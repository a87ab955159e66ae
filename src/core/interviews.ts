/*
 * Interviews: the shapes the API speaks and the web UI reads (types via z.infer; the
 * terms and rules are in interview-terms.ts). Confidential fields (notes, prompts,
 * note links, the transcript, quotes without consent) are optional in every shape: the
 * server fills them only for the interview's interviewers and the accounts they shared
 * it with, so a response schema can never carry them by accident for anyone else.
 */
import { z } from "zod";
import { INTERVIEW_CONSENTS, INTERVIEW_STATUSES, QUOTE_CONSENTS, SHAREABLE_QUOTE_CONSENTS, SUGGESTION_REASONS } from "./interview-terms.js";

export {
  INTERVIEW_CONSENTS,
  INTERVIEW_STATUSES,
  type InterviewConsent,
  type InterviewStatus,
  KEY_MOMENT_TAGS,
  QUOTE_CONSENTS,
  type QuoteConsent,
  readsInFull,
  quoteMarkdown,
  SHAREABLE_QUOTE_CONSENTS,
  SUGGESTION_REASONS,
  type SuggestionReason,
} from "./interview-terms.js";

/** A timeline event reference as the timeline gives it: `message:12`, `page:3`, `cue:4:0`. */
export const EventRef = z
  .string()
  .regex(/^(?:(?:message|page):\d{1,15}|cue:\d{1,15}:\d{1,15})$/, "an event reference like message:12, page:3 or cue:4:0")
  .describe("a timeline event: message:<id>, page:<id> or cue:<transcript>:<position>");

const isoTime = z.string().meta({ format: "date-time" });
const UserRef = z.object({ id: z.number().int(), name: z.string() });

/** What a figure of a suggestion rests on: a timeline event, an annotation, a team membership or an on-call shift. */
export const Evidence = z.object({
  kind: z.enum(["event", "annotation", "membership", "shift"]),
  /** For `event`, an {@link EventRef}; otherwise the row's numeric id as text. */
  id: z.string(),
});

/** One reason to talk to someone. */
export const SuggestionReasonItem = z.object({
  code: z.enum(SUGGESTION_REASONS),
  text: z.string().describe("the reason, in a sentence"),
  evidence: z.array(Evidence),
});

/** Someone worth interviewing, with why. */
export const InterviewSuggestion = z
  .object({
    person: z.object({ id: z.number().int(), name: z.string() }),
    reasons: z.array(SuggestionReasonItem).min(1),
    /** Higher first; only the order matters. */
    score: z.number(),
    /** Interviews already planned or held with them on this incident. */
    interviewIds: z.array(z.number().int()),
  })
  .meta({ id: "InterviewSuggestion" });

/** A question for the conversation, drawn from a moment of the interviewee's own timeline when it has one. */
export const InterviewPrompt = z.object({
  text: z.string().min(1).max(2000),
  eventRef: EventRef.nullable().describe("the moment it is about, or null for a general prompt"),
});

/** A note linking part of the interview to a timeline event ("she means this message"). */
export const NoteLink = z.object({
  eventRef: EventRef,
  note: z.string().max(5000).describe("what the interview says about that event"),
});

/** One cue of an uploaded recording transcript. */
export const InterviewCue = z.object({
  startMs: z.number().int(),
  endMs: z.number().int(),
  speaker: z.string().nullable(),
  text: z.string(),
});

/** The uploaded transcript of the conversation, shown as a timeline of its own. */
export const InterviewTranscript = z.object({
  name: z.string(),
  format: z.enum(["zoom", "teams", "vtt"]),
  uploadedAt: isoTime,
  speakers: z.array(z.string()),
  cues: z.array(InterviewCue),
});

/** A passage the interviewee said, with what they agreed for it. */
export const Quote = z
  .object({
    id: z.number().int(),
    text: z.string(),
    consent: z.enum(QUOTE_CONSENTS),
    eventRef: EventRef.nullable().describe("the moment it speaks to, if any"),
    version: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Quote" });

/**
 * An interview. `access` says what the caller sees: `full` (an interviewer, or an
 * account an interviewer shared it with) or `planning` (who, when, status only).
 */
export const Interview = z
  .object({
    id: z.number().int(),
    incidentId: z.number().int(),
    interviewee: z.object({ personId: z.number().int().nullable(), name: z.string() }),
    interviewers: z.array(UserRef),
    scheduledAt: isoTime.nullable(),
    status: z.enum(INTERVIEW_STATUSES),
    consent: z.enum(INTERVIEW_CONSENTS).nullable().describe("null: not asked yet"),
    position: z.number().int().describe("the analyst's order of interviews"),
    version: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
    access: z.enum(["full", "planning"]),
    /** Only with full access. */
    notes: z.string().optional().describe("Markdown; only for the interviewers and accounts they shared it with"),
    prompts: z.array(InterviewPrompt).optional(),
    links: z.array(NoteLink).optional(),
    retentionUntil: isoTime.nullable().optional().describe("the transcript is deleted after this"),
    transcript: InterviewTranscript.nullable().optional(),
    quotes: z.array(Quote).optional(),
    sharedWith: z.array(UserRef).optional(),
  })
  .meta({ id: "Interview" });

/** `POST /api/incidents/:id/interviews`: give a person, or a name for someone with no record. */
export const CreateInterviewBody = z.strictObject({
  personId: z.number().int().positive().max(2_147_483_647).optional().describe("a person Debrief knows"),
  intervieweeName: z.string().trim().min(1).max(200).optional().describe("the name, for someone Debrief has no record of (or to override)"),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
  notes: z.string().max(200_000).optional().describe("Markdown; confidential to the interviewers"),
});

/** `PATCH /api/interviews/:id`: any of these, with the version the edit is based on. */
export const UpdateInterviewBody = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647).describe("the version the change is based on"),
  intervieweeName: z.string().trim().min(1).max(200).optional(),
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
  status: z.enum(INTERVIEW_STATUSES).optional(),
  consent: z.enum(INTERVIEW_CONSENTS).nullable().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  notes: z.string().max(200_000).optional(),
  prompts: z.array(InterviewPrompt).max(100).optional(),
  links: z.array(NoteLink).max(500).optional(),
  retentionUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  interviewerIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(20).optional().describe("analyst or admin accounts; at least one"),
});

/** A consented quote ready for the review. */
export const ReviewQuote = z
  .object({
    id: z.number().int(),
    text: z.string(),
    consent: z.enum(SHAREABLE_QUOTE_CONSENTS),
    /** The interviewee's name when attributed; null when anonymous. */
    attribution: z.string().nullable(),
    eventRef: EventRef.nullable(),
    markdown: z.string().describe("a Markdown block quote, attributed or anonymous as consented"),
  })
  .meta({ id: "ReviewQuote" });

/** What one account (an interview, or the anonymous input) says about a key moment. */
export const SynthesisAccount = z.object({
  /** The interview, when the caller may know which one; null for anonymous material. */
  interviewId: z.number().int().nullable(),
  source: z.string().describe("the interviewee's name, or \"anonymous\""),
  notes: z.array(z.string()).describe("linked notes: only from interviews the caller may read in full"),
  quotes: z.array(z.object({ text: z.string(), consent: z.enum(QUOTE_CONSENTS) })),
});

/** A key moment with every account of it. */
export const SynthesisMoment = z.object({
  annotationId: z.number().int(),
  eventRef: EventRef,
  tags: z.array(z.string()),
  note: z.string(),
  quote: z.string().nullable(),
  at: isoTime.nullable(),
  accounts: z.array(SynthesisAccount),
});

/** An anonymous input as the analyst reads it: no account, no address, no browser. */
export const AnonymousInput = z
  .object({
    id: z.number().int(),
    madeItHard: z.string(),
    surprised: z.string(),
    othersShouldKnow: z.string(),
    receivedOn: z.string().describe("the day it arrived (YYYY-MM-DD): the time of day is not kept"),
  })
  .meta({ id: "AnonymousInput" });

/** A link for anonymous input, as listed (the token itself is shown once, at creation). */
export const AnonymousLink = z
  .object({
    id: z.number().int(),
    incidentId: z.number().int(),
    prefix: z.string().describe("the token's first characters, to tell links apart"),
    createdAt: isoTime,
    expiresAt: isoTime,
    revokedAt: isoTime.nullable(),
    inputs: z.number().int(),
  })
  .meta({ id: "AnonymousLink" });

/** `POST /api/anonymous/inputs`: what someone who was there writes, without signing in. */
export const AnonymousInputBody = z.strictObject({
  token: z.string().min(20).max(100).describe("the token from the link (after #)"),
  madeItHard: z.string().max(10_000).optional(),
  surprised: z.string().max(10_000).optional(),
  othersShouldKnow: z.string().max(10_000).optional(),
});

/** Types for the web UI. */
export type InterviewView = z.infer<typeof Interview>;
export type QuoteView = z.infer<typeof Quote>;
export type InterviewSuggestionView = z.infer<typeof InterviewSuggestion>;
export type InterviewPromptView = z.infer<typeof InterviewPrompt>;
export type NoteLinkView = z.infer<typeof NoteLink>;
export type ReviewQuoteView = z.infer<typeof ReviewQuote>;
export type SynthesisMomentView = z.infer<typeof SynthesisMoment>;
export type AnonymousInputView = z.infer<typeof AnonymousInput>;
export type AnonymousLinkView = z.infer<typeof AnonymousLink>;
export type UpdateInterviewRequest = z.infer<typeof UpdateInterviewBody>;
export type CreateInterviewRequest = z.infer<typeof CreateInterviewBody>;

