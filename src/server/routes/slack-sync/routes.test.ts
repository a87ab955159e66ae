import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSlackChannel, buildSlackUser } from "../../../../test/factories/slack-export.js";
import { type FakeSlack, type SlackJson, startFakeSlack } from "../../../../test/fake-slack-server.js";
import { testStoreKinds } from "../../../../test/stores.js";
import { buildTestApp, type ServerFixture, signIn, startFixture } from "../../../../test/server-harness.js";
import { startImportRunner } from "../../../commands/import-jobs.js";
import { describeTables, readTableRows } from "../../../db/store-dump.js";

const TOKEN = "xoxb-route-test-51c0ffee";
const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z
const msg = (seconds: number, user: string, text: string, extra: SlackJson = {}): SlackJson => ({ type: "message", user, text, ts: `${T0 + seconds}.000100`, ...extra });

interface JobBody {
  id: number;
  kind: string;
  status: string;
  originalName: string;
  summary: Record<string, unknown> | null;
  error: string | null;
}

for (const kind of testStoreKinds()) {
  describe(`slack channel sync routes on ${kind.name}`, () => {
    let f: ServerFixture;
    let fake: FakeSlack;
    beforeAll(async () => {
      fake = await startFakeSlack({
        token: TOKEN,
        users: [buildSlackUser("U1", "alice"), buildSlackUser("U2", "bob")],
        channels: [{ ...buildSlackChannel("C9", "payments-war-room"), created: T0 }],
        messages: {
          C9: [
            msg(60, "U1", "card payments are timing out", { thread_ts: `${T0 + 60}.000100`, reply_count: 1 }),
            msg(120, "U2", "the gateway's certificate expired", { thread_ts: `${T0 + 60}.000100`, parent_user_id: "U1" }),
            msg(3600, "U1", "renewed, payments flowing"),
            msg(90 * 86_400, "U2", "weeks later: unrelated chatter"),
          ],
        },
      });
      f = await startFixture(kind, { slackSync: true });
    });
    afterAll(async () => {
      await f.close();
      await fake.close();
    });

    const waitFor = async (id: number): Promise<JobBody> => {
      let job: JobBody | undefined;
      for (let i = 0; i < 400; i += 1) {
        job = ((await f.callers.analyst.get(`/api/imports/${id}`)).json() as { job: JobBody }).job;
        if (job.status === "succeeded" || job.status === "failed") return job;
        await sleep(50);
      }
      throw new Error(`job ${id} did not finish: ${JSON.stringify(job)}`);
    };

    it("says Slack sync is available to analysts", async () => {
      expect((await f.callers.analyst.get("/api/slack-sync")).json()).toEqual({ available: true });
      expect((await f.callers.member.get("/api/slack-sync")).statusCode).toBe(403);
    });

    it("fetches the channel in a background job and makes it a source of the incident, within the window", async () => {
      const incident = f.world.incidents.draft;
      const from = new Date(T0 * 1000).toISOString();
      const to = new Date((T0 + 7200) * 1000).toISOString();
      const response = await f.callers.analyst.post(`/api/incidents/${incident}/slack-channels`, { channel: "#payments-war-room", from, to });
      expect(response.statusCode, response.body).toBe(202);
      const queued = (response.json() as { job: JobBody }).job;
      expect(queued).toMatchObject({ kind: "slack-sync", status: "queued", originalName: "#payments-war-room" });

      const runner = startImportRunner(f.store, { pollMs: 20, slack: { token: TOKEN, apiUrl: fake.url } });
      let job: JobBody;
      try {
        job = await waitFor(queued.id);
      } finally {
        await runner.stop();
      }
      expect(job.status, job.error ?? "").toBe("succeeded");
      expect(job.summary).toMatchObject({ incidentId: incident, channel: "payments-war-room", channelId: "C9", fetched: 3, sourceAdded: true });
      expect(fake.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

      const conversation = await f.store.db.selectFrom("conversations").select("id").where("externalId", "=", "C9").executeTakeFirstOrThrow();
      const texts = (await f.store.db.selectFrom("messages").select("text").where("conversationId", "=", conversation.id).orderBy("at").execute()).map((r) => r.text);
      expect(texts).toEqual(["card payments are timing out", "the gateway's certificate expired", "renewed, payments flowing"]);
      const source = await f.store.db.selectFrom("incidentSources").selectAll().where("incidentId", "=", incident).where("conversationId", "=", conversation.id).executeTakeFirstOrThrow();
      expect(source).toMatchObject({ kind: "slack_channel", fromAt: T0 * 1000, toAt: (T0 + 7200) * 1000 });
      // No incident of its own for the channel: it joined the one it was added to.
      expect(await f.store.db.selectFrom("incidentSources").select("incidentId").where("conversationId", "=", conversation.id).execute()).toHaveLength(1);

      const timeline = (await f.callers.analyst.get(`/api/incidents/${incident}/timeline?limit=200`)).json() as { events: { text?: string | null }[] };
      expect(JSON.stringify(timeline)).toContain("renewed, payments flowing");

      const audit = await f.store.db.selectFrom("auditEvents").select("action").where("subjectType", "=", "incident").where("subjectId", "=", String(incident)).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["incident.slack_channel.queue", "incident.slack_channel.add"]));

      // The token is used for requests only: nowhere in the store, the job row included.
      let all = "";
      for (const table of await describeTables(f.store)) for await (const page of readTableRows(f.store.db, table)) all += JSON.stringify(page);
      expect(all).toContain("payments-war-room");
      expect(all).not.toContain(TOKEN);
    });

    it("fails the job with Slack's reason when the channel is unknown, and refuses bad windows and unknown incidents", async () => {
      const response = await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/slack-channels`, { channel: "no-such-channel" });
      const runner = startImportRunner(f.store, { pollMs: 20, slack: { token: TOKEN, apiUrl: fake.url } });
      let job: JobBody;
      try {
        job = await waitFor((response.json() as { job: JobBody }).job.id);
      } finally {
        await runner.stop();
      }
      expect(job.status).toBe("failed");
      expect(job.error).toContain("no channel #no-such-channel");
      const backwards = await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/slack-channels`, { channel: "x", from: "2024-02-02", to: "2024-02-01" });
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json()).toMatchObject({ error: "to must be after from" });
      expect((await f.callers.analyst.post("/api/incidents/999999/slack-channels", { channel: "x" })).statusCode).toBe(404);
      expect((await f.callers.analyst.post(`/api/incidents/${f.world.incidents.draft}/slack-channels`, { channel: "a b" })).statusCode).toBe(400);
      expect((await f.callers.member.post(`/api/incidents/${f.world.incidents.draft}/slack-channels`, { channel: "x" })).statusCode).toBe(403);
    });

    it("answers 409 naming SLACK_BOT_TOKEN when the server has no token", async () => {
      const bare = await buildTestApp(f.store, { slackSync: false });
      try {
        const analyst = await signIn(bare, "analyst@acme.example");
        expect((await analyst.get("/api/slack-sync")).json()).toEqual({ available: false });
        const before = await f.store.db.selectFrom("importJobs").select("id").execute();
        const response = await analyst.post(`/api/incidents/${f.world.incidents.draft}/slack-channels`, { channel: "payments-war-room" });
        expect(response.statusCode).toBe(409);
        expect((response.json() as { error: string }).error).toContain("SLACK_BOT_TOKEN");
        expect(await f.store.db.selectFrom("importJobs").select("id").execute()).toHaveLength(before.length);
      } finally {
        await bare.close();
      }
    });
  });
}
