import { describe, expect, it } from "vitest";
import type { Role } from "../../core/accounts.js";
import { AccessDenied } from "../errors.js";
import { type Action, actorOf, authorize, decide, MINIMUM_ROLE, type Principal, reviewReadsPublishedOnly } from "./policies.js";

function principal(role: Role, via: "session" | "token" = "session", userId = 7): Principal {
  return { userId, email: `${role}@x`, name: role, role, via, sessionId: via === "session" ? 1 : null, tokenId: via === "token" ? 9 : null };
}

/** What `work` threw, or undefined when it returned. */
function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("policies", () => {
  it("lets viewers read published review versions only, and analysts write reviews", () => {
    expect(reviewReadsPublishedOnly(principal("viewer"))).toBe(true);
    expect(reviewReadsPublishedOnly(principal("member"))).toBe(false);
    expect(decide(principal("member"), "review.write")).toMatchObject({ allowed: false, status: 403 });
    expect(decide(principal("member"), "review.comment").allowed).toBe(true);
    expect(decide(principal("viewer"), "review.comment").allowed).toBe(false);
    expect(decide(principal("analyst"), "review.template.manage").allowed).toBe(false);
  });

  it("names a least role for every action", () => {
    const actions = Object.keys(MINIMUM_ROLE) as Action[];
    expect(actions).toHaveLength(49);
    for (const action of actions) expect(decide(principal("admin"), action).allowed).toBe(true);
  });

  it("hides unpublished incidents from viewers with 404, shows published ones", () => {
    expect(decide(principal("viewer"), "incident.read", { type: "incident", id: 1, status: "in_review" })).toMatchObject({ allowed: false, status: 404 });
    expect(decide(principal("viewer"), "incident.read", { type: "incident", id: 1, status: "published" }).allowed).toBe(true);
    expect(decide(principal("member"), "incident.read", { type: "incident", id: 1, status: "new" }).allowed).toBe(true);
  });

  it("lets members annotate with questions only and change only their own", () => {
    const member = principal("member", "session", 7);
    const own = (tags: string[]) => ({ type: "annotation" as const, id: 1, authorUserId: 7, tags });
    const theirs = { type: "annotation" as const, id: 1, authorUserId: 8, tags: ["question"] };
    expect(decide(member, "annotation.create", own(["question"])).allowed).toBe(true);
    expect(decide(member, "annotation.create", own(["question", "aha"]))).toMatchObject({ allowed: false, status: 403 });
    expect(decide(member, "annotation.update", own(["question"])).allowed).toBe(true);
    expect(decide(member, "annotation.update", theirs)).toMatchObject({ allowed: false, status: 403 });
    expect(decide(member, "annotation.delete", theirs).allowed).toBe(false);
    expect(decide(member, "annotation.delete", own(["question"])).allowed).toBe(true);
    // Re-tagged by an analyst: no longer the member's to delete or change, even back to a question.
    expect(decide(member, "annotation.delete", own(["question", "decision"]))).toMatchObject({ allowed: false, status: 403 });
    expect(decide(member, "annotation.delete", own(["decision"]))).toMatchObject({ allowed: false, status: 403 });
    expect(decide(member, "annotation.update", { ...own(["question"]), storedTags: ["decision"] })).toMatchObject({ allowed: false, status: 403 });
    expect(decide(principal("analyst"), "annotation.delete", theirs).allowed).toBe(true);
    expect(decide(principal("viewer"), "annotation.create", own(["question"])).allowed).toBe(false);
  });

  it("creates tokens only from a session", () => {
    expect(decide(principal("admin", "token"), "token.create").allowed).toBe(false);
    expect(decide(principal("viewer", "session"), "token.create").allowed).toBe(true);
  });

  it("throws 401 without a principal and 403 below the role, and names the actor", () => {
    expect(() => authorize(null, "incident.read")).toThrow(AccessDenied);
    // Caught and returned, so a call that throws nothing fails the test instead of skipping the checks.
    const refused = thrownBy(() => authorize(principal("member"), "import.create"));
    expect(refused).toBeInstanceOf(AccessDenied);
    expect(refused).toMatchObject({ statusCode: 403, message: "forbidden", denial: { action: "import.create" } });
    expect(thrownBy(() => authorize(principal("analyst"), "import.create"))).toBeUndefined();
    expect(actorOf(principal("admin", "token"))).toBe("token:9");
    expect(actorOf(principal("admin", "session", 3))).toBe("user:3");
  });
});
