import { type FormEvent, useEffect, useState } from "react";
import { anonymousRequest } from "../api/interviews-api";

/**
 * The page behind an anonymous-input link, open without signing in. The token is read
 * from the address's fragment (`/anonymous#…`), which browsers never send to a server,
 * and requests carry no cookies.
 */
export function AnonymousPage() {
  const token = window.location.hash.slice(1);
  const [link, setLink] = useState<{ incidentTitle: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [fields, setFields] = useState({ madeItHard: "", surprised: "", othersShouldKnow: "" });

  useEffect(() => {
    document.title = "Tell us about the incident · Debrief";
    if (!token) {
      setError("This address is missing its key: open the link exactly as you received it.");
      return;
    }
    anonymousRequest<{ incidentTitle: string; expiresAt: string }>("/anonymous/link", { token }).then(setLink, (e: Error) => setError(e.message));
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await anonymousRequest("/anonymous/inputs", { token, ...fields });
      setSent(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main className="page anonymous-page" id="main">
      <h1>{link ? link.incidentTitle : "Anonymous input"}</h1>
      {sent ? (
        <p role="status">Thank you. Your answer was stored without your name, account or address.</p>
      ) : link ? (
        <form onSubmit={submit}>
          <p>
            You were there. What you write here is stored without your name, your account, your address or your browser, and only the day it arrived is kept. The
            analyst may quote it, always without a name.
          </p>
          {(
            [
              ["madeItHard", "What made this hard?"],
              ["surprised", "What surprised you?"],
              ["othersShouldKnow", "What should others know?"],
            ] as const
          ).map(([key, label]) => (
            <label key={key} className="field">
              {label}
              <textarea rows={4} value={fields[key]} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
            </label>
          ))}
          <button type="submit" className="button button-primary" disabled={!fields.madeItHard.trim() && !fields.surprised.trim() && !fields.othersShouldKnow.trim()}>
            Send anonymously
          </button>
        </form>
      ) : null}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
