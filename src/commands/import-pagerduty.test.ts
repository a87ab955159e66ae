import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerPagerdutyImport } from "../cli/pagerduty.js";
import { createPerson } from "../db/repositories/identities.js";
import { ImportError } from "../importers/import-error.js";
import { KNOWN_LOG_ENTRY_KINDS } from "../importers/pagerduty/log-entry-kinds.js";
import { buildSlackChannel, buildSlackMessage, writeSlackExport } from "../../test/factories/slack-export.js";
import {
  buildLogEntry,
  buildPagerdutyIncident,
  buildPagerdutyUser,
  buildWebhookEvent,
  listPage,
  officialExampleFiles,
  PAGERDUTY_SAMPLES,
  pagerdutyExample,
  pagerdutyRef,
  pagerdutyWebhookSample,
  type PagerdutyJson,
  writePagerdutyFolder,
} from "../../test/factories/pagerduty.js";
import { describeWithSamples } from "../../test/shared-data.js";
import { snapshotStore } from "../../test/snapshot.js";
import { describeEachStore } from "../../test/stores.js";
import { importPagerduty, presentPagerdutySummary } from "./import-pagerduty.js";
import { importSlackExport } from "./import-slack-export.js";
import { runImportCli, tempDb } from "../../test/run-import-cli.js";

const at = (iso: string): number => Date.parse(iso);

/** The real webhook samples, plus a trigger for the escalated sample's incident and later events on it. */
function webhookFiles(): Record<string, PagerdutyJson> {
  const escalated = pagerdutyWebhookSample("escalated");
  const escalatedData = (escalated.event as { data: PagerdutyJson }).data;
  return {
    "webhooks/a-resolved.json": buildWebhookEvent("01RESOLVEDQ3B15", "incident.resolved", "2026-04-01T02:30:00Z", { ...escalatedData, status: "resolved" }),
    "webhooks/b-escalated.json": escalated,
    "webhooks/c-triggered.json": {
      event: { ...(pagerdutyWebhookSample("triggered").event as PagerdutyJson), id: "01TRIGGEREDQ3B15", occurred_at: "2026-04-01T02:07:31Z", data: { ...escalatedData, status: "triggered" } },
    },
    "webhooks/d-annotated.json": buildWebhookEvent("01NOTEQ3B15", "incident.annotated", "2026-04-01T02:15:00Z", {
      id: "PNOTE1",
      type: "incident_note",
      content: "failing over the checkout database",
      incident: pagerdutyRef("Q3B15VLMF3ASBD", "incident_reference"),
    }),
  };
}

describeEachStore("importPagerduty", (store) => {

  const run = (path: string) => importPagerduty(store, { path, actor: "test" });

  it("imports the official API examples: incident, trigger entry, on-call shift, users, schedules", async () => {
    const summary = await run(writePagerdutyFolder(officialExampleFiles()));
    expect(presentPagerdutySummary(summary)).toEqual({
      files: 9,
      skippedFiles: [],
      incidents: 1,
      logEntries: 2,
      oncalls: 1,
      users: 3,
      services: 0,
      escalationPolicies: 0,
      schedules: 3,
      added: 6,
      skipped: 4,
    });
    const { id: _id, updatedAt: _updated, ...incident } = await store.db.selectFrom("pagerdutyIncidents").selectAll().executeTakeFirstOrThrow();
    expect(incident).toEqual({
      externalId: "PT4KHLK",
      number: 1234,
      title: "The server is on fire.",
      status: "resolved",
      urgency: "high",
      priority: "P2",
      serviceExternalId: "PIJ90N7",
      escalationPolicyExternalId: "PT20YPA",
      htmlUrl: "https://subdomain.pagerduty.com/incidents/PT4KHLK",
      createdAt: at("2015-10-06T21:30:42Z"),
      resolvedAt: at("2015-10-06T21:38:23Z"),
    });
    const entries = await store.db.selectFrom("pagerdutyLogEntries").selectAll().execute();
    expect(entries.map(({ id: _, ...e }) => e)).toEqual([
      {
        externalId: "Q02JTSNZWHSEKV",
        incidentExternalId: "PT4KHLK",
        type: "trigger_log_entry",
        kind: "trigger",
        at: at("2015-11-07T00:14:20Z"),
        agentType: "service_reference",
        agentExternalId: "PIJ90N7",
        targetUserIds: null,
        channelType: "api",
        summary: "Triggered through the API",
        details: JSON.stringify({ eventDetails: { description: "Tasks::SFDCValidator - PD_Data__c - duplicates" } }),
      },
    ]);
    const shifts = await store.db.selectFrom("oncallShifts").selectAll().execute();
    expect(shifts.map(({ id: _, ...s }) => s)).toEqual([
      {
        userExternalId: "PT23IWX",
        escalationPolicyExternalId: "PT20YPA",
        escalationPolicyName: "Engineering Escalation Policy",
        scheduleExternalId: "PI7DH85",
        scheduleName: "Daily Engineering Rotation",
        escalationLevel: 2,
        // 15:28:51-05:00 is 20:28:51 UTC.
        startAt: Date.UTC(2015, 2, 6, 20, 28, 51),
        endAt: Date.UTC(2015, 2, 7, 20, 28, 51),
        naturalKey: `PT23IWX|PT20YPA|2|PI7DH85|${Date.UTC(2015, 2, 6, 20, 28, 51)}`,
      },
    ]);
    const users = await store.db
      .selectFrom("identities as i")
      .innerJoin("people as p", "p.id", "i.personId")
      .select(["i.externalId", "i.displayName", "i.email", "i.timezone", "i.title", "i.matchMethod", "p.name as personName", "p.email as personEmail"])
      .where("i.source", "=", "pagerduty")
      .orderBy("i.externalId")
      .execute();
    expect(users).toEqual([
      {
        externalId: "PAM4FGS",
        displayName: "Kyler Kuhn",
        email: "126_dvm_kyler_kuhn@beahan.name",
        timezone: "Asia/Hong_Kong",
        title: "Senior Engineer",
        matchMethod: "created",
        personName: "Kyler Kuhn",
        personEmail: "126_dvm_kyler_kuhn@beahan.name",
      },
      {
        externalId: "PXPGF42",
        displayName: "Earline Greenholt",
        email: "125.greenholt.earline@graham.name",
        timezone: "America/Lima",
        title: "Director of Engineering",
        matchMethod: "created",
        personName: "Earline Greenholt",
        personEmail: "125.greenholt.earline@graham.name",
      },
    ]);
    expect(await store.db.selectFrom("pagerdutySchedules").select(["externalId", "name", "timeZone"]).execute()).toEqual([
      { externalId: "PI7DH85", name: "Daily Engineering Rotation", timeZone: "America/New_York" },
    ]);
    const journal = await store.db.selectFrom("imports").select(["kind", "status", "summary"]).executeTakeFirstOrThrow();
    expect(journal).toMatchObject({ kind: "pagerduty", status: "succeeded" });
    expect(JSON.parse(journal.summary ?? "{}")).toMatchObject({ incidents: 1, added: 6 });
    const audit = await store.db.selectFrom("auditEvents").select(["action", "actor", "subjectType"]).execute();
    expect(audit).toEqual([{ action: "import.pagerduty", actor: "test", subjectType: "import" }]);
  });

  it("links PagerDuty users to people already known, by e-mail and then by a unique name", async () => {
    const now = Date.now();
    const byEmail = await createPerson(store.db, { name: "Earline G.", email: "125.Greenholt.Earline@graham.name" }, now);
    const byName = await createPerson(store.db, { name: "Kyler Kuhn" }, now);
    await run(writePagerdutyFolder({ "users.json": pagerdutyExample("/users") }));
    const links = await store.db.selectFrom("identities").select(["externalId", "personId", "matchMethod"]).orderBy("externalId").execute();
    expect(links).toEqual([
      { externalId: "PAM4FGS", personId: byName, matchMethod: "name" },
      { externalId: "PXPGF42", personId: byEmail, matchMethod: "email" },
    ]);
    expect(await store.db.selectFrom("people").select("id").execute()).toHaveLength(2);
  });

  it("imports the real webhook v3 samples as incidents and one log row per event", async () => {
    const summary = await run(
      writePagerdutyFolder({ "triggered.json": pagerdutyWebhookSample("triggered"), "escalated.json": pagerdutyWebhookSample("escalated") }),
    );
    expect(summary).toMatchObject({ files: 2, incidents: 2, logEntries: 2, added: 4, skipped: 0 });
    const incidents = await store.db.selectFrom("pagerdutyIncidents").selectAll().orderBy("externalId").execute();
    expect(incidents).toMatchObject([
      // The triggered sample has no created_at: the event time stands in for it.
      { externalId: "PFQZPSY", number: 9, title: "Test Incident 3", status: "triggered", priority: null, serviceExternalId: "PA2P440", createdAt: at("2021-06-04T13:35:29.781Z") },
      {
        externalId: "Q3B15VLMF3ASBD",
        number: 5,
        title: "Critical: Checkout API High Latency",
        status: "triggered",
        urgency: "high",
        priority: "P1",
        serviceExternalId: "PLVTM9H",
        escalationPolicyExternalId: "P1EUYO0",
        htmlUrl: "https://harsh0303.pagerduty.com/incidents/Q3B15VLMF3ASBD",
        createdAt: at("2026-04-01T02:07:30Z"),
        resolvedAt: null,
      },
    ]);
    const entries = await store.db.selectFrom("pagerdutyLogEntries").selectAll().orderBy("at").execute();
    expect(entries.map(({ id: _, ...e }) => e)).toEqual([
      {
        externalId: "01BZYIL05THJDFF2Y08X9SVMTU",
        incidentExternalId: "PFQZPSY",
        type: "incident.triggered",
        kind: "trigger",
        at: at("2021-06-04T13:35:29.781Z"),
        agentType: "user_reference",
        agentExternalId: "PJ0LVEB",
        targetUserIds: null,
        channelType: null,
        summary: null,
        details: null,
      },
      {
        externalId: "01GI0JWUU28G8XE5M6IIT4BZ39",
        incidentExternalId: "Q3B15VLMF3ASBD",
        type: "incident.escalated",
        kind: "escalate",
        at: at("2026-04-01T02:08:04.642Z"),
        agentType: "user_reference",
        agentExternalId: "PXRUEF2",
        targetUserIds: '["PXRUEF2"]',
        channelType: null,
        summary: null,
        details: null,
      },
    ]);
  });

  it("merges webhook events on one incident, newest state winning whatever the file order", async () => {
    const summary = await run(writePagerdutyFolder(webhookFiles()));
    // Three events carry the incident; the note carries only a reference to it.
    expect(summary).toMatchObject({ files: 4, incidents: 3, logEntries: 4, added: 5, skipped: 2 });
    const incidents = await store.db.selectFrom("pagerdutyIncidents").select(["externalId", "status", "createdAt", "resolvedAt", "priority"]).execute();
    expect(incidents).toEqual([
      { externalId: "Q3B15VLMF3ASBD", status: "resolved", createdAt: at("2026-04-01T02:07:30Z"), resolvedAt: at("2026-04-01T02:30:00Z"), priority: "P1" },
    ]);
    const entries = await store.db.selectFrom("pagerdutyLogEntries").select(["kind", "targetUserIds", "details"]).orderBy("at").execute();
    expect(entries).toEqual([
      { kind: "trigger", targetUserIds: null, details: null },
      { kind: "escalate", targetUserIds: '["PXRUEF2"]', details: null },
      { kind: "annotate", targetUserIds: null, details: JSON.stringify({ note: "failing over the checkout database" }) },
      { kind: "resolve", targetUserIds: null, details: null },
    ]);
  });

  it("normalises every log entry type, keeps unknown ones as given, and finds whom each entry reached", async () => {
    const types = [...KNOWN_LOG_ENTRY_KINDS.map((k) => `${k}_log_entry`), "acknowledgement_log_entry", "link_log_entry", "mystery"];
    const extra: Record<string, PagerdutyJson> = {
      notify_log_entry: { user: pagerdutyRef("PNOTIFIED"), notification: { type: "sms_notification", status: "success", address: "+15555550100" } },
      assign_log_entry: { assignees: [pagerdutyRef("PA1"), pagerdutyRef("PA2")], assigned_user: pagerdutyRef("PA2") },
      escalate_log_entry: { assignees: [pagerdutyRef("PE1")] },
      delegate_log_entry: { assigned_user: pagerdutyRef("PD1") },
      acknowledge_log_entry: { agent: pagerdutyRef("PACKER"), assignees: [pagerdutyRef("PNOT")] },
      resolve_log_entry: { agent: pagerdutyRef("PRESOLVER") },
      annotate_log_entry: { channel: { type: "note", content: "rolled back api v2.14.3" } },
    };
    const entries = types.map((type, i) =>
      buildLogEntry(`L${String(i).padStart(2, "0")}`, type, "PINC1", `2024-03-14T02:${String(i).padStart(2, "0")}:00Z`, extra[type] ?? {}),
    );
    const summary = await run(writePagerdutyFolder({ "log_entries.json": listPage("log_entries", entries) }));
    expect(summary).toMatchObject({ logEntries: types.length, added: types.length });
    const rows = await store.db.selectFrom("pagerdutyLogEntries").select(["type", "kind", "targetUserIds", "agentExternalId", "details"]).orderBy("externalId").execute();
    expect(rows.map((r) => [r.type, r.kind])).toEqual([
      ...KNOWN_LOG_ENTRY_KINDS.map((k) => [`${k}_log_entry`, k]),
      ["acknowledgement_log_entry", "acknowledge"],
      ["link_log_entry", "link"],
      ["mystery", "mystery"],
    ]);
    const byKind = new Map(rows.map((r) => [r.type, r]));
    expect(byKind.get("notify_log_entry")?.targetUserIds).toBe('["PNOTIFIED"]');
    expect(byKind.get("assign_log_entry")?.targetUserIds).toBe('["PA1","PA2"]');
    expect(byKind.get("escalate_log_entry")?.targetUserIds).toBe('["PE1"]');
    expect(byKind.get("delegate_log_entry")?.targetUserIds).toBe('["PD1"]');
    expect(byKind.get("acknowledge_log_entry")).toMatchObject({ targetUserIds: null, agentExternalId: "PACKER" });
    expect(byKind.get("resolve_log_entry")).toMatchObject({ targetUserIds: null, agentExternalId: "PRESOLVER" });
    expect(byKind.get("annotate_log_entry")?.details).toBe(JSON.stringify({ note: "rolled back api v2.14.3" }));
    // Phone numbers and e-mail addresses a notification went to are not kept.
    expect(byKind.get("notify_log_entry")?.details).toBe(JSON.stringify({ notification: { type: "sms_notification", status: "success" } }));
    expect(rows.filter((r) => r.targetUserIds !== null)).toHaveLength(4);
  });

  it("reads pagination pages saved as separate files, and services and escalation policies", async () => {
    const incidents = ["P1", "P2", "P3"].map((id, i) => buildPagerdutyIncident(id, `2024-03-1${i}T00:00:00Z`, { incident_number: i + 1 }));
    const summary = await run(
      writePagerdutyFolder({
        "incidents/page-1.json": listPage("incidents", incidents.slice(0, 2), 0, true),
        "incidents/page-2.json": listPage("incidents", incidents.slice(2), 2, false),
        "users/page-1.json": listPage("users", [buildPagerdutyUser("PU1", "Ada Lovelace")], 0, true),
        "users/page-2.json": listPage("users", [buildPagerdutyUser("PU2", "Grace Hopper")], 1, false),
        "services.json": listPage("services", [{ id: "PSVC1", name: "checkout-api", description: "Checkout", escalation_policy: pagerdutyRef("PPOL1") }]),
        "escalation_policies.json": listPage("escalation_policies", [{ id: "PPOL1", name: "Checkout" }]),
        "service.json": { service: { id: "PSVC2", summary: "search" } },
      }),
    );
    expect(summary).toMatchObject({ files: 7, incidents: 3, users: 2, services: 2, escalationPolicies: 1, added: 8, skipped: 0 });
    expect((await store.db.selectFrom("pagerdutyIncidents").select("number").orderBy("number").execute()).map((r) => r.number)).toEqual([1, 2, 3]);
    expect(await store.db.selectFrom("pagerdutyServices").select(["externalId", "name", "description", "escalationPolicyId", "serviceId"]).orderBy("externalId").execute()).toEqual([
      { externalId: "PSVC1", name: "checkout-api", description: "Checkout", escalationPolicyId: "PPOL1", serviceId: null },
      { externalId: "PSVC2", name: "search", description: null, escalationPolicyId: null, serviceId: null },
    ]);
    expect(await store.db.selectFrom("pagerdutyEscalationPolicies").select(["externalId", "name"]).execute()).toEqual([{ externalId: "PPOL1", name: "Checkout" }]);
  });

  it("adds nothing and changes nothing when the same folder is imported twice", async () => {
    const folder = writePagerdutyFolder({
      ...officialExampleFiles(),
      ...webhookFiles(),
      "services.json": listPage("services", [{ id: "PIJ90N7", name: "My Mail Service" }]),
      "escalation_policies.json": listPage("escalation_policies", [{ id: "PT20YPA", name: "Another Escalation Policy" }]),
    });
    const first = await run(folder);
    const before = await snapshotStore(store);
    const again = await run(folder);
    expect(again).toMatchObject({ files: first.files, added: 0, skipped: first.added + first.skipped });
    const after = await snapshotStore(store);
    for (const table of Object.keys(before)) {
      if (table === "imports" || table === "auditEvents") continue;
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.imports).toHaveLength(2);
    expect(after.auditEvents).toHaveLength(2);
  });

  it("links imported PagerDuty incidents to the Debrief incidents whose channel mentions them", async () => {
    await importSlackExport(store, {
      path: writeSlackExport({
        channels: [buildSlackChannel("C1", "inc-mail-fire")],
        days: { "inc-mail-fire": { "2015-10-06": [buildSlackMessage(0, "U1", "paged: https://subdomain.pagerduty.com/incidents/PT4KHLK")] } },
      }),
      actor: "test",
    });
    const summary = await run(writePagerdutyFolder(officialExampleFiles()));
    expect(summary.linked).toBe(1);
    const sources = await store.db.selectFrom("incidentSources").select(["kind", "externalId"]).where("kind", "=", "pagerduty_incident").execute();
    expect(sources).toEqual([{ kind: "pagerduty_incident", externalId: "PT4KHLK" }]);
    expect((await run(writePagerdutyFolder(officialExampleFiles()))).linked).toBe(0);
  });

  it("lists files without PagerDuty data as skipped and imports the rest", async () => {
    const summary = await run(
      writePagerdutyFolder({
        "incidents.json": listPage("incidents", [buildPagerdutyIncident("P1", "2024-03-14T00:00:00Z")]),
        "misc/alerts.json": { alerts: [], limit: 25 },
        "misc/array.json": [],
        "misc/ping.json": { event: { id: "E1", event_type: "pagey.ping", resource_type: "pagey", occurred_at: "2024-03-14T00:00:00Z", data: {} } },
        "notes.txt": "not JSON, not read",
      }),
    );
    expect(presentPagerdutySummary(summary)).toMatchObject({ files: 4, skippedFiles: ["misc/alerts.json", "misc/array.json", "misc/ping.json"], incidents: 1, added: 1 });
  });

  describe("leaves the store exactly as it was on bad input", () => {
    const good = (): Record<string, unknown> => ({
      "a/incidents.json": listPage("incidents", [buildPagerdutyIncident("PNEW1", "2024-03-14T00:00:00Z")]),
      "a/users.json": listPage("users", [buildPagerdutyUser("PNEWU", "New Person")]),
      // Log entries and shifts are written as each file is read, before the bad one.
      "a/log_entries.json": listPage("log_entries", [buildLogEntry("LNEW1", "notify_log_entry", "PNEW1", "2024-03-14T00:01:00Z")]),
      "a/oncalls.json": listPage("oncalls", [{ user: pagerdutyRef("PNEWU"), escalation_level: 1, start: null, end: null }]),
    });
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["malformed JSON in one file", { "z/page-2.json": '{\n  "incidents": [\n    {"id": "P1",}\n  ]\n}' }, /z\/page-2\.json: malformed JSON at line 3, column 17 \(offset 35\): expected a property name/],
      [
        "a log entry without an id",
        { "z/log_entries.json": listPage("log_entries", [buildLogEntry("L1", "notify_log_entry", "P1", "2024-03-14T00:00:00Z"), { ...buildLogEntry("", "notify_log_entry", "P1", "2024-03-14T00:00:00Z"), id: undefined }]) },
        /z\/log_entries\.json: log_entries\[1\]\.id: expected a non-empty string, got nothing \(missing\)/,
      ],
      [
        "a bad date",
        { "z/incidents.json": listPage("incidents", [buildPagerdutyIncident("P1", "2024-03-14T00:00:00Z"), buildPagerdutyIncident("P2", "yesterday")]) },
        /z\/incidents\.json: incidents\[1\]\.created_at: expected an ISO 8601 date-time with a time zone, got "yesterday"/,
      ],
      [
        "a date without a time zone",
        { "z/oncalls.json": listPage("oncalls", [{ user: pagerdutyRef("PU1"), escalation_level: 1, start: "2024-03-14T09:00:00", end: null }]) },
        /z\/oncalls\.json: oncalls\[0\]\.start: expected an ISO 8601 date-time with a time zone/,
      ],
      [
        "a webhook event with a bad time",
        { "z/event.json": buildWebhookEvent("E1", "incident.acknowledged", "soon", buildPagerdutyIncident("P1", "2024-03-14T00:00:00Z")) },
        /z\/event\.json: event\.occurred_at: expected an ISO 8601 date-time/,
      ],
      [
        "a log entry that names no incident",
        { "z/log_entry.json": { log_entry: { ...buildLogEntry("L1", "resolve_log_entry", "P1", "2024-03-14T00:00:00Z"), incident: null } } },
        /z\/log_entry\.json: log_entry\.incident\.id: missing/,
      ],
      ["a list that is not an array", { "z/users.json": { users: { id: "PU1" } } }, /z\/users\.json: users: expected an array/],
    ];
    for (const [name, files, message] of cases) {
      it(name, async () => {
        await run(writePagerdutyFolder(officialExampleFiles()));
        const before = await snapshotStore(store);
        const error = await run(writePagerdutyFolder({ ...good(), ...files })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportError);
        expect((error as Error).message).toMatch(message);
        expect(await snapshotStore(store)).toEqual(before);
      });
    }

    it("a path that is not a folder", async () => {
      await expect(run(join(tmpdir(), "no-such-pagerduty-folder"))).rejects.toThrow(/no-such-pagerduty-folder: no such folder/);
    });
  });
}, { samples: PAGERDUTY_SAMPLES });

describeWithSamples(PAGERDUTY_SAMPLES, "debrief import pagerduty --json", () => {
  it("prints exactly the documented summary object", async () => {
    const { stdout } = await runImportCli(registerPagerdutyImport, tempDb("debrief-pd-cli-"), [
      "pagerduty",
      writePagerdutyFolder({ ...officialExampleFiles(), "other.json": { foo: 1 } }),
      "--json",
    ]);
    expect(JSON.parse(stdout)).toEqual({
      files: 10,
      skippedFiles: ["other.json"],
      incidents: 1,
      logEntries: 2,
      oncalls: 1,
      users: 3,
      services: 0,
      escalationPolicies: 0,
      schedules: 3,
      added: 6,
      skipped: 4,
    });
  });
});
