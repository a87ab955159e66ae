import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createIncident, InputError } from "../../../commands/create-incident.js";
import { addChannelSource, addIncidentService, catalogServices, importedChannels, removeIncidentService, linkIncidentToPagerduty, removeIncidentSource } from "../../../commands/incident-sources.js";
import { incidentPeople } from "../../../commands/incident-people.js";
import { incidentAccess, incidentDetail, incidentGuideFacts, listIncidents } from "../../../commands/incident-views.js";
import { readThread, readTimeline } from "../../../commands/timeline.js";
import { updateIncident } from "../../../commands/update-incident.js";
import { learningGuideFacts } from "../../../commands/learning-dashboard.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize, can, type Principal } from "../../policies/policies.js";
import { analysisGuide } from "../../../presenters/guide.js";
import { presentImportedChannel, presentIncidentDetail, presentIncidentSummary } from "../../../presenters/incident-views.js";
import { presentBreakdownSummary, presentParticipant } from "../../../presenters/people.js";
import { addServiceSchema, addSourceSchema, listServicesSchema, removeServiceSchema, linkPagerdutySchema, listChannelsSchema, removeSourceSchema, createIncidentSchema, getIncidentSchema, guideSchema, listIncidentsSchema, peopleBreakdownSchema, threadSchema, timelineSchema, updateIncidentSchema } from "./schema.js";

/**
 * Loads an incident the principal may see, checking the policy twice: by role before
 * touching data, then against the incident (a viewer gets 404 for an unpublished one).
 */
async function visibleIncident(store: ServerContext["store"], principal: Principal | null, action: "incident.read" | "timeline.read" | "people.read" | "guide.read", id: number) {
  authorize(principal, action);
  const incident = await incidentAccess(store, id);
  if (!incident) throw notFound("incident");
  authorize(principal, "incident.read", { type: "incident", id, status: incident.status });
  return incident;
}

/** The incident as its page shows it, after a change; 404 when it is gone. */
async function presentedIncident(store: ServerContext["store"], id: number) {
  const detail = await incidentDetail(store, id);
  if (!detail) throw notFound("incident");
  return { incident: presentIncidentDetail(detail) };
}

/** "no incident N" from a command is a 404 here; other input errors stay 400. */
async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof InputError && /^no incident \d+$/.test(error.message)) throw notFound("incident");
    throw error;
  }
}

/** Incidents: list, create, read, update, their sources, and the views of one incident (timeline, people, guide). */
export function incidentRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/incidents", { schema: listIncidentsSchema }, async (request) => {
      authorize(request.principal, "incident.read");
      const principal = request.principal;
      const summaries = await listIncidents(context.store, {
        ...request.query,
        visible: (incident) => can(principal, "incident.read", { type: "incident", id: incident.id, status: incident.status }),
      });
      return { incidents: summaries.map(presentIncidentSummary) };
    });

    app.post("/api/incidents", { schema: createIncidentSchema }, async (request, reply) => {
      authorize(request.principal, "incident.create");
      const id = await createIncident(context.store, { ...request.body, actor: actorOf(request.principal) });
      const detail = await incidentDetail(context.store, id);
      if (!detail) throw new Error(`incident ${id} vanished after creation`);
      return reply.code(201).send({ incident: presentIncidentDetail(detail) });
    });

    app.get("/api/incidents/:id", { schema: getIncidentSchema }, async (request) => {
      await visibleIncident(context.store, request.principal, "incident.read", request.params.id);
      const detail = await incidentDetail(context.store, request.params.id);
      if (!detail) throw notFound("incident");
      return { incident: presentIncidentDetail(detail) };
    });

    app.patch("/api/incidents/:id", { schema: updateIncidentSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      const found = await updateIncident(context.store, { id: request.params.id, ...request.body, actor: actorOf(request.principal) });
      if (!found) throw notFound("incident");
      const detail = await incidentDetail(context.store, request.params.id);
      if (!detail) throw notFound("incident");
      return { incident: presentIncidentDetail(detail) };
    });

    app.post("/api/incidents/:id/sources", { schema: addSourceSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      await orNotFound(addChannelSource(context.store, { incidentId: request.params.id, ...request.body, actor: actorOf(request.principal) }));
      return presentedIncident(context.store, request.params.id);
    });

    app.delete("/api/incidents/:id/sources/:sourceId", { schema: removeSourceSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      const removed = await removeIncidentSource(context.store, { incidentId: request.params.id, sourceId: request.params.sourceId, actor: actorOf(request.principal) });
      if (!removed) throw notFound("source");
      return presentedIncident(context.store, request.params.id);
    });

    app.post("/api/incidents/:id/pagerduty", { schema: linkPagerdutySchema }, async (request) => {
      authorize(request.principal, "incident.update");
      await orNotFound(linkIncidentToPagerduty(context.store, { incidentId: request.params.id, pagerdutyId: request.body.pagerdutyId, actor: actorOf(request.principal) }));
      return presentedIncident(context.store, request.params.id);
    });

    app.get("/api/channels", { schema: listChannelsSchema }, async (request) => {
      // Choosing an incident's channels is analysts' work, as is importing them.
      authorize(request.principal, "incident.update");
      return { channels: (await importedChannels(context.store)).map(presentImportedChannel) };
    });

    app.post("/api/incidents/:id/services", { schema: addServiceSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      await orNotFound(addIncidentService(context.store, { incidentId: request.params.id, serviceId: request.body.serviceId, actor: actorOf(request.principal) }));
      return presentedIncident(context.store, request.params.id);
    });

    app.delete("/api/incidents/:id/services/:serviceId", { schema: removeServiceSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      const removed = await removeIncidentService(context.store, { incidentId: request.params.id, serviceId: request.params.serviceId, actor: actorOf(request.principal) });
      if (!removed) throw notFound("service");
      return presentedIncident(context.store, request.params.id);
    });

    app.get("/api/services", { schema: listServicesSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      return { services: await catalogServices(context.store) };
    });

    app.get("/api/incidents/:id/timeline", { schema: timelineSchema }, async (request) => {
      await visibleIncident(context.store, request.principal, "timeline.read", request.params.id);
      const { cursor, before, around, limit, source, person, tag, q, annotated, view } = request.query;
      return readTimeline(context.store, request.params.id, {
        cursor: cursor ?? null,
        before: before ?? null,
        around: around ?? null,
        limit,
        sources: source === undefined ? undefined : Array.isArray(source) ? source : [source],
        personId: person ?? null,
        tag: tag ?? null,
        q: q ?? null,
        annotated: annotated !== undefined,
        view: view ?? "time",
      });
    });

    app.get("/api/incidents/:id/timeline/thread", { schema: threadSchema }, async (request) => {
      await visibleIncident(context.store, request.principal, "timeline.read", request.params.id);
      const thread = await readThread(context.store, request.params.id, Number(request.query.event.slice("message:".length)));
      if (!thread) throw notFound("thread");
      return thread;
    });

    app.get("/api/incidents/:id/people", { schema: peopleBreakdownSchema }, async (request) => {
      await visibleIncident(context.store, request.principal, "people.read", request.params.id);
      const breakdown = await incidentPeople(context.store.db, request.params.id);
      if (!breakdown) throw notFound("incident");
      return { participants: breakdown.participants.map(presentParticipant), summary: presentBreakdownSummary(breakdown) };
    });

    app.get("/api/incidents/:id/guide", { schema: guideSchema }, async (request) => {
      await visibleIncident(context.store, request.principal, "guide.read", request.params.id);
      return { steps: analysisGuide(request.params.id, await incidentGuideFacts(context.store, request.params.id), await learningGuideFacts(context.store, request.params.id)) };
    });
  };
}
