import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { parseInsightDate } from "../../../commands/insights.js";
import { searchIncidents } from "../../../commands/search.js";
import { type SearchSource, SearchSyntaxError } from "../../../core/search.js";
import type { ServerContext } from "../../context.js";
import { HttpError } from "../../errors.js";
import { actorOf, authorize, searchVisibilityFor } from "../../policies/policies.js";
import { searchSchema } from "./schema.js";

/** `GET /api/search`: full-text search, filtered by what the caller may see. */
export function searchRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/search", { schema: searchSchema }, async (request) => {
      authorize(request.principal, "search.read");
      const q = request.query;
      const from = parseInsightDate(q.from, "from");
      const to = parseInsightDate(q.to, "to");
      try {
        return await searchIncidents(context.store, {
          query: q.q,
          limit: q.limit,
          visibility: searchVisibilityFor(request.principal),
          actor: actorOf(request.principal),
          filters: {
            ...(q.source ? { sources: q.source.split(",") as SearchSource[] } : {}),
            ...(q.incident !== undefined ? { incidentId: q.incident } : {}),
            ...(q.person !== undefined ? { personId: q.person } : {}),
            ...(q.team ? { team: q.team } : {}),
            ...(q.service ? { service: q.service } : {}),
            ...(q.tag ? { tag: q.tag } : {}),
            ...(from !== null ? { from } : {}),
            ...(to !== null ? { to } : {}),
          },
        });
      } catch (error) {
        if (error instanceof SearchSyntaxError) throw new HttpError(400, error.message, { details: [{ in: "querystring", field: "q", message: error.reason }] });
        throw error;
      }
    });
  };
}
