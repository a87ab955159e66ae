/** What a denial is recorded as in the audit trail. */
export interface DenialRecord {
  /** The policy action that was refused (`incident.update`), or `auth.required`, `csrf`. */
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  reason: string;
}

/**
 * An error the API answers with a status and a JSON body `{error, ...extra}`. Anything
 * else that escapes a handler becomes a 500 without details.
 */
export class HttpError extends Error {
  override readonly name: string = "HttpError";

  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A refused request (401, 403, or 404 for what the caller may not know exists); always audited. */
export class AccessDenied extends HttpError {
  override readonly name = "AccessDenied";

  constructor(
    statusCode: 401 | 403 | 404,
    message: string,
    readonly denial: DenialRecord,
  ) {
    super(statusCode, message);
  }
}

/** 404 with the API's usual body. */
export function notFound(what: string): HttpError {
  return new HttpError(404, `${what} not found`);
}
