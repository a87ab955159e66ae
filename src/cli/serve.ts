import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { countAccounts, createUser, findAccountByEmail, updateUserAccount } from "../commands/accounts.js";
import { AccountExistsError } from "../core/errors.js";
import { seedDemoStudies } from "../commands/demo-seed.js";
import { loadDemo } from "../commands/load-demo.js";
import { InputError } from "../core/errors.js";
import { startImportRunner } from "../commands/import-jobs.js";
import { openStore, type Store } from "../db/connection.js";
import { buildApp } from "../server/app.js";
import { startNotificationRunner, transportsFromEnv } from "../commands/notify-published.js";
import { describeOidc, oidcSettingsFromEnv } from "../server/auth/oidc.js";
import { generatePassword, hashPassword } from "../commands/passwords.js";
import { webRootFor } from "./package-root.js";

/** The account `debrief serve` creates when there is none. */
export const FIRST_ADMIN_EMAIL = "admin@debrief.local";

/**
 * Creates the first admin with a random password when the store has no accounts at
 * all; returns the password (to show once), or null when accounts exist. Two instances
 * starting together cannot both create it: the e-mail is unique.
 */
export async function ensureFirstAdmin(store: Store): Promise<string | null> {
  if ((await countAccounts(store)) > 0) return null;
  const password = generatePassword();
  try {
    await createUser(store, { email: FIRST_ADMIN_EMAIL, name: "Administrator", role: "admin", passwordHash: await hashPassword(password), actor: "cli:serve" });
  } catch (error) {
    if (error instanceof AccountExistsError) return null;
    throw error;
  }
  return password;
}

/** The analyst account `debrief serve --demo` signs people in with. */
export const DEMO_ANALYST_EMAIL = "analyst@demo.debrief.local";

/**
 * Makes a store ready to explore: loads the generated demo company when the store has
 * no incidents yet — with a learning programme (published reviews and their reading)
 * and two incidents worked by the demo analyst, one in full and one half done — and
 * gives the demo analyst account a fresh password on every start (returned, to print),
 * so a demo login is always at hand and never a fixed secret.
 */
export async function prepareDemo(store: Store, outDir: string, options: { messages?: number; onStep?: (step: string, ms: number) => void } = {}): Promise<string> {
  const incidents = await store.db.selectFrom("incidents").select("id").limit(1).execute();
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  // The demo analyst exists before the seeding: it is the author of the worked incident's notes.
  const existing = await findAccountByEmail(store, DEMO_ANALYST_EMAIL);
  let analystId: number;
  if (existing) {
    await updateUserAccount(store, { id: existing.id, passwordHash, disabled: false, actor: "cli:serve" });
    analystId = existing.id;
  } else {
    analystId = (await createUser(store, { email: DEMO_ANALYST_EMAIL, name: "Demo Analyst", role: "analyst", passwordHash, actor: "cli:serve" })).id;
  }
  if (incidents.length === 0) {
    process.stdout.write("Loading the demo company (people, catalog, Slack, PagerDuty)…\n");
    let last = performance.now();
    const step = (name: string) => {
      const now = performance.now();
      options.onStep?.(name, now - last);
      last = now;
    };
    const { generateDemo } = await import("../demo/index.js");
    const demo = generateDemo({ outDir, seed: 42, messages: options.messages ?? 20_000 });
    step("generate");
    await loadDemo(store, demo, "cli:serve");
    step("load");
    // Published reviews and their reading, then one incident worked in full and one half done (docs/demo.md).
    await seedDemoStudies(store, { analystUserId: analystId, actor: "cli:serve" });
    step("seed");
  }
  return password;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InputError(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

/** `debrief serve`: the web UI, the HTTP API and the import job runner, until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("run the web UI and the HTTP API (and run uploaded imports in the background)")
    .option("--port <port>", "port to listen on", "3000")
    .option("--host <host>", "address to listen on (0.0.0.0 for every interface)", "127.0.0.1")
    .option("--web <dir>", "the built web UI (default: dist/web of the installed package, wherever debrief is run from)")
    .option("--secure-cookies", "mark cookies Secure: set this when users reach Debrief over HTTPS")
    .option("--trust-proxy", "trust X-Forwarded-For from a reverse proxy in front of Debrief")
    .option("--log-level <level>", "fatal, error, warn, info, debug or silent", "info")
    .option("--demo [dir]", "load the demo company into an empty store (files in dir, default ./demo) and print a demo login")
    .action(async (options: { port: string; host: string; web?: string; secureCookies?: boolean; trustProxy?: boolean; logLevel: string; demo?: boolean | string }, command: Command) => {
      const port = parsePort(options.port);
      const webRoot = webRootFor(options.web);
      const listenUrl = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`;
      let oidc: ReturnType<typeof oidcSettingsFromEnv>;
      try {
        oidc = oidcSettingsFromEnv(process.env, listenUrl);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      const passwordLogin = !/^(off|false|0|no)$/i.test(process.env.DEBRIEF_PASSWORD_LOGIN ?? "");
      if (!passwordLogin && !oidc) throw new InputError("DEBRIEF_PASSWORD_LOGIN=off needs an identity provider (DEBRIEF_OIDC_ISSUER): nobody could sign in");
      const store = await openStore({ url: command.optsWithGlobals<{ db?: string }>().db });
      let closing: Promise<void> | null = null;
      try {
        // With passwords off, the first admin comes from the provider (a mapped group, or an account made with `debrief users create`).
        const password = passwordLogin ? await ensureFirstAdmin(store) : null;
        const demoPassword = options.demo ? await prepareDemo(store, typeof options.demo === "string" ? options.demo : "demo") : null;
        const app = await buildApp({
          store,
          webRoot,
          logger: { level: options.logLevel },
          secureCookies: options.secureCookies === true,
          trustProxy: options.trustProxy === true,
          oidc: oidc ?? undefined,
          passwordLogin,
        });
        await app.listen({ port, host: options.host });
        const address = app.server.address();
        const actualPort = typeof address === "object" && address !== null ? address.port : port;
        const url = `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${actualPort}`;
        const runner = startImportRunner(store);
        // Notifications of publications: DEBRIEF_SMTP_URL, DEBRIEF_MAIL_FROM, DEBRIEF_PUBLIC_URL (docs/learning.md).
        const stopNotifications = startNotificationRunner(store, transportsFromEnv({ DEBRIEF_PUBLIC_URL: url, ...process.env }));
        process.stdout.write(`Debrief is running at ${url} (store: ${store.description})\n`);
        if (!existsSync(join(webRoot, "index.html"))) process.stdout.write(`No web UI at ${webRoot}: serving the API only (build the UI, or pass --web).\n`);
        if (oidc) process.stdout.write(`Sign-in through ${describeOidc(oidc)}; local passwords ${passwordLogin ? "allowed" : "off"}\n`);
        if (demoPassword) process.stdout.write(`Demo login: ${DEMO_ANALYST_EMAIL} with password ${demoPassword} (a new one at every start)\n`);
        if (password) {
          process.stdout.write(`Log in at ${url} as ${FIRST_ADMIN_EMAIL} with password ${password}\n`);
          process.stdout.write("This password is shown only once: sign in and create your own admin account.\n");
        }
        let finished!: () => void;
        const stopped = new Promise<void>((done) => {
          finished = done;
        });
        const onSignal = (signal: NodeJS.Signals): void => {
          if (closing) {
            // A second Ctrl-C: the person does not want to wait for the running import.
            process.stderr.write(`debrief: ${signal} again, exiting now\n`);
            process.exit(130);
          }
          process.stdout.write(`\n${signal}: finishing requests and the running import, then stopping…\n`);
          closing = (async () => {
            stopNotifications();
            await app.close();
            await runner.stop();
          })();
          closing.then(finished, finished);
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
        await stopped;
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      } finally {
        await store.close();
      }
    });
}
