import { describe, expect, it } from "vitest";
import { emojiFor } from "./emoji";

describe("emojiFor", () => {
  it("knows Slack's shortcodes, their aliases and skin tones", () => {
    expect(emojiFor("rocket")).toBe("🚀");
    expect(emojiFor("+1")).toBe("👍");
    expect(emojiFor("thumbsup")).toBe("👍");
    expect(emojiFor("simple_smile")).toBe("🙂");
    expect(emojiFor("wave::skin-tone-3")).toBe("👋");
  });

  it("answers undefined for a name that is no emoji", () => {
    expect(emojiFor("not-an-emoji")).toBeUndefined();
    expect(emojiFor("")).toBeUndefined();
  });
});
