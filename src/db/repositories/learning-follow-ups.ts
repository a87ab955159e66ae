import { CLOSED_FOLLOW_UP_STATUSES } from "../../core/follow-ups.js";
import type { Db } from "../dialect.js";

/*
 * Follow-ups as the learning dashboard counts them: overdue ones by their owner's
 * current team, and done ones by the month of their last change.
 */

/** A team as the dashboard names it (display name first), with its id for links. */
export interface DashboardTeam {
  id: number;
  name: string;
}

/** A follow-up, reduced to what the dashboard counts, with its owner's current teams. */
export interface CountedFollowUp {
  id: number;
  updatedAt: number;
  teams: DashboardTeam[];
}

async function ownerTeams(db: Db, personIds: readonly number[]): Promise<Map<number, DashboardTeam[]>> {
  const teams = new Map<number, DashboardTeam[]>();
  const ids = [...new Set(personIds)];
  // Chunked: a large installation can have thousands of owners, and stores cap bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("teamMemberships as m")
      .innerJoin("teams as t", "t.id", "m.teamId")
      .select(["m.personId", "t.id", "t.name", "t.displayName"])
      .where("m.personId", "in", ids.slice(i, i + 500))
      .where("m.toAt", "is", null)
      .execute();
    for (const row of rows) teams.set(row.personId, [...(teams.get(row.personId) ?? []), { id: row.id, name: row.displayName ?? row.name }]);
  }
  return teams;
}

async function withOwnerTeams(db: Db, rows: { id: number; ownerPersonId: number | null; updatedAt: number }[]): Promise<CountedFollowUp[]> {
  const teams = await ownerTeams(db, rows.flatMap((r) => (r.ownerPersonId === null ? [] : [r.ownerPersonId])));
  return rows.map((r) => ({ id: r.id, updatedAt: Number(r.updatedAt), teams: r.ownerPersonId === null ? [] : (teams.get(r.ownerPersonId) ?? []) }));
}

/** Follow-ups due before `today` (`YYYY-MM-DD`, UTC) and neither done nor won't do. */
export async function overdueFollowUps(db: Db, today: string): Promise<CountedFollowUp[]> {
  const rows = await db
    .selectFrom("followUps")
    .select(["id", "ownerPersonId", "updatedAt"])
    .where("dueDate", "<", today)
    .where("status", "not in", CLOSED_FOLLOW_UP_STATUSES)
    .orderBy("id")
    .execute();
  return withOwnerTeams(db, rows);
}

/** Done follow-ups whose last change falls in `[fromAt, toAt)`. */
export async function doneFollowUps(db: Db, fromAt: number, toAt: number): Promise<CountedFollowUp[]> {
  const rows = await db.selectFrom("followUps").select(["id", "ownerPersonId", "updatedAt"]).where("status", "=", "done").where("updatedAt", ">=", fromAt).where("updatedAt", "<", toAt).orderBy("id").execute();
  return withOwnerTeams(db, rows);
}
