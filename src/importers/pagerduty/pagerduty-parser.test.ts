import { describe, expect, it } from "vitest";
import { parsePagerdutyBody } from "./pagerduty-parser.js";

const incident = { id: "PINC1", type: "incident_reference" };
const user = (id: string) => ({ id, type: "user_reference" });

/** The log entry a one-entry `log_entries` body parses to. */
function entryOf(json: Record<string, unknown>) {
  const doc = parsePagerdutyBody({ log_entries: [{ id: "Q1", created_at: "2026-04-01T02:00:00Z", incident, ...json }] }, "log.json");
  if (doc.kind !== "data") throw new Error(doc.reason);
  const entry = doc.batch.logEntries[0];
  if (!entry) throw new Error("no log entry");
  return entry;
}

describe("PagerDuty log entries that reach a person", () => {
  it("notify (also a responder request, with the requester as agent): the notified user", () => {
    const entry = entryOf({ type: "notify_log_entry", user: user("PRAVI"), agent: user("POTIS") });
    expect(entry).toMatchObject({ kind: "notify", targetUserIds: ["PRAVI"], agentExternalId: "POTIS" });
  });

  it.each(["assign", "escalate", "delegate"])("%s: the assignees", (kind) => {
    const entry = entryOf({ type: `${kind}_log_entry`, assignees: [user("PRAVI"), user("PSAM")], agent: user("POTIS") });
    expect(entry).toMatchObject({ kind, targetUserIds: ["PRAVI", "PSAM"] });
  });

  it.each(["acknowledge", "annotate", "resolve", "snooze", "unacknowledge"])("%s reaches nobody", (kind) => {
    expect(entryOf({ type: `${kind}_log_entry`, user: user("PRAVI"), agent: user("POTIS") }).targetUserIds).toEqual([]);
  });
});

describe("PagerDuty webhook events that reach a person", () => {
  const webhook = (eventType: string, data: Record<string, unknown>) => {
    const doc = parsePagerdutyBody({ event: { id: "01E", event_type: eventType, resource_type: "incident", occurred_at: "2026-04-01T02:00:00Z", agent: user("POTIS"), data } }, "hook.json");
    if (doc.kind !== "data") throw new Error(doc.reason);
    return doc.batch.logEntries[0];
  };

  it("incident.responder.added: a notification of the added user at the agent's request", () => {
    expect(webhook("incident.responder.added", { type: "incident_responder", incident, user: user("PRAVI") })).toMatchObject({ kind: "notify", targetUserIds: ["PRAVI"], agentExternalId: "POTIS" });
  });

  it("incident.reassigned: the assignees", () => {
    expect(webhook("incident.reassigned", { type: "incident_reassignment", incident, assignees: [user("PRAVI")] })).toMatchObject({ kind: "assign", targetUserIds: ["PRAVI"] });
  });
});
