import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "../../../commands/annotations.js";
import { findAnnotation, listAnnotations } from "../../../db/repositories/annotations.js";
import { findIncident } from "../../../db/repositories/incidents.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentAnnotation } from "../../presenters/annotations.js";
import { createAnnotationSchema, deleteAnnotationSchema, listAnnotationsSchema, updateAnnotationSchema } from "./schema.js";

/** Annotations on timeline events, versioned so two analysts never silently overwrite each other. */
export function annotationRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/incidents/:id/annotations", { schema: listAnnotationsSchema }, async (request) => {
      authorize(request.principal, "annotation.read");
      const incident = await findIncident(db, request.params.id);
      if (!incident) throw notFound("incident");
      authorize(request.principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
      return { annotations: (await listAnnotations(db, incident.id)).map(presentAnnotation) };
    });

    app.post("/api/incidents/:id/annotations", { schema: createAnnotationSchema }, async (request, reply) => {
      authorize(request.principal, "annotation.create");
      const principal = request.principal;
      const incident = await findIncident(db, request.params.id);
      if (!incident) throw notFound("incident");
      authorize(principal, "annotation.create", { type: "annotation", id: null, authorUserId: principal.userId, tags: request.body.tags });
      const annotation = await createAnnotation(context.store, { incidentId: incident.id, ...request.body, authorUserId: principal.userId, actor: actorOf(principal) });
      return reply.code(201).send({ annotation: presentAnnotation(annotation) });
    });

    app.patch("/api/annotations/:id", { schema: updateAnnotationSchema }, async (request, reply) => {
      authorize(request.principal, "annotation.update");
      const stored = await findAnnotation(db, request.params.id);
      if (!stored) throw notFound("annotation");
      const { version, tags, note } = request.body;
      authorize(request.principal, "annotation.update", { type: "annotation", id: stored.id, authorUserId: stored.author.id, tags: tags ?? stored.tags, storedTags: stored.tags });
      const result = await updateAnnotation(context.store, { id: stored.id, version, tags, note, actor: actorOf(request.principal) });
      if (result.kind === "missing") throw notFound("annotation");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentAnnotation(result.current) });
      return { annotation: presentAnnotation(result.value) };
    });

    app.delete("/api/annotations/:id", { schema: deleteAnnotationSchema }, async (request, reply) => {
      authorize(request.principal, "annotation.delete");
      const stored = await findAnnotation(db, request.params.id);
      if (!stored) throw notFound("annotation");
      authorize(request.principal, "annotation.delete", { type: "annotation", id: stored.id, authorUserId: stored.author.id, tags: stored.tags });
      const result = await deleteAnnotation(context.store, { id: stored.id, version: request.query.version, actor: actorOf(request.principal) });
      if (result.kind === "missing") throw notFound("annotation");
      if (result.kind === "conflict") return reply.code(409).send({ error: "conflict" as const, current: presentAnnotation(result.current) });
      return reply.code(204).send();
    });
  };
}
