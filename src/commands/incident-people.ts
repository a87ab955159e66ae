import { type PeopleBreakdown, peopleBreakdown } from "../analysis/people-breakdown.js";
import type { Db } from "../db/dialect.js";
import { loadBreakdownInputs } from "../db/repositories/breakdown.js";

/** The people breakdown of one incident, or undefined when there is no such incident. */
export async function incidentPeople(db: Db, incidentId: number): Promise<PeopleBreakdown | undefined> {
  return (await incidentsPeople(db, [incidentId])).get(incidentId);
}

/**
 * The people breakdowns of many incidents, loaded together (a bounded number of
 * queries, not a round per incident); unknown ids are left out.
 */
export async function incidentsPeople(db: Db, incidentIds: readonly number[]): Promise<Map<number, PeopleBreakdown>> {
  const inputs = await loadBreakdownInputs(db, incidentIds);
  return new Map([...inputs].map(([id, input]) => [id, peopleBreakdown(input)]));
}
