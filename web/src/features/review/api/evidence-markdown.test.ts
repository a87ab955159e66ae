import { describe, expect, it } from "vitest";
import { quoteAnnotation, quoteEvent } from "./evidence-markdown";

const event = { key: "message:12", at: "2024-03-14T02:00:00.000Z", text: "checkout is failing\nfor everyone", author: { personId: 1, name: "Alice", isBot: false } };

describe("evidence as Markdown", () => {
  it("quotes an event with its author and time linked back to it", () => {
    expect(quoteEvent(3, event)).toBe("> checkout is failing\n> for everyone\n>\n> — Alice, [@2024-03-14T02:00:00.000Z](/incidents/3/timeline?event=message%3A12)");
  });

  it("quotes an annotation's range with its tags and note", () => {
    const text = quoteAnnotation(3, event, { tags: ["detection", "key_moment"], note: "customers first", quote: "failing", author: { id: 2, name: "Ann" } });
    expect(text).toBe("> failing\n>\n> — Alice, [@2024-03-14T02:00:00.000Z](/incidents/3/timeline?event=message%3A12)\n>\n> **Detection, Key moment** (Ann): customers first");
  });
});
