import { describe, expect, it } from "vitest";
import { ANNOTATION_TAGS, type Annotation, type User } from "../api/types";
import { annotatableTags, mayChangeAnnotation, mayEditIncident, mayStudy } from "./permissions";

const user = (role: User["role"], id = 1): User => ({ id, email: `${role}@x`, name: role, role });
const annotation = (authorId: number): Annotation => ({ id: 9, tags: ["question"], note: "", rangeStart: null, rangeEnd: null, quote: null, version: 1, author: { id: authorId, name: "a" } });

describe("what the UI offers each role", () => {
  it("offers every tag to analysts, only questions to members, nothing to viewers", () => {
    expect(annotatableTags(user("analyst"), ANNOTATION_TAGS)).toEqual([...ANNOTATION_TAGS]);
    expect(annotatableTags(user("member"), ANNOTATION_TAGS)).toEqual(["question"]);
    expect(annotatableTags(user("viewer"), ANNOTATION_TAGS)).toEqual([]);
  });

  it("lets members change only their own annotations", () => {
    expect(mayChangeAnnotation(user("member", 1), annotation(1))).toBe(true);
    expect(mayChangeAnnotation(user("member", 1), annotation(2))).toBe(false);
    expect(mayChangeAnnotation(user("analyst", 1), annotation(2))).toBe(true);
    expect(mayChangeAnnotation(user("viewer", 1), annotation(1))).toBe(false);
  });

  it("keeps studying and editing incidents to the roles the server allows", () => {
    expect(mayStudy("viewer")).toBe(false);
    expect(mayStudy("member")).toBe(true);
    expect(mayEditIncident("member")).toBe(false);
    expect(mayEditIncident("analyst")).toBe(true);
  });
});
