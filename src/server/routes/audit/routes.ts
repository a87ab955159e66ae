import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listAudit } from "../../../commands/audit-trail.js";
import type { ServerContext } from "../../context.js";
import { authorize } from "../../policies/policies.js";
import { presentAuditEvent } from "../../../presenters/audit.js";
import { listAuditSchema } from "./schema.js";

/** The audit trail, for admins. */
export function auditRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/audit", { schema: listAuditSchema }, async (request) => {
      authorize(request.principal, "audit.read");
      const events = await listAudit(context.store, request.query);
      return { events: events.map(presentAuditEvent) };
    });
  };
}
