import { describe, expect, it } from "vitest";
import { recordingStartFromFileName } from "./recording-start.js";

describe("recordingStartFromFileName", () => {
  it("reads the GMT stamp of Zoom cloud-recording names", () => {
    expect(recordingStartFromFileName("zoom_GMT20240124-202901_Recording.transcript.vtt")).toBe(Date.parse("2024-01-24T20:29:01Z"));
    expect(recordingStartFromFileName("GMT20231231-235959_Recording.vtt")).toBe(Date.parse("2023-12-31T23:59:59Z"));
  });

  it("returns null without a stamp or with an impossible one", () => {
    expect(recordingStartFromFileName("standup.vtt")).toBeNull();
    expect(recordingStartFromFileName("GMT20240231-101010_Recording.vtt")).toBeNull();
    expect(recordingStartFromFileName("GMT20240101-246000_Recording.vtt")).toBeNull();
  });
});
