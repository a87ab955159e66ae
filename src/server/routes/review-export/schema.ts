import { z } from "zod";
import { EXPORT_FORMATS } from "../../../commands/review-export.js";
import { errorResponses, IdParams } from "../common-schema.js";

/** `GET /api/incidents/:id/review/export`. */
export const exportReviewSchema = {
  summary: "Export the review as Markdown, self-contained HTML, PDF or JSON (viewers: published versions only)",
  tags: ["reviews"],
  params: IdParams,
  querystring: z.strictObject({
    format: z.enum(EXPORT_FORMATS).describe("md, html (styles and diagrams inline), pdf (printed by headless Chromium) or json"),
    version: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe("a version number; default the latest (viewers: the latest published)"),
  }),
  response: { 200: z.string().describe("the exported file, as an attachment"), ...errorResponses },
};
