import type { PublishedReviewInput } from "../../core/learning.js";
import type { Db } from "../dialect.js";

/**
 * Reads a published review version from the review model (`reviews`,
 * `review_versions`, `review_sections`) as the library receives it: the incident's
 * title, the sections with text, the analysts and publisher as authors, the incident's
 * services and the teams that own them, and the annotation tags and severity as tags.
 * Undefined when the version does not exist or is not published.
 */
export async function loadPublishedReview(db: Db, incidentId: number, versionNumber: number): Promise<PublishedReviewInput | undefined> {
  const version = await db
    .selectFrom("reviewVersions as v")
    .innerJoin("reviews as r", "r.id", "v.reviewId")
    .innerJoin("incidents as i", "i.id", "r.incidentId")
    .select(["v.id", "v.status", "v.publishedAt", "v.publishedBy", "v.createdBy", "i.title", "i.severity"])
    .where("r.incidentId", "=", incidentId)
    .where("v.number", "=", versionNumber)
    .executeTakeFirst();
  if (!version || version.status !== "published" || version.publishedAt === null) return undefined;
  const sections = await db.selectFrom("reviewSections").select(["key", "title", "markdown"]).where("versionId", "=", version.id).orderBy("position").execute();
  const written = sections.filter((s) => s.markdown.trim() !== "");
  const analysts = await db.selectFrom("incidentAnalysts").select("userId").where("incidentId", "=", incidentId).orderBy("assignedAt").execute();
  const authorIds = [...new Set([...analysts.map((a) => a.userId), version.publishedBy, version.createdBy].filter((x): x is number => x !== null))];
  const users = authorIds.length > 0 ? await db.selectFrom("users").select(["id", "name"]).where("id", "in", authorIds).execute() : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  const services = await db
    .selectFrom("incidentServices as is")
    .innerJoin("services as s", "s.id", "is.serviceId")
    .leftJoin("serviceOwners as o", (join) => join.onRef("o.serviceId", "=", "s.id").on("o.toAt", "is", null))
    .leftJoin("teams as t", "t.id", "o.teamId")
    .select(["s.name as service", "t.name as team", "t.displayName"])
    .where("is.incidentId", "=", incidentId)
    .execute();
  const tags = await db.selectFrom("annotations").select("tags").where("incidentId", "=", incidentId).execute();
  const tagSet = new Set<string>();
  if (version.severity) tagSet.add(version.severity);
  for (const row of tags) for (const tag of JSON.parse(row.tags) as string[]) tagSet.add(tag);
  return {
    incidentId,
    version: versionNumber,
    title: version.title,
    sections: (written.length > 0 ? written : sections).map((s) => ({ key: s.key, title: s.title, markdown: s.markdown })),
    publishedAt: new Date(Number(version.publishedAt)).toISOString(),
    authors: authorIds.flatMap((userId) => (names.has(userId) ? [{ userId, name: names.get(userId) as string }] : [])),
    tags: [...tagSet].slice(0, 30),
    services: [...new Set(services.map((s) => s.service))].slice(0, 50),
    teams: [...new Set(services.flatMap((s) => (s.team ? [s.displayName ?? s.team] : [])))].slice(0, 50),
  };
}
