import type { Selectable } from "kysely";
import type { Db, Dialect } from "../dialect.js";
import type { TranscriptsTable } from "../schema.js";

/** A stored transcript (one meeting recording belonging to one incident). */
export type Transcript = Selectable<TranscriptsTable>;

/** A transcript as an import describes it. */
export interface TranscriptInput {
  incidentId: number;
  name: string;
  format: "zoom" | "teams" | "vtt";
  /** Hex SHA-256 of the file's bytes: with the incident, what makes a re-import a no-op. */
  contentSha256: string;
  /** When the recording started (epoch ms), if known. */
  startedAt: number | null;
  importedAt: number;
}

/** A cue ready to store. */
export interface TranscriptCueInput {
  position: number;
  startMs: number;
  endMs: number;
  speakerName: string | null;
  personId: number | null;
  text: string;
}

/** A stored cue of one transcript. */
export interface StoredTranscriptCue extends TranscriptCueInput {
  transcriptId: number;
}

/** A cue of an incident's transcript, with what a timeline needs to place it in time. */
export interface IncidentTranscriptCue extends StoredTranscriptCue {
  transcriptName: string;
  format: string;
  /** The recording's start (epoch ms), or null when unknown. */
  startedAt: number | null;
  /** `startedAt + startMs`, or null when the start is unknown. */
  at: number | null;
  personName: string | null;
}

/** The names people go by, as speaker matching reads them (the shape of the transcript importer's directory). */
export interface PeopleNames {
  people: { id: number; name: string }[];
  /** Identities linked to a person, from any source. */
  identities: { personId: number; displayName: string | null; handle: string | null }[];
}

const CUE_COLUMNS = ["transcript_id", "position", "start_ms", "end_ms", "speaker_name", "person_id", "text"] as const;

/** The transcript already stored for this incident with these exact bytes, if any. */
export async function findTranscriptByContent(db: Db, incidentId: number, contentSha256: string): Promise<Transcript | undefined> {
  return db.selectFrom("transcripts").selectAll().where("incidentId", "=", incidentId).where("contentSha256", "=", contentSha256).executeTakeFirst();
}

/** An incident's transcripts, oldest import first. */
export async function transcriptsForIncident(db: Db, incidentId: number): Promise<Transcript[]> {
  return db.selectFrom("transcripts").selectAll().where("incidentId", "=", incidentId).orderBy("id").execute();
}

/** Inserts a transcript row; returns its id. */
export async function insertTranscript(trx: Db, input: TranscriptInput): Promise<number> {
  const row = await trx.insertInto("transcripts").values(input).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a transcript's cues with multi-row inserts (a long meeting has thousands). */
export async function insertTranscriptCues(trx: Db, dialect: Dialect, transcriptId: number, cues: readonly TranscriptCueInput[]): Promise<void> {
  const rows = cues.map((c) => [transcriptId, c.position, c.startMs, c.endMs, c.speakerName, c.personId, c.text]);
  await dialect.bulkInsert(trx, "transcript_cues", CUE_COLUMNS, rows);
}

/** One transcript's cues in file order. */
export async function transcriptCues(db: Db, transcriptId: number): Promise<StoredTranscriptCue[]> {
  return db
    .selectFrom("transcriptCues")
    .select(["transcriptId", "position", "startMs", "endMs", "speakerName", "personId", "text"])
    .where("transcriptId", "=", transcriptId)
    .orderBy("position")
    .execute();
}

/**
 * Every cue of every transcript of an incident, with its transcript's start time and
 * the matched person's name: transcript by transcript, each in file order.
 */
export async function transcriptCuesForIncident(db: Db, incidentId: number): Promise<IncidentTranscriptCue[]> {
  const rows = await db
    .selectFrom("transcriptCues as c")
    .innerJoin("transcripts as t", "t.id", "c.transcriptId")
    .leftJoin("people as p", "p.id", "c.personId")
    .where("t.incidentId", "=", incidentId)
    .select([
      "c.transcriptId",
      "c.position",
      "c.startMs",
      "c.endMs",
      "c.speakerName",
      "c.personId",
      "c.text",
      "t.name as transcriptName",
      "t.format",
      "t.startedAt",
      "p.name as personName",
    ])
    .orderBy("c.transcriptId")
    .orderBy("c.position")
    .execute();
  return rows.map((row) => ({ ...row, at: row.startedAt === null ? null : row.startedAt + row.startMs }));
}

/** Every person's name and every linked identity's display name and handle, for speaker matching. */
export async function loadPeopleNames(db: Db): Promise<PeopleNames> {
  const people = await db.selectFrom("people").select(["id", "name"]).execute();
  const linked = await db.selectFrom("identities").select(["personId", "displayName", "handle"]).where("personId", "is not", null).execute();
  const identities = linked.flatMap((i) => (i.personId === null ? [] : [{ personId: i.personId, displayName: i.displayName, handle: i.handle }]));
  return { people, identities };
}
