// encore.dev/types Decimal: exact, and printed as Encore's runtime prints it.
import { describe, expect, it } from "vitest";
import { Decimal } from "./types.ts";

describe("Decimal", () => {
  it("is exact and prints as Encore's", () => {
    expect(new Decimal("0.1").add("0.2").value).toBe("0.3");
    expect(new Decimal("12.50").value).toBe("12.5");
    expect(new Decimal(1).div(3).value).toBe("0.3333333333");
    expect(new Decimal(2).div(3).value).toBe("0.6666666667");
    expect(new Decimal("0.000001").value).toBe("1e-6");
    expect(new Decimal(10n).mul("1.5").toString()).toBe("15");
    expect(JSON.stringify({ d: new Decimal("2.50") })).toBe('{"d":"2.5"}');
    expect(+new Decimal("2.5")).toBe(2.5);
    expect(`${new Decimal("2.5")}`).toBe("2.5");
    expect((new Decimal("2.5") as unknown as number) + 1).toBe("2.51"); // `+` concatenates: Number(d) or d.add()
    expect(() => new Decimal("abc")).toThrow("Invalid decimal format: 'Failed to parse decimal from string: abc'");
  });
});
