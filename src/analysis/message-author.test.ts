import { describe, expect, it } from "vitest";
import { isBotAuthor } from "./message-author.js";

describe("isBotAuthor", () => {
  it("is true for a bot account", () => {
    expect(isBotAuthor({ identityId: 4, identityIsBot: true, authorName: null })).toBe(true);
  });

  it("is true for a named post with no account behind it (a webhook integration)", () => {
    expect(isBotAuthor({ identityId: null, identityIsBot: false, authorName: "Deploy bot" })).toBe(true);
  });

  it("is false for a person's account, whatever name the message carries", () => {
    expect(isBotAuthor({ identityId: 7, identityIsBot: false, authorName: null })).toBe(false);
    expect(isBotAuthor({ identityId: 7, identityIsBot: false, authorName: "alice" })).toBe(false);
  });

  it("is false for a message with neither an account nor a name (nothing says it is a bot)", () => {
    expect(isBotAuthor({ identityId: null, identityIsBot: false, authorName: null })).toBe(false);
  });
});
