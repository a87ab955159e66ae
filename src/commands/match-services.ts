import type { Db } from "../db/dialect.js";
import { matchableServices, pagerdutyServiceLinks, setPagerdutyServiceLink } from "../db/repositories/catalog.js";

/** What {@link matchPagerdutyServices} found. */
export interface PagerdutyServiceMatches {
  /** PagerDuty services now linked to a catalog service. */
  matched: number;
  /** External ids of the PagerDuty services left without one, sorted. */
  unmatched: string[];
}

/**
 * Links every PagerDuty service to its catalog service: the component or system whose
 * `pagerduty.com/service-id` annotation is its id, else the one whose name equals its
 * name ignoring case. Two candidates are never guessed between. The link is derived
 * data, so a service that no longer matches is unlinked; rows already right are not
 * written. Called after catalog and PagerDuty imports, in their transaction.
 */
export async function matchPagerdutyServices(trx: Db): Promise<PagerdutyServiceMatches> {
  const services = await matchableServices(trx);
  const byAnnotation = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, id: number): void => {
    const ids = map.get(key) ?? [];
    ids.push(id);
    map.set(key, ids);
  };
  for (const service of services) {
    if (service.pagerdutyServiceId) add(byAnnotation, service.pagerdutyServiceId.trim(), service.id);
    add(byName, service.name.trim().toLowerCase(), service.id);
  }
  const only = (ids: number[] | undefined): number | null => (ids?.length === 1 ? (ids[0] as number) : null);
  let matched = 0;
  const unmatched: string[] = [];
  for (const pd of await pagerdutyServiceLinks(trx)) {
    const serviceId = only(byAnnotation.get(pd.externalId)) ?? only(byName.get(pd.name.trim().toLowerCase()));
    if (serviceId === null) unmatched.push(pd.externalId);
    else matched += 1;
    if (pd.serviceId !== serviceId) await setPagerdutyServiceLink(trx, pd.id, serviceId);
  }
  return { matched, unmatched: unmatched.sort() };
}
