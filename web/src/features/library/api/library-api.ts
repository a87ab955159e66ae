import type { z } from "zod";
import type {
  AhaBody,
  AskQuestionBody,
  LearningDashboard,
  LibraryList,
  LibraryQuery,
  ReaderPage,
  ReactionBody,
  Readership,
  ReviewMeeting,
} from "../../../../../src/core/learning.js";
import { apiFetch, csrfToken } from "../../../api/client";

/** Library filters as the page keeps them (every field optional). */
export type LibraryFilters = Partial<Omit<LibraryQuery, "limit">>;

/** `GET /api/library`. */
export function fetchLibrary(filters: LibraryFilters, signal?: AbortSignal): Promise<LibraryList> {
  return apiFetch<LibraryList>("/library", { query: { ...filters }, signal });
}

/** `GET /api/library/:id`. */
export function fetchReaderPage(entryId: number, signal?: AbortSignal): Promise<ReaderPage> {
  return apiFetch<ReaderPage>(`/library/${entryId}`, { signal });
}

/** `POST /api/library/:id/questions`. */
export function askQuestion(entryId: number, body: z.input<typeof AskQuestionBody>): Promise<{ id: number }> {
  return apiFetch<{ id: number }>(`/library/${entryId}/questions`, { method: "POST", body });
}

/** `POST /api/library/:id/ahas`. */
export function markAha(entryId: number, body: z.input<typeof AhaBody>): Promise<{ id: number }> {
  return apiFetch<{ id: number }>(`/library/${entryId}/ahas`, { method: "POST", body });
}

/** `POST /api/library/:id/reactions`. */
export function toggleReaction(entryId: number, body: z.input<typeof ReactionBody>): Promise<{ on: boolean }> {
  return apiFetch<{ on: boolean }>(`/library/${entryId}/reactions`, { method: "POST", body });
}

/** `GET /api/library/:id/readership`. */
export function fetchReadership(entryId: number, signal?: AbortSignal): Promise<Readership> {
  return apiFetch<Readership>(`/library/${entryId}/readership`, { signal });
}

/** `GET /api/learning/dashboard`. */
export function fetchDashboard(range: { from?: string; to?: string }, signal?: AbortSignal): Promise<LearningDashboard> {
  return apiFetch<LearningDashboard>("/learning/dashboard", { query: range, signal });
}

/** `GET /api/meetings/:id`. */
export async function fetchMeeting(meetingId: number, signal?: AbortSignal): Promise<ReviewMeeting> {
  return (await apiFetch<{ meeting: ReviewMeeting }>(`/meetings/${meetingId}`, { signal })).meeting;
}

/** `GET /api/incidents/:id/meetings`. */
export async function fetchIncidentMeetings(incidentId: number, signal?: AbortSignal): Promise<ReviewMeeting[]> {
  return (await apiFetch<{ meetings: ReviewMeeting[] }>(`/incidents/${incidentId}/meetings`, { signal })).meetings;
}

/** `POST /api/meetings/:id/marks`. */
export function addMeetingMark(meetingId: number, body: { kind: "aha" | "question" | "follow_up"; text: string }): Promise<{ id: number }> {
  return apiFetch<{ id: number }>(`/meetings/${meetingId}/marks`, { method: "POST", body });
}

/** One visit's reading so far, as the beacon reports it. */
export interface ReadReportBody {
  entryId: number;
  visitId: string;
  visibleMs: number;
  sectionsReached: string[];
}

/**
 * Sends reading reports without holding up the page: `navigator.sendBeacon` (it
 * survives the page closing, and cannot set headers, so the CSRF token travels in the
 * body), or a keep-alive `fetch` where there is no beacon.
 */
export function sendReadBeacon(reports: readonly ReadReportBody[]): void {
  if (reports.length === 0) return;
  const body = JSON.stringify({ csrf: csrfToken() ?? undefined, reports });
  if (typeof navigator.sendBeacon === "function" && navigator.sendBeacon("/api/reads", new Blob([body], { type: "text/plain;charset=UTF-8" }))) return;
  void fetch("/api/reads", { method: "POST", body, keepalive: true, credentials: "same-origin", headers: { "content-type": "text/plain;charset=UTF-8" } }).catch(() => undefined);
}
