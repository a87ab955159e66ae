import type { Db } from "../db/dialect.js";
import { findIncident } from "../db/repositories/incidents.js";
import type { Incident } from "../db/schema.js";

/** One incident for a policy check (its id and status), or undefined. */
export function findIncidentForRead(db: Db, id: number): Promise<Incident | undefined> {
  return findIncident(db, id);
}
