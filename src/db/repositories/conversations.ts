import type { Db } from "../dialect.js";

/** A conversation as an importer describes it. */
export interface ConversationInput {
  source: string;
  externalId: string;
  workspace: string | null;
  name: string;
  kind: string;
  topic: string | null;
  purpose: string | null;
  createdAt: number | null;
  creatorExternalId: string | null;
  archived: boolean;
  members: readonly string[];
}

/** Inserts or refreshes conversations by (source, external id); returns external id → id and how many were new. */
export async function upsertConversations(
  trx: Db,
  inputs: readonly ConversationInput[],
): Promise<{ ids: Map<string, number>; created: number }> {
  const ids = new Map<string, number>();
  let created = 0;
  const sources = [...new Set(inputs.map((c) => c.source))];
  const existing = new Map<string, Awaited<ReturnType<typeof storedRows>>[number]>();
  for (const row of await storedRows(trx, sources)) existing.set(`${row.source}|${row.externalId}`, row);
  for (const input of inputs) {
    const values = {
      workspace: input.workspace,
      name: input.name,
      kind: input.kind,
      topic: input.topic,
      purpose: input.purpose,
      createdAt: input.createdAt,
      creatorExternalId: input.creatorExternalId,
      archived: input.archived ? 1 : 0,
      members: input.members.length > 0 ? JSON.stringify(input.members) : null,
    };
    const stored = existing.get(`${input.source}|${input.externalId}`);
    if (stored !== undefined) {
      // Unchanged conversations are not rewritten: a repeated import writes nothing.
      const changed = (Object.keys(values) as (keyof typeof values)[]).some((key) => stored[key] !== values[key]);
      if (changed) await trx.updateTable("conversations").set(values).where("id", "=", stored.id).execute();
      ids.set(input.externalId, stored.id);
      continue;
    }
    const row = await trx
      .insertInto("conversations")
      .values({ ...values, source: input.source, externalId: input.externalId })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(input.externalId, row.id);
    created += 1;
  }
  return { ids, created };
}

async function storedRows(trx: Db, sources: string[]) {
  if (sources.length === 0) return [];
  return trx
    .selectFrom("conversations")
    .select(["id", "source", "externalId", "workspace", "name", "kind", "topic", "purpose", "createdAt", "creatorExternalId", "archived", "members"])
    .where("source", "in", sources)
    .execute();
}
