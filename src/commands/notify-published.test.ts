import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishTestReview, readerIn } from "../../test/learning-world.js";
import { seedWorld, type World } from "../../test/server-harness.js";
import { testStoreKinds } from "../../test/stores.js";
import type { Store } from "../db/connection.js";
import { draftReview, publishLatest, updateReview } from "./review.js";
import { addNotificationRule, createTransports, deliverDueNotifications, notifyPublished, publicationDeliveries, RETRY_DELAYS_MS, retryDelivery } from "./notify-published.js";

interface Mail {
  to: string[];
  body: string;
}

/** A local SMTP server that accepts everything and keeps what it received. */
async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** A fake Slack incoming-webhook endpoint: `/ok` accepts, `/broken` answers 500. */
async function startSlack(): Promise<{ url: string; posts: { path: string; body: { text: string } }[]; server: Server }> {
  const posts: { path: string; body: { text: string } }[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (c: Buffer) => (body += c.toString()));
    request.on("end", () => {
      posts.push({ path: request.url ?? "", body: JSON.parse(body) as { text: string } });
      if (request.url === "/ok") response.writeHead(200).end("ok");
      else response.writeHead(500).end("invalid_token");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, server };
}

for (const kind of testStoreKinds()) {
  describe(`notifications on publish on ${kind.name}`, () => {
    let store: Store;
    let world: World;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let slack: Awaited<ReturnType<typeof startSlack>>;
    beforeAll(async () => {
      store = await kind.open();
      world = await seedWorld(store);
      smtp = await startSmtp();
      slack = await startSlack();
      await readerIn(store, "ida@acme.example", "Engineering", "identity");
      await readerIn(store, "ian@acme.example", "Engineering", "identity");
      await readerIn(store, "sam@acme.example", "Sales");
      await readerIn(store, "mo@acme.example", "Marketing");
      await addNotificationRule(store, { name: "identity team", channel: "email", audienceType: "team", audience: "identity", actor: "test" });
      await addNotificationRule(store, { name: "sales", channel: "email", audienceType: "department", audience: "Sales", actor: "test" });
      await addNotificationRule(store, { name: "#learning", channel: "slack", audienceType: "everyone", webhookUrl: `${slack.url}/ok`, actor: "test" });
      await addNotificationRule(store, { name: "#broken", channel: "slack", audienceType: "everyone", webhookUrl: `${slack.url}/broken`, actor: "test" });
    });
    afterAll(async () => {
      await smtp.close();
      slack.server.close();
      await store.close();
      await kind.dispose();
    });

    it("queues one e-mail per directory recipient and one post per Slack rule, sends them, and keeps failures for retry", async () => {
      const entryId = await publishTestReview(store, world);
      expect(await notifyPublished(store, { incidentId: world.incidents.published, version: 1 }, { actor: "test" })).toEqual({ queued: 5 });
      // Publishing notices are queued once per recipient, however often it is asked.
      expect(await notifyPublished(store, { incidentId: world.incidents.published, version: 1 }, { actor: "test" })).toEqual({ queued: 0 });
      const transports = createTransports({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "Debrief <debrief@acme.example>", publicUrl: "https://debrief.acme.example/" });
      const now = Date.now();
      expect(await deliverDueNotifications(store, transports, now)).toEqual({ sent: 4, failed: 1 });
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(["ian@acme.example", "ida@acme.example", "sam@acme.example"]);
      expect(smtp.mails[0]?.body).toContain(`https://debrief.acme.example/library/${entryId}`);
      expect(smtp.mails[0]?.body).toContain("Subject: New incident review: Slow logins after the cache deploy");
      expect(slack.posts.map((p) => p.path).sort()).toEqual(["/broken", "/ok"]);
      expect(slack.posts[0]?.body.text).toContain(`/library/${entryId}`);
      const deliveries = await publicationDeliveries(store, entryId);
      const broken = deliveries.find((d) => d.status === "failed");
      expect(broken).toMatchObject({ channel: "slack", attempts: 1, nextAttemptAt: now + (RETRY_DELAYS_MS[0] as number) });
      expect(broken?.lastError).toContain("Slack answered 500: invalid_token");
      // Nothing is due before the retry time; after it, the failed one is tried again.
      expect(await deliverDueNotifications(store, transports, now + 1000)).toEqual({ sent: 0, failed: 0 });
      expect(await deliverDueNotifications(store, transports, now + (RETRY_DELAYS_MS[0] as number))).toEqual({ sent: 0, failed: 1 });
      expect((await publicationDeliveries(store, entryId)).find((d) => d.id === broken?.id)?.attempts).toBe(2);
      expect(await retryDelivery(store, broken?.id ?? 0, "test")).toBe(true);
      expect(await retryDelivery(store, deliveries.find((d) => d.status === "sent")?.id ?? 0, "test")).toBe(false);
    });

    it("records an unreachable mail server as failed deliveries instead of throwing", async () => {
      const entryId = await publishTestReview(store, world, { version: 2, title: "Slow logins, revised" });
      await notifyPublished(store, { incidentId: world.incidents.published, version: 2 }, { actor: "test" });
      const run = await deliverDueNotifications(store, createTransports({ smtpUrl: "smtp://127.0.0.1:1", timeoutMs: 2000 }));
      expect(run.failed).toBeGreaterThanOrEqual(3);
      const noSmtp = await deliverDueNotifications(store, createTransports({}), Date.now() + 3600_000);
      expect(noSmtp.failed).toBeGreaterThanOrEqual(3);
      const emails = (await publicationDeliveries(store, entryId)).filter((d) => d.channel === "email");
      expect(emails.every((d) => d.status === "failed" && d.lastError === "no SMTP server configured (DEBRIEF_SMTP_URL)")).toBe(true);
    });

    it("puts a version published through the review into the library, and queues its notices", async () => {
      const analyst = { userId: world.users.analyst.id, actor: `user:${world.users.analyst.id}` };
      const state = await draftReview(store, { incidentId: world.incidents.draft, ...analyst });
      const edited = await updateReview(store, { incidentId: world.incidents.draft, version: 1, revision: state.version.revision, sections: [{ key: state.sections[0]?.key ?? "summary", markdown: "The pool ran dry." }], ...analyst });
      expect(edited.kind).toBe("done");
      expect(await publishLatest(store, { incidentId: world.incidents.draft, ...analyst })).toBe(1);
      const entry = await store.db.selectFrom("libraryEntries").select(["id", "title", "sections"]).where("incidentId", "=", world.incidents.draft).executeTakeFirstOrThrow();
      expect(entry.title).toBe("Checkout failing");
      expect(JSON.parse(entry.sections)).toEqual([expect.objectContaining({ markdown: "The pool ran dry." })]);
      const queued = await publicationDeliveries(store, entry.id);
      expect(queued.map((d) => d.status)).toEqual(["queued", "queued", "queued", "queued", "queued"]);
    });
  });
}
