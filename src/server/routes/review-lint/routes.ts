import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { lintReviewText } from "../../../commands/lint-review.js";
import { authorize } from "../../policies/policies.js";
import { reviewLintSchema } from "./schema.js";

/** Wording hints for any text, so the editor can lint as people type. Reads nothing, writes nothing. */
export function reviewLintRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post("/api/review-lint", { schema: reviewLintSchema }, async (request) => {
      authorize(request.principal, "review.lint");
      return lintReviewText(request.body.text);
    });
  };
}
