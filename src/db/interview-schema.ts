/*
 * Table shapes of the interview step (migration 2026-12-02T0740-interviews). They join
 * the store's `Database` by declaration merging, so this area's tables live beside
 * each other instead of in the middle of the shared schema file.
 */
import type { Generated } from "kysely";

/** One planned, held or declined interview. `notes`, `prompts` and `links` are confidential. */
export interface InterviewsTable {
  id: Generated<number>;
  incidentId: number;
  /** The person, when Debrief knows them; null for someone with no record. */
  personId: number | null;
  intervieweeName: string;
  scheduledAt: number | null;
  /** `planned`, `done`, `declined`. */
  status: string;
  /** `yes`, `no`, `off_record`; null when not asked yet. */
  consent: string | null;
  position: number;
  /** Markdown. */
  notes: string;
  /** JSON array of `{text, eventRef}`. */
  prompts: string;
  /** JSON array of `{eventRef, note}`. */
  links: string;
  /** After this the transcript is deleted. */
  retentionUntil: number | null;
  version: number;
  createdBy: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Who holds an interview: only they (and those they share it with) read its notes. */
export interface InterviewInterviewersTable {
  interviewId: number;
  userId: number;
}

/** An account an interviewer shared the interview with, by name. */
export interface InterviewSharesTable {
  interviewId: number;
  userId: number;
  sharedBy: number;
  sharedAt: number;
}

/** The uploaded recording transcript of an interview: confidential, deleted after its retention date. */
export interface InterviewTranscriptsTable {
  interviewId: number;
  name: string;
  format: string;
  /** JSON array of `{startMs, endMs, speaker, text}`. */
  cues: string;
  uploadedAt: number;
}

/** A quote from an interview or from anonymous input, with the consent given for it. */
export interface InterviewQuotesTable {
  id: Generated<number>;
  incidentId: number;
  /** Null for a quote taken from anonymous input. */
  interviewId: number | null;
  anonymousInputId: number | null;
  text: string;
  /** `pending`, `declined`, `anonymous`, `attributed`. */
  consent: string;
  eventRef: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** A per-incident link for anonymous input; only the token's SHA-256 is kept. */
export interface AnonymousLinksTable {
  id: Generated<number>;
  incidentId: number;
  tokenHash: string;
  prefix: string;
  createdBy: number | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/**
 * What someone wrote through an anonymous link. No account, address or browser is
 * kept, and only the day it arrived (`receivedOn`), so the time of a submission cannot
 * be matched against a proxy's access log.
 */
export interface AnonymousInputsTable {
  id: Generated<number>;
  linkId: number;
  incidentId: number;
  madeItHard: string;
  surprised: string;
  othersShouldKnow: string;
  /** `YYYY-MM-DD` (UTC). */
  receivedOn: string;
}

/** Submissions per link and hour, for the rate limit: counts only, no content. */
export interface AnonymousInputRateTable {
  linkId: number;
  /** Epoch hour (ms / 3,600,000). */
  hour: number;
  count: number;
}

declare module "./schema.js" {
  interface Database {
    interviews: InterviewsTable;
    interviewInterviewers: InterviewInterviewersTable;
    interviewShares: InterviewSharesTable;
    interviewTranscripts: InterviewTranscriptsTable;
    interviewQuotes: InterviewQuotesTable;
    anonymousLinks: AnonymousLinksTable;
    anonymousInputs: AnonymousInputsTable;
    anonymousInputRate: AnonymousInputRateTable;
  }
}
