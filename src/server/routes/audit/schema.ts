import { z } from "zod";
import { decimalText, errorResponses, idText, isoTime } from "../common-schema.js";

/** `GET /api/audit`. */
export const listAuditSchema = {
  summary: "The audit trail, newest first (admin)",
  tags: ["audit"],
  querystring: z.strictObject({
    limit: decimalText(1, 500).optional().describe("default 100"),
    before: idText.optional().describe("only events older than this event id: the last id of the previous page"),
    actor: z.string().max(200).optional().describe("exactly this actor: user:<id>, token:<id>, cli:<login>, anonymous, oidc"),
    action: z.string().max(100).optional().describe("this action, or a family of actions with a trailing dot (auth.)"),
    subjectType: z.string().max(100).optional().describe("incident, user, session, annotation, import, …"),
    subjectId: z.string().max(100).optional(),
    from: isoTime.optional().describe("events at or after this time"),
    to: isoTime.optional().describe("events before this time"),
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
