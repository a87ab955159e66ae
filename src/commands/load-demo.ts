import type { Store } from "../db/connection.js";
import type { DemoResult } from "../demo/index.js";
import { importCatalog } from "./import-catalog.js";
import { importPagerduty } from "./import-pagerduty.js";
import { importPeople } from "./import-people.js";
import { importSlackExport } from "./import-slack-export.js";

/** Progress of one step of loading the demo. */
export type DemoLoadProgress = (step: string, done: number, total: number) => void;

/** What each import of the demo did. */
export interface DemoLoadSummary {
  people: Awaited<ReturnType<typeof importPeople>>;
  catalog: Awaited<ReturnType<typeof importCatalog>>;
  slack: Awaited<ReturnType<typeof importSlackExport>>;
  pagerduty: Awaited<ReturnType<typeof importPagerduty>>;
}

/**
 * Imports a generated demo company the way a team would bring in its own data: the HR
 * directory, the service catalog, the Slack export, then PagerDuty. Each import is its
 * own transaction and is idempotent, so loading the same demo twice adds nothing.
 */
export async function loadDemo(store: Store, demo: DemoResult, actor: string, onProgress?: DemoLoadProgress): Promise<DemoLoadSummary> {
  const people = await importPeople(store, { path: demo.peopleCsvPath, teamsPath: demo.teamHistoryCsvPath, actor });
  const catalog = await importCatalog(store, { paths: [demo.catalogPath], actor });
  const slack = await importSlackExport(store, {
    path: demo.exportPath,
    actor,
    onProgress: ({ done, total }) => onProgress?.("slack", done, total),
  });
  const pagerduty = await importPagerduty(store, {
    path: demo.pagerdutyDir,
    actor,
    onProgress: ({ done, total }) => onProgress?.("pagerduty", done, total),
  });
  return { people, catalog, slack, pagerduty };
}
