import type { Page } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/commands/accounts.js";
import { type Role } from "../../src/core/accounts.js";
import { seedDemoStudies } from "../../src/commands/demo-seed.js";
import { loadDemo } from "../../src/commands/load-demo.js";
import { DEMO_ANALYST_EMAIL } from "../../src/cli/serve.js";
import { openStore, type Store } from "../../src/db/connection.js";
import { generateDemo } from "../../src/demo/index.js";
import { hashPassword } from "../../src/commands/passwords.js";
import { type AppOptions, buildApp } from "../../src/server/app.js";
import { buildWebUi } from "./web-build.js";

/** An account the tests sign in with. */
export interface TestAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** One account per role. */
export const ACCOUNTS: Record<Role, TestAccount> = {
  admin: { email: "admin@acme.test", password: "admin-password-1", name: "Ada Admin", role: "admin" },
  analyst: { email: "ana@acme.test", password: "analyst-password-1", name: "Ana Analyst", role: "analyst" },
  member: { email: "max@acme.test", password: "member-password-1", name: "Max Member", role: "member" },
  viewer: { email: "vic@acme.test", password: "viewer-password-1", name: "Vic Viewer", role: "viewer" },
};

/** The demo analyst of `debrief serve --demo`, with a fixed password for the tests. */
export const DEMO_ANALYST: TestAccount = { email: DEMO_ANALYST_EMAIL, password: "demo-analyst-password-1", name: "Demo Analyst", role: "analyst" };

/** A running Debrief with the demo company loaded and the web UI built. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  store: Store;
  app: FastifyInstance;
  dir: string;
  close(): Promise<void>;
}

/** Options for {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Demo size in Slack messages (default 3,000: a few dozen small incidents). */
  messages?: number;
  seed?: number;
  /**
   * Seeds what `debrief serve --demo` seeds after loading (the learning programme, the
   * worked and the half-done incident), authored by {@link DEMO_ANALYST}.
   */
  seedStudies?: boolean;
  /** Runs after the demo is loaded and before the server starts (e.g. to create a big incident). */
  prepare?: (store: Store) => Promise<void>;
  /** Reuse a built UI instead of building one. */
  webRoot?: string;
  onProgress?: (step: string) => void;
  /** Port on 127.0.0.1 (default: any free one). */
  port?: number;
  /** More settings for the app (e.g. `slackSync`). */
  appOptions?: Partial<AppOptions>;
}

// A low scrypt cost keeps sign-in fast in tests; the format and checks are the real ones.
const TEST_PASSWORD_COST = 2 ** 10;

/**
 * Generates the demo company into a temporary folder, loads it into a fresh SQLite
 * store, creates one account per role, builds the web UI and starts `buildApp` on a
 * free port on 127.0.0.1 — the same app `debrief serve` runs.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), "debrief-e2e-"));
  const progress = options.onProgress ?? (() => {});
  progress("building the web UI");
  const webRoot = options.webRoot ?? (await buildWebUi(join(dir, "web")));
  progress("generating the demo");
  const demo = generateDemo({ outDir: join(dir, "demo"), messages: options.messages ?? 3000, seed: options.seed ?? 42 });
  const store = await openStore({ url: join(dir, "debrief.db") });
  progress("loading the demo");
  await loadDemo(store, demo, "e2e");
  for (const account of Object.values(ACCOUNTS)) {
    await createUser(store, { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password, TEST_PASSWORD_COST), actor: "e2e" });
  }
  if (options.seedStudies) {
    progress("seeding the demo's analysis");
    const analyst = await createUser(store, { email: DEMO_ANALYST.email, name: DEMO_ANALYST.name, role: DEMO_ANALYST.role, passwordHash: await hashPassword(DEMO_ANALYST.password, TEST_PASSWORD_COST), actor: "e2e" });
    await seedDemoStudies(store, { analystUserId: analyst.id, actor: "e2e" });
  }
  await options.prepare?.(store);
  const app = await buildApp({ store, webRoot, passwordCost: TEST_PASSWORD_COST, minLoginDelayMs: 0, maxLoginPenaltyMs: 0, ...options.appOptions });
  const address = await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  progress(`listening on ${address}`);
  return {
    url: address,
    store,
    app,
    dir,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in API client for arranging test data through the HTTP API itself. */
export class ApiSession {
  private cookies = new Map<string, string>();

  private constructor(private readonly baseUrl: string) {}

  /** Signs in as the account. */
  static async signIn(baseUrl: string, account: TestAccount): Promise<ApiSession> {
    const session = new ApiSession(baseUrl);
    const response = await session.request("POST", "/api/auth/login", { email: account.email, password: account.password });
    if (response.status !== 200) throw new Error(`sign-in as ${account.email} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return session;
  }

  /** Sends a request with the session cookie and, on writes, the CSRF header. */
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = this.cookies.get("debrief_csrf");
    if (csrf && method !== "GET") headers["x-csrf-token"] = decodeURIComponent(csrf);
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  /** Like {@link request}, but throws unless the status is the expected one. */
  async expect<T>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (response.status !== status) throw new Error(`${method} ${path} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`);
    return response.body as T;
  }
}

/** Signs in through the login form, as a person would, and waits for the incident list. */
export async function signInThroughForm(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
}
