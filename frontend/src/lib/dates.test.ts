import { describe, expect, it } from "vitest";
import {
  addDays,
  businessDateAt,
  formatDateTime,
  isIsoDate,
  lastNDates,
  previousMonth,
  todayIn,
  toLocalInput,
  zonedLocalToUtc,
  zoneOffsetMinutes,
} from "./dates";

describe("business dates", () => {
  it("today in Asia/Kolkata at 2026-11-24T20:00Z is 2026-11-25", () => {
    expect(todayIn("Asia/Kolkata", new Date("2026-11-24T20:00:00Z"))).toBe("2026-11-25");
    expect(todayIn("Asia/Kolkata", new Date("2026-11-24T18:29:59Z"))).toBe("2026-11-24");
    expect(todayIn("Asia/Kolkata", new Date("2026-11-24T18:30:00Z"))).toBe("2026-11-25");
  });

  it("follows Europe/London across the spring DST change", () => {
    // Clocks go forward at 01:00 UTC on 2026-03-29.
    expect(zoneOffsetMinutes(new Date("2026-03-29T00:59:00Z"), "Europe/London")).toBe(0);
    expect(zoneOffsetMinutes(new Date("2026-03-29T01:00:00Z"), "Europe/London")).toBe(60);
    expect(businessDateAt("2026-03-28T23:30:00Z", "Europe/London")).toBe("2026-03-28");
    expect(businessDateAt("2026-06-30T23:30:00Z", "Europe/London")).toBe("2026-07-01");
  });

  it("follows Europe/London across the autumn DST change", () => {
    // Clocks go back at 01:00 UTC on 2026-10-25; before that, 23:30 UTC is already the next day.
    expect(businessDateAt("2026-10-24T23:30:00Z", "Europe/London")).toBe("2026-10-25");
    expect(businessDateAt("2026-10-25T23:30:00Z", "Europe/London")).toBe("2026-10-25");
  });

  it("is unaffected by DST in zones without it", () => {
    expect(businessDateAt("2026-03-29T18:29:00Z", "Asia/Kolkata")).toBe("2026-03-29");
    expect(businessDateAt("2026-10-25T18:30:00Z", "Asia/Kolkata")).toBe("2026-10-26");
  });
});

describe("wall-clock input in a property's zone", () => {
  it("converts local times to instants", () => {
    expect(zonedLocalToUtc("2026-11-25T01:30", "Asia/Kolkata").toISOString()).toBe("2026-11-24T20:00:00.000Z");
    expect(zonedLocalToUtc("2026-07-01T09:00", "Europe/London").toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(zonedLocalToUtc("2026-12-01T09:00", "Europe/London").toISOString()).toBe("2026-12-01T09:00:00.000Z");
  });

  it("moves a time skipped by the spring jump forward", () => {
    expect(zonedLocalToUtc("2026-03-29T01:30", "Europe/London").toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("takes the earlier of an ambiguous autumn time", () => {
    expect(zonedLocalToUtc("2026-10-25T01:30", "Europe/London").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("round-trips with toLocalInput", () => {
    const instant = "2026-11-24T20:00:00.000Z";
    expect(toLocalInput(instant, "Asia/Kolkata")).toBe("2026-11-25T01:30");
    expect(zonedLocalToUtc(toLocalInput(instant, "Asia/Kolkata"), "Asia/Kolkata").toISOString()).toBe(instant);
  });

  it("formats timestamps in the property's zone", () => {
    expect(formatDateTime("2026-11-24T20:00:00Z", "Asia/Kolkata", "en-IN")).toBe("25 Nov 2026, 01:30 IST");
    expect(formatDateTime("2026-07-01T08:00:00Z", "Europe/London")).toBe("1 Jul 2026, 09:00 BST");
    expect(formatDateTime(null, "Asia/Kolkata")).toBe("—");
  });
});

describe("calendar arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
  });

  it("lists the last N dates inclusively", () => {
    const days = lastNDates("2026-03-02", 30);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe("2026-02-01");
    expect(days[29]).toBe("2026-03-02");
  });

  it("knows the previous month and valid dates", () => {
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(previousMonth("2026-11")).toBe("2026-10");
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
  });
});
