import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createIncident } from "../../../commands/create-incident.js";
import { incidentPeople } from "../../../commands/incident-people.js";
import { updateIncident } from "../../../commands/update-incident.js";
import type { Db } from "../../../db/dialect.js";
import { loadGuideFacts } from "../../../db/repositories/incident-guide.js";
import { findIncidentDetail, type IncidentSummary, listIncidentSummaries } from "../../../db/repositories/incident-views.js";
import { findIncident } from "../../../db/repositories/incidents.js";
import { timelinePage } from "../../../db/repositories/timeline.js";
import { learningGuideFacts } from "../../../commands/learning-dashboard.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize, can, type Principal } from "../../policies/policies.js";
import { analysisGuide } from "../../presenters/guide.js";
import { presentIncidentDetail, presentIncidentSummary } from "../../presenters/incident-views.js";
import { presentBreakdownSummary, presentParticipant } from "../../presenters/people.js";
import { createIncidentSchema, getIncidentSchema, guideSchema, listIncidentsSchema, peopleBreakdownSchema, timelineSchema, updateIncidentSchema } from "./schema.js";

/** Sort keys of the incident list, each a comparison. */
const SORTS: Record<"startedAt" | "title" | "people" | "messages", (a: IncidentSummary, b: IncidentSummary) => number> = {
  startedAt: (a, b) => (a.incident.startedAt ?? 0) - (b.incident.startedAt ?? 0),
  title: (a, b) => a.incident.title.localeCompare(b.incident.title, "en", { sensitivity: "base" }),
  people: (a, b) => a.people - b.people,
  messages: (a, b) => a.messages - b.messages,
};

/**
 * Loads an incident the principal may see, checking the policy twice: by role before
 * touching data, then against the incident (a viewer gets 404 for an unpublished one).
 */
async function visibleIncident(db: Db, principal: Principal | null, action: "incident.read" | "timeline.read" | "people.read" | "guide.read", id: number) {
  authorize(principal, action);
  const incident = await findIncident(db, id);
  if (!incident) throw notFound("incident");
  authorize(principal, "incident.read", { type: "incident", id, status: incident.status });
  return incident;
}

/** Incidents: list, create, read, update, and the views of one incident (timeline, people, guide). */
export function incidentRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/incidents", { schema: listIncidentsSchema }, async (request) => {
      authorize(request.principal, "incident.read");
      const principal = request.principal;
      const { status, q, sort = "startedAt", order = sort === "title" ? "asc" : "desc" } = request.query;
      const summaries = (await listIncidentSummaries(db, { status, q })).filter((s) =>
        can(principal, "incident.read", { type: "incident", id: s.incident.id, status: s.incident.status }),
      );
      const compare = SORTS[sort];
      const direction = order === "asc" ? 1 : -1;
      summaries.sort((a, b) => {
        // Incidents without a start time come last, whichever the order.
        const undated = Number(a.incident.startedAt === null) - Number(b.incident.startedAt === null);
        if (sort === "startedAt" && undated !== 0) return undated;
        return direction * compare(a, b) || b.incident.id - a.incident.id;
      });
      return { incidents: summaries.map(presentIncidentSummary) };
    });

    app.post("/api/incidents", { schema: createIncidentSchema }, async (request, reply) => {
      authorize(request.principal, "incident.create");
      const id = await createIncident(context.store, { ...request.body, actor: actorOf(request.principal) });
      const detail = await findIncidentDetail(db, id);
      if (!detail) throw new Error(`incident ${id} vanished after creation`);
      return reply.code(201).send({ incident: presentIncidentDetail(detail) });
    });

    app.get("/api/incidents/:id", { schema: getIncidentSchema }, async (request) => {
      await visibleIncident(db, request.principal, "incident.read", request.params.id);
      const detail = await findIncidentDetail(db, request.params.id);
      if (!detail) throw notFound("incident");
      return { incident: presentIncidentDetail(detail) };
    });

    app.patch("/api/incidents/:id", { schema: updateIncidentSchema }, async (request) => {
      authorize(request.principal, "incident.update");
      const found = await updateIncident(context.store, { id: request.params.id, ...request.body, actor: actorOf(request.principal) });
      if (!found) throw notFound("incident");
      const detail = await findIncidentDetail(db, request.params.id);
      if (!detail) throw notFound("incident");
      return { incident: presentIncidentDetail(detail) };
    });

    app.get("/api/incidents/:id/timeline", { schema: timelineSchema }, async (request) => {
      await visibleIncident(db, request.principal, "timeline.read", request.params.id);
      const { cursor, before, around, limit, source, person, tag, q } = request.query;
      return timelinePage(db, request.params.id, {
        cursor: cursor ?? null,
        before: before ?? null,
        around: around ?? null,
        limit,
        sources: source === undefined ? undefined : Array.isArray(source) ? source : [source],
        personId: person ?? null,
        tag: tag ?? null,
        q: q ?? null,
      });
    });

    app.get("/api/incidents/:id/people", { schema: peopleBreakdownSchema }, async (request) => {
      await visibleIncident(db, request.principal, "people.read", request.params.id);
      const breakdown = await incidentPeople(db, request.params.id);
      if (!breakdown) throw notFound("incident");
      return { participants: breakdown.participants.map(presentParticipant), summary: presentBreakdownSummary(breakdown) };
    });

    app.get("/api/incidents/:id/guide", { schema: guideSchema }, async (request) => {
      await visibleIncident(db, request.principal, "guide.read", request.params.id);
      return { steps: analysisGuide(request.params.id, await loadGuideFacts(db, request.params.id), await learningGuideFacts(context.store, request.params.id)) };
    });
  };
}
