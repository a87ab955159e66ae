import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { isApiError } from "../../../api/client";
import { fetchAuthMethods } from "../api/auth-api";
import { useLogin, useMe } from "../queries/use-me";

/** Where to go after signing in: the `next` parameter when it is a path of this app. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/incidents";
}

/**
 * The sign-in page: the company's identity provider when one is configured, and the
 * e-mail and password form unless local passwords are turned off; the server's answer
 * when signing in fails.
 */
export function LoginPage() {
  const me = useMe();
  const methods = useQuery({ queryKey: ["auth-methods"], queryFn: ({ signal }) => fetchAuthMethods(signal), staleTime: Number.POSITIVE_INFINITY, retry: false });
  const location = useLocation();
  const navigate = useNavigate();
  const loginMutation = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const errorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · Debrief";
    emailRef.current?.focus();
  }, []);

  if (me.data) return <Navigate to={nextPath(location.search)} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    loginMutation.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(nextPath(location.search), { replace: true }) });
  };

  const error = loginMutation.error;
  const message = !error
    ? null
    : isApiError(error, 401)
      ? "That e-mail and password do not match an account."
      : isApiError(error, 429)
        ? "Too many attempts. Wait a minute and try again."
        : isApiError(error, 400)
          ? "Enter an e-mail address and a password."
          : "Debrief could not be reached. Try again in a moment.";
  const params = new URLSearchParams(location.search);
  const expired = params.get("expired") === "1";
  // A sign-in through the identity provider that failed comes back here with its reason.
  const providerError = params.get("error");
  const oidc = methods.data?.oidc ?? null;
  const passwordAllowed = methods.data?.password ?? true;
  const providerHref = oidc ? `${oidc.startUrl}?returnTo=${encodeURIComponent(nextPath(location.search))}` : null;

  return (
    <main className="login">
      <div className="login-card">
        <p className="brand brand-large" aria-hidden="true">
          Debrief
        </p>
        <h1>Sign in</h1>
        <p className="muted">Study what happened, and learn from it.</p>
        {expired && !message && (
          <p className="notice" role="status">
            Your session ended. Sign in again to carry on where you were.
          </p>
        )}
        {providerError && (
          <p className="form-error" role="alert">
            Signing in did not work: {providerError}
          </p>
        )}
        {providerHref && oidc && (
          <a className="button button-primary button-wide" href={providerHref}>
            {oidc.label}
          </a>
        )}
        {providerHref && passwordAllowed && <p className="login-divider muted">or with your Debrief password</p>}
        {passwordAllowed && (
          <form onSubmit={submit} noValidate aria-describedby={message ? errorId : undefined}>
            <div className="field">
              <label htmlFor="login-email">E-mail</label>
              <input
                ref={emailRef}
                id="login-email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={message ? true : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="login-password">Password</label>
              <input
                id="login-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-invalid={message ? true : undefined}
              />
            </div>
            {message && (
              <p id={errorId} className="form-error" role="alert">
                {message}
              </p>
            )}
            <button type="submit" className="button button-primary button-wide" disabled={loginMutation.isPending}>
              {loginMutation.isPending ? "Signing in…" : "Sign in"}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
