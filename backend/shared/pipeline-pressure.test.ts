// The fold → creates backpressure signal (pipeline-pressure.ts): creates
// pause only while this process's fold has recently committed fresh events
// later than the bound, longer the further behind it is, never without limit.
import { describe, expect, it } from "vitest";
import { createPauseMs, noteFoldLag } from "./pipeline-pressure.ts";

describe("pipeline pressure", () => {
  it("pauses creates only while the fold here is behind the bound, more the further behind, at most 200 ms", () => {
    const t = 1_000_000;
    noteFoldLag(400, t);
    expect(createPauseMs(t)).toBe(0); // within the 500 ms bound
    noteFoldLag(800, t);
    expect(createPauseMs(t)).toBe(30);
    noteFoldLag(1_500, t);
    expect(createPauseMs(t)).toBe(100);
    noteFoldLag(60_000, t);
    expect(createPauseMs(t)).toBe(200);
  });

  it("forgets a fold commit older than two seconds (idle, or the fold runs in another process)", () => {
    const t = 2_000_000;
    noteFoldLag(5_000, t);
    expect(createPauseMs(t + 1_999)).toBe(200);
    expect(createPauseMs(t + 2_001)).toBe(0);
  });
});
