import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { OidcSignInError } from "../../auth/oidc.js";
import { setSessionCookies } from "../../auth/sessions.js";
import type { ServerContext } from "../../context.js";
import { HttpError } from "../../errors.js";
import { authMethodsSchema, oidcCallbackSchema, oidcStartSchema } from "./schema.js";

/** Sign-in with the company's OpenID Connect provider, and what the login page offers. */
export function oidcRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/auth/methods", { config: { public: true }, schema: authMethodsSchema }, async () => ({
      password: context.passwordLogin,
      oidc: context.oidc ? { label: context.oidc.label, startUrl: "/api/auth/oidc/start" } : null,
    }));

    app.get("/api/auth/oidc/start", { config: { public: true }, schema: oidcStartSchema }, async (request, reply) => {
      const provider = context.oidc;
      if (!provider) throw new HttpError(404, "no identity provider is configured");
      try {
        const url = await provider.start(context.store, request.query.returnTo ?? "/");
        return reply.redirect(url.href, 302);
      } catch (error) {
        if (error instanceof OidcSignInError) return reply.redirect(loginWithError(error.message), 302);
        throw error;
      }
    });

    app.get("/api/auth/oidc/callback", { config: { public: true }, schema: oidcCallbackSchema }, async (request, reply) => {
      const provider = context.oidc;
      if (!provider) throw new HttpError(404, "no identity provider is configured");
      const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
      try {
        const { session, returnTo } = await provider.finish(context.store, query, { ip: request.ip, userAgent: request.headers["user-agent"] ?? null });
        setSessionCookies(reply, session, context.secureCookies);
        return reply.redirect(returnTo, 302);
      } catch (error) {
        if (error instanceof OidcSignInError) return reply.redirect(loginWithError(error.message), 302);
        throw error;
      }
    });
  };
}

function loginWithError(message: string): string {
  return `/login?error=${encodeURIComponent(message)}`;
}
