import { InputError } from "../core/errors.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { deleteIncidentSource, findChannelsByName, findIncident, findIncidentService, findIncidentSource, firstMessageAt, listServices, listSlackChannels, putIncidentChannelSource } from "../db/repositories/incidents.js";
import { recordIncidentServices } from "./link-pagerduty.js";

export { linkIncidentToPagerduty } from "./link-pagerduty.js";

/** An imported Slack channel as the incident pages offer it. */
export type ImportedChannelRow = Awaited<ReturnType<typeof listSlackChannels>>[number];

/** Every imported Slack channel, with the incidents already built on it. */
export async function importedChannels(store: Store): Promise<ImportedChannelRow[]> {
  return listSlackChannels(store.db);
}

/** Input for {@link addChannelSource}. */
export interface AddChannelSourceInput {
  incidentId: number;
  /** An imported Slack channel, with or without `#`. */
  channel: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  actor: string;
}

/**
 * Makes an imported Slack channel a source of an incident, within an optional window;
 * a channel that already is one gets the new window. An incident without a start time
 * takes the channel's first message in the window. Audited; returns whether the channel
 * was new to the incident. Throws {@link InputError} for an unknown incident or channel.
 */
export async function addChannelSource(store: Store, input: AddChannelSourceInput): Promise<boolean> {
  const fromAt = parseTime(input.from, "from");
  const toAt = parseTime(input.to, "to");
  if (fromAt !== null && toAt !== null && toAt < fromAt) throw new InputError("to is before from");
  return store.db.transaction().execute(async (trx) => {
    const incident = await findIncident(trx, input.incidentId);
    if (!incident) throw new InputError(`no incident ${input.incidentId}`);
    const found = await findChannelsByName(trx, input.channel);
    if (found.length === 0) throw new InputError(`no imported Slack channel is named ${JSON.stringify(input.channel)}`);
    if (found.length > 1) throw new InputError(`${found.length} imported channels are named ${JSON.stringify(input.channel)}`);
    const channel = found[0] as { id: number; name: string };
    const added = await putIncidentChannelSource(trx, { incidentId: input.incidentId, conversationId: channel.id, fromAt, toAt });
    const now = Date.now();
    if (incident.startedAt === null) {
      const first = fromAt ?? (await firstMessageAt(trx, channel.id, fromAt, toAt));
      if (first !== null) await trx.updateTable("incidents").set({ startedAt: first, updatedAt: now }).where("id", "=", incident.id).execute();
    } else {
      await trx.updateTable("incidents").set({ updatedAt: now }).where("id", "=", incident.id).execute();
    }
    await recordAudit(
      trx,
      { actor: input.actor, action: "incident.source_add", subjectType: "incident", subjectId: incident.id, details: { channel: channel.name, from: input.from ?? null, to: input.to ?? null, added } },
      now,
    );
    return added;
  });
}

/**
 * Removes a source (a Slack channel or a linked PagerDuty incident) from an incident;
 * the services derived from a PagerDuty link go with it. Audited. Returns false when the
 * incident has no such source.
 */
export async function removeIncidentSource(store: Store, input: { incidentId: number; sourceId: number; actor: string }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const source = await findIncidentSource(trx, input.incidentId, input.sourceId);
    if (!source) return false;
    await deleteIncidentSource(trx, source.id);
    if (source.kind === "pagerduty_incident") await recordIncidentServices(trx);
    const now = Date.now();
    await trx.updateTable("incidents").set({ updatedAt: now }).where("id", "=", input.incidentId).execute();
    await recordAudit(
      trx,
      {
        actor: input.actor,
        action: source.kind === "pagerduty_incident" ? "incident.unlink_pagerduty" : "incident.source_remove",
        subjectType: "incident",
        subjectId: input.incidentId,
        details: { kind: source.kind, channel: source.channel ?? null, pagerduty: source.kind === "pagerduty_incident" ? source.externalId : null },
      },
      now,
    );
    return true;
  });
}

function parseTime(value: string | null | undefined, field: string): number | null {
  if (value === undefined || value === null) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InputError(`${field} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return ms;
}

/** The catalog's services, to choose those an incident involved. */
export async function catalogServices(store: Store): Promise<{ id: number; name: string; kind: string }[]> {
  return listServices(store.db);
}

/**
 * Records by hand that an incident involved a catalog service (one it already records
 * stays as it is). Audited. Throws {@link InputError} for an unknown incident or service.
 */
export async function addIncidentService(store: Store, input: { incidentId: number; serviceId: number; actor: string }): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    if (!(await findIncident(trx, input.incidentId))) throw new InputError(`no incident ${input.incidentId}`);
    const service = await trx.selectFrom("services").select(["id", "name"]).where("id", "=", input.serviceId).executeTakeFirst();
    if (!service) throw new InputError(`no catalog service ${input.serviceId}`);
    if (await findIncidentService(trx, input.incidentId, input.serviceId)) return;
    const now = Date.now();
    await trx.insertInto("incidentServices").values({ incidentId: input.incidentId, serviceId: service.id, origin: "manual" }).execute();
    await recordAudit(trx, { actor: input.actor, action: "incident.service_add", subjectType: "incident", subjectId: input.incidentId, details: { service: service.name } }, now);
  });
}

/**
 * Removes a service recorded by hand. One that comes from a linked PagerDuty incident is
 * refused: it follows the link. Returns false when the incident does not record it.
 */
export async function removeIncidentService(store: Store, input: { incidentId: number; serviceId: number; actor: string }): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const recorded = await findIncidentService(trx, input.incidentId, input.serviceId);
    if (!recorded) return false;
    if (recorded.origin !== "manual") throw new InputError("this service comes from a linked PagerDuty incident: unlink that incident instead");
    await trx.deleteFrom("incidentServices").where("incidentId", "=", input.incidentId).where("serviceId", "=", input.serviceId).execute();
    await recordAudit(trx, { actor: input.actor, action: "incident.service_remove", subjectType: "incident", subjectId: input.incidentId, details: { serviceId: input.serviceId } }, Date.now());
    return true;
  });
}

/**
 * `debrief incidents unlink`: removes the link to a PagerDuty incident named by its id or
 * number. Returns false when it was not linked.
 */
export async function unlinkPagerduty(store: Store, input: { incidentId: number; pagerdutyId: string; actor: string }): Promise<boolean> {
  const number = /^\d{1,9}$/.test(input.pagerdutyId) ? Number(input.pagerdutyId) : -1;
  const source = await store.db
    .selectFrom("incidentSources as s")
    .leftJoin("pagerdutyIncidents as pi", "pi.externalId", "s.externalId")
    .select("s.id")
    .where("s.incidentId", "=", input.incidentId)
    .where("s.kind", "=", "pagerduty_incident")
    .where((eb) => eb.or([eb("s.externalId", "=", input.pagerdutyId), eb("pi.number", "=", number)]))
    .executeTakeFirst();
  if (!source) return false;
  return removeIncidentSource(store, { incidentId: input.incidentId, sourceId: source.id, actor: input.actor });
}
