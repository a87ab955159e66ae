import { iso } from "./time.js";
import type { IncidentListing, TimelineMessage } from "../db/repositories/incidents.js";

export { iso };

/** An incident as the list shows it (CLI `incidents list --json`, and the API). */
export function presentIncidentListing(listing: IncidentListing) {
  const { incident } = listing;
  return {
    id: incident.id,
    title: incident.title,
    channels: listing.channels,
    startedAt: iso(incident.startedAt),
    messages: listing.messages,
    severity: incident.severity,
    status: incident.status,
    origin: incident.origin,
  };
}

/** One timeline message: author, decoded text, thread parent, mentions and references. */
export function presentTimelineMessage(message: TimelineMessage) {
  const isReply = message.threadTs !== null && message.threadTs !== message.ts;
  return {
    id: message.id,
    at: iso(message.at),
    ts: message.ts,
    channel: message.channel,
    author: {
      name: message.personName ?? message.authorDisplayName ?? message.authorName ?? message.authorExternalId ?? "unknown",
      personId: message.personId,
      slackId: message.authorExternalId,
      isBot: message.authorIsBot === 1 || (message.authorIdentityId === null && message.authorName !== null),
    },
    subtype: message.subtype,
    text: message.text,
    rawText: message.rawText ?? message.text,
    thread: message.threadTs === null ? null : { parentTs: message.threadTs, isReply, isBroadcast: message.isBroadcast === 1, replyCount: message.replyCount },
    parentUserId: message.parentUserExternalId,
    inviterId: message.inviterExternalId,
    editedAt: iso(message.editedAt),
    files: message.files ? (JSON.parse(message.files) as unknown[]) : [],
    reactions: message.reactions ? (JSON.parse(message.reactions) as unknown[]) : [],
    attachments: message.attachments ? (JSON.parse(message.attachments) as unknown[]) : [],
    mentions: message.mentions,
    references: message.references,
  };
}
