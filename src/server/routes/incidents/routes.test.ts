import { expect, it } from "vitest";
import { buildService } from "../../../../test/factories/rows.js";
import { describeEachServer } from "../../../../test/server-harness.js";

interface ListItem {
  id: number;
  title: string;
  status: string;
  severity: string | null;
  messages: number;
  people: number;
  channels: string[];
  analysts: { id: number; name: string }[];
}

interface TimelineBody {
  events: { key: string; kind: string; id: string; at: string; text: string; annotations: { tags: string[] }[] }[];
  nextCursor: string | null;
  prevCursor: string | null;
  startIndex: number;
  total: number;
}

describeEachServer("incident routes", (f) => {

  const list = async (query = "", who: "analyst" | "viewer" = "analyst") => {
    const response = await f.callers[who].get(`/api/incidents${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { incidents: ListItem[] }).incidents;
  };

  it("lists incidents newest first with channels, message and people counts and analysts", async () => {
    const incidents = await list();
    expect(incidents.map((i) => i.title)).toEqual(["Checkout failing", "Slow logins"]);
    expect(incidents[0]).toEqual({
      id: f.world.incidents.draft,
      title: "Checkout failing",
      severity: "SEV1",
      status: "new",
      startedAt: "2024-03-14T02:00:00.000Z",
      resolvedAt: null,
      channels: ["inc-2024-03-14-checkout"],
      messages: 3,
      people: 2,
      analysts: [],
      origin: "channel",
    });
    expect(incidents[1]).toMatchObject({ messages: 1, people: 1, status: "published" });
  });

  it("filters by status and text, sorts by every key both ways, and treats empty parameters as absent", async () => {
    expect((await list("?status=published")).map((i) => i.title)).toEqual(["Slow logins"]);
    expect((await list("?q=CHECKOUT")).map((i) => i.title)).toEqual(["Checkout failing"]);
    expect((await list("?q=login")).map((i) => i.title)).toEqual(["Slow logins"]);
    expect((await list("?q=%25")).map((i) => i.title)).toEqual([]);
    expect((await list("?sort=title")).map((i) => i.title)).toEqual(["Checkout failing", "Slow logins"]);
    expect((await list("?sort=title&order=desc")).map((i) => i.title)).toEqual(["Slow logins", "Checkout failing"]);
    expect((await list("?sort=messages&order=asc")).map((i) => i.messages)).toEqual([1, 3]);
    expect((await list("?sort=people")).map((i) => i.people)).toEqual([2, 1]);
    expect((await list("?sort=startedAt&order=asc")).map((i) => i.title)).toEqual(["Slow logins", "Checkout failing"]);
    expect(await list("?status=&q=")).toHaveLength(2);
    const bad = await f.callers.analyst.get("/api/incidents?sort=severe&page=2");
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { details: { field: string; in: string }[] }).details.map((d) => `${d.in}:${d.field}`).sort()).toEqual(["querystring:page", "querystring:sort"]);
  });

  it("sorts by severity (worst first, unset last either way) and by analysis status", async () => {
    const created = await f.callers.analyst.post("/api/incidents", { title: "Queue backlog", channels: ["inc-2024-03-14-checkout"], severity: "SEV2" });
    expect(created.statusCode, created.body).toBe(201);
    const severities = async (query: string) => (await list(query)).map((i) => `${i.title}:${String(i.severity)}`);
    expect(await severities("?sort=severity")).toEqual(["Checkout failing:SEV1", "Queue backlog:SEV2", "Slow logins:null"]);
    expect(await severities("?sort=severity&order=asc")).toEqual(["Queue backlog:SEV2", "Checkout failing:SEV1", "Slow logins:null"]);
    // Ties (both new) go to the newer incident.
    expect((await list("?sort=status&order=asc")).map((i) => `${i.title}:${i.status}`)).toEqual(["Queue backlog:new", "Checkout failing:new", "Slow logins:published"]);
    expect((await list("?sort=status")).map((i) => i.status)).toEqual(["published", "new", "new"]);
  });

  it("shows viewers only published incidents", async () => {
    expect((await list("", "viewer")).map((i) => i.title)).toEqual(["Slow logins"]);
  });

  it("reads one incident with its sources; unknown ids are 404 and malformed ones 400", async () => {
    const response = await f.callers.member.get(`/api/incidents/${f.world.incidents.draft}`);
    expect(response.statusCode).toBe(200);
    const { incident } = response.json() as { incident: Record<string, unknown> };
    expect(incident).toMatchObject({ id: f.world.incidents.draft, detectedAt: null, origin: "channel", services: [] });
    expect(incident.sources).toEqual([
      { id: expect.any(Number), kind: "slack_channel", channel: "inc-2024-03-14-checkout", pagerdutyId: null, from: null, to: null },
      { id: expect.any(Number), kind: "pagerduty_incident", channel: null, pagerdutyId: "PINC", from: null, to: null },
    ]);
    expect((await f.callers.member.get("/api/incidents/999999")).json()).toEqual({ error: "incident not found" });
    expect((await f.callers.member.get("/api/incidents/abc")).statusCode).toBe(400);
    expect((await f.callers.member.get("/api/incidents/99999999999")).statusCode).toBe(400);
    const hidden = await f.callers.viewer.get(`/api/incidents/${f.world.incidents.draft}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual({ error: "incident not found" });
  });

  it("creates an incident from channels and a window", async () => {
    const response = await f.callers.analyst.post("/api/incidents", {
      title: "  Pool exhaustion  ",
      channels: ["#inc-2024-03-14-checkout"],
      from: "2024-03-14T02:01:00Z",
      to: "2024-03-14T02:10:00Z",
      severity: "SEV2",
    });
    expect(response.statusCode, response.body).toBe(201);
    const { incident } = response.json() as { incident: Record<string, unknown> };
    expect(incident).toMatchObject({ title: "Pool exhaustion", severity: "SEV2", status: "new", origin: "manual", messages: 2, people: 2, startedAt: "2024-03-14T02:01:00.000Z" });
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "incident.create").where("subjectId", "=", String(incident.id)).executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`user:${f.world.users.analyst.id}`);
  });

  it("refuses unknown channels, backwards windows and bad times with a clear message", async () => {
    const unknown = await f.callers.analyst.post("/api/incidents", { title: "x", channels: ["nope"] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: 'no imported Slack channel is named "nope"' });
    const backwards = await f.callers.analyst.post("/api/incidents", { title: "x", channels: ["inc-2024-03-14-checkout"], from: "2024-03-15T00:00:00Z", to: "2024-03-14T00:00:00Z" });
    expect(backwards.statusCode).toBe(400);
    const badTime = await f.callers.analyst.post("/api/incidents", { title: "x", channels: ["inc-2024-03-14-checkout"], from: "yesterday" });
    expect(badTime.statusCode).toBe(400);
    expect((badTime.json() as { details: { field: string }[] }).details[0]?.field).toBe("from");
    const noChannels = await f.callers.analyst.post("/api/incidents", { title: "x", channels: [] });
    expect((noChannels.json() as { details: { field: string }[] }).details[0]?.field).toBe("channels");
  });

  it("updates status, severity, title and analysts, and audits what changed", async () => {
    const url = `/api/incidents/${f.world.incidents.draft}`;
    const response = await f.callers.analyst.patch(url, { status: "in_analysis", severity: null, title: "Checkout failing (pool)", analystIds: [f.world.users.analyst.id, f.world.users.admin.id] });
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as { incident: Record<string, unknown> }).incident).toMatchObject({
      status: "in_analysis",
      severity: null,
      title: "Checkout failing (pool)",
      analysts: [
        { id: f.world.users.admin.id, name: "Admin User" },
        { id: f.world.users.analyst.id, name: "Analyst User" },
      ],
    });
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "incident.update").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details ?? "{}")).toMatchObject({
      changes: { status: { from: "new", to: "in_analysis" }, severity: { from: "SEV1", to: null }, title: { from: "Checkout failing", to: "Checkout failing (pool)" } },
      analysts: { added: [f.world.users.analyst.id, f.world.users.admin.id], removed: [] },
    });
    const narrowed = await f.callers.analyst.patch(url, { analystIds: [f.world.users.analyst.id], title: "Checkout failing" });
    expect((narrowed.json() as { incident: { analysts: unknown[] } }).incident.analysts).toEqual([{ id: f.world.users.analyst.id, name: "Analyst User" }]);
    expect((await list()).find((i) => i.id === f.world.incidents.draft)?.analysts).toEqual([{ id: f.world.users.analyst.id, name: "Analyst User" }]);
  });

  it("edits an incident's times, refuses a resolution before the start, and audits the change", async () => {
    const created = (await f.callers.analyst.post("/api/incidents", { title: "Times", channels: ["inc-2024-03-14-checkout"] })).json() as { incident: { id: number } };
    const url = `/api/incidents/${created.incident.id}`;
    const response = await f.callers.analyst.patch(url, { startedAt: "2024-03-14T01:50:00Z", detectedAt: "2024-03-14T02:00:00Z", resolvedAt: "2024-03-14T03:00:00Z" });
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as { incident: Record<string, unknown> }).incident).toMatchObject({ startedAt: "2024-03-14T01:50:00.000Z", detectedAt: "2024-03-14T02:00:00.000Z", resolvedAt: "2024-03-14T03:00:00.000Z" });
    const audit = await f.store.db.selectFrom("auditEvents").selectAll().where("action", "=", "incident.update").where("subjectId", "=", String(created.incident.id)).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details ?? "{}").changes.resolvedAt).toEqual({ from: null, to: "2024-03-14T03:00:00.000Z" });
    const backwards = await f.callers.analyst.patch(url, { resolvedAt: "2024-03-14T01:00:00Z" });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toEqual({ error: "resolvedAt is before startedAt" });
    const cleared = await f.callers.analyst.patch(url, { resolvedAt: null });
    expect((cleared.json() as { incident: { resolvedAt: string | null } }).incident.resolvedAt).toBeNull();
  });

  it("adds and removes channel sources, links and unlinks PagerDuty incidents, and audits each", async () => {
    const created = (await f.callers.analyst.post("/api/incidents", { title: "Sources", channels: ["inc-2024-03-14-checkout"] })).json() as { incident: { id: number } };
    const id = created.incident.id;
    const added = await f.callers.analyst.post(`/api/incidents/${id}/sources`, { channel: "#inc-2024-02-01-login", from: "2024-01-01T00:00:00Z", to: null });
    expect(added.statusCode, added.body).toBe(200);
    const withTwo = (added.json() as { incident: { channels: string[]; sources: { id: number; kind: string; channel: string | null; from: string | null }[] } }).incident;
    expect(withTwo.channels).toEqual(["inc-2024-03-14-checkout", "inc-2024-02-01-login"]);
    expect(withTwo.sources.find((s) => s.channel === "inc-2024-02-01-login")?.from).toBe("2024-01-01T00:00:00.000Z");
    expect((await f.callers.analyst.post(`/api/incidents/${id}/sources`, { channel: "nope" })).json()).toEqual({ error: 'no imported Slack channel is named "nope"' });
    expect((await f.callers.analyst.post("/api/incidents/999999/sources", { channel: "inc-2024-02-01-login" })).statusCode).toBe(404);

    const linked = await f.callers.analyst.post(`/api/incidents/${id}/pagerduty`, { pagerdutyId: "42" });
    expect(linked.statusCode, linked.body).toBe(200);
    const pd = (linked.json() as { incident: { sources: { id: number; kind: string; pagerdutyId: string | null }[] } }).incident.sources.find((s) => s.kind === "pagerduty_incident");
    expect(pd?.pagerdutyId).toBe("PINC");
    expect((await f.callers.analyst.post(`/api/incidents/${id}/pagerduty`, { pagerdutyId: "PNOPE" })).statusCode).toBe(400);

    const unlinked = await f.callers.analyst.delete(`/api/incidents/${id}/sources/${pd?.id}`);
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect((unlinked.json() as { incident: { sources: { kind: string }[] } }).incident.sources.map((s) => s.kind)).toEqual(["slack_channel", "slack_channel"]);
    const login = withTwo.sources.find((s) => s.channel === "inc-2024-02-01-login");
    const removed = await f.callers.analyst.delete(`/api/incidents/${id}/sources/${login?.id}`);
    expect((removed.json() as { incident: { channels: string[] } }).incident.channels).toEqual(["inc-2024-03-14-checkout"]);
    expect((await f.callers.analyst.delete(`/api/incidents/${id}/sources/${login?.id}`)).statusCode).toBe(404);
    // Another incident's source is not this incident's to remove.
    const other = (await f.callers.analyst.get(`/api/incidents/${f.world.incidents.draft}`)).json() as { incident: { sources: { id: number }[] } };
    expect((await f.callers.analyst.delete(`/api/incidents/${id}/sources/${other.incident.sources[0]?.id}`)).statusCode).toBe(404);

    const actions = await f.store.db.selectFrom("auditEvents").select("action").where("subjectType", "=", "incident").where("subjectId", "=", String(id)).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["incident.create", "incident.source_add", "incident.link_pagerduty", "incident.unlink_pagerduty", "incident.source_remove"]);
  });

  it("records services by hand, removes them, and keeps those that follow a PagerDuty link", async () => {
    const service = await f.store.db.insertInto("services").values(buildService({ name: "checkout-api" })).returning("id").executeTakeFirstOrThrow();
    const listed = (await f.callers.analyst.get("/api/services")).json() as { services: { id: number; name: string }[] };
    expect(listed.services.map((s) => s.name)).toContain("checkout-api");
    const id = f.world.incidents.published;
    const added = await f.callers.analyst.post(`/api/incidents/${id}/services`, { serviceId: service.id });
    expect(added.statusCode, added.body).toBe(200);
    expect((added.json() as { incident: { services: unknown[] } }).incident.services).toEqual([{ id: service.id, name: "checkout-api", origin: "manual" }]);
    expect((await f.callers.analyst.post(`/api/incidents/${id}/services`, { serviceId: 999999 })).statusCode).toBe(400);
    const removed = await f.callers.analyst.delete(`/api/incidents/${id}/services/${service.id}`);
    expect((removed.json() as { incident: { services: unknown[] } }).incident.services).toEqual([]);
    expect((await f.callers.analyst.delete(`/api/incidents/${id}/services/${service.id}`)).statusCode).toBe(404);
    await f.store.db.insertInto("incidentServices").values({ incidentId: id, serviceId: service.id, origin: "pagerduty" }).execute();
    const refused = await f.callers.analyst.delete(`/api/incidents/${id}/services/${service.id}`);
    expect(refused.statusCode).toBe(400);
    await f.store.db.deleteFrom("incidentServices").where("incidentId", "=", id).execute();
  });

  it("lists imported channels with their message counts and the incidents built on them", async () => {
    const response = await f.callers.analyst.get("/api/channels");
    expect(response.statusCode, response.body).toBe(200);
    const { channels } = response.json() as { channels: { name: string; messages: number; incidents: { id: number }[] }[] };
    const checkout = channels.find((c) => c.name === "inc-2024-03-14-checkout");
    expect(checkout?.messages).toBeGreaterThan(0);
    expect(checkout?.incidents.map((i) => i.id)).toContain(f.world.incidents.draft);
    expect((await f.callers.member.get("/api/channels")).statusCode).toBe(403);
  });

  it("refuses members as analysts, unknown statuses and unknown incidents", async () => {
    const url = `/api/incidents/${f.world.incidents.draft}`;
    const member = await f.callers.analyst.patch(url, { analystIds: [f.world.users.member.id] });
    expect(member.statusCode).toBe(400);
    expect(member.json()).toEqual({ error: `analystIds: account ${f.world.users.member.id} is a member; only admins and analysts can be assigned` });
    expect((await f.callers.analyst.patch(url, { analystIds: [424242] })).statusCode).toBe(400);
    expect((await f.callers.analyst.patch(url, { status: "done" })).statusCode).toBe(400);
    expect((await f.callers.analyst.patch("/api/incidents/999999", { status: "published" })).statusCode).toBe(404);
  });

  it("pages through the merged timeline with filters", async () => {
    const base = `/api/incidents/${f.world.incidents.draft}/timeline`;
    const all = (await f.callers.member.get(base)).json() as TimelineBody;
    expect(all.total).toBe(5);
    expect(all.nextCursor).toBeNull();
    expect(all.events.map((e) => e.key)).toEqual(["page:" + f.world.pageId, "message:1", "message:2", "cue:" + f.world.cueId, "message:3"]);
    const first = (await f.callers.member.get(`${base}?limit=2`)).json() as TimelineBody;
    expect(first.events).toHaveLength(2);
    const second = (await f.callers.member.get(`${base}?limit=2&cursor=${first.nextCursor}`)).json() as TimelineBody;
    expect(second.events.map((e) => e.key)).toEqual(all.events.slice(2, 4).map((e) => e.key));
    const slack = (await f.callers.member.get(`${base}?source=slack`)).json() as TimelineBody;
    expect(slack.events.map((e) => e.kind)).toEqual(["message", "message", "message"]);
    const two = (await f.callers.member.get(`${base}?source=pagerduty&source=transcript`)).json() as TimelineBody;
    expect(two.events.map((e) => e.kind)).toEqual(["page", "cue"]);
    const bob = (await f.callers.member.get(`${base}?person=${f.world.people.bob}`)).json() as TimelineBody;
    expect(bob.events.map((e) => e.id)).toEqual(["2"]);
    const pool = (await f.callers.member.get(`${base}?q=POOL`)).json() as TimelineBody;
    expect(pool.events.map((e) => e.key)).toEqual(["message:2", `cue:${f.world.cueId}`, "message:3"]);
    await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/annotations`, { eventKind: "message", eventId: "3", tags: ["repair"], note: "the fix" });
    const repair = (await f.callers.member.get(`${base}?tag=repair`)).json() as TimelineBody;
    expect(repair.events.map((e) => e.id)).toEqual(["3"]);
    expect(repair.events[0]?.annotations[0]?.tags).toEqual(["repair"]);
  });

  it("refuses bad timeline parameters", async () => {
    const base = `/api/incidents/${f.world.incidents.draft}/timeline`;
    for (const query of ["limit=0", "limit=1001", "source=email", "tag=blame", "person=x", "unknown=1"]) {
      expect((await f.callers.member.get(`${base}?${query}`)).statusCode, query).toBe(400);
    }
    const cursor = await f.callers.member.get(`${base}?cursor=garbage`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json()).toEqual({ error: "invalid timeline cursor" });
    expect((await f.callers.member.get("/api/incidents/999999/timeline")).statusCode).toBe(404);
  });

  it("answers a page around an event, and walks back from it with before", async () => {
    const base = `/api/incidents/${f.world.incidents.draft}/timeline`;
    const all = (await f.callers.member.get(base)).json() as TimelineBody;
    expect(all).toMatchObject({ startIndex: 0, prevCursor: null });
    const around = await f.callers.member.get(`${base}?limit=2&around=message:3`);
    expect(around.statusCode, around.body).toBe(200);
    const page = around.json() as TimelineBody;
    expect(page.startIndex).toBe(4);
    expect(page.events.map((e) => e.key)).toEqual(["message:3"]);
    const back = (await f.callers.member.get(`${base}?limit=2&before=${page.prevCursor}`)).json() as TimelineBody;
    expect(back.events.map((e) => e.key)).toEqual(all.events.slice(2, 4).map((e) => e.key));
    expect(back.startIndex).toBe(2);
    const cue = (await f.callers.member.get(`${base}?limit=4&around=cue:${f.world.cueId}`)).json() as TimelineBody;
    expect(cue.startIndex).toBe(2);
    expect(cue.events.map((e) => e.key)).toContain(`cue:${f.world.cueId}`);
  });

  it("refuses an unknown, malformed or doubly anchored around", async () => {
    const base = `/api/incidents/${f.world.incidents.draft}/timeline`;
    const unknown = await f.callers.member.get(`${base}?around=message:999999`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: "no such event in this incident's timeline" });
    // An event of another incident, or one the filters leave out, is not in this timeline either.
    expect((await f.callers.member.get(`${base}?around=message:2&source=pagerduty`)).statusCode).toBe(404);
    for (const query of ["around=message", "around=email:1", "around=message:x", "around=cue:1", "around=page:1:2"]) {
      expect((await f.callers.member.get(`${base}?${query}`)).statusCode, query).toBe(400);
    }
    const first = (await f.callers.member.get(`${base}?limit=2`)).json() as TimelineBody;
    for (const query of [`cursor=${first.nextCursor}&before=${first.nextCursor}`, `cursor=${first.nextCursor}&around=message:1`, "before=garbage&around=message:1"]) {
      expect((await f.callers.member.get(`${base}?${query}`)).statusCode, query).toBe(400);
    }
    expect((await f.callers.member.get(`${base}?before=garbage`)).statusCode).toBe(400);
  });

  it("answers the threads view, annotated events only, and refuses a bad thread request", async () => {
    const base = `/api/incidents/${f.world.incidents.draft}/timeline`;
    const threads = await f.callers.member.get(`${base}?view=threads`);
    expect(threads.statusCode, threads.body).toBe(200);
    expect(threads.json()).toMatchObject({ aroundParent: null });
    expect((await f.callers.member.get(`${base}?view=sideways`)).statusCode).toBe(400);
    for (const incident of [f.world.incidents.draft, f.world.incidents.published]) {
      const annotated = (await f.callers.member.get(`/api/incidents/${incident}/timeline?annotated=1`)).json() as TimelineBody;
      expect(annotated.events.every((e) => e.annotations.length > 0)).toBe(true);
    }
    const thread = `${base}/thread`;
    // A message in no thread, and one that is not in the incident, have no thread to read.
    expect((await f.callers.member.get(`${thread}?event=message:1`)).statusCode).toBe(404);
    expect((await f.callers.member.get(`${thread}?event=message:999999`)).statusCode).toBe(404);
    for (const query of ["", "event=page:1", "event=message:x"]) expect((await f.callers.member.get(`${thread}?${query}`)).statusCode, query).toBe(400);
    expect((await f.callers.viewer.get(`${thread}?event=message:1`)).statusCode).toBe(403);
    expect((await f.callers.member.get(`/api/incidents/999999/timeline/thread?event=message:1`)).statusCode).toBe(404);
  });

  it("answers the people breakdown as the CLI's --json --summary does", async () => {
    const response = await f.callers.member.get(`/api/incidents/${f.world.incidents.draft}/people`);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { participants: { person: { name: string }; involvement: string; teamAtTime: string | null }[]; summary: { people: number } };
    expect(body.summary.people).toBe(2);
    expect(body.participants.map((p) => [p.person.name, p.involvement, p.teamAtTime])).toEqual([
      ["Alice Example", "paged", "payments"],
      ["Bob Example", "self", null],
    ]);
    expect((await f.callers.member.get("/api/incidents/999999/people")).statusCode).toBe(404);
  });

  it("computes the analysis guide from the data, with what done means for each step", async () => {
    type Step = { key: string; done: boolean; detail: string; explanation: string; link: string; action: string; checks: { label: string; met: boolean }[] };
    const response = await f.callers.member.get(`/api/incidents/${f.world.incidents.published}/guide`);
    const { steps } = response.json() as { steps: Step[] };
    expect(steps.map((s) => s.key)).toEqual([
      "declare",
      "gather_slack",
      "gather_pagerduty",
      "gather_directory",
      "gather_catalog",
      "gather_transcripts",
      "study_timeline",
      "mark_phases",
      "interview",
      "write",
      "review",
      "publish",
      "meeting",
      "learn",
    ]);
    expect(Object.fromEntries(steps.map((s) => [s.key, s.done]))).toEqual({
      declare: false,
      gather_slack: true,
      gather_pagerduty: false,
      gather_directory: false,
      gather_catalog: false,
      gather_transcripts: false,
      study_timeline: false,
      mark_phases: false,
      interview: false,
      write: false,
      review: false,
      publish: false,
      meeting: false,
      learn: false,
    });
    const published = f.world.incidents.published;
    expect(steps.every((s) => s.explanation.length > 40 && s.link.startsWith("/") && s.checks.length > 0)).toBe(true);
    expect(steps.every((s) => s.done === s.checks.every((c) => c.met))).toBe(true);
    const byKey = (list: Step[], key: string) => list.find((s) => s.key === key) as Step;
    expect(byKey(steps, "declare")).toMatchObject({ action: "assign_me", checks: [{ label: "An analyst is assigned", met: false }] });
    // PagerDuty data is there, so the step lands on the incident's link control, not on the imports.
    expect(byKey(steps, "gather_pagerduty").link).toBe(`/incidents/${published}/details#pagerduty`);
    const catalog = await f.store.db.selectFrom("services").select("id").executeTakeFirst();
    expect(byKey(steps, "gather_catalog").link).toBe(catalog ? `/incidents/${published}/details#services` : "/imports?kind=catalog");
    expect(byKey(steps, "gather_transcripts").link).toBe(`/imports?kind=transcript&incident=${published}`);
    expect(byKey(steps, "write").detail).toBe("No review yet: start the draft, and Debrief writes what the evidence already shows.");
    expect(byKey(steps, "write").link).toBe(`/incidents/${published}/review`);
    expect(byKey(steps, "meeting").link).toBe(`/incidents/${published}/meetings`);
    // Nothing is marked, so the timeline opens on its first event.
    expect(byKey(steps, "study_timeline").link).toMatch(new RegExp(`^/incidents/${published}/timeline\\?event=message%3A\\d+$`));

    const id = f.world.incidents.draft;
    await f.callers.analyst.patch(`/api/incidents/${id}`, { analystIds: [f.world.users.analyst.id] });
    for (const [eventId, tag] of [["1", "detection"], ["2", "diagnosis"], ["3", "repair"]] as const) {
      await f.callers.analyst.post(`/api/incidents/${id}/annotations`, { eventKind: "message", eventId, tags: [tag], note: "" });
    }
    const draft = (await f.callers.member.get(`/api/incidents/${id}/guide`)).json() as { steps: Step[] };
    const done = Object.fromEntries(draft.steps.map((s) => [s.key, s.done]));
    expect(done).toMatchObject({ declare: true, gather_slack: true, gather_pagerduty: true, gather_directory: false, gather_transcripts: true, mark_phases: true, gather_catalog: false });
    expect(byKey(draft.steps, "declare")).toMatchObject({ detail: "Assigned: Analyst User", action: "open" });
    expect(byKey(draft.steps, "gather_directory").detail).toBe("1 of 2 people in the channels have team history from the directory.");
    expect(byKey(draft.steps, "gather_directory").checks).toEqual([
      { label: "The people directory is imported", met: true },
      { label: "Everyone who wrote has team history (1 of 2)", met: false },
    ]);
    // One annotation in each phase is not the whole timeline studied.
    const study = byKey(draft.steps, "study_timeline");
    const events = ((await f.callers.member.get(`/api/incidents/${id}/timeline?limit=500`)).json() as TimelineBody).events;
    const marked = events.filter((e) => e.annotations.length > 0).length;
    expect(marked).toBeGreaterThan(0);
    expect(study.done).toBe(events.length <= marked);
    if (!study.done) expect(study.link).toMatch(/timeline\?event=/);

    // The review steps follow the review itself.
    expect((await f.callers.analyst.post(`/api/incidents/${id}/review`, {})).statusCode).toBe(200);
    const written = (await f.callers.member.get(`/api/incidents/${id}/guide`)).json() as { steps: { key: string; done: boolean; detail: string }[] };
    expect(written.steps.find((s) => s.key === "write")).toMatchObject({ detail: expect.stringMatching(/^Version 1 \(draft\): \d+ of 14 sections written\.$/) });
    expect(written.steps.find((s) => s.key === "review")).toMatchObject({ done: false, detail: "The draft has not been sent for review yet." });
    expect(written.steps.find((s) => s.key === "publish")).toMatchObject({ done: false, detail: "Not published yet." });
  });
});
