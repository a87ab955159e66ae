import type { InterviewRecord, ReviewQuoteItem, SynthesisMomentItem } from "../../commands/interviews.js";
import type { InterviewConsent, InterviewStatus, QuoteConsent, SuggestionReason } from "../../core/interviews.js";
import type { Suggestion } from "../../analysis/interview-suggestions.js";
import type { StoredAnonymousLink } from "../../db/repositories/anonymous-input.js";
import type { StoredQuote } from "../../db/repositories/interviews.js";
import { iso } from "./incidents.js";

/**
 * An interview as JSON. The confidential fields are added only when the record carries
 * them, which the command layer allows for interviewers and named shares alone: this is
 * the only way an interview becomes JSON.
 */
export function presentInterview(record: InterviewRecord) {
  const p = record.planning;
  const base = {
    id: p.id,
    incidentId: p.incidentId,
    interviewee: { personId: p.personId, name: p.intervieweeName },
    interviewers: p.interviewers,
    scheduledAt: iso(p.scheduledAt),
    status: p.status as InterviewStatus,
    consent: p.consent as InterviewConsent | null,
    position: p.position,
    version: p.version,
    createdAt: iso(p.createdAt) as string,
    updatedAt: iso(p.updatedAt) as string,
  };
  const c = record.confidential;
  if (!c) return { ...base, access: "planning" as const };
  return {
    ...base,
    access: "full" as const,
    notes: c.notes,
    prompts: c.prompts,
    links: c.links,
    retentionUntil: iso(c.retentionUntil),
    transcript: c.transcript
      ? {
          name: c.transcript.name,
          format: c.transcript.format as "zoom" | "teams" | "vtt",
          uploadedAt: iso(c.transcript.uploadedAt) as string,
          speakers: [...new Set(c.transcript.cues.map((cue) => cue.speaker).filter((s): s is string => s !== null))],
          cues: c.transcript.cues,
        }
      : null,
    quotes: c.quotes.map(presentQuote),
    sharedWith: c.sharedWith,
  };
}

/** A quote as its interviewers see it. */
export function presentQuote(q: StoredQuote) {
  return { id: q.id, text: q.text, consent: q.consent as QuoteConsent, eventRef: q.eventRef, version: q.version, createdAt: iso(q.createdAt) as string, updatedAt: iso(q.updatedAt) as string };
}

/** A suggestion with its reasons and evidence. */
export function presentSuggestion(s: Suggestion & { interviewIds: number[] }) {
  return { person: s.person, reasons: s.reasons.map((r) => ({ code: r.code as SuggestionReason, text: r.text, evidence: r.evidence })), score: s.score, interviewIds: s.interviewIds };
}

/** A consented quote with its Markdown. */
export function presentReviewQuote(q: ReviewQuoteItem) {
  return q;
}

/** A key moment with its accounts. */
export function presentSynthesisMoment(m: SynthesisMomentItem) {
  return { ...m, at: iso(m.at), accounts: m.accounts.map((a) => ({ ...a, quotes: a.quotes.map((q) => ({ text: q.text, consent: q.consent as QuoteConsent })) })) };
}

/** A link for anonymous input, without its token. */
export function presentAnonymousLink(l: StoredAnonymousLink) {
  return { id: l.id, incidentId: l.incidentId, prefix: l.prefix, createdAt: iso(l.createdAt) as string, expiresAt: iso(l.expiresAt) as string, revokedAt: iso(l.revokedAt), inputs: l.inputs };
}
