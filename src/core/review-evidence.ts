/*
 * The plain data a first draft of a review is written from: what the store loads
 * (src/db/repositories/review-evidence.ts) and the analysis turns into Markdown
 * (src/analysis/review-draft.ts). Every item carries the timeline event it came from,
 * as `message:<id>`, `page:<id>` or `cue:<transcriptId>:<position>`.
 */

import type { ParticipantUnknowns } from "./people.js";

/** A timeline event as evidence: where it is, when, who, and what it said. */
export interface EvidenceEvent {
  ref: string;
  /** Epoch milliseconds; null for a transcript cue whose recording start is unknown. */
  at: number | null;
  author: string | null;
  text: string;
}

/** An annotation with the event it marks. */
export interface EvidenceAnnotation {
  id: number;
  tags: readonly string[];
  note: string;
  /** The marked part of the event's text, when a range was marked. */
  quote: string | null;
  author: string;
  event: EvidenceEvent;
}

/** A figure of the paging data: when, and the log entry behind it. */
export interface EvidenceMoment {
  at: number;
  ref: string;
}

/** One person in the incident, from the people breakdown. */
export interface EvidenceParticipant {
  name: string;
  /** `paged`, `mentioned`, `invited` or `self`. */
  involvement: string;
  involvedBy: string | null;
  /** The event that pulled them in (or their first activity when they came on their own). */
  involvementRef: string;
  onCall: boolean;
  onOwningTeam: boolean;
  teamAtTime: string | null;
  /** Why on call, team or ownership is unknown (then the false above means "we cannot say", not "no"); absent when all are known. */
  unknown?: ParticipantUnknowns;
  formerOwner: { team: string; leftAt: number; ref: string | null } | null;
  /** Null when their time zone is unknown. */
  offHours: boolean | null;
  localTime: string | null;
  messages: number;
}

/** A service involved and the teams that owned it at the time. */
export interface EvidenceService {
  name: string;
  owners: readonly string[];
}

/** A reference to be listed in the references section. */
export interface EvidenceReference {
  kind: string;
  key: string;
  url: string | null;
  evidence: string;
  occurrences: number;
}

/** A follow-up of the incident. */
export interface EvidenceFollowUp {
  title: string;
  /** `recovery` or `prevention`. */
  kind: string;
  status: string;
  owner: string | null;
  dueDate: string | null;
  trackerUrl: string | null;
  /** The timeline event it was made from, if any. */
  eventRef: string | null;
}

/** Everything the first draft is written from. */
export interface ReviewEvidence {
  incident: { id: number; title: string; severity: string | null; startedAt: number | null; detectedAt: number | null; resolvedAt: number | null };
  /** The first message in the incident's channels. */
  firstMessage: EvidenceEvent | null;
  firstPage: EvidenceMoment | null;
  firstAcknowledgement: EvidenceMoment | null;
  resolution: EvidenceMoment | null;
  annotations: readonly EvidenceAnnotation[];
  participants: readonly EvidenceParticipant[];
  services: readonly EvidenceService[];
  references: readonly EvidenceReference[];
  followUps: readonly EvidenceFollowUp[];
}
