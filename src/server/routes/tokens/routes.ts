import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createApiToken, listAccountApiTokens, revokeAccountApiToken } from "../../../commands/api-tokens.js";
import { newApiToken } from "../../auth/secrets.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentApiToken } from "../../../presenters/users.js";
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from "./schema.js";

/** The signed-in account's own API tokens. */
export function tokenRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/tokens", { schema: listTokensSchema }, async (request) => {
      authorize(request.principal, "token.manage");
      return { tokens: (await listAccountApiTokens(context.store, request.principal.userId)).map(presentApiToken) };
    });

    app.post("/api/tokens", { schema: createTokenSchema }, async (request, reply) => {
      authorize(request.principal, "token.create");
      const principal = request.principal;
      const { token, prefix, hash } = newApiToken();
      const created = await createApiToken(context.store, { userId: principal.userId, name: request.body.name, tokenHash: hash, prefix, expiresInDays: request.body.expiresInDays, actor: actorOf(principal) });
      return reply.code(201).send({ ...presentApiToken(created), token });
    });

    app.delete("/api/tokens/:id", { schema: revokeTokenSchema }, async (request, reply) => {
      authorize(request.principal, "token.manage");
      const principal = request.principal;
      // Someone else's token answers 404, like a missing one: ids are not an oracle.
      const revoked = await revokeAccountApiToken(context.store, { userId: principal.userId, id: request.params.id, actor: actorOf(principal) });
      if (!revoked) throw notFound("token");
      return reply.code(204).send();
    });
  };
}
