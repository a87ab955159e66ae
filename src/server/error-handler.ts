import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { recordEvent } from "../commands/audit-trail.js";
import { AccountExistsError, InputError, InvalidCursorError, UnknownTimelineEventError } from "../core/errors.js";
import type { ServerContext } from "./context.js";
import { AccessDenied, HttpError } from "./errors.js";
import { actorOf } from "./policies/policies.js";

/** One field at fault in a 400 answer. */
interface Detail {
  in: string;
  field: string;
  message: string;
}

/** Fastify's and its plugins' error codes, as the API answers them. */
const KNOWN_CODES: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: "request body is too large (the limit for JSON is 1 MiB)" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: "unsupported content type: send application/json" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: "malformed JSON body" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: "empty JSON body" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: "request body size does not match Content-Length" },
  FST_FILES_LIMIT: { status: 413, message: "too many files in the upload" },
  FST_FIELDS_LIMIT: { status: 413, message: "too many fields in the upload" },
  FST_PARTS_LIMIT: { status: 413, message: "too many parts in the upload" },
  FST_PROTO_VIOLATION: { status: 400, message: "forbidden field name in the upload" },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, message: "this endpoint takes multipart/form-data" },
  FST_MP_PREMATURE_CLOSE: { status: 400, message: "the upload ended before it was complete" },
};

/**
 * The single error handler: validation problems become `400 {error, details}` naming
 * each field; known framework errors get their status and a plain message; denials are
 * written to the audit trail; anything unexpected is logged and answered `500` with no
 * details, so a stack trace never leaves the server.
 */
export function registerErrorHandler(app: FastifyInstance, context: ServerContext): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AccessDenied) {
      await auditDenial(context, request, error);
      return reply.code(error.statusCode).send({ error: error.message });
    }
    if (error instanceof HttpError) return reply.code(error.statusCode).send({ error: error.message, ...error.extra });
    if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(error.validation)) {
      const where = error.validationContext ?? "request";
      const details = validationDetails(error, where);
      const fields = [...new Set(details.map((d) => d.field))].join(", ");
      return reply.code(400).send({ error: `invalid ${where}${fields ? `: ${fields}` : ""}`, details });
    }
    if (error instanceof AccountExistsError) return reply.code(409).send({ error: error.message });
    if (error instanceof InputError || error instanceof InvalidCursorError) return reply.code(400).send({ error: error.message });
    if (error instanceof UnknownTimelineEventError) return reply.code(404).send({ error: error.message });
    const known = error.code ? KNOWN_CODES[error.code] : undefined;
    if (known) return reply.code(known.status).send({ error: known.message });
    if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ error: "internal error" });
  });
}

function validationDetails(error: FastifyError, where: string): Detail[] {
  const details: Detail[] = [];
  for (const issue of error.validation ?? []) {
    const path = issue.instancePath.replace(/^\//, "").split("/").filter(Boolean).join(".");
    const params = issue.params as { keys?: unknown } | undefined;
    if (issue.keyword === "unrecognized_keys" && Array.isArray(params?.keys)) {
      for (const key of params.keys) details.push({ in: where, field: path ? `${path}.${String(key)}` : String(key), message: "unknown field" });
      continue;
    }
    details.push({ in: where, field: path || `(${where})`, message: issue.message ?? "invalid" });
  }
  return details;
}

async function auditDenial(context: ServerContext, request: FastifyRequest, denial: AccessDenied): Promise<void> {
  try {
    await recordEvent(context.store, {
      actor: request.principal ? actorOf(request.principal) : "anonymous",
      action: "access.denied",
      subjectType: denial.denial.subjectType ?? null,
      subjectId: denial.denial.subjectId ?? null,
      details: {
        attempted: denial.denial.action,
        status: denial.statusCode,
        reason: denial.denial.reason,
        method: request.method,
        // The path without its query string: queries may hold search text.
        path: request.url.split("?")[0],
        ip: request.ip,
      },
    });
  } catch (error) {
    // The denial stands even if it could not be written down.
    request.log.error({ err: error }, "could not record a denial in the audit trail");
  }
}
