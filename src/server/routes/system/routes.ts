import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ServerContext } from "../../context.js";
import { healthSchema, openapiSchema } from "./schema.js";

/** Health check and the OpenAPI document: the only routes besides login that need no sign-in. */
export function systemRoutes(_context: ServerContext, openapi: () => unknown): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/health", { config: { public: true }, schema: healthSchema }, async () => ({ ok: true as const }));
    app.get("/api/openapi.json", { config: { public: true }, schema: openapiSchema }, async () => openapi() as Record<string, unknown>);
  };
}
