import type { Db, Dialect } from "../dialect.js";
import { indexNewMessages } from "../search/search-index.js";

/** A message ready to store, with its decoded side data. */
export interface MessageInput {
  ts: string;
  at: number;
  authorIdentityId: number | null;
  authorExternalId: string | null;
  authorName: string | null;
  subtype: string | null;
  text: string;
  rawText: string;
  threadTs: string | null;
  parentUserExternalId: string | null;
  isBroadcast: boolean;
  replyCount: number;
  editedAt: number | null;
  editedByExternalId: string | null;
  inviterExternalId: string | null;
  files: string | null;
  reactions: string | null;
  attachments: string | null;
  mentions: readonly { kind: string; target: string; label: string }[];
  references: readonly { kind: string; key: string; url: string | null }[];
}

const MESSAGE_COLUMNS = [
  "id",
  "conversation_id",
  "ts",
  "at",
  "author_identity_id",
  "author_external_id",
  "author_name",
  "subtype",
  "text",
  "raw_text",
  "thread_ts",
  "parent_user_external_id",
  "is_broadcast",
  "reply_count",
  "edited_at",
  "edited_by_external_id",
  "inviter_external_id",
  "files",
  "reactions",
  "attachments",
  "import_id",
] as const;
const MENTION_COLUMNS = ["message_id", "position", "kind", "target", "label"] as const;
const REFERENCE_COLUMNS = ["message_id", "position", "kind", "key", "url"] as const;

/** What is already stored for a conversation: ts → (id, edited time), for idempotent re-imports. */
export type StoredMessages = Map<string, { id: number; editedAt: number | null }>;

/** Loads the natural keys already stored for one conversation. */
export async function storedMessages(trx: Db, conversationId: number): Promise<StoredMessages> {
  const rows = await trx
    .selectFrom("messages")
    .select(["id", "ts", "editedAt"])
    .where("conversationId", "=", conversationId)
    .execute();
  return new Map(rows.map((row) => [row.ts, { id: row.id, editedAt: row.editedAt }]));
}

/**
 * Writes messages in bulk inside one transaction: rows are buffered, ids reserved a
 * batch at a time, and messages, mentions and references go out in multi-row inserts.
 * Call {@link flush} before the transaction commits.
 */
export class MessageBulkWriter {
  readonly #trx: Db;
  readonly #dialect: Dialect;
  readonly #importId: number;
  readonly #batchSize: number;
  #pending: { conversationId: number; message: MessageInput }[] = [];
  /** The ids of every message this writer has inserted, in order. */
  readonly writtenIds: number[] = [];

  readonly #indexEachFlush: boolean;

  /** `indexEachFlush: false` leaves indexing the new messages to the caller ({@link indexNewMessages}). */
  constructor(trx: Db, dialect: Dialect, importId: number, batchSize = 1000, indexEachFlush = true) {
    this.#indexEachFlush = indexEachFlush;
    this.#trx = trx;
    this.#dialect = dialect;
    this.#importId = importId;
    this.#batchSize = batchSize;
  }

  /** Queues a new message; writes a batch when enough are queued. */
  async add(conversationId: number, message: MessageInput): Promise<void> {
    this.#pending.push({ conversationId, message });
    if (this.#pending.length >= this.#batchSize) await this.flush();
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    const ids = await this.#dialect.reserveIds(this.#trx, "messages", batch.length);
    for (const id of ids) this.writtenIds.push(id);
    const messageRows: unknown[][] = [];
    const mentionRows: unknown[][] = [];
    const referenceRows: unknown[][] = [];
    for (let i = 0; i < batch.length; i += 1) {
      const { conversationId, message: m } = batch[i] as (typeof batch)[number];
      const id = ids[i] as number;
      messageRows.push([
        id,
        conversationId,
        m.ts,
        m.at,
        m.authorIdentityId,
        m.authorExternalId,
        m.authorName,
        m.subtype,
        m.text,
        m.rawText === m.text ? null : m.rawText,
        m.threadTs,
        m.parentUserExternalId,
        m.isBroadcast ? 1 : 0,
        m.replyCount,
        m.editedAt,
        m.editedByExternalId,
        m.inviterExternalId,
        m.files,
        m.reactions,
        m.attachments,
        this.#importId,
      ]);
      m.mentions.forEach((x, position) => mentionRows.push([id, position, x.kind, x.target, x.label]));
      m.references.forEach((x, position) => referenceRows.push([id, position, x.kind, x.key, x.url]));
    }
    await this.#dialect.bulkInsert(this.#trx, "messages", MESSAGE_COLUMNS, messageRows);
    // The batch's ids are one reserved range: indexed in one statement, in this transaction.
    if (this.#indexEachFlush) await indexNewMessages(this.#trx, this.#dialect.name, ids[0] as number, ids[ids.length - 1] as number);
    await this.#dialect.bulkInsert(this.#trx, "message_mentions", MENTION_COLUMNS, mentionRows);
    await this.#dialect.bulkInsert(this.#trx, "message_references", REFERENCE_COLUMNS, referenceRows);
  }

  /**
   * Replaces a stored message's content with a newer version (a later export after an
   * edit). Flushes first so the row is certainly written.
   */
  async replace(messageId: number, message: MessageInput): Promise<void> {
    await this.flush();
    await this.#trx
      .updateTable("messages")
      .set({
        text: message.text,
        rawText: message.rawText === message.text ? null : message.rawText,
        editedAt: message.editedAt,
        editedByExternalId: message.editedByExternalId,
        replyCount: message.replyCount,
        files: message.files,
        reactions: message.reactions,
        attachments: message.attachments,
      })
      .where("id", "=", messageId)
      .execute();
    await this.#trx.deleteFrom("messageMentions").where("messageId", "=", messageId).execute();
    await this.#trx.deleteFrom("messageReferences").where("messageId", "=", messageId).execute();
    const mentions = message.mentions.map((x, position) => [messageId, position, x.kind, x.target, x.label]);
    const references = message.references.map((x, position) => [messageId, position, x.kind, x.key, x.url]);
    await this.#dialect.bulkInsert(this.#trx, "message_mentions", MENTION_COLUMNS, mentions);
    await this.#dialect.bulkInsert(this.#trx, "message_references", REFERENCE_COLUMNS, references);
  }
}
