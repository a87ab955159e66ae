import { apiFetch } from "../../../api/client";
import type {
  AnonymousInputView,
  AnonymousLinkView,
  CreateInterviewRequest,
  InterviewSuggestionView,
  InterviewView,
  QuoteView,
  ReviewQuoteView,
  SynthesisMomentView,
  UpdateInterviewRequest,
} from "../../../../../src/core/interviews";

/** `GET /api/incidents/:id/interview-suggestions`. */
export async function fetchSuggestions(incidentId: number, signal?: AbortSignal): Promise<InterviewSuggestionView[]> {
  return (await apiFetch<{ suggestions: InterviewSuggestionView[] }>(`/incidents/${incidentId}/interview-suggestions`, { signal })).suggestions;
}

/** `GET /api/incidents/:id/interviews`: planning fields of what the caller may see. */
export async function fetchInterviews(incidentId: number, signal?: AbortSignal): Promise<InterviewView[]> {
  return (await apiFetch<{ interviews: InterviewView[] }>(`/incidents/${incidentId}/interviews`, { signal })).interviews;
}

/** `GET /api/interviews/:id`: notes and the rest only for its interviewers. */
export async function fetchInterview(id: number, signal?: AbortSignal): Promise<InterviewView> {
  return (await apiFetch<{ interview: InterviewView }>(`/interviews/${id}`, { signal })).interview;
}

/** `POST /api/incidents/:id/interviews`. */
export async function createInterview(incidentId: number, body: CreateInterviewRequest): Promise<InterviewView> {
  return (await apiFetch<{ interview: InterviewView }>(`/incidents/${incidentId}/interviews`, { method: "POST", body })).interview;
}

/** `PATCH /api/interviews/:id` (409 on a stale version). */
export async function updateInterview(id: number, body: UpdateInterviewRequest): Promise<InterviewView> {
  return (await apiFetch<{ interview: InterviewView }>(`/interviews/${id}`, { method: "PATCH", body })).interview;
}

/** `PUT /api/interviews/:id/transcript`. */
export async function uploadTranscript(id: number, name: string, content: string): Promise<InterviewView> {
  return (await apiFetch<{ interview: InterviewView }>(`/interviews/${id}/transcript`, { method: "PUT", body: { name, content } })).interview;
}

/** `POST /api/interviews/:id/quotes`. */
export async function createQuote(id: number, body: { text: string; consent: QuoteView["consent"]; eventRef: string | null }): Promise<QuoteView> {
  return (await apiFetch<{ quote: QuoteView }>(`/interviews/${id}/quotes`, { method: "POST", body })).quote;
}

/** `PATCH /api/quotes/:id`. */
export async function updateQuote(id: number, body: { version: number; consent?: QuoteView["consent"]; text?: string }): Promise<QuoteView> {
  return (await apiFetch<{ quote: QuoteView }>(`/quotes/${id}`, { method: "PATCH", body })).quote;
}

/** `GET /api/incidents/:id/review-quotes`. */
export async function fetchReviewQuotes(incidentId: number, signal?: AbortSignal): Promise<ReviewQuoteView[]> {
  return (await apiFetch<{ quotes: ReviewQuoteView[] }>(`/incidents/${incidentId}/review-quotes`, { signal })).quotes;
}

/** `GET /api/incidents/:id/interview-synthesis`. */
export async function fetchSynthesis(incidentId: number, signal?: AbortSignal): Promise<SynthesisMomentView[]> {
  return (await apiFetch<{ moments: SynthesisMomentView[] }>(`/incidents/${incidentId}/interview-synthesis`, { signal })).moments;
}

/** `GET /api/incidents/:id/anonymous-links`. */
export async function fetchLinks(incidentId: number, signal?: AbortSignal): Promise<AnonymousLinkView[]> {
  return (await apiFetch<{ links: AnonymousLinkView[] }>(`/incidents/${incidentId}/anonymous-links`, { signal })).links;
}

/** `POST /api/incidents/:id/anonymous-links`: the token is in this answer only. */
export function createLink(incidentId: number, expiresInDays: number): Promise<{ link: AnonymousLinkView; token: string; path: string }> {
  return apiFetch(`/incidents/${incidentId}/anonymous-links`, { method: "POST", body: { expiresInDays } });
}

/** `DELETE /api/anonymous-links/:id`. */
export function revokeLink(id: number): Promise<void> {
  return apiFetch(`/anonymous-links/${id}`, { method: "DELETE" });
}

/** `GET /api/incidents/:id/anonymous-inputs`. */
export async function fetchInputs(incidentId: number, signal?: AbortSignal): Promise<AnonymousInputView[]> {
  return (await apiFetch<{ inputs: AnonymousInputView[] }>(`/incidents/${incidentId}/anonymous-inputs`, { signal })).inputs;
}

/** `POST /api/anonymous-inputs/:id/quotes`. */
export async function quoteInput(id: number, text: string): Promise<QuoteView> {
  return (await apiFetch<{ quote: QuoteView }>(`/anonymous-inputs/${id}/quotes`, { method: "POST", body: { text } })).quote;
}

/**
 * The anonymous page's two calls. They never send cookies (`credentials: "omit"`), so
 * a signed-in browser does not tie the answer to an account, and the token travels in
 * the body, never in a URL.
 */
export async function anonymousRequest<T>(path: "/anonymous/link" | "/anonymous/inputs", body: Record<string, string>): Promise<T> {
  const response = await fetch(`/api${path}`, { method: "POST", credentials: "omit", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  const parsed = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok) throw new Error(parsed?.error ?? `the request failed (${response.status})`);
  return parsed as T;
}
