import { z } from "zod";
import { SEARCH_SOURCES, SearchResponse } from "../../../core/search.js";
import { errorResponses, idText } from "../common-schema.js";

const dateText = z
  .string()
  .max(40)
  .refine((text) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)), { message: "expected a date (YYYY-MM-DD) or an ISO 8601 time" });

/** `GET /api/search`. */
export const searchSchema = {
  summary: "Full-text search over what the caller may see, grouped by incident",
  description: 'Words must all appear; "quoted words" in that order; word* matches a prefix; -word or -"words" must not appear. Bad syntax is a 400 naming the place.',
  tags: ["search"],
  querystring: z.strictObject({
    q: z.string().min(1).max(500).describe("the query"),
    limit: z.coerce.number().int().min(1).max(500).optional().describe("hits, default 50"),
    source: z
      .string()
      .max(200)
      .refine((text) => text.split(",").every((s) => (SEARCH_SOURCES as readonly string[]).includes(s)), { message: `expected a comma-separated list of ${SEARCH_SOURCES.join(", ")}` })
      .optional()
      .describe("only these sources, comma-separated"),
    incident: idText.optional().describe("only this incident"),
    person: idText.optional().describe("only what this person wrote or said"),
    team: z.string().min(1).max(200).optional().describe("only what people on this team at the time wrote or said"),
    service: z.string().min(1).max(200).optional().describe("only incidents involving this catalog service"),
    tag: z.string().min(1).max(100).optional().describe("only events annotated with this tag"),
    from: dateText.optional().describe("from this date (YYYY-MM-DD, UTC) or instant"),
    to: dateText.optional().describe("up to this date (inclusive) or instant"),
  }),
  response: { 200: SearchResponse, ...errorResponses },
};
