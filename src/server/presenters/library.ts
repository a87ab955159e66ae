import { excerpt, withoutEvidenceLinks } from "../../analysis/learning.js";
import type { LibraryItem, NotificationDelivery, NotificationRule, ReaderPage } from "../../core/learning.js";
import type { ReaderData } from "../../commands/library.js";
import { isOverdue } from "../../commands/follow-ups.js";
import type { FollowUpStatus } from "../../core/follow-ups.js";
import type { EntryWithCounts } from "../../db/repositories/library.js";
import type { StoredDelivery, StoredRule } from "../../db/repositories/notifications.js";

const iso = (at: number) => new Date(at).toISOString();

/** A library entry in a list. */
export function presentLibraryItem(entry: EntryWithCounts): LibraryItem {
  return {
    id: entry.id,
    incidentId: entry.incidentId,
    version: entry.version,
    title: entry.title,
    excerpt: excerpt(entry.sections[0]?.markdown ?? ""),
    publishedAt: iso(entry.publishedAt),
    authors: entry.authors.map((a) => a.name),
    tags: entry.tags,
    services: entry.services,
    teams: entry.teams,
    readers: entry.readers,
    questions: entry.questions,
    ahas: entry.ahas,
  };
}

/**
 * The reader page for one caller. Without the right to open the timeline (viewers),
 * links from quotes to their evidence are removed from the Markdown here, on the
 * server; a-ha marks never say who made them, only whether the caller did.
 */
export function presentReaderPage(data: ReaderData, viewer: { userId: number; canOpenEvidence: boolean; canSeeReadership: boolean; canSeeFollowUps: boolean; today: string }): ReaderPage {
  const { entry } = data;
  const replies = new Map<number, ReaderPage["questions"][number]["replies"]>();
  for (const q of data.questions) if (q.parentId !== null) replies.set(q.parentId, [...(replies.get(q.parentId) ?? []), { id: q.id, author: q.author, body: q.body, createdAt: iso(q.createdAt) }]);
  const questions = data.questions.filter((q) => q.parentId === null);
  return {
    entry: presentLibraryItem(entry),
    sections: entry.sections.map((s) => ({
      key: s.key,
      title: s.title,
      markdown: viewer.canOpenEvidence ? s.markdown : withoutEvidenceLinks(s.markdown),
      questions: questions.filter((q) => q.sectionKey === s.key).length,
      ahas: data.ahas.filter((a) => a.sectionKey === s.key).length,
      reactions: data.reactions.counts.get(s.key) ?? {},
      myReactions: (data.reactions.mine.get(s.key) ?? []) as ReaderPage["sections"][number]["myReactions"],
    })),
    questions: questions.map((q) => ({ id: q.id, sectionKey: q.sectionKey, author: q.author, body: q.body, createdAt: iso(q.createdAt), replies: replies.get(q.id) ?? [] })),
    ahas: data.ahas.map((a) => ({ id: a.id, sectionKey: a.sectionKey, passage: a.passage, note: a.note, mine: a.authorUserId === viewer.userId, createdAt: iso(a.createdAt) })),
    followUps: !viewer.canSeeFollowUps ? null : data.followUps.map((f) => ({ id: f.id, title: f.title, status: f.status as FollowUpStatus, owner: f.owner?.name ?? null, dueDate: f.dueDate, overdue: isOverdue(f, viewer.today) })),
    canOpenEvidence: viewer.canOpenEvidence,
    canSeeReadership: viewer.canSeeReadership,
  };
}

/** A delivery of a publication notice. */
export function presentDelivery(d: StoredDelivery): NotificationDelivery {
  return { id: d.id, entryId: d.entryId, channel: d.channel, target: d.target, status: d.status, attempts: d.attempts, lastError: d.lastError, nextAttemptAt: d.nextAttemptAt === null ? null : iso(d.nextAttemptAt), sentAt: d.sentAt === null ? null : iso(d.sentAt) };
}

/** A rule; the webhook URL is a secret, so only its host is shown. */
export function presentRule(r: StoredRule): NotificationRule {
  let host: string | null = null;
  if (r.webhookUrl) {
    try {
      host = new URL(r.webhookUrl).host;
    } catch {
      host = "invalid URL";
    }
  }
  return { id: r.id, name: r.name, channel: r.channel, audienceType: r.audienceType, audience: r.audience, webhookHost: host };
}
