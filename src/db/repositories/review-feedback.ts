import type { Db } from "../dialect.js";

/** A question or a reply, with its author's name. */
export interface StoredQuestion {
  id: number;
  entryId: number;
  sectionKey: string;
  parentId: number | null;
  author: { id: number; name: string };
  body: string;
  createdAt: number;
}

/** Questions and replies of an entry, oldest first. */
export async function listQuestions(db: Db, entryId: number): Promise<StoredQuestion[]> {
  const rows = await db
    .selectFrom("reviewQuestions as q")
    .innerJoin("users as u", "u.id", "q.authorUserId")
    .select(["q.id", "q.entryId", "q.sectionKey", "q.parentId", "q.body", "q.createdAt", "u.id as authorId", "u.name as authorName"])
    .where("q.entryId", "=", entryId)
    .orderBy("q.createdAt")
    .orderBy("q.id")
    .execute();
  return rows.map((r) => ({ id: r.id, entryId: r.entryId, sectionKey: r.sectionKey, parentId: r.parentId, body: r.body, createdAt: Number(r.createdAt), author: { id: r.authorId, name: r.authorName } }));
}

/** One question or reply. */
export async function findQuestion(db: Db, id: number): Promise<{ id: number; entryId: number; sectionKey: string; parentId: number | null } | undefined> {
  return db.selectFrom("reviewQuestions").select(["id", "entryId", "sectionKey", "parentId"]).where("id", "=", id).executeTakeFirst();
}

/** Adds a question (or a reply when parentId is set). */
export async function insertQuestion(trx: Db, input: { entryId: number; sectionKey: string; parentId: number | null; authorUserId: number; body: string }, now: number): Promise<number> {
  const row = await trx.insertInto("reviewQuestions").values({ ...input, createdAt: now }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** An a-ha mark; the author id stays on the server. */
export interface StoredAha {
  id: number;
  sectionKey: string;
  passage: string;
  note: string | null;
  authorUserId: number;
  createdAt: number;
}

/** A-ha marks of an entry, oldest first. */
export async function listAhas(db: Db, entryId: number): Promise<StoredAha[]> {
  const rows = await db.selectFrom("reviewAhas").select(["id", "sectionKey", "passage", "note", "authorUserId", "createdAt"]).where("entryId", "=", entryId).orderBy("createdAt").orderBy("id").execute();
  return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) }));
}

/** Adds an a-ha mark. */
export async function insertAha(trx: Db, input: { entryId: number; sectionKey: string; passage: string; note: string | null; authorUserId: number }, now: number): Promise<number> {
  const row = await trx.insertInto("reviewAhas").values({ ...input, createdAt: now }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** Adds the reaction, or removes it when the reader already left it; returns whether it is now on. */
export async function toggleReaction(trx: Db, input: { entryId: number; sectionKey: string; userId: number; reaction: string }, now: number): Promise<boolean> {
  const removed = await trx
    .deleteFrom("reviewReactions")
    .where("entryId", "=", input.entryId)
    .where("sectionKey", "=", input.sectionKey)
    .where("userId", "=", input.userId)
    .where("reaction", "=", input.reaction)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) > 0) return false;
  await trx.insertInto("reviewReactions").values({ ...input, createdAt: now }).execute();
  return true;
}

/** Reactions of an entry: counts per section and reaction, and the caller's own. */
export async function reactionsOf(db: Db, entryId: number, userId: number): Promise<{ counts: Map<string, Record<string, number>>; mine: Map<string, string[]> }> {
  const rows = await db.selectFrom("reviewReactions").select(["sectionKey", "reaction", "userId"]).where("entryId", "=", entryId).execute();
  const counts = new Map<string, Record<string, number>>();
  const mine = new Map<string, string[]>();
  for (const row of rows) {
    const section = counts.get(row.sectionKey) ?? {};
    section[row.reaction] = (section[row.reaction] ?? 0) + 1;
    counts.set(row.sectionKey, section);
    if (row.userId === userId) mine.set(row.sectionKey, [...(mine.get(row.sectionKey) ?? []), row.reaction]);
  }
  return { counts, mine };
}
