import { sql } from "kysely";
import type { Db, DialectName } from "../dialect.js";
import { interviewSearchText } from "../repositories/interviews.js";

/*
 * The search index's write side. Messages are indexed where they are stored: the
 * import calls {@link indexNewMessages} every few batches and at its end (SQLite), triggers
 * follow edits and deletes, and PostgreSQL keeps its expression index itself. Every
 * other searchable thing is a search document, written here by the feature that owns
 * it, inside its own transaction: the index changes exactly when the data does.
 */

let messageIndexing = true;

/**
 * Turns the indexing of new messages off or on for this process. Only for benchmarks,
 * which import once without the index to measure what it costs.
 */
export function setMessageIndexing(enabled: boolean): void {
  messageIndexing = enabled;
}

/**
 * Indexes the messages with ids `firstId`..`lastId`, just written in this transaction
 * (SQLite: one `insert … select` into the FTS5 index; PostgreSQL maintains its index
 * itself). The range must hold only new messages: ids reserved by one writer.
 */
export async function indexNewMessages(trx: Db, dialect: DialectName, firstId: number, lastId: number, importId?: number): Promise<void> {
  if (dialect !== "sqlite" || !messageIndexing || lastId < firstId) return;
  const ofImport = importId === undefined ? sql`` : sql`and import_id = ${importId}`;
  await sql`insert into messages_fts(rowid, text) select id, text from messages where id between ${firstId} and ${lastId} ${ofImport}`.execute(trx);
}

/** Rebuilds the message index from every stored message (after a restore). */
export async function rebuildMessageIndex(trx: Db, dialect: DialectName): Promise<void> {
  if (dialect === "sqlite") await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(trx);
}

/**
 * Who may see a document, beyond the rules of its incident: `incident` whoever may read
 * the incident (and the document's source), `members` members and up (review drafts),
 * `analysts` analysts and admins (anonymous input), `owner` only `ownerUserId`.
 */
export type SearchAudience = "incident" | "members" | "analysts" | "owner";

/** A searchable document: one per (kind, ref). */
export interface SearchDocument {
  /** `transcript`, `annotation`, `review`, `follow_up`, `write_up`, `input`, `interview`, … */
  kind: string;
  /** Its id within the kind. */
  ref: string;
  incidentId: number;
  /** The timeline event a hit opens, when there is one. */
  event: { kind: string; id: string } | null;
  at: number;
  personId: number | null;
  /** See {@link SearchAudience}. */
  audience: SearchAudience;
  ownerUserId: number | null;
  tags?: readonly string[];
  body: string;
}

/** Adds or replaces documents (by kind and ref). */
export async function indexDocuments(trx: Db, documents: readonly SearchDocument[]): Promise<void> {
  if (documents.length === 0) return;
  const byKind = new Map<string, string[]>();
  for (const d of documents) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.ref]);
  for (const [kind, refs] of byKind) await removeDocuments(trx, kind, refs);
  for (let at = 0; at < documents.length; at += 500) {
    await trx
      .insertInto("searchDocuments")
      .values(
        documents.slice(at, at + 500).map((d) => ({
          kind: d.kind,
          ref: d.ref,
          incidentId: d.incidentId,
          eventKind: d.event?.kind ?? null,
          eventId: d.event?.id ?? null,
          at: d.at,
          personId: d.personId,
          audience: d.audience,
          ownerUserId: d.ownerUserId,
          tags: d.tags && d.tags.length > 0 ? JSON.stringify(d.tags) : null,
          body: d.body,
        })),
      )
      .execute();
  }
}

/** Removes documents of one kind by ref. */
export async function removeDocuments(trx: Db, kind: string, refs: readonly string[]): Promise<void> {
  for (let at = 0; at < refs.length; at += 500) {
    await trx.deleteFrom("searchDocuments").where("kind", "=", kind).where("ref", "in", refs.slice(at, at + 500)).execute();
  }
}

/** Indexes every cue of a transcript (one statement, inside the import's transaction). */
export async function indexTranscript(trx: Db, transcriptId: number): Promise<void> {
  await trx.deleteFrom("searchDocuments").where("kind", "=", "transcript").where("ref", "like", `${transcriptId}:%`).execute();
  await sql`insert into search_documents (kind, ref, incident_id, event_kind, event_id, at, person_id, audience, owner_user_id, tags, body)
    select 'transcript', cast(c.transcript_id as text) || ':' || cast(c.position as text), t.incident_id, 'cue',
      cast(c.transcript_id as text) || ':' || cast(c.position as text), coalesce(t.started_at, t.imported_at) + c.start_ms, c.person_id, 'incident', null, null, c.text
    from transcript_cues c join transcripts t on t.id = c.transcript_id where c.transcript_id = ${transcriptId}`.execute(trx);
}

/** Indexes one annotation as it is now (its note and quote), or removes it when gone. */
export async function indexAnnotation(trx: Db, annotationId: number): Promise<void> {
  const row = await trx
    .selectFrom("annotations as a")
    .leftJoin("users as u", "u.id", "a.authorUserId")
    .select(["a.id", "a.incidentId", "a.eventKind", "a.eventId", "a.createdAt", "a.tags", "a.note", "a.quote", "a.authorUserId", "u.personId"])
    .where("a.id", "=", annotationId)
    .executeTakeFirst();
  if (!row) return removeDocuments(trx, "annotation", [String(annotationId)]);
  await indexDocuments(trx, [
    {
      kind: "annotation",
      ref: String(row.id),
      incidentId: row.incidentId,
      event: { kind: row.eventKind, id: row.eventId },
      at: row.createdAt,
      personId: row.personId ?? null,
      audience: "incident",
      ownerUserId: row.authorUserId,
      tags: JSON.parse(row.tags) as string[],
      body: `${row.note} ${row.quote ?? ""}`.trim(),
    },
  ]);
}

/** `message:12` → `{kind: "message", id: "12"}`; `cue:3:41` → `{kind: "cue", id: "3:41"}`. */
function eventOf(key: string | null): { kind: string; id: string } | null {
  if (!key) return null;
  const colon = key.indexOf(":");
  return colon <= 0 ? null : { kind: key.slice(0, colon), id: key.slice(colon + 1) };
}

/**
 * Indexes an incident's review as it is now: the published version for everyone who
 * may read the incident, and the latest version while it is a draft or in review for
 * those who read drafts (members and up). A past write-up imported as a review is
 * indexed as `write_up`. Call it in the transaction of every change to the review.
 */
export async function indexReview(trx: Db, incidentId: number): Promise<void> {
  const refs = [`${incidentId}:published`, `${incidentId}:draft`];
  await removeDocuments(trx, "review", refs);
  await removeDocuments(trx, "write_up", refs);
  const review = await trx
    .selectFrom("reviews as r")
    .innerJoin("incidents as i", "i.id", "r.incidentId")
    .select(["r.id", "r.latestVersion", "r.publishedVersion", "i.origin"])
    .where("r.incidentId", "=", incidentId)
    .executeTakeFirst();
  if (!review) return;
  const numbers = [...new Set([review.latestVersion, review.publishedVersion].filter((n): n is number => n !== null))];
  const versions = await trx.selectFrom("reviewVersions").select(["id", "number", "status", "updatedAt", "publishedAt"]).where("reviewId", "=", review.id).where("number", "in", numbers).execute();
  const kind = review.origin === "postmortem" ? "write_up" : "review";
  const documents: SearchDocument[] = [];
  for (const version of versions) {
    const published = version.number === review.publishedVersion && version.status === "published";
    if (!published && (version.number !== review.latestVersion || version.status === "published")) continue;
    const sections = await trx.selectFrom("reviewSections").select(["title", "markdown"]).where("versionId", "=", version.id).orderBy("position").execute();
    const body = sections
      .filter((s) => s.markdown.trim() !== "")
      .map((s) => `${s.title}\n${s.markdown}`)
      .join("\n\n");
    if (body === "") continue;
    documents.push({
      kind,
      ref: `${incidentId}:${published ? "published" : "draft"}`,
      incidentId,
      event: null,
      at: Number(published ? (version.publishedAt ?? version.updatedAt) : version.updatedAt),
      personId: null,
      audience: published ? "incident" : "members",
      ownerUserId: null,
      body,
    });
  }
  await indexDocuments(trx, documents);
}

/** Indexes one follow-up as it is now (its title, and the quote it was made from), or removes it when gone. */
export async function indexFollowUp(trx: Db, followUpId: number): Promise<void> {
  const row = await trx.selectFrom("followUps").select(["id", "incidentId", "title", "kind", "ownerPersonId", "contextEventKey", "contextQuote", "createdAt"]).where("id", "=", followUpId).executeTakeFirst();
  if (!row) return removeDocuments(trx, "follow_up", [String(followUpId)]);
  await indexDocuments(trx, [
    {
      kind: "follow_up",
      ref: String(row.id),
      incidentId: row.incidentId,
      event: eventOf(row.contextEventKey),
      at: Number(row.createdAt),
      personId: row.ownerPersonId,
      audience: "incident",
      ownerUserId: null,
      tags: [row.kind],
      body: row.title,
    },
  ]);
}

/** Indexes one anonymous input (analysts and admins read them), or removes it when gone. */
export async function indexAnonymousInput(trx: Db, inputId: number): Promise<void> {
  const row = await trx.selectFrom("anonymousInputs").select(["id", "incidentId", "madeItHard", "surprised", "othersShouldKnow", "receivedOn"]).where("id", "=", inputId).executeTakeFirst();
  if (!row) return removeDocuments(trx, "input", [String(inputId)]);
  await indexDocuments(trx, [
    {
      kind: "input",
      ref: String(row.id),
      incidentId: row.incidentId,
      event: null,
      // Only the day is kept: nothing finer about when it was written.
      at: Date.parse(`${row.receivedOn}T00:00:00Z`),
      personId: null,
      audience: "analysts",
      ownerUserId: null,
      body: [row.madeItHard, row.surprised, row.othersShouldKnow].filter((t) => t !== "").join("\n\n"),
    },
  ]);
}

/**
 * Indexes an interview's notes once per interviewer, each copy found only by that
 * interviewer (never a share, another analyst or an admin); removes them all when the
 * interview or its notes are gone. Call it in the transaction of every change to the
 * notes, the links or the interviewers.
 */
export async function indexInterview(trx: Db, interviewId: number): Promise<void> {
  await trx.deleteFrom("searchDocuments").where("kind", "=", "interview").where("ref", "like", `${interviewId}:%`).execute();
  const found = await interviewSearchText(trx, interviewId);
  if (!found || found.text === "") return;
  await indexDocuments(
    trx,
    found.interviewerIds.map((userId) => ({
      kind: "interview",
      ref: `${interviewId}:${userId}`,
      incidentId: found.incidentId,
      // Opens the interview (the incident's Interviews tab), not a timeline event.
      event: { kind: "interview", id: String(interviewId) },
      at: found.at,
      personId: found.personId,
      audience: "owner" as const,
      ownerUserId: userId,
      body: found.text,
    })),
  );
}
