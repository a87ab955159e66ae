import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { upsertConversations } from "../db/repositories/conversations.js";
import { createIncidentsFromChannels } from "./incidents-from-channels.js";
import { linkPagerdutyIncidents } from "./link-pagerduty.js";
import { MessageBulkWriter, type MessageInput, storedMessages, type StoredMessages } from "../db/repositories/messages.js";
import { type SlackAccount, upsertSlackAccounts } from "../db/repositories/people.js";
import { upsertIdentity } from "../db/repositories/identities.js";
import type { Db } from "../db/dialect.js";
import { runImportUnit } from "./import-unit.js";
import { openExportSource } from "../importers/export-source.js";
import { readSlackExport, type SlackMessageRecord } from "../importers/slack/slack-export-reader.js";
import type { ZipLimits } from "../importers/zip/zip-reader.js";
import { indexNewMessages } from "../db/search/search-index.js";

/** The pattern that makes a channel an incident on import, unless configured otherwise. */
export const defaultIncidentChannelPattern = /^(inc|incident)[-_]/;

/** Options for {@link importSlackExport}. */
export interface SlackImportOptions {
  /** A workspace export: the `.zip` Slack produces, or that archive unpacked into a folder. */
  path: string;
  /** Who runs the import, for the audit trail. */
  actor: string;
  /** What the import record names as its source (default: `path`), e.g. the channel a sync fetched. */
  sourceName?: string;
  /** Channels whose name matches become incidents. */
  incidentChannelPattern?: RegExp;
  limits?: Partial<ZipLimits>;
  /**
   * Parse day files in a worker thread while this thread stores them. Defaults to on
   * for exports with many day files, where it pays for the worker's start-up.
   */
  parseInWorker?: boolean;
  /** Called after each day file with the files done, the total and the messages read so far. */
  onProgress?: (progress: { done: number; total: number; messages: number }) => void;
  /** Who runs it, recorded on a batched import (see {@link runImportUnit}); defaults to this process. */
  owner?: string | undefined;
  /** New messages per committed batch on SQLite (tests use small ones). */
  batchMessages?: number;
}

/** What an import did; `messages` counts every message object read. */
export interface SlackImportSummary {
  users: number;
  conversations: number;
  messages: number;
  added: number;
  skipped: number;
  /** Messages already stored whose edit is newer in this export. */
  updated: number;
  /** Incidents created from incident channels. */
  incidents: number;
  /** Their ids, so what was created can be shown with links. */
  incidentIds: number[];
  /** The channels (not direct messages) the export holds, by name. */
  channels: string[];
  importId: number;
}

/** New messages committed per batch on SQLite: about ten milliseconds of writing on an idle machine. */
const BATCH_MESSAGES = 1_000;
/** Batches whose new messages are indexed together (and the rest by the final transaction). */
const INDEX_EVERY_BATCHES = 10;

/**
 * Imports a Slack workspace export as one unit: accounts, conversations, messages with
 * their decoded mentions and references, then incidents for incident channels.
 * Idempotent by (conversation, ts): a second run adds nothing, a later export adds only
 * what is new (and refreshes messages edited since). Any failure undoes everything. On
 * SQLite the messages are committed in short batches so the server keeps writing
 * meanwhile (see {@link runImportUnit}); the import is final when its last transaction
 * — accounts, conversation details, incidents, audit — commits.
 */
export async function importSlackExport(store: Store, options: SlackImportOptions): Promise<SlackImportSummary> {
  const source = openExportSource(options.path, options.limits);
  try {
    const slack = readSlackExport(source);
    const now = Date.now();
    const conversationInputs = slack.conversations.map((c) => ({
      source: "slack",
      externalId: c.externalId,
      workspace: slack.users[0]?.workspace ?? null,
      name: c.name,
      kind: c.kind,
      topic: c.topic,
      purpose: c.purpose,
      createdAt: c.createdAt,
      creatorExternalId: c.creator,
      archived: c.archived,
      members: c.members,
    }));
    const summary: SlackImportSummary = {
      users: slack.users.length,
      conversations: slack.conversations.length,
      messages: 0,
      added: 0,
      skipped: 0,
      updated: 0,
      incidents: 0,
      incidentIds: [],
      channels: slack.conversations.filter((c) => c.kind === "channel" || c.kind === "private_channel").map((c) => c.name),
      importId: 0,
    };
    // New messages are indexed every few batches and by the final transaction: one
    // statement for many batches is cheaper than one per batch (docs/search.md).
    let unindexed: { from: number; to: number; batches: number } | null = null;
    let importId = 0;
    const indexUnindexed = async (trx: Db): Promise<void> => {
      if (unindexed) await indexNewMessages(trx, store.dialect.name, unindexed.from, unindexed.to, importId);
      unindexed = null;
    };
    return await runImportUnit(
      store,
      { kind: "slack", sourceName: options.sourceName ?? options.path, owner: options.owner },
      async (unit) => {
        summary.importId = unit.importId;
        importId = unit.importId;
        // Messages point at accounts and conversations: the missing ones are created
        // first; their details are brought up to date when the import is made final.
        const { identityIds, conversationIds } = await unit.write(async (trx) => {
          const accounts = await createMissingSlackIdentities(trx, slack.users, now);
          const created = await upsertConversations(trx, conversationInputs.filter((c) => !accounts.conversationsKnown.has(c.externalId)));
          await unit.created(trx, "identities", accounts.created);
          await unit.created(trx, "conversations", [...created.ids.values()]);
          const conversationIds = new Map([...accounts.conversationsKnown, ...created.ids]);
          return { identityIds: accounts.identityIds, conversationIds };
        });
        let adds: { conversationId: number; message: MessageInput }[] = [];
        let replaces: { id: number; message: MessageInput }[] = [];
        const commit = async (): Promise<void> => {
          if (adds.length === 0 && replaces.length === 0) return;
          const batch = { adds, replaces };
          adds = [];
          replaces = [];
          await unit.write(async (trx) => {
            const writer = new MessageBulkWriter(trx, store.dialect, unit.importId, 1000, false);
            for (const add of batch.adds) await writer.add(add.conversationId, add.message);
            await writer.flush();
            await unit.created(trx, "messages", writer.writtenIds);
            const first = writer.writtenIds[0];
            const last = writer.writtenIds[writer.writtenIds.length - 1];
            if (first !== undefined && last !== undefined) {
              unindexed = { from: unindexed?.from ?? first, to: last, batches: (unindexed?.batches ?? 0) + 1 };
              if (unindexed.batches >= INDEX_EVERY_BATCHES) await indexUnindexed(trx);
            }
            for (const replace of batch.replaces) {
              await unit.replacing(trx, replace.id);
              await writer.replace(replace.id, replace.message);
            }
          });
        };
        let currentConversation = -1;
        let stored: StoredMessages = new Map();
        let done = 0;
        const worker = options.parseInWorker ?? slack.dayFiles.length >= 256;
        for await (const batch of slack.days({ worker })) {
          const conversationId = conversationIds.get(batch.conversation.externalId);
          if (conversationId === undefined) throw new Error(`conversation ${batch.conversation.externalId} was not stored`);
          if (conversationId !== currentConversation) {
            currentConversation = conversationId;
            // Read outside any write transaction when batched: a re-import that finds
            // everything stored never takes the write lock for its reading.
            stored = await storedMessages(unit.read, conversationId);
          }
          for (const record of batch.messages) {
            summary.messages += 1;
            const existing = stored.get(record.ts);
            if (existing === undefined) {
              // The id is a placeholder: it only marks the ts as taken for later duplicates.
              stored.set(record.ts, { id: -1, editedAt: record.editedAt });
              adds.push({ conversationId, message: toMessageInput(record, identityIds) });
              summary.added += 1;
            } else if (existing.id > 0 && record.editedAt !== null && record.editedAt !== existing.editedAt) {
              replaces.push({ id: existing.id, message: toMessageInput(record, identityIds) });
              existing.editedAt = record.editedAt;
              summary.updated += 1;
            } else {
              summary.skipped += 1;
            }
          }
          if (adds.length + replaces.length >= (options.batchMessages ?? BATCH_MESSAGES)) await commit();
          done += 1;
          options.onProgress?.({ done, total: slack.dayFiles.length, messages: summary.messages });
        }
        await commit();
      },
      async (trx, unit) => {
        await upsertSlackAccounts(trx, slack.users, now);
        await upsertConversations(trx, conversationInputs);
        await indexUnindexed(trx);
        summary.incidentIds = await createIncidentsFromChannels(trx, options.incidentChannelPattern ?? defaultIncidentChannelPattern, now);
        summary.incidents = summary.incidentIds.length;
        // PagerDuty data imported earlier may be mentioned in the channels just imported.
        await linkPagerdutyIncidents(trx, now);
        // The stored summary and the audit trail keep the figures; the lists are for the caller.
        const { importId: _importId, incidentIds: _ids, channels: _channels, ...counts } = summary;
        await trx
          .updateTable("imports")
          .set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify(counts) })
          .where("id", "=", unit.importId)
          .execute();
        await recordAudit(trx, { actor: options.actor, action: "import.slack", subjectType: "import", subjectId: unit.importId, details: { path: options.path, ...counts } }, now);
        return summary;
      },
    );
  } finally {
    source.close();
  }
}

/**
 * Creates the identities of accounts not stored yet (without their person: that is
 * settled when the import is made final) and returns every Slack account's identity id,
 * the ids created, and the conversations already stored.
 */
async function createMissingSlackIdentities(
  trx: Db,
  accounts: readonly SlackAccount[],
  now: number,
): Promise<{ identityIds: Map<string, number>; created: number[]; conversationsKnown: Map<string, number> }> {
  const identityIds = new Map<string, number>();
  // Accounts from earlier imports stay resolvable when a later export omits them.
  const known = await trx.selectFrom("identities").select(["id", "externalId"]).where("source", "=", "slack").execute();
  for (const row of known) identityIds.set(row.externalId, row.id);
  const created: number[] = [];
  for (const account of accounts) {
    if (identityIds.has(account.externalId)) continue;
    const identity = await upsertIdentity(
      trx,
      {
        source: "slack",
        externalId: account.externalId,
        workspace: account.workspace,
        handle: account.handle,
        displayName: account.name,
        email: account.email,
        timezone: account.timezone,
        title: account.title,
        isBot: account.isBot,
        deleted: account.deleted,
      },
      now,
    );
    identityIds.set(account.externalId, identity.id);
    if (identity.created) created.push(identity.id);
  }
  const conversations = await trx.selectFrom("conversations").select(["id", "externalId"]).where("source", "=", "slack").execute();
  return { identityIds, created, conversationsKnown: new Map(conversations.map((c) => [c.externalId, c.id])) };
}

function toMessageInput(record: SlackMessageRecord, identityIds: Map<string, number>): MessageInput {
  return {
    ts: record.ts,
    at: record.at,
    authorIdentityId: record.user === null ? null : identityIds.get(record.user) ?? null,
    authorExternalId: record.user,
    authorName: record.authorName,
    subtype: record.subtype,
    text: record.text,
    rawText: record.rawText,
    threadTs: record.threadTs,
    parentUserExternalId: record.parentUser,
    isBroadcast: record.isBroadcast,
    replyCount: record.replyCount,
    editedAt: record.editedAt,
    editedByExternalId: record.editedBy,
    inviterExternalId: record.inviter,
    files: record.files,
    reactions: record.reactions,
    attachments: record.attachments,
    mentions: record.mentions,
    references: record.references,
  };
}
