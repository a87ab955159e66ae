import { sql } from "kysely";
import type { Db } from "../dialect.js";
import type { Incident } from "../schema.js";

/** Slack channels that no incident claims yet, with what describes them. */
export async function unclaimedChannels(trx: Db): Promise<{ id: number; name: string; topic: string | null; purpose: string | null; createdAt: number | null }[]> {
  return trx
    .selectFrom("conversations as c")
    .select(["c.id", "c.name", "c.topic", "c.purpose", "c.createdAt"])
    .where("c.source", "=", "slack")
    .where("c.kind", "in", ["channel", "private_channel"])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("incidentSources as s").select("s.id").whereRef("s.conversationId", "=", "c.id").where("s.kind", "=", "slack_channel"))),
    )
    .orderBy("c.id")
    .execute();
}

/** Creates one incident with its channel sources; returns its id. */
export async function insertIncident(
  trx: Db,
  input: {
    title: string;
    origin: "channel" | "manual";
    startedAt: number | null;
    severity?: string | null;
    sources: { conversationId: number; fromAt: number | null; toAt: number | null }[];
    now: number;
  },
): Promise<number> {
  const row = await trx
    .insertInto("incidents")
    .values({
      title: input.title,
      severity: input.severity ?? null,
      status: "new",
      origin: input.origin,
      startedAt: input.startedAt,
      detectedAt: null,
      resolvedAt: null,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const source of input.sources) {
    await trx
      .insertInto("incidentSources")
      .values({ incidentId: row.id, kind: "slack_channel", conversationId: source.conversationId, externalId: null, fromAt: source.fromAt, toAt: source.toAt })
      .execute();
  }
  return row.id;
}

/** Earliest message time in a channel within an optional window. */
export async function firstMessageAt(trx: Db, conversationId: number, fromAt: number | null, toAt: number | null): Promise<number | null> {
  let query = trx.selectFrom("messages").select((eb) => eb.fn.min("at").as("first")).where("conversationId", "=", conversationId);
  if (fromAt !== null) query = query.where("at", ">=", fromAt);
  if (toAt !== null) query = query.where("at", "<=", toAt);
  const row = await query.executeTakeFirst();
  return row?.first ?? null;
}

/**
 * Messages joined to the incident channel sources whose time window they fall in:
 * the one definition of "this incident's messages" that every query builds on.
 * Aliases: `s` for the source, `m` for the message.
 */
export function incidentChannelMessages(db: Db) {
  return db
    .selectFrom("incidentSources as s")
    .innerJoin("messages as m", (join) =>
      join
        .onRef("m.conversationId", "=", "s.conversationId")
        .on((eb) => eb.or([eb("s.fromAt", "is", null), eb("m.at", ">=", eb.ref("s.fromAt"))]))
        .on((eb) => eb.or([eb("s.toAt", "is", null), eb("m.at", "<=", eb.ref("s.toAt"))])),
    )
    .where("s.kind", "=", "slack_channel");
}

/** One incident, or undefined. */
export async function findIncident(db: Db, id: number): Promise<Incident | undefined> {
  return db.selectFrom("incidents").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Finds Slack channels by name. */
export async function findChannelsByName(db: Db, name: string): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom("conversations")
    .select(["id", "name"])
    .where("source", "=", "slack")
    .where(sql<boolean>`lower(name) = lower(${name.replace(/^#/, "")})`)
    .execute();
}

/**
 * Makes a Slack channel a source of an incident, with its time window: added when it is
 * not one yet, its window replaced when it is. Returns whether it was new.
 */
export async function putIncidentChannelSource(trx: Db, input: { incidentId: number; conversationId: number; fromAt: number | null; toAt: number | null }): Promise<boolean> {
  const existing = await trx
    .selectFrom("incidentSources")
    .select("id")
    .where("incidentId", "=", input.incidentId)
    .where("kind", "=", "slack_channel")
    .where("conversationId", "=", input.conversationId)
    .executeTakeFirst();
  if (existing) {
    await trx.updateTable("incidentSources").set({ fromAt: input.fromAt, toAt: input.toAt }).where("id", "=", existing.id).execute();
    return false;
  }
  await trx
    .insertInto("incidentSources")
    .values({ incidentId: input.incidentId, kind: "slack_channel", conversationId: input.conversationId, externalId: null, fromAt: input.fromAt, toAt: input.toAt })
    .execute();
  return true;
}

/** One source of an incident, or undefined. */
export async function findIncidentSource(db: Db, incidentId: number, sourceId: number) {
  return db
    .selectFrom("incidentSources as s")
    .leftJoin("conversations as c", "c.id", "s.conversationId")
    .select(["s.id", "s.kind", "s.externalId", "s.conversationId", "c.name as channel"])
    .where("s.incidentId", "=", incidentId)
    .where("s.id", "=", sourceId)
    .executeTakeFirst();
}

/** Removes one source of an incident. */
export async function deleteIncidentSource(db: Db, sourceId: number): Promise<void> {
  await db.deleteFrom("incidentSources").where("id", "=", sourceId).execute();
}

/**
 * Every imported Slack channel (not direct messages) with its message count,
 * and the incidents that already use it; by name.
 */
export async function listSlackChannels(db: Db) {
  const channels = await db
    .selectFrom("conversations as c")
    .leftJoin("messages as m", "m.conversationId", "c.id")
    // Counting ids only keeps this on the (conversation, ts) index: no message row is read.
    .select(["c.id", "c.name", "c.kind", (eb) => eb.fn.count<number>("m.id").as("messages")])
    .where("c.source", "=", "slack")
    .where("c.kind", "in", ["channel", "private_channel"])
    .groupBy(["c.id", "c.name", "c.kind"])
    .orderBy("c.name")
    .execute();
  const uses = await db
    .selectFrom("incidentSources as s")
    .innerJoin("incidents as i", "i.id", "s.incidentId")
    .select(["s.conversationId", "i.id", "i.title"])
    .where("s.kind", "=", "slack_channel")
    .orderBy("i.id")
    .execute();
  return channels.map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    messages: Number(c.messages),
    incidents: uses.filter((u) => u.conversationId === c.id).map((u) => ({ id: u.id, title: u.title })),
  }));
}

/** The catalog's services, by name. */
export async function listServices(db: Db): Promise<{ id: number; name: string; kind: string }[]> {
  return db.selectFrom("services").select(["id", "name", "kind"]).orderBy("name").orderBy("id").execute();
}

/** How a service is recorded as involved in an incident, or undefined. */
export async function findIncidentService(db: Db, incidentId: number, serviceId: number): Promise<{ origin: string } | undefined> {
  return db.selectFrom("incidentServices").select("origin").where("incidentId", "=", incidentId).where("serviceId", "=", serviceId).executeTakeFirst();
}
