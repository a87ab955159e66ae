import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listAuditEvents } from "../../../db/repositories/audit-log.js";
import type { ServerContext } from "../../context.js";
import { HttpError } from "../../errors.js";
import { authorize } from "../../policies/policies.js";
import { presentAuditEvent } from "../../presenters/audit.js";
import { listAuditSchema } from "./schema.js";

/** The audit trail, for admins. */
export function auditRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/audit", { schema: listAuditSchema }, async (request) => {
      authorize(request.principal, "audit.read");
      const { limit, before, actor, action, subjectType, subjectId, from, to } = request.query;
      const time = (value: string | undefined, name: string): number | null => {
        if (value === undefined) return null;
        const ms = Date.parse(value);
        if (!Number.isFinite(ms)) throw new HttpError(400, `${name} must be an ISO 8601 date-time`);
        return ms;
      };
      const events = await listAuditEvents(context.store.db, { limit: limit ?? 100, before: before ?? null, actor, action, subjectType, subjectId, from: time(from, "from"), to: time(to, "to") });
      return { events: events.map(presentAuditEvent) };
    });
  };
}
