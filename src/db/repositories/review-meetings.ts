import type { Db } from "../dialect.js";

/** A meeting as stored. */
export interface StoredMeeting {
  id: number;
  incidentId: number;
  title: string;
  scheduledAt: number;
  transcriptName: string | null;
  surveyQuestions: string[] | null;
  surveyOpen: boolean;
}

/** An attendee, with the directory department when known. */
export interface StoredAttendee {
  id: number;
  userId: number | null;
  personId: number | null;
  name: string;
  department: string | null;
}

/** One meeting. */
export async function findMeeting(db: Db, id: number): Promise<StoredMeeting | undefined> {
  const row = await db.selectFrom("reviewMeetings").select(["id", "incidentId", "title", "scheduledAt", "transcriptName", "surveyQuestions", "surveyOpen"]).where("id", "=", id).executeTakeFirst();
  return row ? { ...row, scheduledAt: Number(row.scheduledAt), surveyQuestions: row.surveyQuestions === null ? null : (JSON.parse(row.surveyQuestions) as string[]), surveyOpen: row.surveyOpen === 1 } : undefined;
}

/** An incident's meetings, by time. */
export async function meetingIdsOfIncident(db: Db, incidentId: number): Promise<number[]> {
  return (await db.selectFrom("reviewMeetings").select("id").where("incidentId", "=", incidentId).orderBy("scheduledAt").orderBy("id").execute()).map((r) => r.id);
}

/** Attendees, with the department of their directory person (through the account when there is one). */
export async function attendeesOf(db: Db, meetingId: number): Promise<StoredAttendee[]> {
  const rows = await db
    .selectFrom("meetingAttendees as a")
    .leftJoin("users as u", "u.id", "a.userId")
    // Two joins by primary key (the attendee's person, else the account's), not one join on an OR, which no index serves.
    .leftJoin("people as pa", "pa.id", "a.personId")
    .leftJoin("people as pu", "pu.id", "u.personId")
    .select(["a.id", "a.userId", "a.personId", "a.name", (eb) => eb.fn.coalesce("pa.department", "pu.department").as("department")])
    .where("a.meetingId", "=", meetingId)
    .orderBy("a.id")
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.userId, personId: r.personId, name: r.name, department: r.department ?? null }));
}

/** Speakers and their words, with directory departments. */
export async function speakersOf(db: Db, meetingId: number): Promise<{ name: string; personId: number | null; department: string | null; words: number }[]> {
  const rows = await db
    .selectFrom("meetingSpeakers as s")
    .leftJoin("people as p", "p.id", "s.personId")
    .select(["s.speakerName", "s.personId", "s.words", "p.department", "p.name as personName"])
    .where("s.meetingId", "=", meetingId)
    .orderBy("s.words", "desc")
    .execute();
  return rows.map((r) => ({ name: r.personName ?? r.speakerName, personId: r.personId, department: r.department ?? null, words: r.words }));
}

/** Marks made during a meeting, by time. */
export async function marksOf(db: Db, meetingId: number): Promise<{ id: number; kind: string; text: string; at: number }[]> {
  return (await db.selectFrom("meetingMarks").select(["id", "kind", "text", "at"]).where("meetingId", "=", meetingId).orderBy("at").orderBy("id").execute()).map((r) => ({ ...r, at: Number(r.at) }));
}

/** Survey answers (anonymous: no author, no time). */
export async function surveyAnswersOf(db: Db, meetingId: number): Promise<(number | null)[][]> {
  return (await db.selectFrom("surveyAnswers").select("answers").where("meetingId", "=", meetingId).execute()).map((r) => JSON.parse(r.answers) as (number | null)[]);
}
