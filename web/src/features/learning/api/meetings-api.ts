import type { z } from "zod";
import type { DirectoryPerson } from "../../../../../src/core/people.js";
import type { ReviewMeeting, ScheduleMeetingBody } from "../../../../../src/core/learning.js";
import { apiFetch } from "../../../api/client";

/** An attendee as the scheduling form sends it: an account or a directory person. */
export type AttendeeRef = { userId: number } | { personId: number };

/** `POST /api/incidents/:id/meetings`. */
export async function scheduleMeeting(incidentId: number, body: z.input<typeof ScheduleMeetingBody>): Promise<ReviewMeeting> {
  return (await apiFetch<{ meeting: ReviewMeeting }>(`/incidents/${incidentId}/meetings`, { method: "POST", body })).meeting;
}

/** `PUT /api/meetings/:id/attendees`: the whole list. */
export async function setMeetingAttendees(meetingId: number, attendees: AttendeeRef[]): Promise<ReviewMeeting> {
  return (await apiFetch<{ meeting: ReviewMeeting }>(`/meetings/${meetingId}/attendees`, { method: "PUT", body: { attendees } })).meeting;
}

/** `POST /api/meetings/:id/transcript`: a WebVTT file's text. */
export function uploadMeetingTranscript(meetingId: number, body: { name: string; content: string }): Promise<{ meeting: ReviewMeeting; unmatched: string[] }> {
  return apiFetch<{ meeting: ReviewMeeting; unmatched: string[] }>(`/meetings/${meetingId}/transcript`, { method: "POST", body });
}

/** `GET /api/people?q=`: directory people to add as attendees. */
export async function searchPeople(q: string, signal?: AbortSignal): Promise<z.infer<typeof DirectoryPerson>[]> {
  return (await apiFetch<{ people: z.infer<typeof DirectoryPerson>[] }>(`/people?${new URLSearchParams({ q, limit: "20" }).toString()}`, { signal })).people;
}

/** `GET /api/analysts`: the accounts an analyst can pick. */
export async function fetchAnalystAccounts(signal?: AbortSignal): Promise<{ id: number; name: string }[]> {
  return (await apiFetch<{ analysts: { id: number; name: string }[] }>("/analysts", { signal })).analysts;
}
