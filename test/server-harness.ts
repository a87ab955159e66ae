/*
 * Helpers for the server's in-process tests: a world of accounts (one per role),
 * incidents with messages, a PagerDuty log entry and a transcript cue, written to the
 * store with the row factories of test/factories/rows.ts; and callers that sign in and send requests through `app.inject()`.
 * Nothing here opens a socket.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { createUser } from "../src/commands/accounts.js";
import { type Role, ROLES } from "../src/core/accounts.js";
import type { Store } from "../src/db/connection.js";
import { insertIncident } from "../src/db/repositories/incidents.js";
import type { UserAccount } from "../src/db/repositories/users.js";
import { type AppOptions, buildApp } from "../src/server/app.js";
import { hashPassword } from "../src/commands/passwords.js";
import { buildConversation, buildIdentity, buildImport, buildLogEntry, buildMessage, buildPagerdutyIncident, buildPerson, T0 } from "./factories/rows.js";
import { afterAll, beforeAll, describe } from "vitest";
import { liveView, type TestStoreKind, testStoreKinds } from "./stores.js";
import { indexNewMessages } from "../src/db/search/search-index.js";

/** scrypt cost for tests: the format and code path of production, a fraction of the time. */
export const TEST_PASSWORD_COST = 1024;
/** Every seeded account's password. */
export const TEST_PASSWORD = "correct horse battery staple";

/** What {@link seedWorld} wrote. */
export interface World {
  users: Record<Role, UserAccount>;
  /** `draft` is new (unpublished), `published` is published. */
  incidents: { draft: number; published: number };
  /** Slack message ids of the draft incident, in time order. */
  messages: number[];
  /** The draft incident's PagerDuty log entry id. */
  pageId: number;
  /** The draft incident's transcript cue, `transcriptId:position`. */
  cueId: string;
  people: { alice: number; bob: number };
}

const MIN = 60_000;

/** An app on `store` with test settings: cheap hashing, no login delay unless asked. */
export function buildTestApp(store: Store, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ store, passwordCost: TEST_PASSWORD_COST, minLoginDelayMs: 0, maxLoginPenaltyMs: 0, ...options });
}

/** Writes the test world: an account per role, two incidents (one published), people, messages, a page and a cue. */
export async function seedWorld(store: Store): Promise<World> {
  const { db } = store;
  const passwordHash = await hashPassword(TEST_PASSWORD, TEST_PASSWORD_COST);
  const users = {} as Record<Role, UserAccount>;
  for (const role of ROLES) {
    users[role] = await createUser(store, { email: `${role}@acme.example`, name: `${role[0]?.toUpperCase()}${role.slice(1)} User`, role, passwordHash, actor: "test" });
  }
  const idOf = (row: { id: number }) => row.id;
  const person = async (name: string, email: string) =>
    idOf(await db.insertInto("people").values(buildPerson({ name, email, timezone: "Europe/Berlin", title: "Engineer", department: "Engineering" })).returning("id").executeTakeFirstOrThrow());
  const alice = await person("Alice Example", "alice@acme.example");
  const bob = await person("Bob Example", "bob@acme.example");
  const slackAccount = async (externalId: string, personId: number, name: string) =>
    idOf(await db.insertInto("identities").values(buildIdentity({ externalId, personId, workspace: "T1", handle: name.toLowerCase(), displayName: name, matchMethod: "email" })).returning("id").executeTakeFirstOrThrow());
  const u1 = await slackAccount("U1", alice, "Alice");
  const u2 = await slackAccount("U2", bob, "Bob");
  await db.insertInto("identities").values(buildIdentity({ source: "pagerduty", externalId: "PALICE", personId: alice, displayName: "Alice", matchMethod: "email" })).execute();
  const team = await db.insertInto("teams").values({ name: "payments", createdAt: T0, catalogRef: null, displayName: null }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("teamMemberships").values({ personId: alice, teamId: team.id, fromAt: T0 - 400 * 86_400_000, toAt: null }).execute();

  const channel = async (externalId: string, name: string) =>
    idOf(await db.insertInto("conversations").values(buildConversation({ externalId, name, creatorExternalId: "U1" })).returning("id").executeTakeFirstOrThrow());
  const c1 = await channel("C1", "inc-2024-03-14-checkout");
  const c2 = await channel("C2", "inc-2024-02-01-login");
  const importId = idOf(await db.insertInto("imports").values(buildImport()).returning("id").executeTakeFirstOrThrow());
  // Message ids come from the dialect, as the importer's do, so a later import does not collide with them (1–4 in a new store).
  const ids = await store.dialect.reserveIds(db, "messages", 4);
  const said: [number, number, number, "U1" | "U2", string][] = [
    [ids[0] as number, c1, 0, "U1", "checkout is failing for everyone"],
    [ids[1] as number, c1, 2, "U2", "I think it's the connection pool"],
    [ids[2] as number, c1, 5, "U1", "raised the pool size, recovering"],
    [ids[3] as number, c2, 0, "U2", "logins are slow"],
  ];
  for (const [id, conversationId, minute, author, text] of said) {
    await db
      .insertInto("messages")
      .values(buildMessage({ id, conversationId, importId, at: T0 + minute * MIN, authorIdentityId: author === "U1" ? u1 : u2, authorExternalId: author, text }))
      .execute();
  }
  // Stored as an import's writer would, and indexed the same way.
  await indexNewMessages(db, store.dialect.name, ids[0] as number, ids[3] as number);
  const draft = await insertIncident(db, { title: "Checkout failing", origin: "channel", startedAt: T0, severity: "SEV1", sources: [{ conversationId: c1, fromAt: null, toAt: null }], now: T0 });
  const published = await insertIncident(db, { title: "Slow logins", origin: "channel", startedAt: T0 - 30 * 86_400_000, sources: [{ conversationId: c2, fromAt: null, toAt: null }], now: T0 });
  await db.updateTable("incidents").set({ status: "published" }).where("id", "=", published).execute();

  await db
    .insertInto("pagerdutyIncidents")
    .values(buildPagerdutyIncident({ externalId: "PINC", number: 42, title: "Checkout failing", htmlUrl: "https://acme.pagerduty.com/incidents/PINC", createdAt: T0 - MIN, resolvedAt: T0 + 30 * MIN }))
    .execute();
  await db.insertInto("incidentSources").values({ incidentId: draft, kind: "pagerduty_incident", conversationId: null, externalId: "PINC", fromAt: null, toAt: null }).execute();
  const page = await db
    .insertInto("pagerdutyLogEntries")
    .values(buildLogEntry({ externalId: "L1", incidentExternalId: "PINC", at: T0 - MIN, agentType: "service_reference", agentExternalId: "PSVC", targetUserIds: JSON.stringify(["PALICE"]), summary: "Notified Alice by phone" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const transcript = await db
    .insertInto("transcripts")
    .values({ incidentId: draft, name: "bridge call", format: "vtt", contentSha256: "0".repeat(64), startedAt: T0 + 3 * MIN, importedAt: T0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("transcriptCues").values({ transcriptId: transcript.id, position: 0, startMs: 0, endMs: 4000, speakerName: "Alice", personId: alice, text: "let us raise the pool" }).execute();
  return { users, incidents: { draft, published }, messages: ids.slice(0, 3), pageId: page.id, cueId: `${transcript.id}:0`, people: { alice, bob } };
}

/** Someone calling the API: anonymous, with a session cookie, or with an API token. */
export class Caller {
  constructor(
    readonly app: FastifyInstance,
    private readonly auth: { cookies?: Record<string, string>; csrf?: string; bearer?: string } = {},
  ) {}

  /** The session's CSRF token, if signed in with a cookie. */
  get csrf(): string | undefined {
    return this.auth.csrf;
  }

  /** Sends a request; cookie writes carry the CSRF header unless `csrf: false`. */
  request(options: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse> {
    const { csrf = true, ...rest } = options;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string> | undefined) };
    if (this.auth.cookies) headers.cookie = Object.entries(this.auth.cookies).map(([k, v]) => `${k}=${v}`).join("; ");
    if (this.auth.csrf && csrf && headers["x-csrf-token"] === undefined) headers["x-csrf-token"] = this.auth.csrf;
    if (this.auth.bearer && headers.authorization === undefined) headers.authorization = `Bearer ${this.auth.bearer}`;
    return this.app.inject({ ...rest, headers });
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: "GET", url });
  }

  post(url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as InjectOptions["payload"] }) });
  }

  patch(url: string, payload: unknown): Promise<LightMyRequestResponse> {
    return this.request({ method: "PATCH", url, payload: payload as InjectOptions["payload"] });
  }

  delete(url: string): Promise<LightMyRequestResponse> {
    return this.request({ method: "DELETE", url });
  }
}

/** Signs in through `POST /api/auth/login` and returns a caller carrying the two cookies. */
export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Caller> {
  const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login as ${email} failed: ${response.statusCode} ${response.body}`);
  const cookies: Record<string, string> = {};
  for (const cookie of response.cookies) cookies[cookie.name] = cookie.value;
  return new Caller(app, { cookies, csrf: cookies.debrief_csrf });
}

/** A caller with an API token. */
export function withToken(app: FastifyInstance, token: string): Caller {
  return new Caller(app, { bearer: token });
}

/** A file part of a multipart body. */
export interface UploadPart {
  field: string;
  filename: string;
  content: string | Buffer;
}

/** Builds a multipart/form-data body as a browser's FormData would send it. */
export function multipartBody(fields: Record<string, string>, files: readonly UploadPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----debrief${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** The part of test/stores.ts's TestStoreKind a fixture needs. */
export interface StoreKindLike {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

/** A seeded store, an app on it, and a signed-in caller per role. */
export interface ServerFixture {
  store: Store;
  app: FastifyInstance;
  world: World;
  callers: Record<Role, Caller>;
  anonymous: Caller;
  close(): Promise<void>;
}

/** Opens a store of `kind`, seeds the world, builds the app and signs in one caller per role. */
export async function startFixture(kind: StoreKindLike, options: Partial<AppOptions> = {}): Promise<ServerFixture> {
  const store = await kind.open();
  const world = await seedWorld(store);
  const app = await buildTestApp(store, options);
  const callers = {} as Record<Role, Caller>;
  for (const role of ROLES) callers[role] = await signIn(app, `${role}@acme.example`);
  return {
    store,
    app,
    world,
    callers,
    anonymous: new Caller(app),
    async close() {
      await app.close();
      await store.close();
      await kind.dispose();
    },
  };
}

/**
 * Runs a describe block once per store kind against a started {@link ServerFixture}
 * (seeded world, app, a signed-in caller per role), shared by the block's tests and
 * closed after them. The body gets the fixture as a live view, usable inside tests and
 * hooks. `options` may be a function, called when the fixture starts (for settings made
 * in a `beforeAll`, such as an upload folder).
 */
export function describeEachServer(title: string, body: (fixture: ServerFixture, kind: TestStoreKind) => void, options: Partial<AppOptions> | (() => Partial<AppOptions>) = {}): void {
  for (const kind of testStoreKinds()) {
    describe(`${title} on ${kind.name}`, () => {
      let current: ServerFixture | undefined;
      beforeAll(async () => {
        current = await startFixture(kind, typeof options === "function" ? options() : options);
      });
      afterAll(async () => {
        await current?.close();
        current = undefined;
      });
      body(
        liveView(() => {
          if (!current) throw new Error("the server fixture is started only inside tests and hooks");
          return current;
        }),
        kind,
      );
    });
  }
}
