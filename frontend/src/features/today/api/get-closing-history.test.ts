import { describe, expect, it } from "vitest";
import { buildClosingSeries } from "./get-closing-history";

describe("buildClosingSeries", () => {
  it("spans the month boundary and carries the closing over days without rows", () => {
    const series = buildClosingSeries("2026-03-02", 30, [
      { date: "2026-01-31", closingBalanceCents: 100 },
      { date: "2026-02-10", closingBalanceCents: 250 },
      { date: "2026-03-01", closingBalanceCents: 300 },
    ]);
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ date: "2026-02-01", closingBalanceCents: 100 });
    expect(series.find((p) => p.date === "2026-02-09")?.closingBalanceCents).toBe(100);
    expect(series.find((p) => p.date === "2026-02-28")?.closingBalanceCents).toBe(250);
    expect(series.at(-1)).toEqual({ date: "2026-03-02", closingBalanceCents: 300 });
  });

  it("leaves dates before any cash-book row empty", () => {
    const series = buildClosingSeries("2026-11-25", 5, [{ date: "2026-11-24", closingBalanceCents: 0 }]);
    expect(series.map((p) => p.closingBalanceCents)).toEqual([null, null, null, 0, 0]);
  });
});
