import type { Db } from "../dialect.js";

/** A notification rule as stored (the webhook URL included: server side only). */
export interface StoredRule {
  id: number;
  name: string;
  channel: "email" | "slack";
  audienceType: "team" | "department" | "everyone";
  audience: string | null;
  webhookUrl: string | null;
}

/** Every rule, oldest first. */
export async function listRules(db: Db): Promise<StoredRule[]> {
  const rows = await db.selectFrom("notificationRules").select(["id", "name", "channel", "audienceType", "audience", "webhookUrl"]).orderBy("id").execute();
  return rows.map((r) => ({ ...r, channel: r.channel as StoredRule["channel"], audienceType: r.audienceType as StoredRule["audienceType"] }));
}

/** Adds a rule. */
export async function insertRule(trx: Db, rule: Omit<StoredRule, "id">, now: number): Promise<number> {
  return (await trx.insertInto("notificationRules").values({ ...rule, createdAt: now }).returning("id").executeTakeFirstOrThrow()).id;
}

/** Removes a rule; true when there was one. */
export async function deleteRule(trx: Db, id: number): Promise<boolean> {
  return Number((await trx.deleteFrom("notificationRules").where("id", "=", id).executeTakeFirst()).numDeletedRows) > 0;
}

/** E-mail addresses of the people a rule reaches, from the directory (current team members, a department, or everyone). */
export async function audienceEmails(db: Db, rule: StoredRule): Promise<string[]> {
  let query = db.selectFrom("people as p").select("p.email").distinct().where("p.email", "is not", null).where("p.endDate", "is", null);
  if (rule.audienceType === "department") query = query.where("p.department", "=", rule.audience ?? "");
  if (rule.audienceType === "team") {
    const team = rule.audience ?? "";
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom("teamMemberships as m").innerJoin("teams as t", "t.id", "m.teamId").select("m.personId").whereRef("m.personId", "=", "p.id").where("m.toAt", "is", null).where((x) => x.or([x("t.name", "=", team), x("t.displayName", "=", team)])),
      ),
    );
  }
  const rows = await query.orderBy("p.email").execute();
  return rows.map((r) => (r.email as string).toLowerCase());
}

/** A delivery as stored. */
export interface StoredDelivery {
  id: number;
  entryId: number;
  ruleId: number | null;
  channel: "email" | "slack";
  target: string;
  status: "queued" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  sentAt: number | null;
}

const DELIVERY_COLUMNS = ["id", "entryId", "ruleId", "channel", "target", "status", "attempts", "lastError", "nextAttemptAt", "sentAt"] as const;

function decodeDelivery(row: { id: number; entryId: number; ruleId: number | null; channel: string; target: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: number | null; sentAt: number | null }): StoredDelivery {
  return {
    ...row,
    channel: row.channel as StoredDelivery["channel"],
    status: row.status as StoredDelivery["status"],
    nextAttemptAt: row.nextAttemptAt === null ? null : Number(row.nextAttemptAt),
    sentAt: row.sentAt === null ? null : Number(row.sentAt),
  };
}

/** Queues deliveries; one already queued for the same entry, channel and target is left as it is. */
export async function enqueueDeliveries(trx: Db, rows: readonly { entryId: number; ruleId: number; channel: string; target: string }[], now: number): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const result = await trx
      .insertInto("notificationDeliveries")
      .values({ ...row, status: "queued", attempts: 0, lastError: null, nextAttemptAt: now, createdAt: now, sentAt: null })
      .onConflict((oc) => oc.columns(["entryId", "channel", "target"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Deliveries due now (queued or failed with a retry time passed), oldest first. */
export async function dueDeliveries(db: Db, now: number, limit = 100): Promise<StoredDelivery[]> {
  const rows = await db.selectFrom("notificationDeliveries").select(DELIVERY_COLUMNS).where("status", "in", ["queued", "failed"]).where("nextAttemptAt", "is not", null).where("nextAttemptAt", "<=", now).orderBy("nextAttemptAt").orderBy("id").limit(limit).execute();
  return rows.map(decodeDelivery);
}

/**
 * Claims a due delivery for one attempt: moves its retry time forward so that another
 * instance looking at the same queue does not send it too. False when someone else did.
 */
export async function claimDelivery(db: Db, delivery: StoredDelivery, until: number): Promise<boolean> {
  const result = await db
    .updateTable("notificationDeliveries")
    .set({ nextAttemptAt: until })
    .where("id", "=", delivery.id)
    .where("attempts", "=", delivery.attempts)
    .where("nextAttemptAt", "=", delivery.nextAttemptAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records an attempt's outcome. */
export async function finishAttempt(db: Db, id: number, outcome: { sent: true; at: number } | { sent: false; error: string; retryAt: number | null }, attempts: number): Promise<void> {
  await db
    .updateTable("notificationDeliveries")
    .set(outcome.sent ? { status: "sent", attempts, sentAt: outcome.at, lastError: null, nextAttemptAt: null } : { status: "failed", attempts, lastError: outcome.error.slice(0, 500), nextAttemptAt: outcome.retryAt })
    .where("id", "=", id)
    .execute();
}

/** Deliveries of an entry. */
export async function deliveriesOf(db: Db, entryId: number): Promise<StoredDelivery[]> {
  return (await db.selectFrom("notificationDeliveries").select(DELIVERY_COLUMNS).where("entryId", "=", entryId).orderBy("id").execute()).map(decodeDelivery);
}

/** One delivery. */
export async function findDelivery(db: Db, id: number): Promise<StoredDelivery | undefined> {
  const row = await db.selectFrom("notificationDeliveries").select(DELIVERY_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row ? decodeDelivery(row) : undefined;
}

/** Makes a failed delivery due now again (an explicit retry). */
export async function retryNow(db: Db, id: number, now: number): Promise<boolean> {
  const result = await db.updateTable("notificationDeliveries").set({ nextAttemptAt: now }).where("id", "=", id).where("status", "=", "failed").executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
