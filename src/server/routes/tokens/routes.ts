import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { findApiToken, insertApiToken, listApiTokens, revokeApiToken } from "../../../db/repositories/api-tokens.js";
import { recordAudit } from "../../../db/repositories/audit.js";
import { newApiToken } from "../../auth/secrets.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentApiToken } from "../../../presenters/users.js";
import { createTokenSchema, listTokensSchema, revokeTokenSchema } from "./schema.js";

/** The signed-in account's own API tokens. */
export function tokenRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/tokens", { schema: listTokensSchema }, async (request) => {
      authorize(request.principal, "token.manage");
      return { tokens: (await listApiTokens(db, request.principal.userId)).map(presentApiToken) };
    });

    app.post("/api/tokens", { schema: createTokenSchema }, async (request, reply) => {
      authorize(request.principal, "token.create");
      const principal = request.principal;
      const { token, prefix, hash } = newApiToken();
      const now = Date.now();
      const expiresAt = request.body.expiresInDays === undefined ? null : now + request.body.expiresInDays * 86_400_000;
      const created = await db.transaction().execute(async (trx) => {
        const id = await insertApiToken(trx, { userId: principal.userId, name: request.body.name, tokenHash: hash, prefix, expiresAt }, now);
        await recordAudit(trx, { actor: actorOf(principal), action: "token.create", subjectType: "api_token", subjectId: id, details: { name: request.body.name, prefix } }, now);
        return findApiToken(trx, principal.userId, id);
      });
      if (!created) throw new Error("token vanished after creation");
      return reply.code(201).send({ ...presentApiToken(created), token });
    });

    app.delete("/api/tokens/:id", { schema: revokeTokenSchema }, async (request, reply) => {
      authorize(request.principal, "token.manage");
      const principal = request.principal;
      const revoked = await db.transaction().execute(async (trx) => {
        // Someone else's token answers 404, like a missing one: ids are not an oracle.
        const done = await revokeApiToken(trx, principal.userId, request.params.id, Date.now());
        if (done) await recordAudit(trx, { actor: actorOf(principal), action: "token.revoke", subjectType: "api_token", subjectId: request.params.id });
        return done;
      });
      if (!revoked) throw notFound("token");
      return reply.code(204).send();
    });
  };
}
