import { describe, expect, it } from "vitest";
import { locateJsonError } from "./json-position.js";

describe("locateJsonError", () => {
  it("points at the first bad token with line and column", () => {
    const place = locateJsonError('[\n  {"ts": "1.2"},\n  {"ts": }\n]');
    expect(place).toMatchObject({ line: 3, column: 10 });
    expect(place.reason).toMatch(/unexpected character/);
  });

  it("reports truncation at the end of the text", () => {
    const text = '[{"a": 1}, {"b": [1, 2';
    const place = locateJsonError(text);
    expect(place.position).toBe(text.length);
    expect(place.reason).toMatch(/end of input/);
  });

  it("reports trailing garbage", () => {
    expect(locateJsonError("[1] x").reason).toMatch(/trailing/);
  });
});
