import { EventEmitter } from "node:events";
import nodemailer from "nodemailer";
import { excerpt } from "../analysis/learning.js";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findEntry, type StoredEntry } from "../db/repositories/library.js";
import {
  audienceEmails,
  claimDelivery,
  deleteRule,
  deliveriesOf,
  dueDeliveries,
  enqueueDeliveries,
  findDelivery,
  finishAttempt,
  insertRule,
  listRules,
  retryNow,
  type StoredDelivery,
  type StoredRule,
} from "../db/repositories/notifications.js";
import { InputError } from "./create-incident.js";

/** A message to one reader. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** How notifications leave Debrief: SMTP for e-mail, HTTPS POSTs to Slack incoming webhooks. */
export interface NotificationTransports {
  /** Null when no SMTP server is configured: e-mail deliveries then fail, visibly, and are retried. */
  sendMail: ((message: MailMessage) => Promise<void>) | null;
  postWebhook: (url: string, payload: unknown) => Promise<void>;
  /** The app's address, for links in messages (`https://debrief.acme.example`). */
  publicUrl: string;
}

/** Settings for {@link createTransports}. */
export interface TransportSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`. */
  smtpUrl?: string | undefined;
  from?: string | undefined;
  publicUrl?: string | undefined;
  /** Per attempt. */
  timeoutMs?: number;
}

/** Nodemailer over SMTP and `fetch` for webhooks. */
export function createTransports(settings: TransportSettings): NotificationTransports {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const mailer = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl, { from: settings.from ?? "Debrief <debrief@localhost>" }) : null;
  return {
    publicUrl: (settings.publicUrl ?? "http://127.0.0.1:3000").replace(/\/+$/, ""),
    sendMail: mailer
      ? async (message) => {
          await mailer.sendMail({ to: message.to, subject: message.subject, text: message.text });
        }
      : null,
    async postWebhook(url, payload) {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`Slack answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    },
  };
}

/** Settings from the environment: `DEBRIEF_SMTP_URL`, `DEBRIEF_MAIL_FROM`, `DEBRIEF_PUBLIC_URL`. */
export function transportsFromEnv(env: NodeJS.ProcessEnv = process.env): NotificationTransports {
  return createTransports({ smtpUrl: env.DEBRIEF_SMTP_URL, from: env.DEBRIEF_MAIL_FROM, publicUrl: env.DEBRIEF_PUBLIC_URL });
}

/** After a failure, the next attempt waits this long; after the last, the delivery stays failed until retried by hand. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000] as const;

/** A published review version: the review's key in the library. */
export interface ReviewVersionRef {
  incidentId: number;
  version: number;
}

/**
 * Queues the notifications of a publication — an e-mail to every person the e-mail
 * rules reach (by team or department, from the directory) and a post to each Slack
 * rule's webhook — and, when transports are given, starts sending them without waiting.
 * It never throws for a delivery problem: publishing must not depend on a mail server.
 */
export async function notifyPublished(store: Store, reviewVersion: ReviewVersionRef, options: { actor: string; transports?: NotificationTransports | undefined }): Promise<{ queued: number }> {
  const entry = await store.db.selectFrom("libraryEntries").select("id").where("incidentId", "=", reviewVersion.incidentId).where("version", "=", reviewVersion.version).executeTakeFirst();
  if (!entry) return { queued: 0 };
  const rules = await listRules(store.db);
  const rows: { entryId: number; ruleId: number; channel: string; target: string }[] = [];
  for (const rule of rules) {
    if (rule.channel === "slack") rows.push({ entryId: entry.id, ruleId: rule.id, channel: "slack", target: `slack:${rule.id}` });
    else for (const email of await audienceEmails(store.db, rule)) rows.push({ entryId: entry.id, ruleId: rule.id, channel: "email", target: email });
  }
  const queued = await store.db.transaction().execute(async (trx) => {
    const added = await enqueueDeliveries(trx, rows, Date.now());
    await recordAudit(trx, { actor: options.actor, action: "library.notify", subjectType: "library_entry", subjectId: entry.id, details: { queued: added, rules: rules.length } });
    return added;
  });
  if (options.transports) {
    // Fire and forget: failures are recorded on the deliveries and retried.
    void deliverDueNotifications(store, options.transports).catch(() => undefined);
  } else if (queued > 0) queueEvents.emit("queued");
  return { queued };
}

const queueEvents = new EventEmitter();

/**
 * Runs the notification queue in this process: at every interval, and at once when
 * {@link notifyPublished} queues something here. Any instance may run it: deliveries
 * are claimed one by one. Returns a function that stops it.
 */
export function startNotificationRunner(store: Store, transports: NotificationTransports, intervalMs = 30_000): () => void {
  let running = false;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = true;
    void deliverDueNotifications(store, transports)
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  queueEvents.on("queued", run);
  return () => {
    stopped = true;
    clearInterval(timer);
    queueEvents.off("queued", run);
  };
}

/** What one run of the queue did. */
export interface DeliveryRun {
  sent: number;
  failed: number;
}

/**
 * Sends every delivery that is due: claims it (so two instances never send it twice),
 * tries once, and records the result; a failure is retried later, after
 * {@link RETRY_DELAYS_MS}.
 */
export async function deliverDueNotifications(store: Store, transports: NotificationTransports, now = Date.now()): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0 };
  const entries = new Map<number, StoredEntry | undefined>();
  const rules = new Map((await listRules(store.db)).map((r) => [r.id, r]));
  for (const delivery of await dueDeliveries(store.db, now)) {
    if (!(await claimDelivery(store.db, delivery, now + 10 * 60_000))) continue;
    if (!entries.has(delivery.entryId)) entries.set(delivery.entryId, await findEntry(store.db, delivery.entryId));
    const entry = entries.get(delivery.entryId);
    const attempts = delivery.attempts + 1;
    try {
      if (!entry) throw new Error("the review is no longer in the library");
      await send(delivery, entry, transports, delivery.ruleId === null ? undefined : rules.get(delivery.ruleId)?.webhookUrl ?? undefined);
      await finishAttempt(store.db, delivery.id, { sent: true, at: Date.now() }, attempts);
      run.sent += 1;
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempts - 1];
      await finishAttempt(store.db, delivery.id, { sent: false, error: error instanceof Error ? error.message : String(error), retryAt: delay === undefined ? null : now + delay }, attempts);
      run.failed += 1;
    }
  }
  return run;
}

async function send(delivery: StoredDelivery, entry: StoredEntry, transports: NotificationTransports, webhookUrl: string | undefined): Promise<void> {
  const link = `${transports.publicUrl}/library/${entry.id}`;
  const summary = excerpt(entry.sections[0]?.markdown ?? "", 300);
  if (delivery.channel === "email") {
    if (!transports.sendMail) throw new Error("no SMTP server configured (DEBRIEF_SMTP_URL)");
    await transports.sendMail({
      to: delivery.target,
      subject: `New incident review: ${entry.title}`,
      text: `A review has been published in Debrief.\n\n${entry.title}\n\n${summary}\n\nRead it, ask questions and mark what surprised you:\n${link}\n`,
    });
    return;
  }
  if (!webhookUrl) throw new Error("the Slack rule of this delivery was removed");
  await transports.postWebhook(webhookUrl, {
    text: `New incident review: ${entry.title} ${link}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${link}|${entry.title.replace(/[<>&]/g, "")}>*\n${summary.replace(/[<>&]/g, "")}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Published ${new Date(entry.publishedAt).toISOString().slice(0, 10)} · by ${entry.authors.map((a) => a.name).join(", ") || "the analysis team"}` }] },
    ],
  });
}

/** The deliveries of one library entry. */
export async function publicationDeliveries(store: Store, entryId: number): Promise<StoredDelivery[]> {
  return deliveriesOf(store.db, entryId);
}

/** Makes a failed delivery due now and, with transports, tries it at once. False when there is no failed delivery of that id. */
export async function retryDelivery(store: Store, id: number, actor: string, transports?: NotificationTransports): Promise<boolean> {
  const delivery = await findDelivery(store.db, id);
  if (!delivery || delivery.status !== "failed") return false;
  await retryNow(store.db, id, Date.now());
  await recordAudit(store.db, { actor, action: "library.notify_retry", subjectType: "notification", subjectId: id, details: { entryId: delivery.entryId } });
  if (transports) await deliverDueNotifications(store, transports);
  else queueEvents.emit("queued");
  return true;
}

/** Every notification rule. */
export async function notificationRules(store: Store): Promise<StoredRule[]> {
  return listRules(store.db);
}

/** Adds a rule: who hears of publications, by e-mail or in a Slack channel. */
export async function addNotificationRule(
  store: Store,
  input: { name: string; channel: "email" | "slack"; audienceType: "team" | "department" | "everyone"; audience?: string | undefined; webhookUrl?: string | undefined; actor: string },
): Promise<StoredRule> {
  if (input.channel === "slack" && !input.webhookUrl) throw new InputError("webhookUrl: a Slack rule needs the channel's incoming webhook URL");
  if (input.channel === "email" && input.webhookUrl) throw new InputError("webhookUrl: only Slack rules have one");
  if (input.audienceType !== "everyone" && !input.audience) throw new InputError(`audience: name the ${input.audienceType}`);
  return store.db.transaction().execute(async (trx) => {
    const rule = { name: input.name, channel: input.channel, audienceType: input.audienceType, audience: input.audienceType === "everyone" ? null : (input.audience ?? null), webhookUrl: input.webhookUrl ?? null };
    const id = await insertRule(trx, rule, Date.now());
    await recordAudit(trx, { actor: input.actor, action: "notification.rule_create", subjectType: "notification_rule", subjectId: id, details: { name: rule.name, channel: rule.channel, audienceType: rule.audienceType, audience: rule.audience } });
    return { id, ...rule };
  });
}

/** Removes a rule. */
export async function removeNotificationRule(store: Store, id: number, actor: string): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const removed = await deleteRule(trx, id);
    if (removed) await recordAudit(trx, { actor, action: "notification.rule_delete", subjectType: "notification_rule", subjectId: id });
    return removed;
  });
}
