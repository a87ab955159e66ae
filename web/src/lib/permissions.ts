import type { Annotation, AnnotationTag, Role, User } from "../api/types";

/*
 * What the UI offers each role. The server decides (docs/api.md, "Roles"); this only
 * keeps controls away from people who would be refused.
 */

/** Tags this user may put on a new annotation; empty when they may not annotate. */
export function annotatableTags(user: User, all: readonly AnnotationTag[]): AnnotationTag[] {
  if (user.role === "admin" || user.role === "analyst") return [...all];
  if (user.role === "member") return all.filter((tag) => tag === "question");
  return [];
}

/** Whether this user may edit or delete the annotation. */
export function mayChangeAnnotation(user: User, annotation: Annotation): boolean {
  if (user.role === "admin" || user.role === "analyst") return true;
  // A member's own annotation, while it is still only a question (as the server decides).
  return user.role === "member" && annotation.author.id === user.id && annotation.tags.every((tag) => tag === "question");
}

/** Whether the role may read timelines, people and guides (member and above). */
export function mayStudy(role: Role): boolean {
  return role !== "viewer";
}

/** Whether the role may change an incident (status, analysts). */
export function mayEditIncident(role: Role): boolean {
  return role === "admin" || role === "analyst";
}
