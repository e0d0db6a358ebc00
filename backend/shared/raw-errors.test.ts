// Raw endpoints answer errors as Encore answers a typed endpoint's: the same
// status for every code (the host's copy of Encore's table) and the same body.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, ErrCode } from "encore.dev/api";
import { httpStatusOf, writeRawError } from "./raw-errors.ts";
import { statusOf } from "../standalone/runtime/error-codes.ts";

let server: Server;
let next: { err: unknown; headers?: Record<string, string> };
let base: string;

beforeAll(async () => {
  server = createServer((_req, res) => writeRawError(res, next.err, "test endpoint", next.headers));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function answer(err: unknown, headers?: Record<string, string>) {
  next = { err, headers };
  const res = await fetch(base);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe("raw endpoint errors", () => {
  it("maps every Encore error code to Encore's status", () => {
    for (const code of Object.values(ErrCode)) expect([code, httpStatusOf(code)]).toEqual([code, statusOf[code as keyof typeof statusOf]]);
  });

  it("writes the code, message and details of an APIError with its status", async () => {
    const r = await answer(APIError.aborted("the row changed; reload it").withDetails({ field: "version" }));
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ code: "aborted", message: "the row changed; reload it", details: { field: "version" } });
    expect((await answer(APIError.unimplemented("not yet"))).status).toBe(501);
    expect((await answer(APIError.failedPrecondition("day closed"))).status).toBe(400);
  });

  it("hides an unexpected error's message behind internal", async () => {
    const r = await answer(new TypeError("cannot read properties of undefined (secret detail)"));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ code: "internal", message: "an internal error occurred", details: null });
  });

  it("translates a lost database into unavailable with retry-after, and adds the caller's headers", async () => {
    const lost = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const r = await answer(lost, { "www-authenticate": "Bearer" });
    expect(r.status).toBe(503);
    expect(r.body.code).toBe("unavailable");
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(r.headers.get("www-authenticate")).toBe("Bearer");
  });
});
