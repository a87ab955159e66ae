import { AuditList, AuditQuery } from "../../../core/audit.js";
import { errorResponses } from "../common-schema.js";

/** `GET /api/audit`. */
export const listAuditSchema = {
  summary: "The audit trail, newest first (admin)",
  tags: ["audit"],
  querystring: AuditQuery,
  response: { 200: AuditList, ...errorResponses },
};
