import { describe, expect, it } from "vitest";
import { isStaleBuildError } from "./stale-build";

describe("isStaleBuildError", () => {
  it("recognises each browser's failed dynamic import, and nothing else", () => {
    expect(isStaleBuildError(new TypeError("Failed to fetch dynamically imported module: https://x/assets/today-abc.js"))).toBe(true);
    expect(isStaleBuildError(new TypeError("error loading dynamically imported module: https://x/assets/a.js"))).toBe(true);
    expect(isStaleBuildError(new TypeError("Importing a module script failed."))).toBe(true);
    expect(isStaleBuildError(new Error("Cannot reach the server. Check your connection."))).toBe(false);
    expect(isStaleBuildError(null)).toBe(false);
  });
});
