import { describe, expect, it } from "vitest";
import { utcFromInput, utcInputValue } from "./utc-input";

describe("UTC datetime-local values", () => {
  it("round-trips a time through the input in UTC", () => {
    expect(utcInputValue("2024-03-14T02:01:00.000Z")).toBe("2024-03-14T02:01");
    expect(utcFromInput("2024-03-14T02:01")).toBe("2024-03-14T02:01:00.000Z");
  });

  it("reads an empty or broken value as no time", () => {
    expect(utcInputValue(null)).toBe("");
    expect(utcFromInput("")).toBeNull();
    expect(utcFromInput("garbage")).toBeNull();
  });
});
