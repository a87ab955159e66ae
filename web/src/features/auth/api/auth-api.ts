import { apiFetch } from "../../../api/client";
import type { User } from "../../../api/types";

/** `GET /api/me`. */
export async function fetchMe(signal?: AbortSignal): Promise<User> {
  const body = await apiFetch<{ user: User }>("/me", { signal, ignoreUnauthorized: true });
  return body.user;
}

/** `POST /api/auth/login`: sets the session and CSRF cookies. */
export async function login(email: string, password: string): Promise<User> {
  const body = await apiFetch<{ user: User }>("/auth/login", { method: "POST", body: { email, password }, ignoreUnauthorized: true });
  return body.user;
}

/** `POST /api/auth/logout`. */
export async function logout(): Promise<void> {
  await apiFetch<void>("/auth/logout", { method: "POST", ignoreUnauthorized: true });
}

/** How one can sign in (`GET /api/auth/methods`). */
export interface AuthMethods {
  password: boolean;
  oidc: { label: string; startUrl: string } | null;
}

/** `GET /api/auth/methods`: passwords, the company's identity provider, or both. */
export async function fetchAuthMethods(signal?: AbortSignal): Promise<AuthMethods> {
  return apiFetch<AuthMethods>("/auth/methods", { signal, ignoreUnauthorized: true });
}
