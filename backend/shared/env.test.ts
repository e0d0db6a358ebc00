// Numeric settings: the default when unset, the value when valid, and a
// named error (not NaN or a silent default) when it is not.
import { afterEach, describe, expect, it } from "vitest";
import { envNumber } from "./env.ts";

const NAME = "TIDY_ENV_NUMBER_TEST";
afterEach(() => { delete process.env[NAME]; });

describe("envNumber", () => {
  it("takes the default when unset or empty, else the value", () => {
    expect(envNumber(NAME, 7)).toBe(7);
    process.env[NAME] = " ";
    expect(envNumber(NAME, 7)).toBe(7);
    process.env[NAME] = "0.25";
    expect(envNumber(NAME, 7)).toBe(0.25);
    process.env[NAME] = "0";
    expect(envNumber(NAME, 7)).toBe(0);
  });

  it("refuses what is not a number in range, naming the variable", () => {
    for (const [raw, rule] of [["abc", {}], ["-1", {}], ["1.5", { integer: true }], ["0", { min: 1 }], ["Infinity", {}]] as const) {
      process.env[NAME] = raw;
      expect(() => envNumber(NAME, 7, rule)).toThrow(`${NAME} must be`);
    }
  });
});
