import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createUser, listAccounts, listAssignableAnalysts, updateUserAccount } from "../../../commands/accounts.js";
import { hashPassword } from "../../../commands/passwords.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentAccount } from "../../../presenters/users.js";
import { createUserSchema, listAnalystsSchema, listUsersSchema, updateUserSchema } from "./schema.js";

/** Account management, for admins; and the accounts analysts can be assigned from. */
export function userRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/users", { schema: listUsersSchema }, async (request) => {
      authorize(request.principal, "user.manage");
      return { users: (await listAccounts(context.store)).map(presentAccount) };
    });

    app.post("/api/users", { schema: createUserSchema }, async (request, reply) => {
      authorize(request.principal, "user.manage");
      const { email, name, role, password } = request.body;
      const user = await createUser(context.store, { email, name, role, passwordHash: await hashPassword(password, context.passwordCost), actor: actorOf(request.principal) });
      return reply.code(201).send({ user: presentAccount(user) });
    });

    app.get("/api/analysts", { schema: listAnalystsSchema }, async (request) => {
      authorize(request.principal, "analyst.list");
      return { analysts: await listAssignableAnalysts(context.store) };
    });

    app.patch("/api/users/:id", { schema: updateUserSchema }, async (request) => {
      authorize(request.principal, "user.manage");
      const { name, role, disabled, password } = request.body;
      const user = await updateUserAccount(context.store, {
        id: request.params.id,
        name,
        role,
        disabled,
        passwordHash: password === undefined ? undefined : await hashPassword(password, context.passwordCost),
        actor: actorOf(request.principal),
      });
      if (!user) throw notFound("user");
      return { user: presentAccount(user) };
    });
  };
}
