// The standalone host end to end: routing, parameter decoding, error wire
// format, transactions, and start-up with migrations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, APIError, type Header } from "encore.dev/api";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import type { RunningHost } from "./host.ts";
import { jsonClient, startTestHost } from "../testing/http-client.ts";

interface EchoParams { id: string; q?: string | string[]; n?: number; requestId?: Header<"X-Request-Id"> }

const db = SQLDatabase.named("hospitality");

// Test-only endpoints, registered alongside the app's.
export const echo = api({ expose: true, method: ["GET", "POST"], path: "/test/echo/:id" }, async (p: EchoParams): Promise<EchoParams> => p);
export const files = api({ expose: true, method: "GET", path: "/test/files/*rest" }, async (p: { rest: string }): Promise<{ rest: string }> => p);
export const fail = api({ expose: true, method: "POST", path: "/test/fail" }, async (p: { kind: string }): Promise<void> => {
  if (p.kind === "notFound") throw APIError.notFound("no such thing").withDetails({ thing: 1 });
  if (p.kind === "permission") throw APIError.permissionDenied("nope");
  if (p.kind === "exhausted") throw APIError.resourceExhausted("slow down");
  throw new Error("secret SQL: SELECT * FROM users WHERE password = 'x'");
});
export const badBind = api({ expose: true, method: "POST", path: "/test/bad-bind" }, async (): Promise<void> => {
  await db.exec`SELECT ${"not a number"}::int8`;
});
export const secured = api({ expose: true, auth: true, method: "GET", path: "/test/secured" }, async (): Promise<{ ok: boolean }> => ({ ok: true }));
export const internalOnly = api({ method: "GET", path: "/test/internal" }, async (): Promise<{ ok: boolean }> => ({ ok: true }));
export const small = api({ expose: true, method: "POST", path: "/test/small", bodyLimit: 100 }, async (p: { s: string }): Promise<{ n: number }> => ({ n: p.s.length }));


let host: RunningHost;
let call: ReturnType<typeof jsonClient>;
beforeAll(async () => { ({ host, call } = await startTestHost()); });
afterAll(async () => host?.stop());

describe("routing and parameters", () => {
  it("takes path params, query fields on GET and repeated keys as arrays", async () => {
    const r = await call("GET", "/test/echo/abc?q=1&q=2&n=5");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: "abc", q: ["1", "2"], n: "5" });
  });

  it("takes body fields on POST, path params win over the body, headers bind Header<> fields only", async () => {
    const r = await call("POST", "/test/echo/xyz", { body: { id: "spoof", q: "hello", requestId: "from-body" }, headers: { "x-request-id": "r-1" } });
    expect(r.body).toEqual({ id: "xyz", q: "hello", requestId: "r-1" });
  });

  it("does not serve endpoints that are not exposed", async () => {
    const r = await call("GET", "/test/internal");
    expect(r.body?.ok).not.toBe(true);
    expect(await internalOnly()).toEqual({ ok: true });
  });

  it("matches wildcards", async () => {
    const r = await call("GET", "/test/files/a/b/c.txt");
    expect(r.body).toEqual({ rest: "a/b/c.txt" });
  });

  it("answers an unknown route with 404 not_found", async () => {
    // (GETs of unknown paths fall through to the dashboard's static fallback.)
    const r = await call("POST", "/test/nope");
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("not_found");
  });

  it("rejects invalid JSON and non-object bodies with 400 invalid_argument", async () => {
    const bad = await call("POST", "/test/echo/a", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "invalid_argument", message: expect.stringContaining("JSON") });
    const arr = await call("POST", "/test/echo/a", { body: [1, 2] });
    expect(arr.status).toBe(400);
  });

  it("enforces the body limit", async () => {
    const r = await call("POST", "/test/small", { body: { s: "x".repeat(200) } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/100-byte limit/);
  });

  it("refuses auth endpoints without credentials", async () => {
    const r = await call("GET", "/test/secured");
    expect(r.status).toBe(401);
    expect(r.body.code).toBe("unauthenticated");
  });
});

describe("errors", () => {
  it.each([
    ["notFound", 404, "not_found"],
    ["permission", 403, "permission_denied"],
    ["exhausted", 429, "resource_exhausted"],
  ])("maps APIError %s to %i %s", async (kind, status, code) => {
    const r = await call("POST", "/test/fail", { body: { kind } });
    expect(r.status).toBe(status);
    expect(r.body.code).toBe(code);
  });

  it("keeps details", async () => {
    const r = await call("POST", "/test/fail", { body: { kind: "notFound" } });
    expect(r.body).toEqual({ code: "not_found", message: "no such thing", details: { thing: 1 } });
  });

  it("turns unknown errors into 500 internal without leaking the message", async () => {
    const r = await call("POST", "/test/fail", { body: { kind: "boom" } });
    expect(r.status).toBe(500);
    expect(r.body.code).toBe("internal");
    expect(JSON.stringify(r.body)).not.toContain("SELECT");
  });
});

describe("SQLDatabase", () => {
  it("answers a value Encore's runtime refuses to bind with 500 internal: a programmer error", async () => {
    const r = await call("POST", "/test/bad-bind");
    expect(r.status).toBe(500);
    expect(r.body.code).toBe("internal");
    expect(JSON.stringify(r.body)).not.toContain("serializing");
  });

  it("turns tagged-template values into parameters", async () => {
    const evil = "'; DROP TABLE organizations; --";
    const row = await db.queryRow<{ v: string }>`SELECT ${evil}::text AS v`;
    expect(row?.v).toBe(evil);
    const all = await db.queryAll<{ n: number }>`SELECT unnest(${[1, 2, 3]}::int[]) AS n`;
    expect(all.map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it("rolls back a transaction that throws", async () => {
    await db.exec`CREATE TABLE IF NOT EXISTS tx_probe (v int)`;
    await expect(
      (async () => {
        await using tx = await db.begin();
        await tx.exec`INSERT INTO tx_probe VALUES (1)`;
        throw new Error("abort");
      })(),
    ).rejects.toThrow("abort");
    const row = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM tx_probe`;
    expect(row?.n).toBe(0);
  });

  it("commits a transaction", async () => {
    const tx = await db.begin();
    await tx.exec`INSERT INTO tx_probe VALUES (2)`;
    await tx.commit();
    const row = await db.queryRow<{ n: number }>`SELECT count(*)::int AS n FROM tx_probe`;
    expect(row?.n).toBe(1);
  });
});

describe("health", () => {
  it("reports database, migrations and a pub/sub round trip", async () => {
    const r = await call("GET", "/health");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.body.database.migrationVersion).toBeGreaterThanOrEqual(1);
    expect(r.body.pubsub.roundTripMs).toBeTypeOf("number");
  });
});

describe("auth on public endpoints", () => {
  it("serves a public endpoint when the presented credentials are rejected", async () => {
    const r = await call("GET", "/test/echo/abc", { headers: { authorization: "Bearer not-a-token" } });
    expect(r.status).toBe(200);
    const s = await call("GET", "/test/secured", { headers: { authorization: "Bearer not-a-token" } });
    expect(s.status).toBe(401);
  });
});

describe("~encore/clients", () => {
  it("exposes each service's endpoints under the service's name", async () => {
    const clients = await import("~encore/clients");
    expect(typeof clients.auth.me).toBe("function");
    expect(typeof clients.finance.createRevenue).toBe("function");
    const report = await clients.ops.health();
    expect(report.database.status).toBe("ok");
  });
});

describe("embedded PostgreSQL recovery", () => {
  it("clears a postmaster.pid left by a crashed server", async () => {
    const { mkdtempSync, writeFileSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { stopOrphan } = await import("./embedded-postgres.ts");
    const dir = mkdtempSync(join(tmpdir(), "pgdata-"));
    // A pid no process has: the kernel's pid_max is far below this.
    writeFileSync(join(dir, "postmaster.pid"), "99999999\n/data\n");
    await stopOrphan(dir);
    expect(existsSync(join(dir, "postmaster.pid"))).toBe(false);
  });
});
