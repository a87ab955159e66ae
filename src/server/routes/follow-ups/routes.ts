import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createFollowUp, deleteFollowUp, followUps, updateFollowUp, utcDay } from "../../../commands/follow-ups.js";
import type { FollowUpStatus } from "../../../core/follow-ups.js";
import { findFollowUp } from "../../../db/repositories/follow-ups.js";
import { findIncident } from "../../../db/repositories/incidents.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentFollowUp } from "../../presenters/follow-ups.js";
import { createFollowUpSchema, deleteFollowUpSchema, listFollowUpsSchema, listIncidentFollowUpsSchema, updateFollowUpSchema } from "./schema.js";

/** Follow-ups: per incident, and one list across incidents. Versioned like annotations. */
export function followUpRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/follow-ups", { schema: listFollowUpsSchema }, async (request) => {
      authorize(request.principal, "follow_up.read");
      const { owner, team, status, overdue, kind, incident, limit } = request.query;
      const now = Date.now();
      const rows = await followUps(
        db,
        {
          ownerPersonId: owner,
          teamId: team,
          statuses: status === undefined ? undefined : (status.split(",") as FollowUpStatus[]),
          overdue: overdue === undefined ? undefined : overdue === "true",
          kind,
          incidentId: incident,
          limit,
        },
        now,
      );
      return { followUps: rows.map((row) => presentFollowUp(row, utcDay(now))) };
    });

    app.get("/api/incidents/:id/follow-ups", { schema: listIncidentFollowUpsSchema }, async (request) => {
      authorize(request.principal, "follow_up.read");
      const incident = await findIncident(db, request.params.id);
      if (!incident) throw notFound("incident");
      authorize(request.principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
      const now = Date.now();
      return { followUps: (await followUps(db, { incidentId: incident.id }, now)).map((row) => presentFollowUp(row, utcDay(now))) };
    });

    app.post("/api/incidents/:id/follow-ups", { schema: createFollowUpSchema }, async (request, reply) => {
      authorize(request.principal, "follow_up.write");
      const principal = request.principal;
      const incident = await findIncident(db, request.params.id);
      if (!incident) throw notFound("incident");
      const followUp = await createFollowUp(context.store, { ...request.body, incidentId: incident.id, createdBy: principal.userId, actor: actorOf(principal) });
      return reply.code(201).send({ followUp: presentFollowUp(followUp, utcDay()) });
    });

    app.patch("/api/follow-ups/:id", { schema: updateFollowUpSchema }, async (request, reply) => {
      authorize(request.principal, "follow_up.write");
      const result = await updateFollowUp(context.store, { ...request.body, id: request.params.id, actor: actorOf(request.principal) });
      if (result.kind === "missing") throw notFound("follow-up");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentFollowUp(result.current, utcDay()) });
      return { followUp: presentFollowUp(result.value, utcDay()) };
    });

    app.delete("/api/follow-ups/:id", { schema: deleteFollowUpSchema }, async (request, reply) => {
      authorize(request.principal, "follow_up.write");
      if (!(await findFollowUp(db, request.params.id))) throw notFound("follow-up");
      const result = await deleteFollowUp(context.store, { id: request.params.id, version: request.query.version, actor: actorOf(request.principal) });
      if (result.kind === "missing") throw notFound("follow-up");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentFollowUp(result.current, utcDay()) });
      return reply.code(204).send();
    });
  };
}
