import * as oidc from "openid-client";
import { isRole, normalizeEmail, type Role } from "../../commands/accounts.js";
import type { Store } from "../../db/connection.js";
import { recordAudit } from "../../db/repositories/audit.js";
import { deleteExpiredSessions } from "../../db/repositories/sessions.js";
import { findUserByEmail, insertUser, updateUser, type UserAccount } from "../../db/repositories/users.js";
import { sha256Hex } from "./secrets.js";
import { type StartedSession, startSession } from "./sessions.js";

/** Sign-in with the company's OpenID Connect identity provider (docs/security.md). */
export interface OidcSettings {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read once. */
  issuer: string;
  clientId: string;
  /** The client secret (a confidential client); absent for a public client (PKCE only). */
  clientSecret?: string | undefined;
  /** Debrief's own address as users reach it: the callback is `<publicUrl>/api/auth/oidc/callback`. */
  publicUrl: string;
  /** What the sign-in button says, e.g. "Sign in with Acme SSO". */
  label?: string | undefined;
  /** The role of an account created at its first sign-in, when no group maps to one. */
  defaultRole: Role;
  /** The ID-token claim holding the user's groups (default `groups`). */
  groupsClaim?: string | undefined;
  /** Groups that give a role, checked from admin down; when set, every sign-in applies it. */
  roleGroups?: Partial<Record<Role, readonly string[]>> | undefined;
  /** Scopes asked for (default `openid email profile`, plus `groups` when mapped). */
  scopes?: string | undefined;
}

/** A sign-in that cannot go on, with a reason fit to show the person. */
export class OidcSignInError extends Error {
  override readonly name = "OidcSignInError";
}

/** How long a started sign-in may take to come back. */
const PENDING_MS = 10 * 60_000;
const ROLE_ORDER: readonly Role[] = ["admin", "analyst", "member", "viewer"];

/** The callback path the provider redirects to; register `<publicUrl>` + this with the provider. */
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";

/**
 * The provider, discovered on first use and kept. Plain-HTTP issuers are allowed only on
 * the loopback address (a provider started for tests or on a laptop).
 */
export class OidcProvider {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The label of the sign-in button. */
  get label(): string {
    return this.settings.label ?? "Sign in with your company account";
  }

  /** Starts a sign-in: remembers its checks in the store and returns the provider's authorization URL. */
  async start(store: Store, returnTo: string, now = Date.now()): Promise<URL> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    await store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("oidcLogins").where("expiresAt", "<", now).execute();
      await trx
        .insertInto("oidcLogins")
        .values({ stateHash: sha256Hex(state), codeVerifier, nonce, returnTo: safeReturnPath(returnTo), createdAt: now, expiresAt: now + PENDING_MS })
        .execute();
    });
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl(),
      scope: this.settings.scopes ?? (this.settings.roleGroups ? "openid email profile groups" : "openid email profile"),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
  }

  /**
   * Finishes a sign-in at the callback: the state must be one this store issued and not
   * yet used, the code is exchanged with the PKCE verifier, the ID token's nonce checked.
   * The account is found by verified e-mail, or created with the default role; a groups
   * mapping sets the role at every sign-in. Starts a Debrief session.
   */
  async finish(store: Store, query: string, meta: { ip: string | null; userAgent: string | null }, now = Date.now()): Promise<{ user: UserAccount; session: StartedSession; returnTo: string }> {
    const params = new URLSearchParams(query);
    const providerError = params.get("error");
    if (providerError) throw new OidcSignInError(`the identity provider refused the sign-in (${providerError.slice(0, 100)})`);
    const state = params.get("state");
    if (!state) throw new OidcSignInError("the sign-in came back without its state; start again");
    const pending = await store.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("oidcLogins").selectAll().where("stateHash", "=", sha256Hex(state)).executeTakeFirst();
      // Single use: a replayed callback finds nothing.
      if (row) await trx.deleteFrom("oidcLogins").where("stateHash", "=", row.stateHash).execute();
      return row;
    });
    if (!pending || pending.expiresAt < now) throw new OidcSignInError("this sign-in has expired or was already used; start again");
    const config = await this.config();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${this.callbackUrl()}?${params.toString()}`), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw new OidcSignInError(`the identity provider's answer could not be verified (${error instanceof Error ? error.message : String(error)})`);
    }
    const email = typeof claims.email === "string" ? normalizeEmail(claims.email) : "";
    if (email === "" || claims.email_verified !== true) throw new OidcSignInError("the identity provider did not give a verified e-mail address for this account");
    const mapped = this.roleFromGroups(claims);
    const name = typeof claims.name === "string" && claims.name.trim() !== "" ? claims.name.trim().slice(0, 200) : email;

    return store.db.transaction().execute(async (trx) => {
      let user = await findUserByEmail(trx, email);
      if (!user) {
        const role = mapped ?? this.settings.defaultRole;
        const id = await insertUser(trx, { email, name, role, passwordHash: null, personId: null }, now);
        await recordAudit(trx, { actor: "oidc", action: "user.create", subjectType: "user", subjectId: id, details: { email, role, via: "oidc" } }, now);
        user = await findUserByEmail(trx, email);
      } else if (mapped && mapped !== user.role) {
        await updateUser(trx, user.id, { role: mapped }, now);
        await recordAudit(trx, { actor: "oidc", action: "user.update", subjectType: "user", subjectId: user.id, details: { changes: { role: mapped }, via: "oidc groups" } }, now);
        user = await findUserByEmail(trx, email);
      }
      if (!user) throw new Error(`account ${email} vanished`);
      if (user.disabled) {
        await recordAudit(trx, { actor: "anonymous", action: "auth.login_failed", subjectType: "user", subjectId: user.id, details: { ip: meta.ip, via: "oidc", reason: "disabled" } }, now);
        throw new OidcSignInError("this Debrief account is disabled; ask an admin");
      }
      await deleteExpiredSessions(trx, now);
      const session = await startSession(trx, user.id, meta, now);
      await recordAudit(trx, { actor: `user:${user.id}`, action: "auth.login", subjectType: "session", subjectId: session.id, details: { ip: meta.ip, via: "oidc" } }, now);
      return { user, session, returnTo: pending.returnTo };
    });
  }

  private roleFromGroups(claims: Record<string, unknown>): Role | null {
    const mapping = this.settings.roleGroups;
    if (!mapping) return null;
    const raw = claims[this.settings.groupsClaim ?? "groups"];
    const groups = new Set(Array.isArray(raw) ? raw.filter((g): g is string => typeof g === "string") : typeof raw === "string" ? [raw] : []);
    for (const role of ROLE_ORDER) if ((mapping[role] ?? []).some((g) => groups.has(g))) return role;
    return null;
  }

  private callbackUrl(): string {
    return `${this.settings.publicUrl.replace(/\/+$/, "")}${OIDC_CALLBACK_PATH}`;
  }

  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuer);
      const loopback = issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
      this.configuration = oidc
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          // Try again at the next sign-in: the provider may just have been down.
          this.configuration = null;
          throw new OidcSignInError(`the identity provider at ${issuer.origin} could not be reached (${error instanceof Error ? error.message : String(error)})`);
        });
    }
    return this.configuration;
  }
}

/** Only app paths: never another origin (`//evil`, `https://…`) or the API itself. */
export function safeReturnPath(path: string | undefined): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/api/")) return "/";
  return path.slice(0, 500);
}

/**
 * Reads the OIDC settings from the environment (`DEBRIEF_OIDC_*`, see the README);
 * null when no issuer is set. Bad values are reported by name.
 */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv, fallbackPublicUrl: string): OidcSettings | null {
  const issuer = env.DEBRIEF_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.DEBRIEF_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error("DEBRIEF_OIDC_ISSUER is set but DEBRIEF_OIDC_CLIENT_ID is not");
  if (!URL.canParse(issuer)) throw new Error(`DEBRIEF_OIDC_ISSUER ${JSON.stringify(issuer)} is not a URL`);
  const defaultRole = env.DEBRIEF_OIDC_DEFAULT_ROLE?.trim() || "viewer";
  if (!isRole(defaultRole)) throw new Error(`DEBRIEF_OIDC_DEFAULT_ROLE ${JSON.stringify(defaultRole)} is not one of admin, analyst, member, viewer`);
  const publicUrl = env.DEBRIEF_PUBLIC_URL?.trim() || fallbackPublicUrl;
  if (!URL.canParse(publicUrl)) throw new Error(`DEBRIEF_PUBLIC_URL ${JSON.stringify(publicUrl)} is not a URL`);
  return {
    issuer,
    clientId,
    clientSecret: env.DEBRIEF_OIDC_CLIENT_SECRET || undefined,
    publicUrl,
    label: env.DEBRIEF_OIDC_LABEL || undefined,
    defaultRole,
    groupsClaim: env.DEBRIEF_OIDC_GROUPS_CLAIM || undefined,
    roleGroups: parseRoleGroups(env.DEBRIEF_OIDC_ROLE_GROUPS),
    scopes: env.DEBRIEF_OIDC_SCOPES || undefined,
  };
}

/** `admin=debrief-admins;analyst=sre,incident-review` → `{admin: [...], analyst: [...]}`. */
export function parseRoleGroups(text: string | undefined): Partial<Record<Role, string[]>> | undefined {
  if (!text || text.trim() === "") return undefined;
  const mapping: Partial<Record<Role, string[]>> = {};
  for (const part of text.split(";")) {
    if (part.trim() === "") continue;
    const [role, groups] = part.split("=", 2).map((s) => s.trim());
    if (!role || !isRole(role) || !groups) throw new Error(`DEBRIEF_OIDC_ROLE_GROUPS: ${JSON.stringify(part)} is not role=group,group (roles: admin, analyst, member, viewer)`);
    mapping[role] = groups.split(",").map((g) => g.trim()).filter((g) => g !== "");
  }
  return mapping;
}

// A secret-free fingerprint of the settings, for the start-up line.
export function describeOidc(settings: OidcSettings): string {
  return `${new URL(settings.issuer).origin} (client ${settings.clientId}${settings.clientSecret ? ", confidential" : ", public"}), new accounts: ${settings.defaultRole}`;
}

