import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStoreKinds } from "../../../../test/stores.js";
import { type ServerFixture, startFixture } from "../../../../test/server-harness.js";

// The route touches no table, so one store kind is enough to exercise it.
const [kind] = testStoreKinds();

describe("POST /api/review-lint", () => {
  let f: ServerFixture;
  beforeAll(async () => {
    if (!kind) throw new Error("no store kind");
    f = await startFixture(kind);
  });
  afterAll(() => f.close());

  it("answers the hints for the text to a viewer, with exact spans and positions", async () => {
    const text = "# Impact\nThe root cause was human error.\nWe should add an alert.";
    const response = await f.callers.viewer.post("/api/review-lint", { text });
    expect(response.statusCode, response.body).toBe(200);
    const { hints } = response.json() as { hints: { line: number; column: number; start: number; end: number; category: string; message: string; suggestion: string }[] };
    expect(hints.map((hint) => [hint.category, text.slice(hint.start, hint.end), hint.line, hint.column])).toEqual([
      ["root-cause", "root cause", 2, 5],
      ["blame", "human error", 2, 20],
    ]);
    expect(hints[0]?.suggestion).toBeTruthy();
  });

  it("refuses a body without text, and an anonymous caller", async () => {
    const bad = await f.callers.analyst.post("/api/review-lint", { body: "x" });
    expect(bad.statusCode).toBe(400);
    expect((await f.anonymous.post("/api/review-lint", { text: "x" })).statusCode).toBe(401);
  });

  it("is in the OpenAPI document", async () => {
    const document = (await f.anonymous.get("/api/openapi.json")).json() as { paths: Record<string, Record<string, unknown>> };
    expect(document.paths["/api/review-lint"]).toHaveProperty("post");
  });
});
