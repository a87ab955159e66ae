import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link } from "react-router";
import type { Role } from "../../../api/types";
import { MIN_PASSWORD_CHARACTERS, passwordCharacters } from "../../../../../src/core/password-rules.js";
import { formatUtcDateTime } from "../../../lib/format-time";
import { useCurrentUser } from "../../auth/queries/use-me";
import { type Account, createAccount, listAccounts, updateAccount } from "../api/admin-api";
import { AdminTabs, errorText } from "./admin-tabs";

const ROLES: { role: Role; label: string; hint: string }[] = [
  { role: "admin", label: "Admin", hint: "everything, including accounts and the audit trail" },
  { role: "analyst", label: "Analyst", hint: "imports, studies, annotates and writes reviews" },
  { role: "member", label: "Member", hint: "reads timelines and asks questions" },
  { role: "viewer", label: "Viewer", hint: "reads published reviews" },
];

const ACCOUNTS_KEY = ["admin", "accounts"] as const;

/** Accounts (admin): create one, change a role, disable or enable, set a new password. */
export function AccountsPage() {
  const me = useCurrentUser();
  const client = useQueryClient();
  const accounts = useQuery({ queryKey: ACCOUNTS_KEY, queryFn: ({ signal }) => listAccounts(signal), enabled: me.role === "admin" });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ACCOUNTS_KEY });
  const update = useMutation({
    mutationFn: ({ id, changes }: { id: number; changes: Parameters<typeof updateAccount>[1] }) => updateAccount(id, changes),
    onSuccess: (account, { changes }) => {
      void refresh();
      setNotice(
        changes.password
          ? `${account.name} has a new password; their sessions and API tokens have ended.`
          : changes.disabled === true
            ? `${account.name} is disabled and signed out everywhere.`
            : changes.disabled === false
              ? `${account.name} can sign in again.`
              : `${account.name} is now ${account.role}.`,
      );
    },
  });

  useEffect(() => {
    document.title = "Accounts · Admin · Debrief";
  }, []);

  if (me.role !== "admin") return <NotAdmin />;

  return (
    <main className="page admin-page" id="main">
      <h1>Admin</h1>
      <AdminTabs />
      <h2>Accounts</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {update.error && (
        <p className="form-error" role="alert">
          {errorText(update.error)}
        </p>
      )}
      <NewAccountForm onCreated={(account) => { void refresh(); setNotice(`${account.name} (${account.email}) can sign in as ${account.role}.`); }} />
      {accounts.isPending && <p role="status">Loading accounts…</p>}
      {accounts.error && <p role="alert">{errorText(accounts.error)}</p>}
      {accounts.data && (
        <div className="table-scroll">
          <table className="data-table accounts-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <AccountRow key={account.id} account={account} self={account.id === me.id} onChange={(changes) => update.mutate({ id: account.id, changes })} busy={update.isPending} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function AccountRow({ account, self, onChange, busy }: { account: Account; self: boolean; onChange: (changes: Parameters<typeof updateAccount>[1]) => void; busy: boolean }) {
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState("");
  return (
    <tr className={account.disabled ? "row-muted" : undefined} data-account={account.email}>
      <td>{account.name}</td>
      <td>{account.email}</td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${account.id}`}>
          Role of {account.name}
        </label>
        <select id={`role-${account.id}`} value={account.role} disabled={busy || self} onChange={(e) => onChange({ role: e.target.value as Role })} title={self ? "You cannot change your own role" : undefined}>
          {ROLES.map((r) => (
            <option key={r.role} value={r.role}>
              {r.label}
            </option>
          ))}
        </select>
      </td>
      <td>{account.disabled ? "Disabled" : "Active"}</td>
      <td>{formatUtcDateTime(account.createdAt)}</td>
      <td className="row-actions">
        {!self && (
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => onChange({ disabled: !account.disabled })}>
            {account.disabled ? "Enable" : "Disable"}
          </button>
        )}
        {resetting ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              onChange({ password });
              setPassword("");
              setResetting(false);
            }}
          >
            <label className="visually-hidden" htmlFor={`password-${account.id}`}>
              New password for {account.name}
            </label>
            <input id={`password-${account.id}`} type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} placeholder="at least 12 characters" />
            <button type="submit" className="button" disabled={busy || passwordCharacters(password) < MIN_PASSWORD_CHARACTERS}>
              Set password
            </button>
            <button type="button" className="button button-quiet" onClick={() => setResetting(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => setResetting(true)}>
            Reset password
          </button>
        )}
      </td>
    </tr>
  );
}

function NewAccountForm({ onCreated }: { onCreated: (account: Account) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [password, setPassword] = useState("");
  const create = useMutation({
    mutationFn: createAccount,
    onSuccess: (account) => {
      setEmail("");
      setName("");
      setPassword("");
      onCreated(account);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ email: email.trim(), name: name.trim(), role, password });
  };
  return (
    <details className="panel" open={false}>
      <summary>Create an account</summary>
      <form className="stack-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="new-account-name">Name</label>
          <input id="new-account-name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-account-email">E-mail</label>
          <input id="new-account-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-account-role">Role</label>
          <select id="new-account-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.role} value={r.role}>
                {r.label}: {r.hint}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-account-password">First password</label>
          <input id="new-account-password" type="password" autoComplete="new-password" minLength={12} required value={password} onChange={(e) => setPassword(e.target.value)} />
          <p className="muted">At least 12 characters. Give it to the person in person or by another channel; they can be given a new one here at any time.</p>
        </div>
        {create.error && (
          <p className="form-error" role="alert">
            {errorText(create.error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create account"}
        </button>
      </form>
    </details>
  );
}

/** What a non-admin sees on an admin page. */
export function NotAdmin() {
  return (
    <main className="page" id="main">
      <h1>Admin</h1>
      <p>Accounts and the audit trail are for admins. Your own API tokens are under <Link to="/tokens">API tokens</Link>.</p>
    </main>
  );
}
