import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerPeopleImport } from "../cli/directory.js";
import { createPerson, linkIdentity, upsertIdentity } from "../db/repositories/identities.js";
import { upsertSlackAccounts } from "../db/repositories/people.js";
import { buildCompany } from "../demo/company.js";
import { writePeopleCsv, writeTeamHistoryCsv } from "../demo/people-csv.js";
import { ImportError } from "../importers/import-error.js";
import { snapshotStore } from "../../test/snapshot.js";
import { describeEachStore } from "../../test/stores.js";
import {
  buildPersonRow,
  buildScimUser,
  SCIM,
  scimListResponse,
  writeCsvFile,
  writeJsonFile,
  writePeopleFile,
  writeRawFile,
  writeTeamHistoryFile,
} from "../../test/factories/people.js";
import { importPeople } from "./import-people.js";
import { runImportCli, tempDb } from "../../test/run-import-cli.js";

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

describeEachStore("importPeople", (store) => {

  const run = (path: string, teamsPath?: string) => importPeople(store, { path, teamsPath, actor: "test" });
  const person = (email: string) => store.db.selectFrom("people").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
  const accountsOf = (personId: number) =>
    store.db
      .selectFrom("identities")
      .select(["source", "externalId", "matchMethod"])
      .where("personId", "=", personId)
      .orderBy("source")
      .orderBy("externalId")
      .execute();
  const peopleCount = async () => (await store.db.selectFrom("people").select("id").execute()).length;
  const slackAccount = (externalId: string, name: string, email: string | null) =>
    store.db.transaction().execute((trx) =>
      upsertSlackAccounts(
        trx,
        [{ externalId, workspace: "T0TEST", handle: name.toLowerCase(), name, email, timezone: "Europe/Berlin", title: null, isBot: false, deleted: false }],
        Date.now(),
      ),
    );

  const team = () => [
    buildPersonRow("alice", { manager_email: "bob@acme.example", title: "Staff Engineer, Payments" }),
    buildPersonRow("bob", { title: "Engineering Manager", timezone: "America/New_York", start_date: "2018-05-14" }),
    buildPersonRow("carol", { manager_email: "alice@acme.example", github_login: "", end_date: "2023-06-30", start_date: "2021-01-04" }),
  ];
  const history = () => [
    { email: "alice@acme.example", team: "payments", from: "2020-01-06", to: "2022-03-01" },
    { email: "alice@acme.example", team: "sre", from: "2022-03-01" },
    { email: "bob@acme.example", team: "payments", from: "2018-05-14" },
    { email: "carol@acme.example", team: "payments", from: "2021-01-04", to: "2023-06-30" },
  ];

  it("imports people and team history: fields, explicit identities, managers, memberships", async () => {
    const summary = await run(writePeopleFile(team()), writeTeamHistoryFile(history()));
    expect(summary).toMatchObject({ people: 3, created: 3, updated: 0, merged: 0, identities: 11, teams: 2, memberships: 4 });
    const alice = await person("alice@acme.example");
    const bob = await person("bob@acme.example");
    const carol = await person("carol@acme.example");
    expect(alice).toMatchObject({ name: "Alice Example", title: "Staff Engineer, Payments", department: "Engineering", timezone: "Europe/Berlin", startDate: "2020-01-06", endDate: null, managerId: bob.id });
    expect(bob).toMatchObject({ timezone: "America/New_York", startDate: "2018-05-14", managerId: null });
    expect(carol).toMatchObject({ startDate: "2021-01-04", endDate: "2023-06-30", managerId: alice.id });
    expect(await accountsOf(alice.id)).toEqual([
      { source: "email", externalId: "alice@acme.example", matchMethod: "explicit" },
      { source: "github", externalId: "alice-gh", matchMethod: "explicit" },
      { source: "pagerduty", externalId: "PALICE", matchMethod: "explicit" },
      { source: "slack", externalId: "UALICE", matchMethod: "explicit" },
    ]);
    expect((await accountsOf(carol.id)).map((a) => a.source)).toEqual(["email", "pagerduty", "slack"]);
    const memberships = await store.db
      .selectFrom("teamMemberships as m")
      .innerJoin("teams as t", "t.id", "m.teamId")
      .innerJoin("people as p", "p.id", "m.personId")
      .select(["p.email", "t.name", "m.fromAt", "m.toAt"])
      .orderBy("p.email")
      .orderBy("m.fromAt")
      .execute();
    expect(memberships).toEqual([
      { email: "alice@acme.example", name: "payments", fromAt: day("2020-01-06"), toAt: day("2022-03-01") },
      { email: "alice@acme.example", name: "sre", fromAt: day("2022-03-01"), toAt: null },
      { email: "bob@acme.example", name: "payments", fromAt: day("2018-05-14"), toAt: null },
      { email: "carol@acme.example", name: "payments", fromAt: day("2021-01-04"), toAt: day("2023-06-30") },
    ]);
    const job = await store.db.selectFrom("imports").selectAll().executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: "people", status: "succeeded" });
    expect(JSON.parse(job.summary ?? "{}")).toEqual({ people: 3, created: 3, updated: 0, merged: 0, identities: 11, teams: 2, memberships: 4 });
    const audit = await store.db.selectFrom("auditEvents").selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: "test", action: "import.people", subjectType: "import", subjectId: String(job.id) });
  });

  it("reads any column order, unknown columns, a BOM, LF line ends and RFC 4180 quoting", async () => {
    const columns = ["Name", "cost_center", "email", "title", "timezone", "manager_email"];
    const path = writeCsvFile(
      "people.csv",
      columns,
      [
        { Name: 'Jo "JJ" O\'Neil, Jr.', cost_center: "4130", email: " Jo@Acme.Example ", title: "SRE\nOn call lead", timezone: "Asia/Kolkata", manager_email: "" },
        { Name: "Zoë Dubois", cost_center: "", email: "zoe@acme.example", title: "", timezone: "", manager_email: "jo@acme.example" },
      ],
      { bom: true, eol: "\n" },
    );
    const summary = await run(path);
    expect(summary).toMatchObject({ people: 2, created: 2 });
    expect(await person("jo@acme.example")).toMatchObject({ name: 'Jo "JJ" O\'Neil, Jr.', title: "SRE\nOn call lead", timezone: "Asia/Kolkata", department: null, startDate: null });
    const zoe = await person("zoe@acme.example");
    expect(zoe).toMatchObject({ name: "Zoë Dubois", title: null, managerId: (await person("jo@acme.example")).id });
    expect((await accountsOf(zoe.id)).map((a) => a.source)).toEqual(["email"]);
  });

  it("leaves fields whose column the file lacks as they are, and clears those it leaves empty", async () => {
    await run(writePeopleFile([buildPersonRow("alice")]));
    const path = writePeopleFile([{ email: "alice@acme.example", name: "Alice Example-Smith", title: "" }], { columns: ["email", "name", "title"] });
    const summary = await run(path);
    expect(summary).toMatchObject({ created: 0, updated: 1, identities: 0 });
    expect(await person("alice@acme.example")).toMatchObject({ name: "Alice Example-Smith", title: null, department: "Engineering", timezone: "Europe/Berlin", startDate: "2020-01-06" });
  });

  it("agrees with the demo generator's people.csv and team_history.csv", async () => {
    const company = buildCompany({ seed: 7, people: 40 });
    const dir = mkdtempSync(join(tmpdir(), "debrief-demo-people-"));
    writePeopleCsv(company, join(dir, "people.csv"));
    writeTeamHistoryCsv(company, join(dir, "team_history.csv"));
    const summary = await run(join(dir, "people.csv"), join(dir, "team_history.csv"));
    const periods = company.people.flatMap((p) => p.history);
    expect(summary).toMatchObject({
      people: company.people.length,
      created: company.people.length,
      merged: 0,
      teams: new Set(periods.map((m) => m.team)).size,
      memberships: periods.length,
    });
    const managed = await store.db.selectFrom("people").select("id").where("managerId", "is not", null).execute();
    expect(managed).toHaveLength(company.people.filter((p) => p.managerId !== null).length);
    const leaver = company.people.find((p) => p.endDate !== null);
    if (leaver) expect(await person(leaver.email)).toMatchObject({ endDate: leaver.endDate, startDate: leaver.startDate });
  });

  it("keeps the person a Slack import created and gives them the directory's e-mail", async () => {
    await slackAccount("UALICE", "Alice Example", "alice@personal.example");
    const before = await store.db.selectFrom("people").selectAll().executeTakeFirstOrThrow();
    const summary = await run(writePeopleFile([buildPersonRow("alice")]));
    expect(summary).toMatchObject({ created: 0, updated: 1, merged: 0 });
    expect(await peopleCount()).toBe(1);
    const alice = await person("alice@acme.example");
    expect(alice.id).toBe(before.id);
    expect(await accountsOf(alice.id)).toContainEqual({ source: "slack", externalId: "UALICE", matchMethod: "explicit" });
  });

  it("merges a person made by a Slack import into the directory's person once a row names the Slack account", async () => {
    await run(writePeopleFile([buildPersonRow("alice", { slack_user_id: "" })]), writeTeamHistoryFile([history()[0]!]));
    // A one-word display name and another address: the Slack import cannot tell it is Alice.
    await slackAccount("UALICE", "ali", "alice@personal.example");
    expect(await peopleCount()).toBe(2);
    const slackPerson = await store.db.selectFrom("people").select("id").where("name", "=", "ali").executeTakeFirstOrThrow();
    const payments = await store.db.selectFrom("teams").select("id").where("name", "=", "payments").executeTakeFirstOrThrow();
    await store.db.insertInto("teamMemberships").values({ personId: slackPerson.id, teamId: payments.id, fromAt: day("2024-01-01"), toAt: null }).execute();
    const summary = await run(writePeopleFile([buildPersonRow("alice")]));
    expect(summary).toMatchObject({ created: 0, merged: 1, identities: 1 });
    expect(await peopleCount()).toBe(1);
    const alice = await person("alice@acme.example");
    expect(await accountsOf(alice.id)).toContainEqual({ source: "slack", externalId: "UALICE", matchMethod: "explicit" });
    const memberships = await store.db.selectFrom("teamMemberships").select(["personId", "fromAt"]).orderBy("fromAt").execute();
    expect(memberships).toEqual([
      { personId: alice.id, fromAt: day("2020-01-06") },
      { personId: alice.id, fromAt: day("2024-01-01") },
    ]);
  });

  it("merges the people a Slack and a PagerDuty identity belong to when one row names both", async () => {
    await slackAccount("UALICE", "Alice Example", "alice@old.example");
    await store.db.transaction().execute(async (trx) => {
      const now = Date.now();
      const identity = await upsertIdentity(trx, { source: "pagerduty", externalId: "PALICE", displayName: "A. Example" }, now);
      await linkIdentity(trx, identity.id, await createPerson(trx, { name: "A. Example" }, now), "created");
    });
    expect(await peopleCount()).toBe(2);
    const summary = await run(writePeopleFile([buildPersonRow("alice", { github_login: "" })]));
    expect(summary).toMatchObject({ people: 1, created: 0, merged: 1, identities: 3 });
    expect(await peopleCount()).toBe(1);
    const alice = await person("alice@acme.example");
    expect(await accountsOf(alice.id)).toEqual([
      { source: "email", externalId: "alice@acme.example", matchMethod: "explicit" },
      { source: "pagerduty", externalId: "PALICE", matchMethod: "explicit" },
      { source: "slack", externalId: "UALICE", matchMethod: "explicit" },
    ]);
  });

  it("moves an account to the person the directory names, without merging a person another row owns", async () => {
    await run(writePeopleFile([buildPersonRow("bob", { slack_user_id: "UALICE" })]));
    const bob = await person("bob@acme.example");
    const summary = await run(writePeopleFile([buildPersonRow("alice"), buildPersonRow("bob")]));
    expect(summary).toMatchObject({ created: 1, merged: 0 });
    const alice = await person("alice@acme.example");
    expect(await accountsOf(alice.id)).toContainEqual({ source: "slack", externalId: "UALICE", matchMethod: "explicit" });
    expect((await accountsOf(bob.id)).filter((a) => a.source === "slack")).toEqual([{ source: "slack", externalId: "UBOB", matchMethod: "explicit" }]);
  });

  it("changes nothing when the same files are imported again", async () => {
    const people = writePeopleFile(team());
    const teams = writeTeamHistoryFile(history());
    await run(people, teams);
    const before = await snapshotStore(store);
    const again = await run(people, teams);
    expect(again).toMatchObject({ people: 3, created: 0, updated: 0, merged: 0, identities: 0, teams: 0, memberships: 0 });
    const after = await snapshotStore(store);
    for (const table of Object.keys(before)) {
      if (table === "imports" || table === "auditEvents") continue;
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.imports).toHaveLength(2);
    expect(after.auditEvents).toHaveLength(2);
  });

  it("replaces the memberships of the people in the team history and leaves everyone else's", async () => {
    const people = writePeopleFile(team());
    await run(people, writeTeamHistoryFile(history()));
    const summary = await run(
      people,
      writeTeamHistoryFile([
        { email: "alice@acme.example", team: "payments", from: "2020-01-06", to: "2022-03-01" },
        { email: "alice@acme.example", team: "sre", from: "2022-03-01", to: "2024-02-01" },
        { email: "alice@acme.example", team: "edge", from: "2024-02-01" },
      ]),
    );
    expect(summary).toMatchObject({ teams: 1, memberships: 2 });
    const rows = await store.db
      .selectFrom("teamMemberships as m")
      .innerJoin("teams as t", "t.id", "m.teamId")
      .innerJoin("people as p", "p.id", "m.personId")
      .select(["p.email", "t.name", "m.toAt"])
      .orderBy("p.email")
      .orderBy("m.fromAt")
      .execute();
    expect(rows).toEqual([
      { email: "alice@acme.example", name: "payments", toAt: day("2022-03-01") },
      { email: "alice@acme.example", name: "sre", toAt: day("2024-02-01") },
      { email: "alice@acme.example", name: "edge", toAt: null },
      { email: "bob@acme.example", name: "payments", toAt: null },
      { email: "carol@acme.example", name: "payments", toAt: day("2023-06-30") },
    ]);
  });

  describe("SCIM 2.0 Users", () => {
    const BARBARA = "2819c223-7f76-453a-919d-413861904646";
    const JOHN = "26118915-6090-4610-87e4-49d8ca9f808d";
    const KIM = "c8596b90-7539-4f20-968d-1a36a2b5a1f7";
    const users = () => [
      buildScimUser({
        id: BARBARA,
        userName: "bjensen@example.com",
        givenName: "Barbara",
        familyName: "Jensen",
        emails: ["bjensen@example.com", "babs@jensen.org"],
        title: "Tour Guide",
        department: "Tour Operations",
        employeeNumber: "701984",
        managerId: JOHN,
      }),
      buildScimUser({ id: JOHN, userName: "jsmith", givenName: "John", familyName: "Smith", emails: ["jsmith@example.com"], title: "Director", timezone: "America/New_York", employeeNumber: "100001" }),
      buildScimUser({ id: KIM, userName: "kim@example.com", givenName: "Kim", familyName: "Lee", active: false, lastModified: "2023-09-15T10:00:00Z", managerId: "jsmith@example.com" }),
    ];

    it("imports a ListResponse with the enterprise extension: names, primary e-mail, managers, inactive users", async () => {
      const path = writeJsonFile("users.json", scimListResponse(users()));
      const summary = await run(path);
      expect(summary).toMatchObject({ people: 3, created: 3, merged: 0, identities: 9 });
      const john = await person("jsmith@example.com");
      const barbara = await person("bjensen@example.com");
      expect(barbara).toMatchObject({ name: "Barbara Jensen", title: "Tour Guide", department: "Tour Operations", timezone: "America/Los_Angeles", managerId: john.id, endDate: null });
      expect(john).toMatchObject({ name: "John Smith", title: "Director", timezone: "America/New_York", managerId: null });
      expect(await person("kim@example.com")).toMatchObject({ name: "Kim Lee", endDate: "2023-09-15", managerId: john.id });
      const accounts = await store.db.selectFrom("identities").select(["source", "externalId", "handle", "matchMethod"]).where("personId", "=", barbara.id).orderBy("source").execute();
      expect(accounts).toEqual([
        { source: "email", externalId: "bjensen@example.com", handle: null, matchMethod: "explicit" },
        { source: "hr", externalId: "701984", handle: null, matchMethod: "explicit" },
        { source: "scim", externalId: BARBARA, handle: "bjensen@example.com", matchMethod: "explicit" },
      ]);
      const again = await run(path);
      expect(again).toMatchObject({ created: 0, updated: 0, merged: 0, identities: 0 });
    });

    it("reads a bare array of Users, and a later manager reference finds a stored person by SCIM id", async () => {
      await run(writeJsonFile("users.json", [users()[1]!]));
      const alone = buildScimUser({ id: "0001", userName: "x@example.com", givenName: "Xia", familyName: "Wu", managerId: JOHN });
      delete (alone[SCIM.enterprise] as Record<string, unknown>).department;
      const summary = await run(writeJsonFile("more-users.json", [alone]));
      expect(summary).toMatchObject({ people: 1, created: 1 });
      expect(await person("x@example.com")).toMatchObject({ department: null, managerId: (await person("jsmith@example.com")).id });
    });

    const bad: [string, () => unknown, RegExp][] = [
      ["a user without an e-mail", () => scimListResponse([{ ...users()[1], emails: [], userName: "jsmith" }]), /users\.json \$\.Resources\[0\]: no e-mail address/],
      ["a bad e-mail", () => [{ ...users()[1], emails: [{ value: "not-an-address", primary: true }] }], /users\.json \$\[0\]\.emails\[0\]\.value: e-mail "not-an-address" is not an e-mail address/],
      ["an unknown time zone", () => scimListResponse([{ ...users()[1], timezone: "Mars/Olympus_Mons" }]), /users\.json \$\.Resources\[0\]\.timezone: timezone "Mars\/Olympus_Mons" is not an IANA time zone/],
      [
        "an unknown manager",
        () => scimListResponse([users()[1]!, users()[0]!, { ...users()[2], [SCIM.enterprise]: { manager: { value: "nobody-1" } } }]),
        /users\.json \$\.Resources\[2\]\["urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User"\]\.manager: manager SCIM id nobody-1 is not in the directory/,
      ],
      ["a resource that is not a User", () => [{ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g1", displayName: "Ops" }], /users\.json \$\[0\]\.schemas: not a User resource/],
      ["duplicate e-mails", () => [users()[1], { ...users()[0], emails: [{ value: "JSmith@example.com", primary: true }] }], /users\.json \$\[1\]: e-mail jsmith@example\.com is already listed at .*users\.json \$\[0\]/],
    ];
    for (const [name, build, message] of bad) {
      it(`rejects ${name} with the JSON path and changes nothing`, async () => {
        await run(writePeopleFile(team()));
        const before = await snapshotStore(store);
        const error = await run(writeJsonFile("users.json", build())).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshotStore(store)).toEqual(before);
      });
    }

    it("reports malformed JSON with line and column", async () => {
      const path = writeRawFile("users.json", '{\n  "Resources": [\n    {"userName": }\n  ]\n}');
      await expect(run(path)).rejects.toThrow(/users\.json: malformed JSON at line 3, column 18/);
    });
  });

  describe("rejects bad input, naming the file and line, and changes nothing", () => {
    const cases: [string, () => { people: string; teams?: string }, RegExp][] = [
      ["a missing required column", () => ({ people: writePeopleFile([{ email: "x@acme.example" }], { columns: ["email", "title"] }) }), /people\.csv line 1: missing required column "name"/],
      ["an empty name", () => ({ people: writePeopleFile([buildPersonRow("dan"), buildPersonRow("erin", { name: " " })]) }), /people\.csv line 3: name is empty/],
      ["a bad e-mail", () => ({ people: writePeopleFile([buildPersonRow("dan"), buildPersonRow("erin", { email: "erin.acme.example" })]) }), /people\.csv line 3: email "erin\.acme\.example" is not an e-mail address/],
      ["an unknown time zone", () => ({ people: writePeopleFile([buildPersonRow("dan", { timezone: "Europe/Atlantis" })]) }), /people\.csv line 2: timezone "Europe\/Atlantis" is not an IANA time zone/],
      ["a date that does not exist", () => ({ people: writePeopleFile([buildPersonRow("dan", { start_date: "2023-02-30" })]) }), /people\.csv line 2: start_date "2023-02-30" is not a date YYYY-MM-DD/],
      ["a date in another format", () => ({ people: writePeopleFile([buildPersonRow("dan", { end_date: "03/04/2024" })]) }), /people\.csv line 2: end_date "03\/04\/2024" is not a date/],
      ["an end before the start", () => ({ people: writePeopleFile([buildPersonRow("dan", { end_date: "2019-01-01" })]) }), /people\.csv line 2: end_date 2019-01-01 is before start_date 2020-01-06/],
      [
        "duplicate e-mail rows",
        () => ({ people: writePeopleFile([buildPersonRow("dan"), buildPersonRow("erin"), buildPersonRow("dan2", { email: "DAN@acme.example" })]) }),
        /people\.csv line 4: e-mail dan@acme\.example is already listed at .*people\.csv line 2/,
      ],
      [
        "one Slack account on two rows",
        () => ({ people: writePeopleFile([buildPersonRow("dan"), buildPersonRow("erin", { slack_user_id: "UDAN" })]) }),
        /people\.csv line 3: slack account UDAN is already listed at .*people\.csv line 2/,
      ],
      ["an unknown manager", () => ({ people: writePeopleFile([buildPersonRow("dan"), buildPersonRow("erin", { manager_email: "zed@acme.example" })]) }), /people\.csv line 3 \(manager_email\): manager zed@acme\.example is not in the directory/],
      [
        "a row with too few fields, after a quoted field spanning lines",
        () => ({ people: writeRawFile("people.csv", 'email,name,title\r\ndan@acme.example,Dan,"Lead,\r\nPayments"\r\nerin@acme.example,Erin\r\n') }),
        /people\.csv line 4: 2 fields, but the header on line 1 has 3/,
      ],
      [
        "a malformed quote",
        () => ({ people: writeRawFile("people.csv", 'email,name\r\n\r\ndan@acme.example,"Dan\r\nD"\r\nerin@acme.example,"Erin"x\r\n') }),
        /people\.csv line 5: malformed CSV: Invalid Closing Quote/,
      ],
      ["a file that is not UTF-8", () => ({ people: writeRawFile("people.csv", Buffer.from("email,name\r\nzoe@acme.example,Zo\xeb\r\n", "latin1")) }), /people\.csv: not valid UTF-8 at byte 31 \(line 2\)/],
      ["a missing file", () => ({ people: join(tmpdir(), "no-such-dir", "people.csv") }), /people\.csv: no such file/],
      [
        "a team history row for an unknown person",
        () => ({ people: writePeopleFile([buildPersonRow("dan")]), teams: writeTeamHistoryFile([{ email: "dan@acme.example", team: "sre", from: "2020-01-06" }, { email: "zed@acme.example", team: "sre", from: "2020-01-06" }]) }),
        /team_history\.csv line 3: zed@acme\.example is not in .*people\.csv/,
      ],
      [
        "a membership ending before it starts",
        () => ({ people: writePeopleFile([buildPersonRow("dan")]), teams: writeTeamHistoryFile([{ email: "dan@acme.example", team: "sre", from: "2021-01-01", to: "2020-01-01" }]) }),
        /team_history\.csv line 2: to 2020-01-01 is before from 2021-01-01/,
      ],
      [
        "a membership without a start",
        () => ({ people: writePeopleFile([buildPersonRow("dan")]), teams: writeTeamHistoryFile([{ email: "dan@acme.example", team: "sre", from: "" }]) }),
        /team_history\.csv line 2: from is empty/,
      ],
    ];
    for (const [name, build, message] of cases) {
      it(name, async () => {
        await run(writePeopleFile(team()), writeTeamHistoryFile(history()));
        const before = await snapshotStore(store);
        const { people, teams } = build();
        const error = await run(people, teams).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshotStore(store)).toEqual(before);
      });
    }
  });
});

describe("debrief import people (CLI)", () => {
  it("prints exactly the documented JSON summary", async () => {
    const people = writePeopleFile([buildPersonRow("alice"), buildPersonRow("bob", { manager_email: "alice@acme.example" })]);
    const teams = writeTeamHistoryFile([{ email: "alice@acme.example", team: "sre", from: "2020-01-06" }]);
    const { stdout } = await runImportCli(registerPeopleImport, tempDb("debrief-cli-people-"), ["people", people, "--teams", teams, "--json"]);
    expect(JSON.parse(stdout)).toEqual({ people: 2, created: 2, updated: 0, merged: 0, identities: 8, teams: 1, memberships: 1 });
  });
});
