import { apiFetch } from "../../../api/client";
import type { Role } from "../../../api/types";

/** An account as administrators see it (`GET /api/users`). */
export interface Account {
  id: number;
  email: string;
  name: string;
  role: Role;
  personId: number | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One audit event (`GET /api/audit`). */
export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown> | null;
}

/** What the audit trail can be narrowed to; empty fields are no filter. */
export interface AuditFilter {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** `YYYY-MM-DDTHH:mm` from a datetime-local input, in the reader's time zone. */
  from: string;
  to: string;
}

/** An API token as lists show it: never the secret. */
export interface ApiTokenSummary {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** `GET /api/users`. */
export async function listAccounts(signal?: AbortSignal): Promise<Account[]> {
  return (await apiFetch<{ users: Account[] }>("/users", { signal })).users;
}

/** `POST /api/users`. */
export async function createAccount(input: { email: string; name: string; role: Role; password: string }): Promise<Account> {
  return (await apiFetch<{ user: Account }>("/users", { method: "POST", body: input })).user;
}

/** `PATCH /api/users/:id`: name, role, disabled or a new password. */
export async function updateAccount(id: number, changes: Partial<{ name: string; role: Role; disabled: boolean; password: string }>): Promise<Account> {
  return (await apiFetch<{ user: Account }>(`/users/${id}`, { method: "PATCH", body: changes })).user;
}

/** `GET /api/audit`: a page of events, newest first, older than `before`. */
export async function listAudit(filter: AuditFilter, before: number | null, signal?: AbortSignal): Promise<AuditEvent[]> {
  const iso = (local: string) => (local === "" ? undefined : new Date(local).toISOString());
  const body = await apiFetch<{ events: AuditEvent[] }>("/audit", {
    signal,
    query: {
      limit: 50,
      before: before ?? undefined,
      actor: filter.actor.trim(),
      action: filter.action.trim(),
      subjectType: filter.subjectType.trim(),
      subjectId: filter.subjectId.trim(),
      from: iso(filter.from),
      to: iso(filter.to),
    },
  });
  return body.events;
}

/** `GET /api/tokens`: the caller's own tokens. */
export async function listTokens(signal?: AbortSignal): Promise<ApiTokenSummary[]> {
  return (await apiFetch<{ tokens: ApiTokenSummary[] }>("/tokens", { signal })).tokens;
}

/** `POST /api/tokens`: the answer is the only time the secret is shown. */
export async function createToken(input: { name: string; expiresInDays?: number }): Promise<ApiTokenSummary & { token: string }> {
  return apiFetch<ApiTokenSummary & { token: string }>("/tokens", { method: "POST", body: input });
}

/** `DELETE /api/tokens/:id`. */
export async function revokeToken(id: number): Promise<void> {
  await apiFetch<void>(`/tokens/${id}`, { method: "DELETE" });
}
