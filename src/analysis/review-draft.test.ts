import { describe, expect, it } from "vitest";
import type { ReviewEvidence } from "../core/review-evidence.js";
import { draftReviewSections, duration, escapeInline, keyMomentTimeline, shorten } from "./review-draft.js";

const T = Date.parse("2024-03-14T02:00:00.000Z");
const base: ReviewEvidence = {
  incident: { id: 7, title: "Checkout failing", severity: "SEV2", startedAt: T, detectedAt: null, resolvedAt: null },
  firstMessage: { ref: "message:1", at: T, author: "Alice", text: "checkout is failing" },
  firstPage: { at: T + 60_000, ref: "page:4" },
  firstAcknowledgement: { at: T + 5 * 60_000, ref: "page:5" },
  resolution: null,
  annotations: [
    { id: 2, tags: ["repair"], note: "", quote: null, author: "Ann", event: { ref: "message:3", at: T + 20 * 60_000, author: "Bob", text: "raised the pool" } },
    { id: 1, tags: ["detection", "decision"], note: "support first", quote: "failing", author: "Ann", event: { ref: "message:1", at: T, author: "Alice", text: "checkout is failing" } },
    { id: 3, tags: ["question"], note: "why?", quote: null, author: "Ann", event: { ref: "message:2", at: T + 60_000, author: "Bob", text: "hm" } },
  ],
  participants: [],
  services: [],
  references: [],
  followUps: [],
};

describe("first draft", () => {
  it("lists key moments in time order, linked to their events, without other tags", () => {
    const text = keyMomentTimeline(base);
    const lines = text.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("- [@2024-03-14T02:00:00.000Z](/incidents/7/timeline?event=message%3A1) **Detection** — Alice: “failing” _Ann's note: support first_");
    expect(lines[1]).toContain("**Repair**");
  });

  it("says only what is known: no resolution sentence without a resolve entry", () => {
    const sections = draftReviewSections(base);
    expect(sections.get("summary")).toContain("acknowledged 4 minutes later, at [@2024-03-14T02:05:00.000Z](/incidents/7/timeline?event=page%3A5)");
    expect(sections.get("summary")).not.toMatch(/resol/);
    expect(sections.has("impact")).toBe(false);
    expect(sections.has("people")).toBe(false);
    const resolved = draftReviewSections({ ...base, resolution: { at: T + 3_600_000 + 60_000, ref: "page:9" } });
    expect(resolved.get("impact")).toBe("From the first sign at [@2024-03-14T02:00:00.000Z](/incidents/7/timeline?event=message%3A1) to the resolution at [@2024-03-14T03:01:00.000Z](/incidents/7/timeline?event=page%3A9): 1 hour 1 minute.");
  });

  it("describes each person with the event that pulled them in, and unknown local time as unknown", () => {
    const sections = draftReviewSections({
      ...base,
      participants: [
        { name: "Alice", involvement: "paged", involvedBy: null, involvementRef: "page:4", onCall: true, onOwningTeam: true, teamAtTime: "payments", formerOwner: null, offHours: true, localTime: "2024-03-14T03:00:00+01:00", messages: 3 },
        { name: "Bob", involvement: "mentioned", involvedBy: "Alice", involvementRef: "message:2", onCall: false, onOwningTeam: false, teamAtTime: null, formerOwner: { team: "payments", leftAt: Date.parse("2021-05-01T00:00:00Z"), ref: null }, offHours: null, localTime: null, messages: 1 },
      ],
    });
    const people = sections.get("people") ?? "";
    expect(people).toContain("- **Alice**: [paged](/incidents/7/timeline?event=page%3A4); on call; on the owning team; first active outside working hours (03:00 local time); 3 messages");
    expect(people).toContain("- **Bob**: [mentioned by Alice](/incidents/7/timeline?event=message%3A2); not on call; team unknown; former owner (on payments until 2021-05-01); local time unknown; 1 message");
    expect(people).toContain("[1 was a former owner](/incidents/7/people): Bob.");
  });

  it("writes what it cannot know as unknown, never as a no, and counts nobody as outside the rota on missing data", () => {
    const sections = draftReviewSections({
      ...base,
      participants: [
        { name: "Cleo", involvement: "mentioned", involvedBy: "Alice", involvementRef: "message:2", onCall: false, onOwningTeam: false, teamAtTime: null, unknown: { onCall: "no_pagerduty_data", team: "no_directory_entry", ownership: "no_catalog" }, formerOwner: null, offHours: null, localTime: null, messages: 2 },
        { name: "Dev", involvement: "invited", involvedBy: "Alice", involvementRef: "message:3", onCall: false, onOwningTeam: false, teamAtTime: "search", unknown: { onCall: null, team: null, ownership: "no_services" }, formerOwner: null, offHours: false, localTime: "2024-03-14T10:00:00+01:00", messages: 1 },
      ],
    });
    const people = sections.get("people") ?? "";
    expect(people).toContain("- **Cleo**: [mentioned by Alice](/incidents/7/timeline?event=message%3A2); on call unknown (no PagerDuty data); team unknown (no directory entry);");
    expect(people).toContain("- **Dev**: [invited by Alice](/incidents/7/timeline?event=message%3A3); not on call; on search; owning team unknown (no service linked);");
    expect(people).not.toContain("neither on call nor on an owning team");
  });

  it("lists follow-ups with owner, due day and tracker, linked to the event they came from", () => {
    const sections = draftReviewSections({
      ...base,
      followUps: [
        { title: "Alert on pool saturation", kind: "prevention", status: "open", owner: "Bob", dueDate: "2024-04-01", trackerUrl: "https://acme.atlassian.net/browse/PAY-12", eventRef: "message:3" },
        { title: "Refund failed orders", kind: "recovery", status: "in_progress", owner: null, dueDate: null, trackerUrl: null, eventRef: null },
      ],
    });
    expect(sections.get("follow_ups")).toBe(
      "- [Alert on pool saturation](<https://acme.atlassian.net/browse/PAY-12>): prevention, open, owner Bob, due 2024-04-01; [from the timeline](/incidents/7/timeline?event=message%3A3)\n" +
        "- **Refund failed orders**: recovery, in progress, no owner yet, no due day; [follow-ups](/incidents/7/follow-ups)",
    );
  });

  it("formats durations and quoted text safely", () => {
    expect(duration(45_000)).toBe("45 seconds");
    expect(duration(2 * 3_600_000 + 5 * 60_000)).toBe("2 hours 5 minutes");
    expect(escapeInline("a *b* [c](d) <script>")).toBe("a \\*b\\* \\[c\\](d) \\<script\\>");
    expect(shorten("word ".repeat(100), 20)).toBe("word word word word…");
  });
});
