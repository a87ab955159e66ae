import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { exportReview } from "../../../commands/review-export.js";
import { readReview, reviewIncident } from "../../../commands/review.js";
import type { ServerContext } from "../../context.js";
import { notFound } from "../../errors.js";
import { authorize, reviewReadsPublishedOnly } from "../../policies/policies.js";
import { exportReviewSchema } from "./schema.js";

/** The review as a file to download, for anyone who may read it (viewers: published versions). */
export function reviewExportRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const { db } = context.store;
  return async (app) => {
    app.get("/api/incidents/:id/review/export", { schema: exportReviewSchema }, async (request, reply) => {
      authorize(request.principal, "review.read");
      const incident = await reviewIncident(db, request.params.id);
      if (!incident) throw notFound("incident");
      authorize(request.principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
      const publishedOnly = reviewReadsPublishedOnly(request.principal);
      if (!(await readReview(db, incident.id, { version: request.query.version, publishedOnly }))) throw notFound("review");
      // Links into Debrief work from the downloaded file too.
      const baseUrl = `${request.protocol}://${request.host}`;
      const file = await exportReview(db, incident.id, { format: request.query.format, version: request.query.version, publishedOnly, baseUrl });
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", `attachment; filename="${file.filename}"`)
        // Fastify sends a Buffer as it is, never through the JSON serialiser; the schema only documents the answer.
        .send(file.body as unknown as string);
    });
  };
}
