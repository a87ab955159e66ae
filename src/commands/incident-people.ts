import { type PeopleBreakdown, peopleBreakdown } from "../analysis/people-breakdown.js";
import type { Db } from "../db/dialect.js";
import { loadBreakdownInput } from "../db/repositories/breakdown.js";

/** The people breakdown of one incident, or undefined when there is no such incident. */
export async function incidentPeople(db: Db, incidentId: number): Promise<PeopleBreakdown | undefined> {
  const input = await loadBreakdownInput(db, incidentId);
  return input ? peopleBreakdown(input) : undefined;
}
