import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Store } from "../db/connection.js";
import { recordAudit } from "../db/repositories/audit.js";
import { findIncident } from "../db/repositories/incidents.js";
import {
  findTranscriptByContent,
  insertTranscript,
  insertTranscriptCues,
  loadPeopleNames,
  type StoredTranscriptCue,
  type TranscriptCueInput,
  transcriptCues,
} from "../db/repositories/transcripts.js";
import { ImportError } from "../importers/import-error.js";
import { decodeUtf8 } from "../importers/text-input.js";
import { recordingStartFromFileName } from "../importers/transcripts/recording-start.js";
import { matchSpeakers, type SpeakerDirectory, type SpeakerMatchReason } from "../importers/transcripts/speaker-match.js";
import { parseWebVtt, type TranscriptFormat } from "../importers/transcripts/webvtt.js";
import { InputError } from "./create-incident.js";
import { indexTranscript } from "../db/search/search-index.js";

/**
 * Larger than any real meeting transcript (a ten-hour meeting is a few MB) by far; the
 * file is read whole, so this keeps a mistaken path (a video, a disk image) from
 * exhausting memory.
 */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

/** Options for {@link importTranscript}. */
export interface TranscriptImportOptions {
  /** A WebVTT file (`.vtt`) from Zoom, Teams or any captioning tool. */
  path: string;
  /** The incident the meeting belongs to. */
  incidentId: number;
  /** Who runs the import, for the audit trail. */
  actor: string;
  /**
   * When the recording started (ISO 8601), so cues can be placed in time. Defaults to
   * the stamp in a Zoom cloud-recording file name (`GMT20240124-202901_…`), else unknown.
   */
  startedAt?: string | undefined;
  /** What to call the transcript; defaults to the file name. */
  name?: string | undefined;
}

/**
 * How a speaker was matched to a person: a {@link SpeakerMatchReason}, or `earlier
 * import` when the transcript was already stored and the link kept from that import
 * differs from what the directory would give today (a re-import never relinks).
 */
export type TranscriptSpeakerReason = SpeakerMatchReason | "earlier import";

/** One named speaker of a transcript. */
export interface TranscriptSpeakerSummary {
  name: string;
  personId: number | null;
  /** Cues this speaker speaks. */
  cues: number;
  reason: TranscriptSpeakerReason;
}

/** What {@link importTranscript} did, or (when `added` is false) what was already stored. */
export interface TranscriptImportSummary {
  transcriptId: number;
  name: string;
  format: TranscriptFormat;
  /** The recording's start (ISO 8601), or null when unknown. */
  startedAt: string | null;
  cues: number;
  /** Named speakers in order of first appearance. */
  speakers: TranscriptSpeakerSummary[];
  /** Speakers linked to nobody (no match, or ambiguous), to be resolved by hand. */
  unmatchedSpeakers: string[];
  /** Cues that name no speaker at all. */
  unknownSpeakerCues: number;
  /** False when this file was already imported for this incident: nothing was written. */
  added: boolean;
}

/**
 * Imports a meeting transcript into an incident, in one transaction: the transcript,
 * its cues with speakers matched to people, and an audit event. Idempotent by
 * (incident, SHA-256 of the file): the same file again writes nothing and reports the
 * stored transcript. A missing or malformed file throws {@link ImportError}, an unknown
 * incident or bad option {@link InputError}; either way the store is unchanged.
 */
export async function importTranscript(store: Store, options: TranscriptImportOptions): Promise<TranscriptImportSummary> {
  if (!Number.isInteger(options.incidentId) || options.incidentId <= 0) {
    throw new InputError(`incident id must be a positive integer, got ${JSON.stringify(options.incidentId)}`);
  }
  const name = (options.name ?? basename(options.path)).trim();
  if (name === "") throw new InputError("--name must not be empty");
  const startedAt = options.startedAt === undefined ? recordingStartFromFileName(basename(options.path)) : parseIsoTime(options.startedAt, "--started-at");
  const bytes = readTranscriptFile(options.path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const parsed = parseWebVtt(decodeUtf8(bytes, options.path), options.path);
  if (parsed.cues.length === 0) throw new ImportError(`${options.path}: found nothing to import (no cues after the WEBVTT header)`);

  return store.db.transaction().execute(async (trx) => {
    await store.dialect.lockImports(trx);
    if (!(await findIncident(trx, options.incidentId))) {
      throw new InputError(`no incident ${options.incidentId}: create it first (debrief incidents create) or check the id with debrief incidents list`);
    }
    const directory: SpeakerDirectory = await loadPeopleNames(trx);

    const existing = await findTranscriptByContent(trx, options.incidentId, sha256);
    if (existing) {
      const stored = await transcriptCues(trx, existing.id);
      return summarize(existing.id, existing.name, existing.format as TranscriptFormat, existing.startedAt, stored, directory, false);
    }

    const speakerNames = [...new Set(parsed.cues.flatMap((c) => (c.speaker === null ? [] : [c.speaker])))];
    const personBySpeaker = new Map(matchSpeakers(speakerNames, directory).map((m) => [m.name, m.personId]));
    const cues: TranscriptCueInput[] = parsed.cues.map((cue, position) => ({
      position,
      startMs: cue.startMs,
      endMs: cue.endMs,
      speakerName: cue.speaker,
      personId: cue.speaker === null ? null : personBySpeaker.get(cue.speaker) ?? null,
      text: cue.text,
    }));
    const now = Date.now();
    const transcriptId = await insertTranscript(trx, {
      incidentId: options.incidentId,
      name,
      format: parsed.format,
      contentSha256: sha256,
      startedAt,
      importedAt: now,
    });
    await insertTranscriptCues(trx, store.dialect, transcriptId, cues);
    await indexTranscript(trx, transcriptId);
    const summary = summarize(transcriptId, name, parsed.format, startedAt, cues, directory, true);
    await recordAudit(
      trx,
      {
        actor: options.actor,
        action: "import.transcript",
        subjectType: "transcript",
        subjectId: transcriptId,
        details: {
          path: options.path,
          incidentId: options.incidentId,
          sha256,
          format: parsed.format,
          cues: summary.cues,
          speakers: summary.speakers.length,
          unmatchedSpeakers: summary.unmatchedSpeakers,
          unknownSpeakerCues: summary.unknownSpeakerCues,
        },
      },
      now,
    );
    return summary;
  });
}

/**
 * The summary of stored (or about to be stored) cues. Reasons come from matching the
 * names again; where the stored link differs from today's answer, the stored link is
 * what counts and the reason says it came from an earlier import.
 */
function summarize(
  transcriptId: number,
  name: string,
  format: TranscriptFormat,
  startedAt: number | null,
  cues: readonly (TranscriptCueInput | StoredTranscriptCue)[],
  directory: SpeakerDirectory,
  added: boolean,
): TranscriptImportSummary {
  const bySpeaker = new Map<string, { personId: number | null; cues: number }>();
  let unknownSpeakerCues = 0;
  for (const cue of cues) {
    if (cue.speakerName === null) {
      unknownSpeakerCues += 1;
      continue;
    }
    const entry = bySpeaker.get(cue.speakerName) ?? { personId: cue.personId, cues: 0 };
    entry.cues += 1;
    bySpeaker.set(cue.speakerName, entry);
  }
  const fresh = new Map(matchSpeakers([...bySpeaker.keys()], directory).map((m) => [m.name, m]));
  const speakers = [...bySpeaker].map(([speaker, { personId, cues: count }]): TranscriptSpeakerSummary => {
    const match = fresh.get(speaker);
    const reason: TranscriptSpeakerReason = match && match.personId === personId ? match.reason : "earlier import";
    return { name: speaker, personId, cues: count, reason };
  });
  return {
    transcriptId,
    name,
    format,
    startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    cues: cues.length,
    speakers,
    unmatchedSpeakers: speakers.filter((s) => s.personId === null).map((s) => s.name),
    unknownSpeakerCues,
    added,
  };
}

function readTranscriptFile(path: string): Buffer {
  let size: number;
  try {
    const info = statSync(path);
    if (info.isDirectory()) throw new ImportError(`${path}: is a folder, not a transcript file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(code === "ENOENT" ? `${path}: no such file` : `${path}: cannot be read (${code ?? (error as Error).message})`);
  }
  if (size > MAX_TRANSCRIPT_BYTES) throw new ImportError(`${path}: ${size} bytes is too large for a transcript (at most ${MAX_TRANSCRIPT_BYTES})`);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ImportError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function parseIsoTime(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw new InputError(`${flag} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  // Without a zone JavaScript reads a time as the server's local time: the cues would
  // land hours off on the timeline depending on where the import ran.
  if (/T\d/.test(value) && !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value)) {
    throw new InputError(`${flag} needs a time zone (Z or an offset such as +01:00), got ${JSON.stringify(value)}`);
  }
  return ms;
}
