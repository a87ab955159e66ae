import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentTeamOfUser, type InsightResult, parseInsightDate, runInsight, teamReadingList } from "../../../commands/insights.js";
import type { InsightKind } from "../../../core/insights.js";
import type { ServerContext } from "../../context.js";
import { AccessDenied, HttpError, notFound } from "../../errors.js";
import { authorize, can, type Principal } from "../../policies/policies.js";
import { chaosSchema, driftSchema, fatigueSchema, readingListSchema, servicesSchema, silosSchema } from "./schema.js";

/** Insights across incidents: analysts and admins see every team, members their own. */
export function insightRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;

  /** The team the rows are narrowed to: any (or none) for analysts, always their own for members. */
  const teamFor = async (principal: Principal | null, asked: string | undefined): Promise<string | null> => {
    authorize(principal, "insight.read");
    if (can(principal, "insight.read.all")) return asked ?? null;
    const own = await currentTeamOfUser(db, principal.userId);
    // Denials go through AccessDenied so they are audited like every other refusal.
    if (own === null) throw new AccessDenied(403, "forbidden", { action: "insight.read", reason: "members see insights for their own team; the account is linked to no team" });
    if (asked !== undefined && asked !== own) throw new AccessDenied(403, "forbidden", { action: "insight.read", subjectType: "team", subjectId: asked, reason: `members see insights for their own team (${own}) only` });
    return own;
  };
  const run = async (principal: Principal | null, kind: InsightKind, query: { from?: string; to?: string; team?: string; minPages?: number }): Promise<{ team: string | null; result: InsightResult }> => {
    const team = await teamFor(principal, query.team);
    const result = await runInsight(db, kind, { from: parseInsightDate(query.from, "from"), to: parseInsightDate(query.to, "to"), team, ...(query.minPages === undefined ? {} : { minPages: query.minPages }) }, context.store);
    return { team, result };
  };

  return async (app) => {
    app.get("/api/insights/silos", { schema: silosSchema }, async (request) => {
      const { team, result } = await run(request.principal, "silos", request.query);
      return result.kind === "silos" ? { team, rows: result.rows, services: result.services } : { team, rows: [], services: [] };
    });
    app.get("/api/insights/fatigue", { schema: fatigueSchema }, async (request) => {
      const { team, result } = await run(request.principal, "fatigue", request.query);
      return result.kind === "fatigue" ? { team, rows: result.rows, profiles: result.profiles } : { team, rows: [], profiles: [] };
    });
    app.get("/api/insights/drift", { schema: driftSchema }, async (request) => {
      const { team, result } = await run(request.principal, "drift", request.query);
      return { team, rows: result.kind === "drift" ? result.rows : [] };
    });
    app.get("/api/insights/services", { schema: servicesSchema }, async (request) => {
      const { team, result } = await run(request.principal, "services", request.query);
      return { team, rows: result.kind === "services" ? result.rows : [] };
    });
    app.get("/api/insights/chaos", { schema: chaosSchema }, async (request) => {
      const { team, result } = await run(request.principal, "chaos", request.query);
      return { team, rows: result.kind === "chaos" ? result.rows : [] };
    });
    app.get("/api/insights/reading-list", { schema: readingListSchema }, async (request) => {
      const team = (await teamFor(request.principal, request.query.team)) ?? null;
      if (team === null) throw new HttpError(400, "team: name the team the reading list is for");
      const rows = await teamReadingList(db, team);
      if (!rows) throw notFound("team");
      return { team, rows };
    });
  };
}
