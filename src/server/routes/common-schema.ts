import { ErrorBody } from "../../core/common.js";

// The shapes themselves are the API contract and live in src/core/common.ts.
export { decimalText, ErrorBody, IdParams, idNumber, idText, isoTime, MAX_ID, NoContent, searchText, UserRef, ValidationDetail } from "../../core/common.js";

/** The error statuses any authenticated route can answer. */
export const errorResponses = {
  // 400 bad request, 401 not signed in, 403 forbidden or CSRF, 404 not found, 413 too large.
  "4xx": ErrorBody,
} as const;
