import { z } from "zod";

/*
 * Pieces every endpoint's schema is built from. Request objects are strict (an
 * unknown field is a 400, not silently ignored); response objects are not, so a
 * field a presenter adds but the schema does not declare is stripped, never sent.
 */

/** Postgres `integer` ids stop here; a larger number is a 400, not a database error. */
export const MAX_ID = 2_147_483_647;

/**
 * A whole number written in canonical decimal in a path or query string: `12`, never
 * `0x10`, `+1`, `1e3`, ` 1` or `012` (Number() would read all of them), so one resource
 * has one URL and nothing surprising reaches a query.
 */
export function decimalText(min: number, max: number) {
  const pattern = min >= 1 ? /^[1-9][0-9]{0,15}$/ : /^(0|[1-9][0-9]{0,15})$/;
  return z
    .string()
    .regex(pattern, "must be a whole number in decimal digits")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** A positive integer id in a path or query string. */
export const idText = decimalText(1, MAX_ID);

/**
 * Search text in a query string. Control characters are refused: a NUL ends the pattern
 * early in SQLite (so `%00` would match everything) and is an error in PostgreSQL.
 */
export const searchText = z
  .string()
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");

/** A positive integer id in a JSON body. */
export const idNumber = z.number().int().positive().max(MAX_ID);

/** `/:id` path parameters. */
export const IdParams = z.strictObject({ id: idText.describe("numeric id") });

/** An ISO 8601 instant in a response. */
export const isoTime = z.string().meta({ format: "date-time" });

/** One problem with a request, naming the field. */
export const ValidationDetail = z.object({
  /** Where: `body`, `querystring`, `params` or `headers`. */
  in: z.string().describe("where the field is: body, querystring, params, headers"),
  /** Dotted path of the field (`tags.0`), or the unknown field's name. */
  field: z.string().describe("the field, as a dotted path"),
  message: z.string(),
});

/** Every error answer: `{error}` and, for bad requests, the fields at fault. */
export const ErrorBody = z
  .object({
    error: z.string().describe("what went wrong, in one line"),
    details: z.array(ValidationDetail).optional().describe("for 400: each field at fault"),
  })
  .meta({ id: "Error" });

/** The error statuses any authenticated route can answer. */
export const errorResponses = {
  // 400 bad request, 401 not signed in, 403 forbidden or CSRF, 404 not found, 413 too large.
  "4xx": ErrorBody,
} as const;

/** An account as other records mention it. */
export const UserRef = z.object({ id: z.number().int(), name: z.string() });

/** `204 No Content`. */
export const NoContent = z.undefined().describe("no content");
