import { describe, expect, it } from "vitest";
import { passwordCharacters, passwordProblem } from "./password-rules.js";

describe("password rules", () => {
  it("counts characters as typed: code points after NFC", () => {
    expect(passwordCharacters("abc")).toBe(3);
    expect(passwordCharacters("🔑🔑")).toBe(2);
    expect(passwordCharacters("e\u0301")).toBe(1);
  });

  it("accepts 12 to 1024 characters", () => {
    expect(passwordProblem("a".repeat(11))).toBe("password must be at least 12 characters");
    expect(passwordProblem("🔑".repeat(11))).toBe("password must be at least 12 characters");
    expect(passwordProblem("a".repeat(12))).toBeNull();
    expect(passwordProblem("🔑".repeat(1024))).toBeNull();
    expect(passwordProblem("a".repeat(1025))).toBe("password must be at most 1024 characters");
  });
});
