import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { recordAudit } from "../../../db/repositories/audit.js";
import { deleteSession } from "../../../db/repositories/sessions.js";
import { attemptLogin } from "../../auth/login.js";
import { clearSessionCookies, setSessionCookies } from "../../auth/sessions.js";
import type { ServerContext } from "../../context.js";
import { HttpError } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { presentUser } from "../../presenters/users.js";
import { loginSchema, logoutSchema, meSchema } from "./schema.js";

/** Login, logout and the signed-in account. */
export function authRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post("/api/auth/login", { config: { public: true }, schema: loginSchema }, async (request, reply) => {
      if (!context.passwordLogin) throw new HttpError(403, `password sign-in is turned off: ${context.oidc?.label ?? "use the identity provider"}`);
      const result = await attemptLogin(
        context.store,
        { passwordCost: context.passwordCost, minDelayMs: context.minLoginDelayMs, maxPenaltyMs: context.maxLoginPenaltyMs, throttle: context.loginThrottle },
        { email: request.body.email, password: request.body.password, ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
      );
      // Already audited as auth.login_failed by attemptLogin: not an AccessDenied, so it is not written twice.
      // Too many attempts already waiting for this account: nothing was checked.
      if (!result.ok && result.busy) throw new HttpError(429, "too many login attempts for this account are waiting; try again in a minute");
      if (!result.ok) throw new HttpError(401, "invalid email or password");
      setSessionCookies(reply, result.session, context.secureCookies);
      return { user: presentUser(result.user) };
    });

    app.post("/api/auth/logout", { schema: logoutSchema }, async (request, reply) => {
      authorize(request.principal, "account.read");
      const principal = request.principal;
      // A script using an API token has no session to end; revoke the token instead.
      if (principal.sessionId !== null) {
        const sessionId = principal.sessionId;
        await context.store.db.transaction().execute(async (trx) => {
          await deleteSession(trx, sessionId);
          await recordAudit(trx, { actor: actorOf(principal), action: "auth.logout", subjectType: "session", subjectId: sessionId });
        });
      }
      clearSessionCookies(reply, context.secureCookies);
      return reply.code(204).send();
    });

    app.get("/api/me", { schema: meSchema }, async (request) => {
      authorize(request.principal, "account.read");
      const { userId, email, name, role } = request.principal;
      return { user: presentUser({ id: userId, email, name, role }) };
    });
  };
}
