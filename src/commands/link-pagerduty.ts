import { sql } from "kysely";
import type { Store } from "../db/connection.js";
import type { Db } from "../db/dialect.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findIncident, incidentChannelMessages } from "../db/repositories/incidents.js";
import { InputError } from "../core/errors.js";
import { matchPagerdutyServices } from "./match-services.js";

/** How PagerDuty incident numbers appear in chat: "PagerDuty #1208", "PD #1208", "PD-1208". */
const NUMBER_MENTION = /\b(?:pagerduty|pd)\s*(?:incident\s*)?[#-]\s?(\d{1,9})\b/gi;

/**
 * Links PagerDuty incidents to Debrief incidents whose channels mention them — by URL
 * (a `pagerduty_incident` reference) or by number ("PagerDuty #1208") — matches
 * PagerDuty services to catalog services, and records the services the linked
 * PagerDuty incidents were raised on as services involved.
 * Idempotent; runs inside the caller's transaction after any import that may connect
 * the two (Slack, PagerDuty). Returns how many links were added.
 */
export async function linkPagerdutyIncidents(trx: Db, now: number): Promise<number> {
  // Services first: a PagerDuty incident's service counts only once matched to the catalog.
  await matchPagerdutyServices(trx);
  const known = await trx.selectFrom("pagerdutyIncidents").select(["externalId", "number"]).execute();
  if (known.length === 0) return 0;
  const byExternalId = new Set(known.map((k) => k.externalId));
  const byNumber = new Map<number, string>();
  for (const k of known) if (k.number !== null) byNumber.set(k.number, k.externalId);

  const existing = await trx.selectFrom("incidentSources").select(["incidentId", "externalId"]).where("kind", "=", "pagerduty_incident").execute();
  const linked = new Set(existing.map((e) => `${e.incidentId}|${e.externalId}`));
  const found = new Map<number, Set<string>>();
  const add = (incidentId: number, externalId: string): void => {
    if (linked.has(`${incidentId}|${externalId}`)) return;
    const set = found.get(incidentId) ?? new Set<string>();
    set.add(externalId);
    found.set(incidentId, set);
  };

  const references = await incidentChannelMessages(trx)
    .innerJoin("messageReferences as r", "r.messageId", "m.id")
    .where("r.kind", "=", "pagerduty_incident")
    .select(["s.incidentId", "r.key"])
    .distinct()
    .execute();
  for (const reference of references) if (byExternalId.has(reference.key)) add(reference.incidentId, reference.key);

  const numbered = await incidentChannelMessages(trx)
    .where(sql<boolean>`(lower(m.text) like '%pagerduty%' or lower(m.text) like '%pd%')`)
    .select(["s.incidentId", "m.text", "m.attachments"])
    .execute();
  for (const row of numbered) {
    for (const text of [row.text, row.attachments ?? ""]) {
      for (const match of text.matchAll(NUMBER_MENTION)) {
        const externalId = byNumber.get(Number(match[1]));
        if (externalId) add(row.incidentId, externalId);
      }
    }
  }

  let added = 0;
  for (const [incidentId, externalIds] of found) {
    for (const externalId of externalIds) {
      await trx
        .insertInto("incidentSources")
        .values({ incidentId, kind: "pagerduty_incident", conversationId: null, externalId, fromAt: null, toAt: null })
        .execute();
      added += 1;
    }
  }
  await recordIncidentServices(trx);
  if (added > 0) await refreshIncidentTimes(trx, now);
  return added;
}

/**
 * Services of linked PagerDuty incidents become services the incident involved. The
 * link is derived, so one whose PagerDuty service no longer matches that catalog
 * service is removed: whichever import came last, the result is the same.
 */
export async function recordIncidentServices(trx: Db): Promise<void> {
  const derived = await trx
    .selectFrom("incidentSources as s")
    .innerJoin("pagerdutyIncidents as pi", "pi.externalId", "s.externalId")
    .innerJoin("pagerdutyServices as ps", "ps.externalId", "pi.serviceExternalId")
    .where("s.kind", "=", "pagerduty_incident")
    .where("ps.serviceId", "is not", null)
    .select(["s.incidentId", "ps.serviceId"])
    .execute();
  const keep = new Set(derived.map((row) => `${row.incidentId}|${row.serviceId}`));
  const stored = await trx.selectFrom("incidentServices").select(["incidentId", "serviceId"]).where("origin", "=", "pagerduty").execute();
  for (const row of stored) {
    if (keep.has(`${row.incidentId}|${row.serviceId}`)) continue;
    await trx.deleteFrom("incidentServices").where("incidentId", "=", row.incidentId).where("serviceId", "=", row.serviceId).where("origin", "=", "pagerduty").execute();
  }
  const rows = await trx
    .selectFrom("incidentSources as s")
    .innerJoin("pagerdutyIncidents as pi", "pi.externalId", "s.externalId")
    .innerJoin("pagerdutyServices as ps", "ps.externalId", "pi.serviceExternalId")
    .where("s.kind", "=", "pagerduty_incident")
    .where("ps.serviceId", "is not", null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("incidentServices as x").select("x.incidentId").whereRef("x.incidentId", "=", "s.incidentId").whereRef("x.serviceId", "=", "ps.serviceId"))),
    )
    .select(["s.incidentId", "ps.serviceId"])
    .distinct()
    .execute();
  for (const row of rows) {
    if (row.serviceId === null) continue;
    await trx.insertInto("incidentServices").values({ incidentId: row.incidentId, serviceId: row.serviceId, origin: "pagerduty" }).execute();
  }
}

/** An incident detected by PagerDuty started when PagerDuty triggered, if that was earlier; it resolved when PagerDuty says. */
async function refreshIncidentTimes(trx: Db, now: number): Promise<void> {
  const rows = await trx
    .selectFrom("incidentSources as s")
    .innerJoin("pagerdutyIncidents as pi", "pi.externalId", "s.externalId")
    .innerJoin("incidents as i", "i.id", "s.incidentId")
    .where("s.kind", "=", "pagerduty_incident")
    .select(["i.id", "i.startedAt", "i.detectedAt", "i.resolvedAt", "pi.createdAt", "pi.resolvedAt as pdResolvedAt"])
    .execute();
  for (const row of rows) {
    const startedAt = row.startedAt === null ? row.createdAt : Math.min(row.startedAt, row.createdAt);
    const detectedAt = row.detectedAt === null ? row.createdAt : Math.min(row.detectedAt, row.createdAt);
    const resolvedAt = row.resolvedAt ?? row.pdResolvedAt;
    if (startedAt === row.startedAt && detectedAt === row.detectedAt && resolvedAt === row.resolvedAt) continue;
    await trx.updateTable("incidents").set({ startedAt, detectedAt, resolvedAt, updatedAt: now }).where("id", "=", row.id).execute();
  }
}

/** `debrief incidents link <id> --pagerduty <PD id>`: links one PagerDuty incident by hand. */
export async function linkIncidentToPagerduty(store: Store, input: { incidentId: number; pagerdutyId: string; actor: string }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if (!(await findIncident(trx, input.incidentId))) throw new InputError(`no incident ${input.incidentId}`);
    const pd = await trx
      .selectFrom("pagerdutyIncidents")
      .select(["externalId"])
      .where((eb) => eb.or([eb("externalId", "=", input.pagerdutyId), eb("number", "=", Number.isInteger(Number(input.pagerdutyId)) ? Number(input.pagerdutyId) : -1)]))
      .executeTakeFirst();
    if (!pd) throw new InputError(`no PagerDuty incident ${JSON.stringify(input.pagerdutyId)} has been imported (import or sync PagerDuty first)`);
    const already = await trx
      .selectFrom("incidentSources")
      .select("id")
      .where("incidentId", "=", input.incidentId)
      .where("kind", "=", "pagerduty_incident")
      .where("externalId", "=", pd.externalId)
      .executeTakeFirst();
    if (already) return false;
    const now = Date.now();
    await trx.insertInto("incidentSources").values({ incidentId: input.incidentId, kind: "pagerduty_incident", conversationId: null, externalId: pd.externalId, fromAt: null, toAt: null }).execute();
    await recordIncidentServices(trx);
    await refreshIncidentTimes(trx, now);
    await recordAudit(trx, { actor: input.actor, action: "incident.link_pagerduty", subjectType: "incident", subjectId: input.incidentId, details: { pagerduty: pd.externalId } }, now);
    return true;
  });
}
