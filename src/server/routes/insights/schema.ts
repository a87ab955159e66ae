import { z } from "zod";
import { ChaosRow, DriftRow, FatigueProfile, FatigueRow, ReadingListRow, ServiceRow, SiloRow, SiloServiceRow } from "../../../core/insights.js";
import { errorResponses } from "../common-schema.js";

const dateText = z
  .string()
  .max(40)
  .refine((text) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)), { message: "expected a date (YYYY-MM-DD) or an ISO 8601 time" });

/** The filters every insight takes. */
export const InsightQuerystring = z.strictObject({
  from: dateText.optional().describe("only incidents and pages from this date (YYYY-MM-DD, UTC) or instant"),
  to: dateText.optional().describe("up to this date (inclusive) or instant"),
  team: z.string().min(1).max(200).optional().describe("only rows about this team; members always get their own team"),
});

const describeInsight = (summary: string, response: z.ZodType) => ({
  summary,
  tags: ["insights"],
  querystring: InsightQuerystring,
  response: { 200: response, ...errorResponses },
});

const teamField = { team: z.string().nullable().describe("the team the rows were narrowed to, if any") };

/** `GET /api/insights/silos`. */
export const silosSchema = describeInsight("Knowledge silos: people pulled in by mention or invitation, off call, outside the owning team", z.object({ ...teamField, rows: z.array(SiloRow), services: z.array(SiloServiceRow) }));
/** `GET /api/insights/fatigue`. */
export const fatigueSchema = {
  ...describeInsight("On-call fatigue per person and ISO week", z.object({ ...teamField, rows: z.array(FatigueRow), profiles: z.array(FatigueProfile) })),
  querystring: InsightQuerystring.extend({ minPages: z.coerce.number().int().min(1).max(1000).optional().describe("rows from this many pages a week (default 3)") }),
};
/** `GET /api/insights/drift`. */
export const driftSchema = describeInsight("Ownership drift: former owners pulled into their old team's incidents", z.object({ ...teamField, rows: z.array(DriftRow) }));
/** `GET /api/insights/services`. */
export const servicesSchema = describeInsight("Recurring services: incidents, time to resolve, recurring people, tags and follow-ups", z.object({ ...teamField, rows: z.array(ServiceRow) }));
/** `GET /api/insights/chaos`. */
export const chaosSchema = describeInsight("Chaos-experiment suggestions from repeated failures", z.object({ ...teamField, rows: z.array(ChaosRow) }));
/** `GET /api/insights/reading-list`. */
export const readingListSchema = {
  summary: "A newcomer's reading list for a team: published incidents on its services and those its people were pulled into",
  tags: ["insights"],
  querystring: z.strictObject({ team: z.string().min(1).max(200).optional().describe("default: the caller's own team") }),
  response: { 200: z.object({ team: z.string(), rows: z.array(ReadingListRow) }), ...errorResponses },
};
