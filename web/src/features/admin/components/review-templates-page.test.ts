import { describe, expect, it } from "vitest";
import { keyFromTitle } from "./review-templates-page";

describe("keyFromTitle", () => {
  it("makes a section key the API accepts from a title", () => {
    expect(keyFromTitle("What we learned")).toBe("what_we_learned");
    expect(keyFromTitle("  2. Risks & open questions! ")).toBe("risks_open_questions");
    expect(keyFromTitle("Café impact")).toBe("cafe_impact");
    for (const title of ["What we learned", "2. Risks", "Café", "x".repeat(80)]) expect(keyFromTitle(title)).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
  });

  it("gives nothing for a title without letters, so the form asks for a key", () => {
    expect(keyFromTitle("2024 — ")).toBe("");
  });
});
