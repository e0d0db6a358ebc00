import { describe, expect, it } from "vitest";
import { datePatternFor, dateTimeValueProblem, dateValueProblem, formatDateInput, localeForProperty, parseDateInput, parseTimeInput } from "./date-input";

describe("dates typed in the property's locale", () => {
  it("writes dd/mm/yyyy for India and the UK, mm/dd/yyyy for the US and yyyy-mm-dd for Canada", () => {
    expect(datePatternFor("en-IN").placeholder).toBe("dd/mm/yyyy");
    expect(datePatternFor("en-GB").placeholder).toBe("dd/mm/yyyy");
    expect(datePatternFor("en-US").placeholder).toBe("mm/dd/yyyy");
    expect(datePatternFor("en-CA").placeholder).toBe("yyyy-mm-dd");
    expect(formatDateInput("2026-11-05", "en-IN")).toBe("05/11/2026");
    expect(formatDateInput("2026-11-05", "en-US")).toBe("11/05/2026");
    expect(formatDateInput("2026-11-05", "en-CA")).toBe("2026-11-05");
  });

  it("takes a property's locale from its currency", () => {
    expect(localeForProperty({ currency: "INR" })).toBe("en-IN");
    expect(localeForProperty({ currency: "GBP" })).toBe("en-GB");
  });

  it("reads the day first in en-IN and the month first in en-US, with any common separator and one-digit parts", () => {
    expect(parseDateInput("05/11/2026", "en-IN")).toEqual({ ok: true, value: "2026-11-05" });
    expect(parseDateInput("5.11.2026", "en-GB")).toEqual({ ok: true, value: "2026-11-05" });
    expect(parseDateInput(" 5-11-2026 ", "en-IN")).toEqual({ ok: true, value: "2026-11-05" });
    expect(parseDateInput("11/05/2026", "en-US")).toEqual({ ok: true, value: "2026-11-05" });
    expect(parseDateInput("2026-11-05", "en-CA")).toEqual({ ok: true, value: "2026-11-05" });
  });

  it("refuses a date that cannot exist with a message saying why, instead of rolling it over", () => {
    expect(parseDateInput("31/02/2026", "en-IN")).toEqual({ ok: false, message: "There is no 31 February 2026: that month has 28 days." });
    expect(parseDateInput("29/02/2028", "en-IN")).toEqual({ ok: true, value: "2028-02-29" });
    expect(parseDateInput("31/04/2026", "en-GB")).toMatchObject({ ok: false, message: expect.stringContaining("30 days") });
    expect(parseDateInput("12/13/2026", "en-IN")).toMatchObject({ ok: false, message: expect.stringContaining("no month 13") });
    expect(parseDateInput("00/11/2026", "en-IN")).toMatchObject({ ok: false, message: expect.stringContaining("There is no 0 November 2026") });
  });

  it("refuses what is not a date, and a two-digit year, naming the format to use", () => {
    expect(parseDateInput("tomorrow", "en-IN")).toMatchObject({ ok: false, message: expect.stringContaining("dd/mm/yyyy, for example 25/11/2026") });
    expect(parseDateInput("5/11/26", "en-IN")).toMatchObject({ ok: false, message: expect.stringContaining("four digits") });
    expect(parseDateInput("", "en-US")).toMatchObject({ ok: false, message: expect.stringContaining("mm/dd/yyyy") });
    expect(parseDateInput("2026-11-05", "en-IN")).toMatchObject({ ok: false });
  });

  it("reads times on the 24-hour clock and refuses impossible ones", () => {
    expect(parseTimeInput("9:05")).toEqual({ ok: true, value: "09:05" });
    expect(parseTimeInput("21.30")).toEqual({ ok: true, value: "21:30" });
    expect(parseTimeInput("0745")).toEqual({ ok: true, value: "07:45" });
    expect(parseTimeInput("24:00")).toMatchObject({ ok: false, message: expect.stringContaining("24-hour") });
    expect(parseTimeInput("12:60")).toMatchObject({ ok: false });
    expect(parseTimeInput("2pm")).toMatchObject({ ok: false });
  });

  it("tells a form what is wrong with a field's value: nothing for ISO, the parse message for typed text", () => {
    expect(dateValueProblem("2026-11-05", "en-IN")).toBeNull();
    expect(dateValueProblem("31/02/2026", "en-IN")).toContain("There is no 31 February 2026");
    expect(dateTimeValueProblem("2026-11-05T14:30", "en-IN")).toBeNull();
    expect(dateTimeValueProblem("31/02/2026|14:30", "en-IN")).toContain("There is no 31 February 2026");
    expect(dateTimeValueProblem("2026-11-05|25:00", "en-IN")).toContain("24-hour");
  });
});
