import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { enqueueImport, getImportJob, type ImportKind, listImportJobs } from "../../../commands/import-jobs.js";
import { recordAudit } from "../../../db/repositories/audit.js";
import { findIncident } from "../../../db/repositories/incidents.js";
import type { ServerContext } from "../../context.js";
import { HttpError, notFound } from "../../errors.js";
import { actorOf, authorize } from "../../policies/policies.js";
import { createImportSchema, getImportSchema, ImportFields, listImportsSchema } from "./schema.js";

const FILE_FIELDS = new Set(["file", "teams"]);

/** A file streamed to disk. */
interface SavedFile {
  path: string;
  originalName: string;
  bytes: number;
}

function formatBytes(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) if (bytes >= size) return `${+(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} bytes`;
}

/** A 400 naming one multipart field, shaped like the schema errors. */
function badField(field: string, message: string): HttpError {
  return new HttpError(400, `invalid body: ${field}`, { details: [{ in: "body", field, message }] });
}

/** Keeps a client-supplied file name harmless: no folders, no odd characters, not too long. */
function safeName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, "/"))
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^\.+/, "");
  return (cleaned || "upload").slice(-100);
}

/**
 * Streams the multipart parts of an upload: files straight to `dir`, fields into a
 * map. Nothing is held in memory but the small fields.
 */
async function receiveUpload(request: FastifyRequest, dir: string, saved: SavedFile[]): Promise<{ fields: Record<string, string>; files: Map<string, SavedFile> }> {
  try {
    return await readParts(request, dir, saved);
  } catch (error) {
    throw asUploadError(error);
  }
}

/**
 * The multipart parser reports a broken body (no boundary, a body cut short, a bad part
 * header) as a plain Error with neither a code nor a status: that is the client's
 * fault, a 400, not a server error with a stack trace in the log. Errors with a code
 * (the plugin's limits, the file system's ENOSPC) keep their own handling.
 */
function asUploadError(error: unknown): unknown {
  if (error instanceof HttpError || !(error instanceof Error)) return error;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (code !== undefined || statusCode !== undefined) return error;
  const reason = error.message === "aborted" || /unexpected end/i.test(error.message) ? "the body ended before the multipart data did" : error.message.replace(/^Multipart: /, "").toLowerCase();
  return new HttpError(400, `malformed multipart/form-data body: ${reason}`);
}

async function readParts(request: FastifyRequest, dir: string, saved: SavedFile[]): Promise<{ fields: Record<string, string>; files: Map<string, SavedFile> }> {
  const fields: Record<string, string> = {};
  const files = new Map<string, SavedFile>();
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (!FILE_FIELDS.has(part.fieldname)) {
        part.file.resume();
        throw badField(part.fieldname, "unknown file field (expected file or teams)");
      }
      if (files.has(part.fieldname)) {
        part.file.resume();
        throw badField(part.fieldname, "given twice");
      }
      const path = join(dir, `${randomUUID()}-${safeName(part.filename)}`);
      const entry: SavedFile = { path, originalName: part.filename || part.fieldname, bytes: 0 };
      saved.push(entry);
      // `wx`: never follow or overwrite something already there; 0600: uploads hold people's data.
      await pipeline(part.file, createWriteStream(path, { flags: "wx", mode: 0o600 }));
      entry.bytes = (await stat(path)).size;
      files.set(part.fieldname, entry);
    } else {
      if (part.fieldname in fields) throw badField(part.fieldname, "given twice");
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

/** Uploads queued as background import jobs, and their progress. */
export function importRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Registered here only: no other route accepts multipart bodies.
    await app.register(fastifyMultipart, { limits: { fileSize: context.maxUploadBytes, files: 2, fields: 5, fieldSize: 1024, parts: 10, headerPairs: 100 } });

    app.post(
      "/api/imports",
      {
        schema: createImportSchema,
        // The multipart body is streamed by the handler, which checks the fields with ImportFields; the schema documents it.
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        // Before a byte of the upload is read.
        authorize(request.principal, "import.create");
        const principal = request.principal;
        if (!request.isMultipart()) throw new HttpError(415, "this endpoint takes multipart/form-data");
        await mkdir(context.uploadDir, { recursive: true, mode: 0o700 });
        const saved: SavedFile[] = [];
        try {
          const { fields, files } = await receiveUpload(request, context.uploadDir, saved);
          const parsed = ImportFields.safeParse(fields);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            const unknown = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
            throw badField(unknown ?? (issue?.path.join(".") || "kind"), unknown ? "unknown field" : (issue?.message ?? "invalid"));
          }
          const { kind, incidentId } = parsed.data;
          const file = files.get("file");
          if (!file) throw badField("file", "required");
          if (file.bytes === 0) throw badField("file", "the file is empty");
          const teams = files.get("teams");
          if (teams && kind !== "people") throw badField("teams", "only for kind people");
          if (incidentId !== undefined && kind !== "transcript") throw badField("incidentId", "only for kind transcript");
          const options: Record<string, unknown> = {};
          if (teams) options.teamsFilePath = teams.path;
          if (kind === "transcript") {
            if (incidentId === undefined) throw badField("incidentId", "required for kind transcript");
            if (!(await findIncident(context.store.db, incidentId))) throw badField("incidentId", `no incident ${incidentId}`);
            options.incidentId = incidentId;
          }
          const job = await enqueueImport(context.store, { kind: kind as ImportKind, filePath: file.path, originalName: file.originalName, options, userId: principal.userId });
          await recordAudit(context.store.db, {
            actor: actorOf(principal),
            action: "import.create",
            subjectType: "import_job",
            subjectId: job.id,
            details: { kind, file: file.originalName, bytes: file.bytes, teams: teams?.originalName ?? null, incidentId: incidentId ?? null },
          });
          return reply.code(202).send({ job });
        } catch (error) {
          // Nothing of a refused or broken upload stays on disk.
          await Promise.all(saved.map((f) => rm(f.path, { force: true })));
          if ((error as { code?: unknown }).code === "FST_REQ_FILE_TOO_LARGE") throw new HttpError(413, `uploaded file is larger than the limit of ${formatBytes(context.maxUploadBytes)}`);
          throw error;
        }
      },
    );

    app.get("/api/imports", { schema: listImportsSchema }, async (request) => {
      authorize(request.principal, "import.read");
      return { jobs: await listImportJobs(context.store, request.query.limit ?? 50) };
    });

    app.get("/api/imports/:id", { schema: getImportSchema }, async (request) => {
      authorize(request.principal, "import.read");
      const job = await getImportJob(context.store, request.params.id);
      if (!job) throw notFound("import job");
      return { job };
    });
  };
}
