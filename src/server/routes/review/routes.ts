import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { proposeNarrative, ReviewModelError, type ReviewModelConfig } from "../../../commands/review-proposal.js";
import { generateReviewSections } from "../../../commands/review-draft.js";
import {
  addReviewComment,
  compareVersions,
  createTemplate,
  dismissHint,
  draftReview,
  listTemplates,
  pruneReviewReference,
  readReview,
  resolveReviewComment,
  reviewComments,
  reviewHintDismissals,
  reviewIncident,
  reviewReferences,
  setDefaultTemplate,
  transitionReview,
  undismissHint,
  updateReview,
  type ReviewResult,
  type ReviewState,
} from "../../../commands/review.js";
import type { ServerContext } from "../../context.js";
import { HttpError, notFound } from "../../errors.js";
import { actorOf, authorize, reviewReadsPublishedOnly, type Principal } from "../../policies/policies.js";
import { presentHintDismissal, presentReview, presentReviewComment, presentReviewReference, presentReviewTemplate } from "../../presenters/review.js";
import {
  compareReviewSchema,
  createCommentSchema,
  createTemplateSchema,
  dismissHintSchema,
  draftReviewSchema,
  getReviewSchema,
  listCommentsSchema,
  listDismissalsSchema,
  listReferencesSchema,
  listTemplatesSchema,
  proposeNarrativeSchema,
  pruneReferenceSchema,
  resolveCommentSchema,
  setDefaultTemplateSchema,
  transitionReviewSchema,
  undismissHintSchema,
  updateReviewSchema,
} from "./schema.js";

/** Settings of the review routes beyond the server context. */
export interface ReviewRouteOptions {
  /** The language model that may propose a narrative; null when none is configured (the default). */
  reviewModel: ReviewModelConfig | null;
}

/**
 * The review of an incident: read (viewers: published versions only), write and move
 * along the workflow (analysts), comment (members), templates (admins manage them).
 */
export function reviewRoutes(context: ServerContext, options: ReviewRouteOptions): FastifyPluginAsyncZod {
  const { db } = context.store;
  const who = (principal: Principal) => ({ userId: principal.userId, actor: actorOf(principal) });

  /** The incident, after checking the caller may see it at all. */
  async function incidentFor(principal: Principal | null, action: "review.read" | "review.write" | "review.comment", id: number) {
    authorize(principal, action);
    const incident = await reviewIncident(db, id);
    if (!incident) throw notFound("incident");
    authorize(principal, "incident.read", { type: "incident", id: incident.id, status: incident.status });
    return incident;
  }

  /** `{review}`, or the 409 with the review as it is now, or 404. */
  function answer(result: ReviewResult<ReviewState>) {
    if (result.kind === "missing") throw notFound("review");
    if (result.kind === "conflict") throw new HttpError(409, "conflict", { current: presentReview(result.current) });
    return { review: presentReview(result.value) };
  }

  return async (app) => {
    app.get("/api/incidents/:id/review", { schema: getReviewSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.read", request.params.id);
      const state = await readReview(db, incident.id, { version: request.query.version, publishedOnly: reviewReadsPublishedOnly(request.principal as Principal) });
      if (!state) throw notFound("review");
      return { review: presentReview(state) };
    });

    app.post("/api/incidents/:id/review", { schema: draftReviewSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      const state = await draftReview(context.store, { incidentId: incident.id, templateId: request.body.template, generate: generateReviewSections, ...who(request.principal as Principal) });
      return { review: presentReview(state) };
    });

    app.patch("/api/incidents/:id/review", { schema: updateReviewSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      const result = await updateReview(context.store, { incidentId: incident.id, ...request.body, ...who(request.principal as Principal) });
      return answer(result);
    });

    app.post("/api/incidents/:id/review/transition", { schema: transitionReviewSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      const result = await transitionReview(context.store, { incidentId: incident.id, ...request.body, ...who(request.principal as Principal) });
      return answer(result);
    });

    app.post("/api/incidents/:id/review/proposal", { schema: proposeNarrativeSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      if (!options.reviewModel) throw new HttpError(503, "no review model is configured: set DEBRIEF_REVIEW_MODEL_URL to an OpenAI-compatible server");
      try {
        const result = await proposeNarrative(context.store, options.reviewModel, { incidentId: incident.id, ...request.body, ...who(request.principal as Principal) });
        return answer(result);
      } catch (error) {
        if (error instanceof ReviewModelError) throw new HttpError(502, error.message);
        throw error;
      }
    });

    app.get("/api/incidents/:id/review/compare", { schema: compareReviewSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.read", request.params.id);
      const comparison = await compareVersions(db, incident.id, request.query.from, request.query.to, { publishedOnly: reviewReadsPublishedOnly(request.principal as Principal) });
      if (!comparison) throw notFound("review version");
      return { comparison };
    });

    app.get("/api/incidents/:id/review/comments", { schema: listCommentsSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.comment", request.params.id);
      return { comments: (await reviewComments(db, incident.id)).map(presentReviewComment) };
    });

    app.post("/api/incidents/:id/review/comments", { schema: createCommentSchema }, async (request, reply) => {
      const incident = await incidentFor(request.principal, "review.comment", request.params.id);
      const principal = request.principal as Principal;
      const comment = await addReviewComment(context.store, { incidentId: incident.id, ...request.body, userId: principal.userId, actor: actorOf(principal) });
      if (!comment) throw notFound("review");
      return reply.code(201).send({ comment: presentReviewComment(comment) });
    });

    app.patch("/api/incidents/:id/review/comments/:commentId", { schema: resolveCommentSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.comment", request.params.id);
      const principal = request.principal as Principal;
      const comment = await resolveReviewComment(context.store, { incidentId: incident.id, commentId: request.params.commentId, resolved: request.body.resolved, userId: principal.userId, actor: actorOf(principal) });
      if (!comment) throw notFound("comment");
      return { comment: presentReviewComment(comment) };
    });

    app.get("/api/incidents/:id/review/references", { schema: listReferencesSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      return { references: (await reviewReferences(db, incident.id)).map(presentReviewReference) };
    });

    app.patch("/api/incidents/:id/review/references/:referenceId", { schema: pruneReferenceSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      const reference = await pruneReviewReference(context.store, { incidentId: incident.id, referenceId: request.params.referenceId, pruned: request.body.pruned, generate: generateReviewSections, ...who(request.principal as Principal) });
      if (!reference) throw notFound("reference");
      const state = await readReview(db, incident.id);
      if (!state) throw notFound("review");
      return { reference: presentReviewReference(reference), review: presentReview(state) };
    });

    app.get("/api/incidents/:id/review/dismissals", { schema: listDismissalsSchema }, async (request) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      return { dismissals: (await reviewHintDismissals(db, incident.id)).map(presentHintDismissal) };
    });

    app.post("/api/incidents/:id/review/dismissals", { schema: dismissHintSchema }, async (request, reply) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      const dismissal = await dismissHint(context.store, { incidentId: incident.id, ...request.body, ...who(request.principal as Principal) });
      if (!dismissal) throw notFound("review");
      return reply.code(201).send({ dismissal: presentHintDismissal(dismissal) });
    });

    app.delete("/api/incidents/:id/review/dismissals/:dismissalId", { schema: undismissHintSchema }, async (request, reply) => {
      const incident = await incidentFor(request.principal, "review.write", request.params.id);
      if (!(await undismissHint(context.store, { incidentId: incident.id, dismissalId: request.params.dismissalId, ...who(request.principal as Principal) }))) throw notFound("dismissal");
      return reply.code(204).send();
    });

    app.get("/api/review-templates", { schema: listTemplatesSchema }, async (request) => {
      authorize(request.principal, "review.template.read");
      return { templates: (await listTemplates(db)).map(presentReviewTemplate) };
    });

    app.post("/api/review-templates", { schema: createTemplateSchema }, async (request, reply) => {
      authorize(request.principal, "review.template.manage");
      const template = await createTemplate(context.store, { ...request.body, ...who(request.principal) });
      return reply.code(201).send({ template: presentReviewTemplate(template) });
    });

    app.put("/api/review-templates/default", { schema: setDefaultTemplateSchema }, async (request) => {
      authorize(request.principal, "review.template.manage");
      const template = await setDefaultTemplate(context.store, { templateId: request.body.templateId, ...who(request.principal) });
      return { template: presentReviewTemplate(template) };
    });
  };
}
