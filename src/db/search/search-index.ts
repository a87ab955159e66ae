import { sql } from "kysely";
import type { Db } from "../dialect.js";

/*
 * The search index's write side. Messages need nothing: the store indexes them itself
 * (migration 2026-12-02T0700-search). Every other searchable thing is a search
 * document, written here by the feature that owns it, inside its own transaction:
 * the index changes exactly when the data does.
 */

/** Who may see a document, beyond the rules of its incident. */
export type SearchAudience = "incident" | "analysts" | "owner";

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
  /** `incident`: whoever may read the incident's timeline; `analysts`: analysts and admins; `owner`: only `ownerUserId` (interview notes). */
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
