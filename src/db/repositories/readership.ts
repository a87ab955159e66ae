import type { ReadReport } from "../../core/learning.js";
import type { Db } from "../dialect.js";

/**
 * Records reports of reading visits: a visit's first report inserts its row, later ones
 * raise the visible time and add sections reached (a report never lowers them, so
 * beacons that arrive out of order do no harm). Reports for entries that do not exist
 * are skipped; returns how many were stored.
 */
export async function recordReads(trx: Db, userId: number, reports: readonly ReadReport[], entryOf: (entryId: number) => { keys: Set<string>; month: string } | undefined, now: number): Promise<number> {
  let stored = 0;
  const reader = await trx.selectFrom("users as u").leftJoin("people as p", "p.id", "u.personId").select("p.department").where("u.id", "=", userId).executeTakeFirst();
  for (const report of reports) {
    const entry = entryOf(report.entryId);
    if (!entry) continue;
    const keys = entry.keys;
    const reached = report.sectionsReached.filter((k) => keys.has(k));
    const existing = await trx.selectFrom("reviewReads").select(["id", "entryId", "visibleMs", "sections"]).where("userId", "=", userId).where("visitId", "=", report.visitId).executeTakeFirst();
    if (existing) {
      // A visit id belongs to one entry: a report naming another is ignored.
      if (existing.entryId !== report.entryId) continue;
      const sections = [...new Set([...(JSON.parse(existing.sections) as string[]), ...reached])];
      await trx
        .updateTable("reviewReads")
        .set({ visibleMs: Math.max(existing.visibleMs, report.visibleMs), sections: JSON.stringify(sections), sectionsReached: sections.length, updatedAt: now })
        .where("id", "=", existing.id)
        .execute();
    } else {
      const sections = [...new Set(reached)];
      await trx
        .insertInto("reviewReads")
        .values({ entryId: report.entryId, userId, visitId: report.visitId, startedAt: now, updatedAt: now, visibleMs: report.visibleMs, sections: JSON.stringify(sections), sectionsReached: sections.length, entryMonth: entry.month, department: reader?.department ?? null })
        .execute();
      // The dashboard's per-team reader rollup, in the same transaction as the read.
      const teams = await trx.selectFrom("libraryEntryTeams").select("team").where("entryId", "=", report.entryId).execute();
      if (teams.length > 0) {
        await trx
          .insertInto("reviewTeamReaders")
          .values(teams.map((t) => ({ team: t.team, month: entry.month, userId, department: reader?.department ?? "" })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    stored += 1;
  }
  return stored;
}

/** One reader of an entry, all visits together: never leaves the server with the user id. */
export interface ReaderSummary {
  userId: number;
  firstReadAt: number;
  visibleMs: number;
  sections: Set<string>;
  department: string | null;
  teams: string[];
}

/** The readers of an entry with their directory department and current teams. */
export async function readersOfEntry(db: Db, entryId: number): Promise<ReaderSummary[]> {
  const rows = await db
    .selectFrom("reviewReads as r")
    .innerJoin("users as u", "u.id", "r.userId")
    .leftJoin("people as p", "p.id", "u.personId")
    .select(["r.userId", "r.startedAt", "r.visibleMs", "r.sections", "p.department", "u.personId"])
    .where("r.entryId", "=", entryId)
    .execute();
  const readers = new Map<number, ReaderSummary & { personId: number | null }>();
  for (const row of rows) {
    let reader = readers.get(row.userId);
    if (!reader) {
      reader = { userId: row.userId, firstReadAt: Number(row.startedAt), visibleMs: 0, sections: new Set(), department: row.department, teams: [], personId: row.personId };
      readers.set(row.userId, reader);
    }
    reader.firstReadAt = Math.min(reader.firstReadAt, Number(row.startedAt));
    reader.visibleMs += row.visibleMs;
    for (const key of JSON.parse(row.sections) as string[]) reader.sections.add(key);
  }
  const personIds = [...new Set([...readers.values()].map((r) => r.personId).filter((id): id is number => id !== null))];
  if (personIds.length > 0) {
    const teams = await currentTeams(db, personIds);
    for (const reader of readers.values()) if (reader.personId !== null) reader.teams = teams.get(reader.personId) ?? [];
  }
  return [...readers.values()].map(({ personId: _personId, ...reader }) => reader);
}

/** Current team names of people, from the directory's team history. */
export async function currentTeams(db: Db, personIds: readonly number[]): Promise<Map<number, string[]>> {
  const teams = new Map<number, string[]>();
  for (let at = 0; at < personIds.length; at += 500) {
    const rows = await db
      .selectFrom("teamMemberships as m")
      .innerJoin("teams as t", "t.id", "m.teamId")
      .select(["m.personId", "t.name"])
      .where("m.personId", "in", personIds.slice(at, at + 500))
      .where("m.toAt", "is", null)
      .execute();
    for (const row of rows) teams.set(row.personId, [...(teams.get(row.personId) ?? []), row.name]);
  }
  return teams;
}

/** The caller's own reading history: the only per-person reading data the product shows. */
export async function readingHistoryOf(db: Db, userId: number): Promise<{ entryId: number; title: string; firstReadAt: number; visibleMs: number; sectionsReached: number }[]> {
  const rows = await db
    .selectFrom("reviewReads as r")
    .innerJoin("libraryEntries as e", "e.id", "r.entryId")
    .select(["r.entryId", "e.title", (eb) => eb.fn.min("r.startedAt").as("firstReadAt"), (eb) => eb.fn.sum<number>("r.visibleMs").as("visibleMs"), (eb) => eb.fn.max("r.sectionsReached").as("sectionsReached")])
    .where("r.userId", "=", userId)
    .groupBy(["r.entryId", "e.title"])
    .orderBy("firstReadAt", "desc")
    .execute();
  return rows.map((row) => ({ entryId: row.entryId, title: row.title, firstReadAt: Number(row.firstReadAt), visibleMs: Number(row.visibleMs), sectionsReached: Number(row.sectionsReached) }));
}
