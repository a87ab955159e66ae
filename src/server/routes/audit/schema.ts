import { z } from "zod";
import { decimalText, errorResponses, idText, isoTime } from "../common-schema.js";

/** `GET /api/audit`. */
export const listAuditSchema = {
  summary: "The audit trail, newest first (admin)",
  tags: ["audit"],
  querystring: z.strictObject({
    limit: decimalText(1, 500).optional().describe("default 100"),
    before: idText.optional().describe("only events older than this event id: the last id of the previous page"),
  }),
  response: {
    200: z.object({
      events: z.array(
        z.object({
          id: z.number().int(),
          at: isoTime,
          actor: z.string().describe("user:<id>, token:<id>, cli:<login>, anonymous"),
          action: z.string().describe("incident.update, annotation.create, access.denied, auth.login_failed, …"),
          subjectType: z.string().nullable(),
          subjectId: z.string().nullable(),
          details: z.record(z.string(), z.unknown()).nullable(),
        }),
      ),
    }),
    ...errorResponses,
  },
};
