import { describe, expect, it } from "vitest";
import { centsToDecimalString, formatMoney, localeForCurrency, minorDigits, parseMoneyToCents } from "./money";

// Intl output uses narrow/no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("groups INR the Indian way (lakh, crore)", () => {
    expect(formatMoney(1_234_567_800, "INR")).toBe("₹1,23,45,678.00");
    expect(formatMoney(10_000_000, "INR")).toBe("₹1,00,000.00");
  });

  it("formats zero", () => {
    expect(formatMoney(0, "INR")).toBe("₹0.00");
    expect(formatMoney(0, "USD")).toBe("$0.00");
  });

  it("formats negative amounts with a minus sign", () => {
    expect(formatMoney(-123_450, "INR")).toBe("-₹1,234.50");
    expect(formatMoney(-5, "USD")).toBe("-$0.05");
  });

  it("formats other currencies in their own locale", () => {
    expect(formatMoney(1_234_567_800, "USD")).toBe("$12,345,678.00");
    expect(formatMoney(99_999, "GBP")).toBe("£999.99");
    expect(plain(formatMoney(150_050, "EUR"))).toBe("€1,500.50");
  });

  it("honours currencies without minor units", () => {
    expect(minorDigits("JPY")).toBe(0);
    expect(plain(formatMoney(1500, "JPY"))).toMatch(/1,500$/);
  });

  it("stays exact for amounts beyond float precision of cents / 100", () => {
    expect(formatMoney(9_007_199_254_740_991, "INR")).toBe("₹9,00,71,99,25,47,409.91");
  });

  it("shows a dash for a missing amount", () => {
    expect(formatMoney(null, "INR")).toBe("—");
  });

  it("falls back to en-US for unknown currencies", () => {
    expect(localeForCurrency("XYZ")).toBe("en-US");
    expect(localeForCurrency("inr")).toBe("en-IN");
  });
});

describe("centsToDecimalString", () => {
  it("pads small amounts and keeps the sign", () => {
    expect(centsToDecimalString(5, 2)).toBe("0.05");
    expect(centsToDecimalString(-120, 2)).toBe("-1.20");
    expect(centsToDecimalString(0, 2)).toBe("0.00");
    expect(centsToDecimalString(42, 0)).toBe("42");
  });
});

describe("parseMoneyToCents", () => {
  it("parses plain and grouped input without floats", () => {
    expect(parseMoneyToCents("1234.5", "INR")).toBe(123_450);
    expect(parseMoneyToCents("1,23,456.78", "INR")).toBe(12_345_678);
    expect(parseMoneyToCents("₹ 10", "INR")).toBe(1000);
    expect(parseMoneyToCents("0.29", "USD")).toBe(29);
    expect(parseMoneyToCents("0", "INR")).toBe(0);
  });

  it("rejects too many decimals, negatives and garbage", () => {
    expect(parseMoneyToCents("1.234", "INR")).toBeNull();
    expect(parseMoneyToCents("-5", "INR")).toBeNull();
    expect(parseMoneyToCents("abc", "INR")).toBeNull();
    expect(parseMoneyToCents("", "INR")).toBeNull();
    expect(parseMoneyToCents("12.5", "JPY")).toBeNull();
  });
});
