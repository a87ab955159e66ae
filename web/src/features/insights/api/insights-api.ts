import { apiFetch } from "../../../api/client";
import type { ChaosRow, DriftRow, FatigueProfile, FatigueRow, ServiceRow, SiloRow, SiloServiceRow } from "../../../../../src/core/insights.js";

export type { ChaosRow, DriftRow, FatigueProfile, FatigueRow, InsightEvidence, InsightIncidentRef, ServiceRow, SiloRow, SiloServiceRow } from "../../../../../src/core/insights.js";

/** The filters every insight page takes. */
export interface InsightFilters {
  from: string;
  to: string;
  team: string;
}

/** Every insight's answer, by kind. */
export interface InsightAnswers {
  silos: { team: string | null; rows: SiloRow[]; services: SiloServiceRow[] };
  fatigue: { team: string | null; rows: FatigueRow[]; profiles: FatigueProfile[] };
  drift: { team: string | null; rows: DriftRow[] };
  services: { team: string | null; rows: ServiceRow[] };
  chaos: { team: string | null; rows: ChaosRow[] };
}

export type InsightKind = keyof InsightAnswers;

/** `GET /api/insights/:kind`. */
export function fetchInsight<K extends InsightKind>(kind: K, filters: InsightFilters, signal?: AbortSignal): Promise<InsightAnswers[K]> {
  return apiFetch<InsightAnswers[K]>(`/insights/${kind}`, { query: { from: filters.from, to: filters.to, team: filters.team }, signal });
}
