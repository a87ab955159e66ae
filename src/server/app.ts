import { existsSync, statSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { type ReviewModelConfig, reviewModelFromEnv } from "../commands/review-proposal.js";
import type { Store } from "../db/connection.js";
import { registerAuthentication } from "./auth/authenticate.js";
import { LoginThrottle } from "./auth/login-throttle.js";
import { OidcProvider, type OidcSettings } from "./auth/oidc.js";
import { DEFAULT_PASSWORD_COST } from "../commands/passwords.js";
import type { ServerContext } from "./context.js";
import { registerErrorHandler } from "./error-handler.js";
import { annotationRoutes } from "./routes/annotations/routes.js";
import { auditRoutes } from "./routes/audit/routes.js";
import { authRoutes } from "./routes/auth/routes.js";
import { importRoutes } from "./routes/imports/routes.js";
import { incidentRoutes } from "./routes/incidents/routes.js";
import { learningRoutes } from "./routes/learning/routes.js";
import { libraryRoutes } from "./routes/library/routes.js";
import { followUpRoutes } from "./routes/follow-ups/routes.js";
import { interviewRoutes } from "./routes/interviews/routes.js";
import { oidcRoutes } from "./routes/oidc/routes.js";
import { peopleRoutes } from "./routes/people/routes.js";
import { reviewExportRoutes } from "./routes/review-export/routes.js";
import { reviewLintRoutes } from "./routes/review-lint/routes.js";
import { reviewRoutes } from "./routes/review/routes.js";
import { insightRoutes } from "./routes/insights/routes.js";
import { searchRoutes } from "./routes/search/routes.js";
import { slackSyncRoutes } from "./routes/slack-sync/routes.js";
import { systemRoutes } from "./routes/system/routes.js";
import { tokenRoutes } from "./routes/tokens/routes.js";
import { userRoutes } from "./routes/users/routes.js";

/** What {@link buildApp} takes. */
export interface AppOptions {
  store: Store;
  /** The built web UI (`dist/web`): served, with index.html for every other non-API path. */
  webRoot?: string | undefined;
  /** Fastify's logger: false (the default), true, or pino options. Bodies and headers are never logged. */
  logger?: FastifyServerOptions["logger"];
  /** Mark cookies Secure: set when users reach Debrief over HTTPS. */
  secureCookies?: boolean;
  /** scrypt cost N for new password hashes (default 2^15); tests use less. */
  passwordCost?: number;
  /** Minimum time every login answer takes (default 300 ms). */
  minLoginDelayMs?: number;
  /** Cap on the extra delay repeated failures add (default 2 s). */
  maxLoginPenaltyMs?: number;
  /** Where uploads are stored until imported (default `$DEBRIEF_DATA_DIR/uploads`, else the OS temp folder). */
  uploadDir?: string;
  /** The largest uploaded file (default 2 GiB). */
  maxUploadBytes?: number;
  /** Trust `X-Forwarded-For` from a reverse proxy, for the client address in the audit trail. */
  trustProxy?: FastifyServerOptions["trustProxy"];
  /** The language model that may propose a review's narrative (default: from `DEBRIEF_REVIEW_MODEL_URL`; none when unset). */
  reviewModel?: ReviewModelConfig | null;
  /** Sign-in with an OpenID Connect identity provider (off when absent). */
  oidc?: OidcSettings | undefined;
  /** Allow sign-in with local passwords (default true; turn off when everyone signs in through the provider). */
  passwordLogin?: boolean;
  /** Offer "add a Slack channel" (default: when `SLACK_BOT_TOKEN` is set; the runner holds the token). */
  slackSync?: boolean;
}

/** Uploaded files above this are refused with 413: Slack exports of large workspaces run to a few GiB. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 2 * 1024 ** 3;

/** JSON bodies above this are refused with 413; uploads have their own, larger limit. */
export const JSON_BODY_LIMIT = 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
};
// The UI is all same-origin; inline styles stay allowed for diagrams and charts.
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * Builds the HTTP API (docs/api.md) on a store: Fastify with zod schemas for every
 * request and response, cookie sessions and API tokens, one policy layer, the OpenAPI
 * document, and — when `webRoot` exists — the web UI.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const context: ServerContext = {
    store: options.store,
    passwordCost: options.passwordCost ?? DEFAULT_PASSWORD_COST,
    minLoginDelayMs: options.minLoginDelayMs ?? 300,
    maxLoginPenaltyMs: options.maxLoginPenaltyMs ?? 2000,
    loginThrottle: new LoginThrottle(),
    secureCookies: options.secureCookies ?? false,
    uploadDir: options.uploadDir ?? defaultUploadDir(),
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    oidc: options.oidc ? new OidcProvider(options.oidc) : null,
    passwordLogin: options.passwordLogin ?? true,
    slackSyncAvailable: options.slackSync ?? Boolean(process.env.SLACK_BOT_TOKEN?.trim()),
  };
  if (!context.passwordLogin && !context.oidc) throw new Error("password sign-in is turned off but no identity provider is configured: nobody could sign in");
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // `/api/incidents/` is `/api/incidents`.
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: answerClientError,
  });
  // The API speaks JSON (and multipart for uploads, registered on that route): any other body is a 415.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: { method: string; url: string; pattern: RegExp }[] = [];
  apiRoutes.set(app, routes);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, pattern: routePattern(route.url) });
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Debrief", version: "1", description: "Incident analysis: import what happened, study it, learn from it. See docs/api.md." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "debrief_session", description: "Set by POST /api/auth/login; writes also need the x-csrf-token header." },
          token: { type: "http", scheme: "bearer", description: "An API token (dbf_…) from POST /api/tokens." },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  registerAuthentication(app, context);
  registerErrorHandler(app, context);
  app.addHook("preValidation", async (request) => {
    // `?status=&q=` means "no filter": drop empty values before the schema sees them.
    const query = request.query as Record<string, unknown> | null;
    if (query && typeof query === "object") for (const key of Object.keys(query)) if (query[key] === "") delete query[key];
  });
  app.addHook("onSend", async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    else reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  });

  await app.register(systemRoutes(context, () => app.swagger()));
  await app.register(authRoutes(context));
  await app.register(oidcRoutes(context));
  await app.register(tokenRoutes(context));
  await app.register(userRoutes(context));
  await app.register(incidentRoutes(context));
  await app.register(annotationRoutes(context));
  await app.register(peopleRoutes(context));
  await app.register(insightRoutes(context));
  await app.register(searchRoutes(context));
  await app.register(importRoutes(context));
  await app.register(slackSyncRoutes(context));
  await app.register(auditRoutes(context));
  await app.register(interviewRoutes(context));
  await app.register(reviewLintRoutes());
  await app.register(followUpRoutes(context));
  await app.register(reviewExportRoutes(context));
  await app.register(reviewRoutes(context, { reviewModel: options.reviewModel === undefined ? reviewModelFromEnv(process.env) : options.reviewModel }));
  await app.register(libraryRoutes(context));
  await app.register(learningRoutes(context));

  const webRoot = options.webRoot ? resolve(options.webRoot) : null;
  const serveWeb = webRoot !== null && existsSync(join(webRoot, "index.html")) && statSync(webRoot).isDirectory();
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: true,
      index: "index.html",
      // Cache headers are set below, per file.
      cacheControl: false,
      setHeaders(res, path) {
        // Vite puts content hashes in asset names: they never change, so cache them for good.
        if (path.includes(join("assets", ""))) res.setHeader("cache-control", "public, max-age=31536000, immutable");
        // Everything else (index.html names the current assets) is revalidated.
        else res.setHeader("cache-control", "no-cache");
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const isApi = path === "/api" || path.startsWith("/api/");
    if (isApi) {
      const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
      if (allowed.length > 0) {
        reply.header("allow", allowed.join(", "));
        return reply.code(405).send({ error: `method ${request.method} not allowed; use ${allowed.join(", ")}` });
      }
      return reply.code(404).send({ error: "not found" });
    }
    // A client-side route of the single-page app (no file extension): the app decides what to show.
    if (serveWeb && (request.method === "GET" || request.method === "HEAD") && extname(path) === "") {
      reply.header("cache-control", "no-cache");
      return reply.sendFile("index.html");
    }
    return reply.code(404).send({ error: "not found" });
  });

  return app;
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them — headers too large, a
 * body longer than its Content-Length running into the next request, garbage — are
 * answered in the API's `{"error"}` shape instead of Node's bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "request headers are too large"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "the request took too long to arrive"]
        : [400, "malformed HTTP request"];
  const body = JSON.stringify({ error: message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const apiRoutes = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every `/api/` route an app built by {@link buildApp} registered, as `METHOD /path/:param` (HEAD included). */
export function registeredApiRoutes(app: FastifyInstance): string[] {
  return (apiRoutes.get(app) ?? []).map((r) => `${r.method} ${r.url}`);
}

function defaultUploadDir(): string {
  const dataDir = process.env.DEBRIEF_DATA_DIR;
  return dataDir ? join(dataDir, "uploads") : join(tmpdir(), "debrief-uploads");
}

/** `/api/incidents/:id/timeline` → a regular expression matching concrete paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment === "*" ? ".*" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}/?$`);
}
