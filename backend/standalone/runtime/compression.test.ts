// Response compression on the host: JSON answers and static files, brotli or
// gzip as the client asks, byte-identical after decompression; small bodies,
// clients that ask for nothing and HEAD requests get identity.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "encore.dev/api";
import type { RunningHost } from "./host.ts";
import { startTestHost } from "../testing/http-client.ts";
import { chooseEncoding } from "./compression.ts";

const FIXTURE = join(import.meta.dirname, "compression-fixture");

// Test-only endpoints, registered alongside the app's.
export const bigJson = api({ expose: true, method: "GET", path: "/test/compression/big" }, async (): Promise<{ rows: { n: number; label: string }[] }> =>
  ({ rows: Array.from({ length: 200 }, (_, n) => ({ n, label: `row ${n}, ₹1,250.50` })) }));
export const smallJson = api({ expose: true, method: "GET", path: "/test/compression/small" }, async (): Promise<{ ok: boolean }> => ({ ok: true }));
export const fixtureFiles = api.static({ expose: true, path: "/test/compression/static/*path", dir: "./compression-fixture" });

let host: RunningHost;
beforeAll(async () => { ({ host } = await startTestHost()); });
afterAll(async () => host?.stop());

function get(path: string, acceptEncoding?: string, method = "GET") {
  const url = new URL(path, host.url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const decode = (encoding: string | string[] | undefined, body: Buffer) =>
  encoding === "br" ? zlib.brotliDecompressSync(body) : encoding === "gzip" ? zlib.gunzipSync(body) : body;

describe("choosing an encoding", () => {
  it("follows q-values, prefers brotli on a tie, honours refusals and *", () => {
    const js = "text/javascript; charset=utf-8";
    expect(chooseEncoding("gzip, deflate, br", js, 5000)).toBe("br");
    expect(chooseEncoding("gzip;q=1, br;q=0.5", js, 5000)).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip", js, 5000)).toBe("gzip");
    expect(chooseEncoding("*;q=0.1, br;q=0", js, 5000)).toBe("gzip");
    expect(chooseEncoding("identity", js, 5000)).toBeNull();
    expect(chooseEncoding("br", js, 100)).toBeNull();
    expect(chooseEncoding("br", "image/png", 5000)).toBeNull();
    expect(chooseEncoding("br", "text/event-stream", null)).toBeNull();
  });
});

describe("compressed answers", () => {
  it("compresses a large JSON answer by the client's choice, and it decodes to the identity body", async () => {
    const identity = await get("/test/compression/big");
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.headers.vary).toBe("Accept-Encoding");
    for (const enc of ["br", "gzip"]) {
      const r = await get("/test/compression/big", enc);
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"]).toBe(enc);
      expect(r.headers.vary).toBe("Accept-Encoding");
      expect(Number(r.headers["content-length"])).toBe(r.body.length);
      expect(r.body.length).toBeLessThan(identity.body.length / 3);
      expect(decode(enc, r.body).equals(identity.body)).toBe(true);
    }
  });

  it("sends a small JSON answer as it is", async () => {
    const r = await get("/test/compression/small", "br, gzip");
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(r.body.toString())).toEqual({ ok: true });
  });

  it("compresses scripts and styles from a static directory, not small files or HEAD requests", async () => {
    for (const [file, enc] of [["app.js", "br"], ["style.css", "gzip"]] as const) {
      const r = await get(`/test/compression/static/${file}`, enc === "br" ? "gzip, br" : "gzip");
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"]).toBe(enc);
      expect(r.headers["content-length"]).toBeUndefined();
      expect(decode(enc, r.body).equals(readFileSync(join(FIXTURE, file)))).toBe(true);
    }
    const small = await get("/test/compression/static/small.txt", "br");
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.equals(readFileSync(join(FIXTURE, "small.txt")))).toBe(true);
    const head = await get("/test/compression/static/app.js", "br", "HEAD");
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(Number(head.headers["content-length"])).toBe(readFileSync(join(FIXTURE, "app.js")).length);
  });
});
