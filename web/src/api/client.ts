import type { z } from "zod";
import type { Annotation, ApiErrorBody } from "./types";

/**
 * In development every response is checked against the core schema the server
 * answers with, so a drift between the two shows up at once, naming the field; a
 * production build trusts the server, which validated the response on its way out.
 */
const CHECK_RESPONSES = (import.meta as ImportMeta & { env?: { DEV?: boolean } }).env?.DEV === true;

/** A response that does not match its schema (development builds only). */
export class ResponseShapeError extends Error {
  constructor(path: string, issues: readonly z.core.$ZodIssue[]) {
    super(`${path}: response does not match its schema: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    this.name = "ResponseShapeError";
  }
}

/** Checks `body` against `schema`, throwing {@link ResponseShapeError} with every field at fault. */
export function checkResponse<T>(path: string, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ResponseShapeError(path, result.error.issues);
  return result.data;
}

/** A request the API answered with an error status. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody | null;

  constructor(status: number, body: ApiErrorBody | null, fallback: string) {
    super(body?.error ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

/** `409`: someone else saved the annotation first; `current` is what is stored now. */
export class ConflictError extends ApiError {
  readonly current: Annotation | null;

  constructor(body: ApiErrorBody | null) {
    super(409, body, "conflict");
    this.name = "ConflictError";
    this.current = body?.current ?? null;
  }
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/**
 * Registers what happens when a request answers `401` (the session ended): the app
 * shell sends the reader to the login page, keeping where they were.
 */
export function setUnauthorizedHandler(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

const CSRF_COOKIE = "debrief_csrf";
const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** The CSRF token the server set beside the session cookie, if any. */
export function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Options for {@link apiFetch}. */
export interface ApiRequest {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Serialised as JSON; a FormData is sent as multipart as it is. */
  body?: unknown;
  /** Appended as a query string; null, undefined and empty values are left out, arrays repeat. */
  query?: Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;
  signal?: AbortSignal;
  /** Login answers 401 for a wrong password: that is a form error, not an ended session. */
  ignoreUnauthorized?: boolean;
}

/** A request whose success body has a core schema, checked in development builds. */
export interface CheckedRequest<T> extends ApiRequest {
  schema?: z.ZodType<T>;
}

/** Builds `/api/...?...` from a path and query values. */
export function apiUrl(path: string, query?: ApiRequest["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ""}`;
}

/**
 * The one way the UI talks to the server: same-origin cookies, the CSRF header on
 * writes, JSON in and out, and errors as {@link ApiError} (409 as {@link ConflictError}).
 * Returns `undefined` for `204`.
 */
export async function apiFetch<T>(path: string, request: CheckedRequest<T> = {}): Promise<T> {
  const method = request.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  const multipart = request.body instanceof FormData;
  if (request.body !== undefined && !multipart) headers["content-type"] = "application/json";
  if (WRITE_METHODS.has(method)) {
    const token = csrfToken();
    if (token) headers["x-csrf-token"] = token;
  }
  const response = await fetch(apiUrl(path, request.query), {
    method,
    headers,
    credentials: "same-origin",
    body: request.body === undefined ? null : multipart ? (request.body as FormData) : JSON.stringify(request.body),
    signal: request.signal ?? null,
  });
  if (response.status === 204) return undefined as T;
  const body = await readJson(response);
  if (response.ok) return (CHECK_RESPONSES && request.schema ? checkResponse(path, request.schema, body) : body) as T;
  const errorBody = isErrorBody(body) ? body : null;
  if (response.status === 401 && !request.ignoreUnauthorized) onUnauthorized?.();
  if (response.status === 409) throw new ConflictError(errorBody);
  throw new ApiError(response.status, errorBody, `${method} ${path} failed with ${response.status}`);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === "object" && value !== null && typeof (value as { error?: unknown }).error === "string";
}

/** True for an {@link ApiError} with one of the given statuses. */
export function isApiError(error: unknown, ...statuses: number[]): error is ApiError {
  return error instanceof ApiError && (statuses.length === 0 || statuses.includes(error.status));
}
