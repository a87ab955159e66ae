import type { Role } from "../../core/accounts.js";
import { readsInFull } from "../../core/interviews.js";
import type { SearchSource } from "../../core/search.js";
import type { SearchVisibility } from "../../db/search/full-text.js";
import { AccessDenied } from "../errors.js";

/**
 * Who is asking: an account, and how it proved it (a browser session or an API token,
 * which carries the account's role).
 */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  sessionId: number | null;
  tokenId: number | null;
}

/** Everything a route may ask permission for. */
export type Action =
  | "account.read"
  | "token.manage"
  | "token.create"
  | "user.manage"
  | "analyst.list"
  | "incident.read"
  | "incident.create"
  | "incident.update"
  | "timeline.read"
  | "guide.read"
  | "people.read"
  | "annotation.read"
  | "annotation.create"
  | "annotation.update"
  | "annotation.delete"
  | "import.create"
  | "import.read"
  | "audit.read"
  | "interview.suggest"
  | "interview.list"
  | "interview.create"
  | "interview.read"
  | "interview.update"
  | "interview.share"
  | "interview.synthesis"
  | "quote.review"
  | "anonymous_input.manage"
  | "review.lint"
  | "follow_up.read"
  | "follow_up.write"
  | "review.read"
  | "review.write"
  | "review.comment"
  | "review.template.read"
  | "review.template.manage"
  | "library.read"
  | "library.interact"
  | "readership.read"
  | "notification.read"
  | "notification.manage"
  | "meeting.read"
  | "meeting.manage"
  | "meeting.mark"
  | "survey.answer"
  | "learning.dashboard"
  | "learning.settings"
  /** Insights across incidents for one team (a member: their own). */
  | "insight.read"
  /** Insights across every team. */
  | "insight.read.all"
  | "search.read";

/** What an action is about, when the answer depends on it. */
export type Subject =
  | { type: "incident"; id: number; status: string }
  /**
   * An annotation: for create, the one proposed; for update, the stored one's author
   * with the tags it will have and `storedTags`, the tags it has now; for delete, the
   * stored one (its tags).
   */
  | { type: "annotation"; id: number | null; authorUserId: number; tags: readonly string[]; storedTags?: readonly string[] }
  /** An interview: who holds it and whom they shared it with by name. */
  | { type: "interview"; id: number; interviewerIds: readonly number[]; sharedWithIds: readonly number[] };

/** The answer: allowed, or refused with 403 — or 404 where the caller must not learn the subject exists. */
export type Decision = { allowed: true } | { allowed: false; status: 403 | 404; reason: string };

const RANK: Record<Role, number> = { viewer: 0, member: 1, analyst: 2, admin: 3 };

/** The least role each action needs before looking at any subject. */
export const MINIMUM_ROLE: Record<Action, Role> = {
  "account.read": "viewer",
  "token.manage": "viewer",
  "token.create": "viewer",
  "user.manage": "admin",
  // Who may assign analysts needs to know who they can be.
  "analyst.list": "analyst",
  "incident.read": "viewer",
  "incident.create": "analyst",
  "incident.update": "analyst",
  "timeline.read": "member",
  "guide.read": "member",
  "people.read": "member",
  "annotation.read": "member",
  // Members may annotate, but only with questions and only their own: see below.
  "annotation.create": "member",
  "annotation.update": "member",
  "annotation.delete": "member",
  "import.create": "analyst",
  "import.read": "analyst",
  "audit.read": "admin",
  // Interviews are planned by analysts; what a member sees is only what they hold or were shared (below).
  "interview.suggest": "analyst",
  "interview.list": "member",
  "interview.create": "analyst",
  "interview.read": "member",
  "interview.update": "member",
  "interview.share": "member",
  "interview.synthesis": "analyst",
  "quote.review": "analyst",
  "anonymous_input.manage": "analyst",
  // Lint reads only the text it is sent.
  "review.lint": "viewer",
  // Follow-ups are part of the analysis, read like timelines; analysts keep them.
  "follow_up.read": "member",
  "follow_up.write": "analyst",
  // Viewers read published versions only: see reviewReadsPublishedOnly.
  "review.read": "viewer",
  "review.write": "analyst",
  // Members take part in the review: they read drafts and comment on sections.
  "review.comment": "member",
  "review.template.read": "analyst",
  "review.template.manage": "admin",
  // Published reviews are for everyone signed in: read them, ask, mark a-ha, react.
  "library.read": "viewer",
  "library.interact": "viewer",
  // Readership is aggregates only, and never who read what (docs/security.md).
  "readership.read": "analyst",
  "notification.read": "analyst",
  "notification.manage": "admin",
  "meeting.read": "member",
  "meeting.manage": "analyst",
  "meeting.mark": "member",
  // Only attendees answer a meeting's survey: the route checks the attendee list.
  "survey.answer": "viewer",
  "learning.dashboard": "analyst",
  "learning.settings": "admin",
  // Members see the patterns of their own team; the route narrows them to it.
  "insight.read": "member",
  "insight.read.all": "analyst",
  // Search filters what each role may see (viewers: published incidents only).
  "search.read": "viewer",
};

/** The tags a member may use. */
const MEMBER_TAGS = new Set(["question"]);

/**
 * The one place that decides who may do what (docs/api.md, "Roles"). Without a
 * subject it answers whether the role could ever do the action; with one, whether it
 * may do it to that subject.
 */
export function decide(principal: Principal, action: Action, subject?: Subject): Decision {
  if (RANK[principal.role] < RANK[MINIMUM_ROLE[action]]) return { allowed: false, status: 403, reason: `needs ${MINIMUM_ROLE[action]}` };
  // A leaked token must not be able to mint tokens that outlive its revocation.
  if (action === "token.create" && principal.via !== "session") return { allowed: false, status: 403, reason: "tokens are created from a signed-in session" };
  if (!subject) return { allowed: true };
  if (subject.type === "incident") {
    // A viewer does not learn that an unpublished incident exists.
    if (principal.role === "viewer" && subject.status !== "published") return { allowed: false, status: 404, reason: "incident not published" };
    return { allowed: true };
  }
  if (subject.type === "interview") return decideInterview(principal, action, subject);
  if (action === "annotation.create" || action === "annotation.update" || action === "annotation.delete") {
    if (RANK[principal.role] >= RANK.analyst) return { allowed: true };
    if (action !== "annotation.create" && subject.authorUserId !== principal.userId) return { allowed: false, status: 403, reason: "members change only their own annotations" };
    // Only while it is still a question: once an analyst has re-tagged a member's
    // annotation, it is part of the analysis and the member can no longer change or
    // delete it (nor turn it back into a question to do so).
    const questionsOnly = (tags: readonly string[]) => tags.every((tag) => MEMBER_TAGS.has(tag));
    if (!questionsOnly(subject.tags) || !questionsOnly(subject.storedTags ?? [])) return { allowed: false, status: 403, reason: "members annotate with the question tag only" };
    return { allowed: true };
  }
  return { allowed: true };
}

/**
 * Interviews: reading in full (notes, transcript, unconsented quotes) is for its
 * interviewers and named shares only, whatever the role; analysts and admins see the
 * planning fields of the others; a member does not learn that others exist. Only
 * interviewers change or share an interview.
 */
function decideInterview(principal: Principal, action: Action, subject: Extract<Subject, { type: "interview" }>): Decision {
  const planner = RANK[principal.role] >= RANK.analyst;
  const full = readsInFull(principal.userId, subject);
  if (action === "interview.read") {
    if (full || planner) return { allowed: true };
    return { allowed: false, status: 404, reason: "not an interviewer of this interview" };
  }
  if (subject.interviewerIds.includes(principal.userId)) return { allowed: true };
  if (full || planner) return { allowed: false, status: 403, reason: "only its interviewers change an interview" };
  return { allowed: false, status: 404, reason: "not an interviewer of this interview" };
}

/**
 * Whether a principal may read only the published versions of a review (viewers), or
 * every version and the comments (members and up).
 */
export function reviewReadsPublishedOnly(principal: Principal): boolean {
  return RANK[principal.role] < RANK.member;
}

/** True when {@link decide} allows. */
export function can(principal: Principal, action: Action, subject?: Subject): boolean {
  return decide(principal, action, subject).allowed;
}

/**
 * Throws {@link AccessDenied} unless the action is allowed: 401 without a principal,
 * then 403 or 404 as {@link decide} says. The error handler writes every denial to
 * the audit trail.
 */
export function authorize(principal: Principal | null, action: Action, subject?: Subject): asserts principal is Principal {
  if (!principal) throw new AccessDenied(401, "authentication required", { action, reason: "not signed in" });
  const decision = decide(principal, action, subject);
  if (decision.allowed) return;
  const subjectFields = subject ? { subjectType: subject.type, subjectId: subject.id } : {};
  throw new AccessDenied(decision.status, decision.status === 404 ? `${subject?.type ?? "resource"} not found` : "forbidden", { action, reason: decision.reason, ...subjectFields });
}

/** How a principal appears in the audit trail: `user:<id>` for a session, `token:<id>` for an API token. */
export function actorOf(principal: Principal): string {
  return principal.via === "token" ? `token:${principal.tokenId}` : `user:${principal.userId}`;
}

/**
 * What a principal's searches may return, by the same rules as reading: viewers only
 * published incidents; messages and transcripts for those who may read timelines;
 * annotations for those who may read them; review drafts for members and up;
 * analyst-only documents (anonymous input) for analysts and admins; owner-only
 * documents (interview notes) for their owner alone.
 */
export function searchVisibilityFor(principal: Principal): SearchVisibility {
  const sources: SearchSource[] = ["review", "write_up"];
  if (can(principal, "timeline.read")) sources.push("message", "transcript", "follow_up", "input", "interview");
  if (can(principal, "annotation.read")) sources.push("annotation");
  return {
    userId: principal.userId,
    publishedOnly: principal.role === "viewer",
    sources,
    seesAnalystDocuments: RANK[principal.role] >= RANK.analyst,
    // The same rule as reading a review: viewers read published versions only.
    seesDrafts: !reviewReadsPublishedOnly(principal),
  };
}
