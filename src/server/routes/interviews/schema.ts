import { z } from "zod";
import {
  AnonymousInput,
  AnonymousInputBody,
  AnonymousLink,
  CreateInterviewBody,
  EventRef,
  Interview,
  InterviewSuggestion,
  QUOTE_CONSENTS,
  Quote,
  ReviewQuote,
  SynthesisMoment,
  UpdateInterviewBody,
} from "../../../core/interviews.js";
import { errorResponses, IdParams, idNumber, idText, MAX_ID, NoContent } from "../common-schema.js";

const tags = ["interviews"];
const Version = z.number().int().min(1).max(MAX_ID).describe("the version the change is based on");

/** `GET /api/incidents/:id/interview-suggestions`. */
export const suggestionsSchema = {
  summary: "Whom to interview and why, with the evidence behind each reason",
  tags,
  params: IdParams,
  response: { 200: z.object({ suggestions: z.array(InterviewSuggestion) }), ...errorResponses },
};

/** `GET /api/incidents/:id/interviews`. */
export const listInterviewsSchema = {
  summary: "An incident's interviews the caller may see (planning fields; notes only from GET /api/interviews/:id)",
  tags,
  params: IdParams,
  response: { 200: z.object({ interviews: z.array(Interview) }), ...errorResponses },
};

/** `POST /api/incidents/:id/interviews`. */
export const createInterviewSchema = {
  summary: "Plan an interview; the caller becomes its interviewer and prompts are drawn from the interviewee's moments",
  tags,
  params: IdParams,
  body: CreateInterviewBody,
  response: { 201: z.object({ interview: Interview }), ...errorResponses },
};

/** `GET /api/interviews/:id`. */
export const getInterviewSchema = {
  summary: "One interview: notes, prompts, transcript and quotes only for its interviewers and accounts they shared it with (audited)",
  tags,
  params: IdParams,
  response: { 200: z.object({ interview: Interview }), ...errorResponses },
};

/** `409` for interviews. */
export const InterviewConflict = z.object({ error: z.literal("conflict"), current: Interview });

/** `PATCH /api/interviews/:id`. */
export const updateInterviewSchema = {
  summary: "Edit an interview (its interviewers only); 409 with the current one when version is stale",
  tags,
  params: IdParams,
  body: UpdateInterviewBody,
  response: { 200: z.object({ interview: Interview }), 409: InterviewConflict, ...errorResponses },
};

/** `POST /api/interviews/:id/shares`. */
export const shareInterviewSchema = {
  summary: "Share an interview with one named account (audited)",
  tags,
  params: IdParams,
  body: z.strictObject({ userId: idNumber.describe("the account to share with") }),
  response: { 200: z.object({ interview: Interview }), ...errorResponses },
};

/** `DELETE /api/interviews/:id/shares/:userId`. */
export const unshareInterviewSchema = {
  summary: "End a share",
  tags,
  params: z.strictObject({ id: idText, userId: idText }),
  response: { 204: NoContent, ...errorResponses },
};

/** `PUT /api/interviews/:id/transcript`. */
export const putTranscriptSchema = {
  summary: "Upload the conversation's WebVTT transcript (Zoom or Teams), replacing any",
  tags,
  params: IdParams,
  body: z.strictObject({
    name: z.string().trim().min(1).max(200).describe("the file's name, for error messages"),
    content: z.string().min(1).max(900_000).describe("the WebVTT text"),
  }),
  response: { 200: z.object({ interview: Interview }), ...errorResponses },
};

/** `DELETE /api/interviews/:id/transcript`. */
export const deleteTranscriptSchema = { summary: "Delete the transcript now", tags, params: IdParams, response: { 204: NoContent, ...errorResponses } };

/** `POST /api/interviews/:id/quotes`. */
export const createQuoteSchema = {
  summary: "Record a quote with the consent given for it",
  tags,
  params: IdParams,
  body: z.strictObject({ text: z.string().min(1).max(10_000), consent: z.enum(QUOTE_CONSENTS), eventRef: EventRef.nullable().optional() }),
  response: { 201: z.object({ quote: Quote }), ...errorResponses },
};

/** `409` for quotes. */
export const QuoteConflict = z.object({ error: z.literal("conflict"), current: Quote });

/** `PATCH /api/quotes/:id`. */
export const updateQuoteSchema = {
  summary: "Edit a quote or its consent; 409 when version is stale",
  tags,
  params: IdParams,
  body: z.strictObject({ version: Version, text: z.string().min(1).max(10_000).optional(), consent: z.enum(QUOTE_CONSENTS).optional(), eventRef: EventRef.nullable().optional() }),
  response: { 200: z.object({ quote: Quote }), 409: QuoteConflict, ...errorResponses },
};

/** `DELETE /api/quotes/:id`. */
export const deleteQuoteSchema = { summary: "Delete a quote", tags, params: IdParams, response: { 204: NoContent, ...errorResponses } };

/** `GET /api/incidents/:id/review-quotes`. */
export const reviewQuotesSchema = {
  summary: "Quotes the interviewees agreed to share, each as ready Markdown (attributed or anonymous as consented)",
  tags,
  params: IdParams,
  response: { 200: z.object({ quotes: z.array(ReviewQuote) }), ...errorResponses },
};

/** `GET /api/incidents/:id/interview-synthesis`. */
export const synthesisSchema = {
  summary: "For each key moment, what each interview says about it, side by side",
  tags,
  params: IdParams,
  response: { 200: z.object({ moments: z.array(SynthesisMoment) }), ...errorResponses },
};

/** `POST /api/incidents/:id/anonymous-links`. */
export const createLinkSchema = {
  summary: "Open a link for anonymous input; the token is shown only in this answer",
  tags,
  params: IdParams,
  body: z.strictObject({ expiresInDays: z.number().int().min(1).max(90).optional().describe("default 14") }),
  response: { 201: z.object({ link: AnonymousLink, token: z.string(), path: z.string().describe("the page to hand out: /anonymous#<token>") }), ...errorResponses },
};

/** `GET /api/incidents/:id/anonymous-links`. */
export const listLinksSchema = { summary: "An incident's anonymous-input links", tags, params: IdParams, response: { 200: z.object({ links: z.array(AnonymousLink) }), ...errorResponses } };

/** `DELETE /api/anonymous-links/:id`. */
export const revokeLinkSchema = { summary: "Revoke a link at once", tags, params: IdParams, response: { 204: NoContent, ...errorResponses } };

/** `GET /api/incidents/:id/anonymous-inputs`. */
export const listInputsSchema = { summary: "What arrived through the incident's anonymous links", tags, params: IdParams, response: { 200: z.object({ inputs: z.array(AnonymousInput) }), ...errorResponses } };

/** `POST /api/anonymous-inputs/:id/quotes`. */
export const quoteInputSchema = {
  summary: "Quote a passage of an anonymous input (always anonymous)",
  tags,
  params: IdParams,
  body: z.strictObject({ text: z.string().min(1).max(10_000).describe("a passage of the input, as written"), eventRef: EventRef.nullable().optional() }),
  response: { 201: z.object({ quote: Quote }), ...errorResponses },
};

/** `POST /api/anonymous/link`. */
export const describeLinkSchema = {
  summary: "What the anonymous page shows about a link (no sign-in; the token travels in the body, never in a URL)",
  tags,
  security: [],
  body: z.strictObject({ token: z.string().min(20).max(100) }),
  response: { 200: z.object({ incidentTitle: z.string(), expiresAt: z.string() }), ...errorResponses },
};

/** `POST /api/anonymous/inputs`. */
export const submitInputSchema = {
  summary: "Send anonymous input (no sign-in; nothing identifying is stored; limited per link and hour)",
  tags,
  security: [],
  body: AnonymousInputBody,
  response: { 201: z.object({ stored: z.literal(true) }), ...errorResponses },
};
