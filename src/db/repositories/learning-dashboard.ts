import { sql } from "kysely";
import type { Db } from "../dialect.js";

/*
 * The learning dashboard's reads: grouped in SQL (by month, by team, by entry) so a
 * store with hundreds of thousands of reads answers in a few aggregate queries, never
 * by loading reads one by one. No query here returns who read what.
 */

/** A library entry in the dashboard's range. */
export interface DashboardEntry {
  id: number;
  incidentId: number;
  title: string;
  month: string;
  publishedAt: number;
  teams: string[];
}

/** Current entries published in `[fromMonth, toMonth]`. */
export async function dashboardEntries(db: Db, fromMonth: string, toMonth: string): Promise<DashboardEntry[]> {
  const rows = await db
    .selectFrom("libraryEntries")
    .select(["id", "incidentId", "title", "publishedMonth", "publishedAt"])
    .where("superseded", "=", 0)
    .where("publishedMonth", ">=", fromMonth)
    .where("publishedMonth", "<=", toMonth)
    .orderBy("publishedAt")
    .execute();
  const teams = await db
    .selectFrom("libraryEntryTeams as t")
    .innerJoin("libraryEntries as e", "e.id", "t.entryId")
    .select(["t.entryId", "t.team"])
    .where("e.superseded", "=", 0)
    .where("e.publishedMonth", ">=", fromMonth)
    .where("e.publishedMonth", "<=", toMonth)
    .execute();
  const byEntry = new Map<number, string[]>();
  for (const t of teams) byEntry.set(t.entryId, [...(byEntry.get(t.entryId) ?? []), t.team]);
  return rows.map((r) => ({ id: r.id, incidentId: r.incidentId, title: r.title, month: r.publishedMonth, publishedAt: Number(r.publishedAt), teams: byEntry.get(r.id) ?? [] }));
}

/** Distinct readers and departments reached, per month of publication and per (team, month). */
export async function readerReach(db: Db, fromMonth: string, toMonth: string): Promise<{ months: Map<string, { readers: number; departments: number }>; teams: Map<string, { readers: number; departments: number }> }> {
  const months = new Map<string, { readers: number; departments: number }>();
  const teams = new Map<string, { readers: number; departments: number }>();
  // Reads carry their entry's month and the reader's department: one pass over an index, no join per read.
  const byMonth = await db
    .selectFrom("reviewReads as r")
    .select(["r.entryMonth as month", (eb) => eb.fn.count<number>("r.userId").distinct().as("readers"), (eb) => eb.fn.count<number>("r.department").distinct().as("departments")])
    .where("r.entryMonth", ">=", fromMonth)
    .where("r.entryMonth", "<=", toMonth)
    .groupBy("r.entryMonth")
    .execute();
  for (const row of byMonth) months.set(row.month, { readers: Number(row.readers), departments: Number(row.departments) });
  // From the rollup the beacon keeps (distinct team, month, reader, department): its primary key is already in order.
  const byTeam = await db
    .selectFrom("reviewTeamReaders as r")
    .select(["r.team", "r.month", (eb) => eb.fn.count<number>("r.userId").distinct().as("readers"), (eb) => eb.fn.count<number>(eb.fn("nullif", ["r.department", sql.lit("")])).distinct().as("departments")])
    .where("r.month", ">=", fromMonth)
    .where("r.month", "<=", toMonth)
    .groupBy(["r.team", "r.month"])
    .execute();
  for (const row of byTeam) teams.set(`${row.team}\u0000${row.month}`, { readers: Number(row.readers), departments: Number(row.departments) });
  return { months, teams };
}

/** Per entry: questions (not replies), a-ha marks, readers outside its authors within `windowMs` of publishing, and whether every known reader department is in `engineering`. */
export async function entryFacts(
  db: Db,
  fromMonth: string,
  toMonth: string,
  windowMs: number,
  engineering: readonly string[],
): Promise<Map<number, { questions: number; ahas: number; earlyOutsideReaders: number; knownDepartments: number; nonEngineeringDepartments: number }>> {
  const facts = new Map<number, { questions: number; ahas: number; earlyOutsideReaders: number; knownDepartments: number; nonEngineeringDepartments: number }>();
  const get = (id: number) => {
    let f = facts.get(id);
    if (!f) {
      f = { questions: 0, ahas: 0, earlyOutsideReaders: 0, knownDepartments: 0, nonEngineeringDepartments: 0 };
      facts.set(id, f);
    }
    return f;
  };
  const questions = await db
    .selectFrom("reviewQuestions as q")
    .innerJoin("libraryEntries as e", "e.id", "q.entryId")
    .select(["q.entryId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("q.parentId", "is", null)
    .where("e.publishedMonth", ">=", fromMonth)
    .where("e.publishedMonth", "<=", toMonth)
    .groupBy("q.entryId")
    .execute();
  for (const row of questions) get(row.entryId).questions = Number(row.n);
  const ahas = await db
    .selectFrom("reviewAhas as a")
    .innerJoin("libraryEntries as e", "e.id", "a.entryId")
    .select(["a.entryId", (eb) => eb.fn.countAll<number>().as("n")])
    .where("e.publishedMonth", ">=", fromMonth)
    .where("e.publishedMonth", "<=", toMonth)
    .groupBy("a.entryId")
    .execute();
  for (const row of ahas) get(row.entryId).ahas = Number(row.n);
  const early = await db
    .selectFrom("reviewReads as r")
    .innerJoin("libraryEntries as e", "e.id", "r.entryId")
    .select(["r.entryId", (eb) => eb.fn.count<number>("r.userId").distinct().as("n")])
    .where("e.superseded", "=", 0)
    .where("e.publishedMonth", ">=", fromMonth)
    .where("e.publishedMonth", "<=", toMonth)
    .where(sql<boolean>`r.started_at <= e.published_at + ${windowMs}`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("libraryEntryAuthors as la").select("la.entryId").whereRef("la.entryId", "=", "r.entryId").whereRef("la.userId", "=", "r.userId"))))
    .groupBy("r.entryId")
    .execute();
  for (const row of early) get(row.entryId).earlyOutsideReaders = Number(row.n);
  const engineeringList = engineering.length > 0 ? engineering : ["\u0000"];
  const departments = await db
    .selectFrom("reviewReads as r")
    .select([
      "r.entryId",
      (eb) => eb.fn.count<number>("r.department").distinct().as("known"),
      (eb) => eb.fn.count<number>(eb.case().when("r.department", "in", engineeringList).then(sql<string | null>`null`).else(eb.ref("r.department")).end()).distinct().as("nonEngineering"),
    ])
    .where("r.entryMonth", ">=", fromMonth)
    .where("r.entryMonth", "<=", toMonth)
    .groupBy("r.entryId")
    .execute();
  for (const row of departments) {
    const f = get(row.entryId);
    f.knownDepartments = Number(row.known);
    f.nonEngineeringDepartments = Number(row.nonEngineering);
  }
  return facts;
}

/** Incidents started in the range, with resolution time and the teams owning their services now. */
export async function dashboardIncidents(db: Db, fromAt: number, toAt: number): Promise<{ id: number; startedAt: number; resolvedAt: number | null; teams: string[] }[]> {
  const rows = await db
    .selectFrom("incidents")
    .select(["id", "startedAt", "resolvedAt", "createdAt"])
    .where((eb) => eb(eb.fn.coalesce("startedAt", "createdAt"), ">=", fromAt))
    .where((eb) => eb(eb.fn.coalesce("startedAt", "createdAt"), "<", toAt))
    .execute();
  const owners = await db
    .selectFrom("incidentServices as is")
    .innerJoin("serviceOwners as o", "o.serviceId", "is.serviceId")
    .innerJoin("teams as t", "t.id", "o.teamId")
    .select(["is.incidentId", "t.name", "t.displayName"])
    .where("o.toAt", "is", null)
    .execute();
  const teams = new Map<number, Set<string>>();
  for (const o of owners) teams.set(o.incidentId, (teams.get(o.incidentId) ?? new Set()).add(o.displayName ?? o.name));
  return rows.map((r) => ({ id: r.id, startedAt: Number(r.startedAt ?? r.createdAt), resolvedAt: r.resolvedAt === null ? null : Number(r.resolvedAt), teams: [...(teams.get(r.id) ?? [])] }));
}

/** Meetings scheduled in the range with attendee departments and spoken words. */
export async function dashboardMeetings(
  db: Db,
  fromAt: number,
  toAt: number,
): Promise<{ id: number; incidentId: number; title: string; scheduledAt: number; attendees: { key: string; department: string | null }[]; speakers: { name: string; words: number }[]; marks: { aha: number; question: number; followUp: number } }[]> {
  const meetings = await db.selectFrom("reviewMeetings").select(["id", "incidentId", "title", "scheduledAt"]).where("scheduledAt", ">=", fromAt).where("scheduledAt", "<", toAt).orderBy("scheduledAt").execute();
  if (meetings.length === 0) return [];
  const ids = meetings.map((m) => m.id);
  const attendees = await db
    .selectFrom("meetingAttendees as a")
    .leftJoin("users as u", "u.id", "a.userId")
    // Two joins by primary key (the attendee's person, else the account's), not one join on an OR, which no index serves.
    .leftJoin("people as pa", "pa.id", "a.personId")
    .leftJoin("people as pu", "pu.id", "u.personId")
    .select(["a.meetingId", "a.id", "a.userId", "a.personId", (eb) => eb.fn.coalesce("pa.department", "pu.department").as("department")])
    .where("a.meetingId", "in", ids)
    .execute();
  // A speaker matched to the directory is named as the meeting page names them.
  const speakers = await db
    .selectFrom("meetingSpeakers as s")
    .leftJoin("people as p", "p.id", "s.personId")
    .select(["s.meetingId", "s.speakerName", "p.name as personName", "s.words"])
    .where("s.meetingId", "in", ids)
    .execute();
  const marks = await db.selectFrom("meetingMarks").select(["meetingId", "kind", (eb) => eb.fn.countAll<number>().as("n")]).where("meetingId", "in", ids).groupBy(["meetingId", "kind"]).execute();
  const group = <T extends { meetingId: number }>(rows: readonly T[]) => {
    const byMeeting = new Map<number, T[]>();
    for (const row of rows) byMeeting.set(row.meetingId, [...(byMeeting.get(row.meetingId) ?? []), row]);
    return byMeeting;
  };
  const attendeesBy = group(attendees);
  const speakersBy = group(speakers);
  const marksBy = group(marks);
  return meetings.map((m) => {
    const own = marksBy.get(m.id) ?? [];
    const count = (kind: string) => Number(own.find((x) => x.kind === kind)?.n ?? 0);
    return {
      id: m.id,
      incidentId: m.incidentId,
      title: m.title,
      scheduledAt: Number(m.scheduledAt),
      attendees: (attendeesBy.get(m.id) ?? []).map((a) => ({ key: a.personId !== null ? `p${a.personId}` : a.userId !== null ? `u${a.userId}` : `a${a.id}`, department: a.department ?? null })),
      speakers: (speakersBy.get(m.id) ?? []).map((s) => ({ name: s.personName ?? s.speakerName, words: s.words })),
      marks: { aha: count("aha"), question: count("question"), followUp: count("follow_up") },
    };
  });
}

/** Stored settings, by key (JSON values). */
export async function loadSettings(db: Db): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom("learningSettings").select(["key", "value"]).execute();
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

/** Writes settings, one row per key. */
export async function saveSettings(trx: Db, values: Record<string, unknown>, now: number): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    await trx
      .insertInto("learningSettings")
      .values({ key, value: JSON.stringify(value), updatedAt: now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updatedAt: now }))
      .execute();
  }
}

/** What the analysis guide's last step needs: the incident's review meetings and how its current library entry is read. */
export async function loadLearningGuideFacts(db: Db, incidentId: number): Promise<{ meetings: number; attendees: number; entryId: number | null; outsideReaders: number; questions: number; ahas: number }> {
  const meetings = await db.selectFrom("reviewMeetings").select("id").where("incidentId", "=", incidentId).execute();
  const attendees = meetings.length === 0 ? 0 : Number((await db.selectFrom("meetingAttendees").where("meetingId", "in", meetings.map((m) => m.id)).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const entry = await db.selectFrom("libraryEntries").select("id").where("incidentId", "=", incidentId).where("superseded", "=", 0).executeTakeFirst();
  if (!entry) return { meetings: meetings.length, attendees, entryId: null, outsideReaders: 0, questions: 0, ahas: 0 };
  const readers = await db
    .selectFrom("reviewReads as r")
    .where("r.entryId", "=", entry.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("libraryEntryAuthors as a").select("a.entryId").whereRef("a.entryId", "=", "r.entryId").whereRef("a.userId", "=", "r.userId"))))
    .select((eb) => eb.fn.count<number>("r.userId").distinct().as("n"))
    .executeTakeFirstOrThrow();
  const questions = await db.selectFrom("reviewQuestions").where("entryId", "=", entry.id).where("parentId", "is", null).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const ahas = await db.selectFrom("reviewAhas").where("entryId", "=", entry.id).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { meetings: meetings.length, attendees, entryId: entry.id, outsideReaders: Number(readers.n), questions: Number(questions.n), ahas: Number(ahas.n) };
}

/** The latest month a current library entry was published in, or undefined for an empty library. */
export async function latestPublishedMonth(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom("libraryEntries").select((eb) => eb.fn.max("publishedMonth").as("month")).where("superseded", "=", 0).executeTakeFirst();
  return row?.month ?? undefined;
}

/** Rebuilds the per-team reader rollup from every read (what the migration's backfill does), for stores filled without the beacon. */
export async function rebuildTeamReaders(db: Db): Promise<void> {
  await db.deleteFrom("reviewTeamReaders").execute();
  await sql`insert into review_team_readers (team, month, user_id, department)
    select distinct t.team, r.entry_month, r.user_id, coalesce(r.department, '')
    from review_reads r join library_entry_teams t on t.entry_id = r.entry_id`.execute(db);
}

/** Distinct readers and departments per (team, month) counted from the raw reads, to check the rollup against. */
export async function recountTeamReach(db: Db): Promise<Map<string, { readers: number; departments: number }>> {
  const rows = await db
    .selectFrom("reviewReads as r")
    .innerJoin("libraryEntryTeams as t", "t.entryId", "r.entryId")
    .select(["t.team", "r.entryMonth as month", (eb) => eb.fn.count<number>("r.userId").distinct().as("readers"), (eb) => eb.fn.count<number>("r.department").distinct().as("departments")])
    .groupBy(["t.team", "r.entryMonth"])
    .execute();
  return new Map(rows.map((row) => [`${row.team}\u0000${row.month}`, { readers: Number(row.readers), departments: Number(row.departments) }]));
}
