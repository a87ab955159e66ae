import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { formatUtcDateTime } from "../../../lib/format-time";
import { useCurrentUser } from "../../auth/queries/use-me";
import { createToken, listTokens, revokeToken } from "../api/admin-api";
import { AdminTabs, errorText } from "./admin-tabs";

const TOKENS_KEY = ["tokens"] as const;

/** Your own API tokens: create one (shown once), see when each was last used, revoke. */
export function TokensPage() {
  const me = useCurrentUser();
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: ({ signal }) => listTokens(signal) });
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (token) => {
      setCreated({ name: token.name, token: token.token });
      setName("");
      void client.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });
  const revoke = useMutation({ mutationFn: revokeToken, onSuccess: () => client.invalidateQueries({ queryKey: TOKENS_KEY }) });

  useEffect(() => {
    document.title = "API tokens · Debrief";
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), ...(days === "" ? {} : { expiresInDays: Number(days) }) });
  };

  return (
    <main className="page admin-page" id="main">
      <h1>{me.role === "admin" ? "Admin" : "API tokens"}</h1>
      {me.role === "admin" && <AdminTabs />}
      <h2>My API tokens</h2>
      <p className="muted">
        Scripts and the command line use a token instead of a password: send it as <code>Authorization: Bearer dbf_…</code>. A token acts as you, with your role; Debrief stores only a hash of it.
      </p>
      {created && (
        <div className="notice token-once" role="status">
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <code className="token-value" data-testid="new-token">
            {created.token}
          </code>
        </div>
      )}
      <form className="inline-form" onSubmit={submit} aria-label="Create a token">
        <label htmlFor="token-name">What it is for</label>
        <input id="token-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="nightly PagerDuty sync" />
        <label htmlFor="token-days">Expires after</label>
        <select id="token-days" value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">a year</option>
          <option value="">never</option>
        </select>
        <button type="submit" className="button button-primary" disabled={create.isPending || name.trim() === ""}>
          Create token
        </button>
      </form>
      {(create.error ?? revoke.error) && (
        <p className="form-error" role="alert">
          {errorText(create.error ?? revoke.error)}
        </p>
      )}
      {tokens.data && tokens.data.length === 0 && <p>You have no API tokens.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="data-table tokens-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>
                  <code>{token.prefix}…</code>
                </td>
                <td>{formatUtcDateTime(token.createdAt)}</td>
                <td>{token.lastUsedAt ? formatUtcDateTime(token.lastUsedAt) : "never"}</td>
                <td>{token.expiresAt ? formatUtcDateTime(token.expiresAt) : "never"}</td>
                <td>
                  <button type="button" className="button button-quiet" disabled={revoke.isPending} onClick={() => revoke.mutate(token.id)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
