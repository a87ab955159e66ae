import { describe, expect, it } from "vitest";
import { formatDuration, formatTheirLocal, formatUtcDate, formatUtcDateTime, formatUtcTime, utcDayKey } from "./format-time";

describe("UTC formatting", () => {
  it("shows the server's time in UTC whatever the reader's zone", () => {
    expect(formatUtcTime("2024-03-14T02:14:09.000Z")).toBe("02:14:09");
    expect(formatUtcDate("2024-03-14T23:59:59.000Z")).toBe("14 Mar 2024");
    expect(formatUtcDateTime("2024-03-14T02:14:09.000Z")).toBe("14 Mar 2024, 02:14 UTC");
    expect(utcDayKey("2024-03-14T23:59:59.000Z")).toBe("2024-03-14");
  });

  it("shows an em dash for a missing time, never a made-up one", () => {
    expect(formatUtcDateTime(null)).toBe("—");
    expect(formatTheirLocal(null)).toBe("—");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
  });
});

describe("formatTheirLocal", () => {
  it("reads a participant's wall clock as written, offset and all, without converting it", () => {
    expect(formatTheirLocal("2024-03-14T03:14:09+01:00")).toBe("Thu 03:14");
    expect(formatTheirLocal("2024-03-16T23:30:00-08:00")).toBe("Sat 23:30");
  });

  it("passes through what it cannot read", () => {
    expect(formatTheirLocal("yesterday")).toBe("yesterday");
  });
});

describe("formatDuration", () => {
  it("picks seconds, minutes, hours or days", () => {
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(240)).toBe("4 min");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(72 * 60)).toBe("1 h 12 min");
    expect(formatDuration(48 * 3600)).toBe("2 d");
    expect(formatDuration(51 * 3600)).toBe("2 d 3 h");
  });

  it("never shows a negative duration", () => {
    expect(formatDuration(-5)).toBe("0 s");
  });
});
