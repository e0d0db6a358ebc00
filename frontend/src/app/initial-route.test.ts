import { describe, expect, it } from "vitest";
import { restoreInitialRoute } from "./initial-route";

function browser(href: string) {
  const url = new URL(href);
  const calls: string[] = [];
  const history = { state: null, replaceState: (_s: unknown, _t: string, u: string) => calls.push(u) } as unknown as History;
  restoreInitialRoute(url as unknown as Location, history);
  return calls;
}

describe("restoreInitialRoute", () => {
  it("puts the route from the fallback page back in the address bar", () => {
    expect(browser("http://h/?route=%2Ftransactions%3Fstatus%3Dpending")).toEqual(["/transactions?status=pending"]);
  });
  it("ignores routes that are not paths of this origin, and other pages", () => {
    expect(browser("http://h/?route=%2F%2Fevil.example")).toEqual([]);
    expect(browser("http://h/?route=https%3A%2F%2Fevil.example")).toEqual([]);
    expect(browser("http://h/reports?route=%2Fx")).toEqual([]);
    expect(browser("http://h/")).toEqual([]);
  });
});
