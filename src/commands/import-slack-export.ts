import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { upsertConversations } from "../db/repositories/conversations.js";
import { createIncidentsFromChannels } from "./incidents-from-channels.js";
import { linkPagerdutyIncidents } from "./link-pagerduty.js";
import { MessageBulkWriter, type MessageInput, storedMessages, type StoredMessages } from "../db/repositories/messages.js";
import { upsertSlackAccounts } from "../db/repositories/people.js";
import { openExportSource } from "../importers/export-source.js";
import { readSlackExport, type SlackMessageRecord } from "../importers/slack/slack-export-reader.js";
import type { ZipLimits } from "../importers/zip/zip-reader.js";

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
  importId: number;
}

/**
 * Imports a Slack workspace export in one transaction: accounts, conversations,
 * messages with their decoded mentions and references, then incidents for incident
 * channels. Idempotent by (conversation, ts): a second run adds nothing, a later
 * export adds only what is new (and refreshes messages edited since). Any failure
 * rolls everything back.
 */
export async function importSlackExport(store: Store, options: SlackImportOptions): Promise<SlackImportSummary> {
  const source = openExportSource(options.path, options.limits);
  try {
    const slack = readSlackExport(source);
    const now = Date.now();
    return await store.db.transaction().execute(async (trx) => {
      await store.dialect.lockImports(trx);
      const job = await trx
        .insertInto("imports")
        .values({ kind: "slack", sourceName: options.sourceName ?? options.path, startedAt: now, finishedAt: null, status: "running", summary: null, error: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      const accounts = await upsertSlackAccounts(trx, slack.users, now);
      const conversations = await upsertConversations(
        trx,
        slack.conversations.map((c) => ({
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
        })),
      );
      const writer = new MessageBulkWriter(trx, store.dialect, job.id);
      const summary: SlackImportSummary = {
        users: slack.users.length,
        conversations: slack.conversations.length,
        messages: 0,
        added: 0,
        skipped: 0,
        updated: 0,
        incidents: 0,
        importId: job.id,
      };
      let currentConversation = -1;
      let stored: StoredMessages = new Map();
      let done = 0;
      const worker = options.parseInWorker ?? slack.dayFiles.length >= 256;
      for await (const batch of slack.days({ worker })) {
        const conversationId = conversations.ids.get(batch.conversation.externalId);
        if (conversationId === undefined) throw new Error(`conversation ${batch.conversation.externalId} was not stored`);
        if (conversationId !== currentConversation) {
          currentConversation = conversationId;
          stored = await storedMessages(trx, conversationId);
        }
        for (const record of batch.messages) {
          summary.messages += 1;
          const message = toMessageInput(record, accounts.identityIds);
          const existing = stored.get(record.ts);
          if (existing === undefined) {
            // The id is a placeholder: it only marks the ts as taken for later duplicates.
            stored.set(record.ts, { id: -1, editedAt: record.editedAt });
            await writer.add(conversationId, message);
            summary.added += 1;
          } else if (existing.id > 0 && record.editedAt !== null && record.editedAt !== existing.editedAt) {
            await writer.replace(existing.id, message);
            existing.editedAt = record.editedAt;
            summary.updated += 1;
          } else {
            summary.skipped += 1;
          }
        }
        done += 1;
        options.onProgress?.({ done, total: slack.dayFiles.length, messages: summary.messages });
      }
      await writer.flush();
      summary.incidents = await createIncidentsFromChannels(trx, options.incidentChannelPattern ?? defaultIncidentChannelPattern, now);
      // PagerDuty data imported earlier may be mentioned in the channels just imported.
      await linkPagerdutyIncidents(trx, now);
      const { importId: _importId, ...counts } = summary;
      await trx
        .updateTable("imports")
        .set({ status: "succeeded", finishedAt: Date.now(), summary: JSON.stringify(counts) })
        .where("id", "=", job.id)
        .execute();
      await recordAudit(trx, { actor: options.actor, action: "import.slack", subjectType: "import", subjectId: job.id, details: { path: options.path, ...counts } }, now);
      return summary;
    });
  } finally {
    source.close();
  }
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
