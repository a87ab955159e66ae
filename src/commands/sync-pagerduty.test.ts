import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../db/connection.js";
import { listPage, PAGERDUTY_SAMPLES, writePagerdutyFolder } from "../../test/factories/pagerduty.js";
import { describeWithSamples } from "../../test/shared-data.js";
import { type FakePagerduty, type FakeFault, officialExampleAccount, startFakePagerduty } from "../../test/fake-pagerduty-server.js";
import { snapshotStore } from "../../test/snapshot.js";
import { testStoreKinds } from "../../test/stores.js";
import { InputError } from "./create-incident.js";
import { importPagerduty } from "./import-pagerduty.js";
import { type PagerdutySyncOptions, syncPagerduty } from "./sync-pagerduty.js";

const TOKEN = "u+test-token-not-a-secret";
const WINDOW = { since: "2015-01-01", until: "2016-01-01T00:00:00Z" };
// One item per page, so every list with two or more items takes several requests.
const FAST = { pageSize: 1, backoffMs: 1 };

for (const kind of testStoreKinds()) {
  describeWithSamples(PAGERDUTY_SAMPLES, `syncPagerduty on ${kind.name}`, () => {
    let store: Store;
    let fake: FakePagerduty | undefined;
    beforeEach(async () => {
      store = await kind.open();
    });
    afterEach(async () => {
      await store.close();
      await fake?.close();
      fake = undefined;
    });
    afterAll(() => kind.dispose());

    const serve = async (faults: FakeFault[] = [], token = TOKEN): Promise<FakePagerduty> => {
      fake = await startFakePagerduty({ token, faults });
      return fake;
    };
    const sync = (server: FakePagerduty, extra: Partial<PagerdutySyncOptions> = {}) =>
      syncPagerduty(store, { ...WINDOW, token: TOKEN, apiUrl: server.url, actor: "test", client: FAST, ...extra });

    it("fetches every page, retries a 429, and stores the account like a folder import", async () => {
      const server = await serve([{ path: "/incidents", status: 429, retryAfter: "0" }]);
      const summary = await sync(server);
      expect(summary).toMatchObject({
        // users take two pages; one page each for the rest and PT4KHLK's log entries.
        files: 8,
        skippedFiles: [],
        incidents: 1,
        logEntries: 1,
        oncalls: 1,
        users: 2,
        services: 1,
        escalationPolicies: 1,
        schedules: 1,
        added: 8,
        skipped: 0,
      });
      expect(server.requests.map((r) => `${r.path}?offset=${r.query.offset} ${r.status}`)).toEqual([
        "/users?offset=0 200",
        "/users?offset=1 200",
        "/services?offset=0 200",
        "/escalation_policies?offset=0 200",
        "/schedules?offset=0 200",
        "/oncalls?offset=0 200",
        "/incidents?offset=0 429",
        "/incidents?offset=0 200",
        "/incidents/PT4KHLK/log_entries?offset=0 200",
      ]);
      for (const request of server.requests) {
        expect(request.authorization).toBe(`Token token=${TOKEN}`);
        expect(request.accept).toBe("application/vnd.pagerduty+json;version=2");
      }
      const window = { since: "2015-01-01T00:00:00.000Z", until: "2016-01-01T00:00:00.000Z", time_zone: "UTC" };
      expect(server.requests.find((r) => r.path === "/incidents")?.query).toMatchObject({ ...window, limit: "1" });
      expect(server.requests.find((r) => r.path === "/oncalls")?.query).toMatchObject(window);

      // The same bodies saved to a folder and imported give the same rows.
      const account = officialExampleAccount();
      const other = await kind.open();
      try {
        await importPagerduty(other, {
          path: writePagerdutyFolder({
            "users.json": listPage("users", account.users),
            "services.json": listPage("services", account.services),
            "escalation_policies.json": listPage("escalation_policies", account.escalation_policies),
            "schedules.json": listPage("schedules", account.schedules),
            "oncalls.json": listPage("oncalls", account.oncalls),
            "incidents.json": listPage("incidents", account.incidents),
            "log_entries.json": listPage("log_entries", account.logEntries.PT4KHLK ?? []),
          }),
          actor: "test",
        });
        const synced = await snapshotStore(store, ["updatedAt", "id", "personId"]);
        const imported = await snapshotStore(other, ["updatedAt", "id", "personId"]);
        for (const table of ["pagerdutyIncidents", "pagerdutyLogEntries", "oncallShifts", "pagerdutyServices", "pagerdutyEscalationPolicies", "pagerdutySchedules", "identities"]) {
          expect(synced[table], table).toEqual(imported[table]);
          expect(synced[table]?.length, table).toBeGreaterThan(0);
        }
      } finally {
        await other.close();
      }
      const journal = await store.db.selectFrom("imports").select(["kind", "sourceName", "status"]).executeTakeFirstOrThrow();
      expect(journal).toEqual({ kind: "pagerduty", sourceName: `${server.url} 2015-01-01T00:00:00.000Z..2016-01-01T00:00:00.000Z`, status: "succeeded" });
      expect(await store.db.selectFrom("auditEvents").select("action").execute()).toEqual([{ action: "sync.pagerduty" }]);
    });

    it("adds nothing when the same window is synced again", async () => {
      const server = await serve();
      const first = await sync(server);
      const before = await snapshotStore(store);
      const again = await sync(server);
      expect(again).toMatchObject({ added: 0, skipped: first.added + first.skipped });
      const after = await snapshotStore(store);
      for (const table of Object.keys(before)) {
        if (table === "imports" || table === "auditEvents") continue;
        expect(after[table], table).toEqual(before[table]);
      }
    });

    it("reports a refused token with the URL, without the token, and stores nothing", async () => {
      const server = await serve([], "the-right-token");
      const before = await snapshotStore(store);
      const error = (await sync(server, { token: "a-wrong-token" }).then(
        () => new Error("the sync succeeded"),
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(new RegExp(`^GET ${server.url}/users\\?limit=1&offset=0: PagerDuty refused the token \\(HTTP 401\\): check PAGERDUTY_TOKEN$`));
      expect(error.message).not.toContain("a-wrong-token");
      expect(server.requests).toHaveLength(1);
      expect(await snapshotStore(store)).toEqual(before);
    });

    it("gives up after a bounded number of retries and stores nothing, though most was fetched", async () => {
      const server = await serve([{ path: "/incidents/PT4KHLK/log_entries", status: 500, times: 100 }]);
      const before = await snapshotStore(store);
      await expect(sync(server, { client: { ...FAST, maxRetries: 2 } })).rejects.toThrow(
        new RegExp(`GET ${server.url}/incidents/PT4KHLK/log_entries\\?time_zone=UTC&limit=1&offset=0: HTTP 500, gave up after 3 attempts`),
      );
      expect(server.requests.filter((r) => r.path === "/incidents/PT4KHLK/log_entries")).toHaveLength(3);
      expect(await snapshotStore(store)).toEqual(before);
    });
  });
}

describeWithSamples(PAGERDUTY_SAMPLES, "syncPagerduty waiting and input checks", () => {
  const kind = testStoreKinds()[0];
  let store: Store;
  beforeEach(async () => {
    if (!kind) throw new Error("no store kind");
    store = await kind.open();
  });
  afterEach(() => store.close());
  afterAll(() => kind?.dispose());

  it("waits as long as Retry-After says, and retries a 503 with back-off", async () => {
    const fake = await startFakePagerduty({
      token: TOKEN,
      faults: [
        { path: "/users", status: 429, retryAfter: "1" },
        { path: "/schedules", status: 503 },
      ],
    });
    try {
      const started = performance.now();
      const summary = await syncPagerduty(store, { ...WINDOW, token: TOKEN, apiUrl: fake.url, actor: "test", client: FAST });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(summary.added).toBe(8);
      const statuses = (path: string) => fake.requests.filter((r) => r.path === path).map((r) => r.status);
      expect(statuses("/users")).toEqual([429, 200, 200]);
      expect(statuses("/schedules")).toEqual([503, 200]);
    } finally {
      await fake.close();
    }
  });

  it("gives up quickly on a server that cannot be reached", async () => {
    const fake = await startFakePagerduty({ token: TOKEN });
    await fake.close();
    const started = performance.now();
    await expect(syncPagerduty(store, { ...WINDOW, token: TOKEN, apiUrl: fake.url, actor: "test", client: FAST })).rejects.toThrow(
      new RegExp(`^GET ${fake.url}/users\\?limit=1&offset=0: fetch failed: .*ECONNREFUSED.* \\(gave up after 3 attempts\\)$`),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses a missing token, a bad window or a bad URL before any request", async () => {
    const base = { ...WINDOW, token: TOKEN, actor: "test", apiUrl: "http://127.0.0.1:9" };
    const cases: [Partial<PagerdutySyncOptions>, RegExp][] = [
      [{ token: undefined }, /PAGERDUTY_TOKEN is not set/],
      [{ token: "  " }, /PAGERDUTY_TOKEN is not set/],
      [{ since: "last week" }, /--since must be an ISO 8601 date/],
      [{ since: "2015-01-01T00:00:00" }, /--since must be an ISO 8601 date .* with a zone/],
      [{ until: "2014-01-01" }, /--until must be after --since/],
      [{ apiUrl: "ftp://example.com" }, /is not an http\(s\) URL/],
    ];
    for (const [change, message] of cases) {
      const error = await syncPagerduty(store, { ...base, ...change }).catch((e: unknown) => e);
      expect(error, String(message)).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
