import { randomBytes } from "node:crypto";
import { countWords, round } from "../analysis/learning.js";
import { DEFAULT_SURVEY_QUESTIONS, type ReviewMeeting } from "../core/learning.js";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findIncident } from "../db/repositories/incidents.js";
import { attendeesOf, findMeeting as findStoredMeeting, marksOf, meetingIdsOfIncident, type StoredMeeting, speakersOf, surveyAnswersOf } from "../db/repositories/review-meetings.js";
import { loadPeopleNames } from "../db/repositories/transcripts.js";
import { ImportError } from "../importers/import-error.js";
import { matchSpeakers } from "../importers/transcripts/speaker-match.js";
import { parseWebVtt } from "../importers/transcripts/webvtt.js";
import { InputError } from "./create-incident.js";

/** An attendee given by account or by directory person. */
export type AttendeeRef = { userId: number } | { personId: number };

async function resolveAttendees(db: Db, refs: readonly AttendeeRef[]): Promise<{ userId: number | null; personId: number | null; name: string }[]> {
  const out: { userId: number | null; personId: number | null; name: string }[] = [];
  const seen = new Set<string>();
  for (const [i, ref] of refs.entries()) {
    if ("userId" in ref) {
      const user = await db.selectFrom("users").select(["id", "name", "personId"]).where("id", "=", ref.userId).executeTakeFirst();
      if (!user) throw new InputError(`attendees.${i}.userId: no account ${ref.userId}`);
      const key = user.personId === null ? `u${user.id}` : `p${user.personId}`;
      if (!seen.has(key)) out.push({ userId: user.id, personId: user.personId, name: user.name });
      seen.add(key);
    } else {
      const person = await db.selectFrom("people").select(["id", "name"]).where("id", "=", ref.personId).executeTakeFirst();
      if (!person) throw new InputError(`attendees.${i}.personId: no person ${ref.personId} in the directory`);
      const key = `p${person.id}`;
      if (!seen.has(key)) out.push({ userId: null, personId: person.id, name: person.name });
      seen.add(key);
    }
  }
  return out;
}

/** Schedules a review meeting for an incident, with the people invited or present. */
export async function scheduleMeeting(store: Store, input: { incidentId: number; title: string; scheduledAt: number; attendees: readonly AttendeeRef[]; createdBy: number; actor: string }): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await findIncident(trx, input.incidentId))) throw new InputError(`no incident ${input.incidentId}`);
    const attendees = await resolveAttendees(trx, input.attendees);
    const now = Date.now();
    const { id } = await trx
      .insertInto("reviewMeetings")
      .values({ incidentId: input.incidentId, title: input.title, scheduledAt: input.scheduledAt, transcriptName: null, createdBy: input.createdBy, createdAt: now, surveyQuestions: null, surveyOpen: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (attendees.length > 0) await trx.insertInto("meetingAttendees").values(attendees.map((a) => ({ meetingId: id, ...a }))).execute();
    await recordAudit(trx, { actor: input.actor, action: "meeting.schedule", subjectType: "meeting", subjectId: id, details: { incidentId: input.incidentId, attendees: attendees.length } }, now);
    return id;
  });
}

/** Replaces a meeting's attendees (who actually came). */
export async function setAttendees(store: Store, input: { meetingId: number; attendees: readonly AttendeeRef[]; actor: string }): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const attendees = await resolveAttendees(trx, input.attendees);
    await trx.deleteFrom("meetingAttendees").where("meetingId", "=", input.meetingId).execute();
    if (attendees.length > 0) await trx.insertInto("meetingAttendees").values(attendees.map((a) => ({ meetingId: input.meetingId, ...a }))).execute();
    await recordAudit(trx, { actor: input.actor, action: "meeting.attendees", subjectType: "meeting", subjectId: input.meetingId, details: { attendees: attendees.length } });
  });
}

/**
 * Reads the meeting's WebVTT transcript (Zoom or Teams) and stores the words each
 * speaker said, matched to directory people the way incident transcripts are. Matched
 * speakers who are not on the attendee list are added to it: they were there. Replaces
 * an earlier transcript of the same meeting. Bad input names the file and the line.
 */
export async function importMeetingTranscript(store: Store, input: { meetingId: number; name: string; content: string; actor: string }): Promise<{ speakers: number; words: number; unmatched: string[] }> {
  let parsed: ReturnType<typeof parseWebVtt>;
  try {
    parsed = parseWebVtt(input.content, input.name);
  } catch (error) {
    if (error instanceof ImportError) throw new InputError(error.message);
    throw error;
  }
  const words = new Map<string, number>();
  for (const cue of parsed.cues) if (cue.speaker !== null) words.set(cue.speaker, (words.get(cue.speaker) ?? 0) + countWords(cue.text));
  if (words.size === 0) throw new InputError(`${input.name}: no cue names its speaker, so speaking shares cannot be measured`);
  return store.db.transaction().execute(async (trx) => {
    const directory = await loadPeopleNames(trx);
    const matches = matchSpeakers([...words.keys()], directory);
    await trx.deleteFrom("meetingSpeakers").where("meetingId", "=", input.meetingId).execute();
    await trx.insertInto("meetingSpeakers").values(matches.map((m) => ({ meetingId: input.meetingId, speakerName: m.name, personId: m.personId, words: words.get(m.name) ?? 0 }))).execute();
    const present = new Set((await attendeesOf(trx, input.meetingId)).flatMap((a) => (a.personId === null ? [] : [a.personId])));
    const people = new Map(directory.people.map((p) => [p.id, p.name]));
    const joined = matches.flatMap((m) => (m.personId !== null && !present.has(m.personId) ? [m.personId] : []));
    for (const personId of new Set(joined)) await trx.insertInto("meetingAttendees").values({ meetingId: input.meetingId, userId: null, personId, name: people.get(personId) ?? "unknown" }).execute();
    await trx.updateTable("reviewMeetings").set({ transcriptName: input.name }).where("id", "=", input.meetingId).execute();
    const total = [...words.values()].reduce((a, b) => a + b, 0);
    const unmatched = matches.filter((m) => m.personId === null).map((m) => m.name);
    await recordAudit(trx, { actor: input.actor, action: "meeting.transcript", subjectType: "meeting", subjectId: input.meetingId, details: { name: input.name, speakers: matches.length, words: total, unmatched: unmatched.length } });
    return { speakers: matches.length, words: total, unmatched };
  });
}

/** Marks an a-ha moment, a question or a follow-up (the parking lot) during the meeting. */
export async function addMeetingMark(store: Store, input: { meetingId: number; kind: "aha" | "question" | "follow_up"; text: string; userId: number; actor: string }): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const now = Date.now();
    const { id } = await trx.insertInto("meetingMarks").values({ meetingId: input.meetingId, kind: input.kind, text: input.text, authorUserId: input.userId, at: now }).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: input.actor, action: "meeting.mark", subjectType: "meeting", subjectId: input.meetingId, details: { markId: id, kind: input.kind } }, now);
    return id;
  });
}

/** Opens (or closes) the meeting's anonymous survey; the questions are fixed once opened. */
export async function setSurveyOpen(store: Store, input: { meeting: StoredMeeting; open: boolean; actor: string }): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const questions = input.meeting.surveyQuestions ?? [...DEFAULT_SURVEY_QUESTIONS];
    await trx.updateTable("reviewMeetings").set({ surveyOpen: input.open ? 1 : 0, surveyQuestions: JSON.stringify(questions) }).where("id", "=", input.meeting.id).execute();
    await recordAudit(trx, { actor: input.actor, action: input.open ? "meeting.survey_open" : "meeting.survey_close", subjectType: "meeting", subjectId: input.meeting.id });
  });
}

/** Whether the account is on the meeting's attendee list (itself or its directory person). */
export async function isAttendee(store: Store, meetingId: number, userId: number): Promise<boolean> {
  const user = await store.db.selectFrom("users").select(["id", "personId"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return false;
  return (await attendeesOf(store.db, meetingId)).some((a) => a.userId === user.id || (user.personId !== null && a.personId === user.personId));
}

/**
 * Stores one attendee's survey answers, anonymously: that the account answered is kept
 * (so nobody answers twice) apart from what was answered, with nothing linking the two.
 * The audit trail records that the account answered, never what.
 */
export async function answerSurvey(store: Store, input: { meeting: StoredMeeting; userId: number; answers: (number | null)[]; actor: string }): Promise<void> {
  if (!input.meeting.surveyOpen || !input.meeting.surveyQuestions) throw new InputError("the survey of this meeting is not open");
  if (input.answers.length !== input.meeting.surveyQuestions.length) throw new InputError(`answers: give ${input.meeting.surveyQuestions.length} answers (null to skip one)`);
  await store.db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto("surveyRespondents").values({ meetingId: input.meeting.id, userId: input.userId }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new InputError("you have already answered this survey");
    await trx.insertInto("surveyAnswers").values({ meetingId: input.meeting.id, token: randomBytes(12).toString("base64url"), answers: JSON.stringify(input.answers) }).execute();
    await recordAudit(trx, { actor: input.actor, action: "meeting.survey_answered", subjectType: "meeting", subjectId: input.meeting.id });
  });
}

/** Everything the meeting page shows. */
export async function meetingDetails(store: Store, meeting: StoredMeeting): Promise<ReviewMeeting> {
  const attendees = await attendeesOf(store.db, meeting.id);
  const speakers = await speakersOf(store.db, meeting.id);
  const total = speakers.reduce((a, s) => a + s.words, 0);
  const byDepartment = new Map<string, number>();
  for (const s of speakers) byDepartment.set(s.department ?? "not in the directory", (byDepartment.get(s.department ?? "not in the directory") ?? 0) + s.words);
  const answers = meeting.surveyQuestions ? await surveyAnswersOf(store.db, meeting.id) : [];
  const marks = await marksOf(store.db, meeting.id);
  return {
    id: meeting.id,
    incidentId: meeting.incidentId,
    title: meeting.title,
    scheduledAt: new Date(meeting.scheduledAt).toISOString(),
    attendees: attendees.map((a) => ({ name: a.name, department: a.department, userId: a.userId, personId: a.personId })),
    transcript: meeting.transcriptName ? { name: meeting.transcriptName, words: total } : null,
    speakers: speakers.map((s) => ({ name: s.name, department: s.department, words: s.words, share: total === 0 ? 0 : round(s.words / total, 3) })),
    speakingByDepartment: [...byDepartment.entries()].sort((a, b) => b[1] - a[1]).map(([department, words]) => ({ department, words, share: total === 0 ? 0 : round(words / total, 3) })),
    marks: marks.map((m) => ({ id: m.id, kind: m.kind as "aha" | "question" | "follow_up", text: m.text, at: new Date(m.at).toISOString() })),
    survey: meeting.surveyQuestions
      ? {
          open: meeting.surveyOpen,
          questions: meeting.surveyQuestions,
          // Averages appear only from 3 responses: fewer could be read back to a person.
          responses: answers.length,
          averages: meeting.surveyQuestions.map((_, i) => {
            const values = answers.map((a) => a[i]).filter((v): v is number => typeof v === "number");
            return answers.length < 3 || values.length === 0 ? null : round(values.reduce((x, y) => x + y, 0) / values.length, 2);
          }),
        }
      : null,
  };
}

/** One meeting, or undefined. */
export async function findMeeting(store: Store, id: number): Promise<StoredMeeting | undefined> {
  return findStoredMeeting(store.db, id);
}

/** An incident's meetings, in time order. */
export async function meetingsOfIncident(store: Store, incidentId: number): Promise<StoredMeeting[]> {
  const ids = await meetingIdsOfIncident(store.db, incidentId);
  const meetings: StoredMeeting[] = [];
  for (const id of ids) {
    const meeting = await findStoredMeeting(store.db, id);
    if (meeting) meetings.push(meeting);
  }
  return meetings;
}

/** Whether the account already answered the meeting's survey. */
export async function hasAnswered(store: Store, meetingId: number, userId: number): Promise<boolean> {
  return (await store.db.selectFrom("surveyRespondents").select("userId").where("meetingId", "=", meetingId).where("userId", "=", userId).executeTakeFirst()) !== undefined;
}
