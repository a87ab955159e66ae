import type { Kysely } from "kysely";
import type { Db } from "../dialect.js";
import type { Database } from "../schema.js";

/** Tables whose rows an import creates before its last batch, and may have to remove. */
export type JournaledTable = "messages" | "identities" | "conversations";

/** Records that a committed batch of `importId` created the rows `firstId`…`lastId` of `table`. */
export async function journalCreated(trx: Db, importId: number, table: JournaledTable, ids: readonly number[]): Promise<void> {
  // Runs of consecutive ids become one entry: a batch of messages is one row.
  const sorted = [...ids].sort((a, b) => a - b);
  const rows: { importId: number; tableName: string; firstId: number; lastId: number; oldValues: null }[] = [];
  for (const id of sorted) {
    const last = rows[rows.length - 1];
    if (last && id === last.lastId + 1) last.lastId = id;
    else rows.push({ importId, tableName: table, firstId: id, lastId: id, oldValues: null });
  }
  for (let at = 0; at < rows.length; at += 500) await trx.insertInto("importJournal").values(rows.slice(at, at + 500)).execute();
}

interface ReplacedMessage {
  message: {
    text: string;
    rawText: string | null;
    editedAt: number | null;
    editedByExternalId: string | null;
    replyCount: number;
    files: string | null;
    reactions: string | null;
    attachments: string | null;
  };
  mentions: { position: number; kind: string; target: string; label: string }[];
  references: { position: number; kind: string; key: string; url: string | null }[];
}

/** Keeps a stored message's current content before `importId` replaces it, to put it back on undo. */
export async function journalReplaced(trx: Db, importId: number, messageId: number): Promise<void> {
  const message = await trx
    .selectFrom("messages")
    .select(["text", "rawText", "editedAt", "editedByExternalId", "replyCount", "files", "reactions", "attachments"])
    .where("id", "=", messageId)
    .executeTakeFirstOrThrow();
  const mentions = await trx.selectFrom("messageMentions").select(["position", "kind", "target", "label"]).where("messageId", "=", messageId).execute();
  const references = await trx.selectFrom("messageReferences").select(["position", "kind", "key", "url"]).where("messageId", "=", messageId).execute();
  const old: ReplacedMessage = { message, mentions, references };
  await trx.insertInto("importJournal").values({ importId, tableName: "messages_replaced", firstId: messageId, lastId: messageId, oldValues: JSON.stringify(old) }).execute();
}

/** Drops an import's journal once its last batch has committed: nothing is left to undo. */
export async function clearJournal(trx: Db, importId: number): Promise<void> {
  await trx.deleteFrom("importJournal").where("importId", "=", importId).execute();
}

/** How many rows one undo step removes or restores, so each step is a short transaction. */
const UNDO_STEP = 5_000;

/**
 * Undoes everything a batched import committed, from its journal, in short
 * transactions: replaced messages get their content back, added messages go (their
 * mentions and references with them), created conversations and identities go, and
 * finally the import's own row. Every step removes the journal rows it has done, so an
 * undo that is itself interrupted resumes where it stopped. `beforeStep` runs before
 * each transaction (to let other writers go first).
 */
export async function undoImport(db: Kysely<Database>, importId: number, beforeStep: () => void = () => {}): Promise<void> {
  for (;;) {
    const replaced = await db
      .selectFrom("importJournal")
      .select(["id", "firstId", "oldValues"])
      .where("importId", "=", importId)
      .where("tableName", "=", "messages_replaced")
      .orderBy("id", "desc")
      .limit(200)
      .execute();
    if (replaced.length === 0) break;
    beforeStep();
    await db.transaction().execute(async (trx) => {
      for (const entry of replaced) {
        const old = JSON.parse(entry.oldValues ?? "null") as ReplacedMessage | null;
        if (old) {
          await trx.updateTable("messages").set(old.message).where("id", "=", entry.firstId).execute();
          await trx.deleteFrom("messageMentions").where("messageId", "=", entry.firstId).execute();
          await trx.deleteFrom("messageReferences").where("messageId", "=", entry.firstId).execute();
          if (old.mentions.length > 0) await trx.insertInto("messageMentions").values(old.mentions.map((m) => ({ ...m, messageId: entry.firstId }))).execute();
          if (old.references.length > 0) await trx.insertInto("messageReferences").values(old.references.map((r) => ({ ...r, messageId: entry.firstId }))).execute();
        }
        await trx.deleteFrom("importJournal").where("id", "=", entry.id).execute();
      }
    });
  }
  // Messages before the conversations and identities they point at.
  for (const table of ["messages", "conversations", "identities"] as const) {
    const entries = await db
      .selectFrom("importJournal")
      .select(["id", "firstId", "lastId"])
      .where("importId", "=", importId)
      .where("tableName", "=", table)
      .orderBy("id", "desc")
      .execute();
    for (const entry of entries) {
      for (let high = entry.lastId; high >= entry.firstId; high -= UNDO_STEP) {
        const low = Math.max(entry.firstId, high - UNDO_STEP + 1);
        beforeStep();
        await db.transaction().execute(async (trx) => {
          let remove = trx.deleteFrom(table).where("id", ">=", low).where("id", "<=", high);
          if (table === "messages") remove = remove.where("importId", "=", importId);
          await remove.execute();
          // Shrink the entry with the rows it covers, so an interrupted undo resumes here.
          if (low === entry.firstId) await trx.deleteFrom("importJournal").where("id", "=", entry.id).execute();
          else await trx.updateTable("importJournal").set({ lastId: low - 1 }).where("id", "=", entry.id).execute();
        });
      }
    }
  }
  beforeStep();
  await db.transaction().execute(async (trx) => {
    await clearJournal(trx, importId);
    await trx.deleteFrom("imports").where("id", "=", importId).execute();
  });
}
