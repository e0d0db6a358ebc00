// Issue 13 item 7: with the database down every endpoint answered 500
// `internal`, and the public /health body leaked `connect ECONNREFUSED
// 127.0.0.1:<port>`. Now a database outage is 503 `unavailable` with
// Retry-After, /health says what is down in words, and the process serves
// again as soon as the database is back.
//
// The test run's PostgreSQL is shared by every test file, so it is not the
// one stopped: this file's host reaches it through a TCP proxy of its own,
// and "the database goes down" is the proxy cutting every connection and
// closing its port (clients see their connections end and new ones refused,
// as when the server stops), or accepting connections and never answering
// (a network black hole, which the pool's connect timeout ends).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import net from "node:net";
import pg from "pg";
import { api } from "encore.dev/api";
import { SQLDatabase } from "encore.dev/storage/sqldb";
import { createOrg, startApp, PASSWORD, type Call, type Org, type TestApp } from "../testing/fixtures.ts";

const db = SQLDatabase.named("hospitality");

/** Holds a query open, so a server-side termination reaches a request in progress. Declared here, so the ops service's middleware wraps it. */
export const slowQuery = api({ expose: true, method: "POST", path: "/test/outage/slow" }, async (): Promise<{ ok: boolean }> => {
  await db.exec`SELECT pg_sleep(30)`;
  return { ok: true };
});
export const ping = api({ expose: true, method: "GET", path: "/test/outage/ping" }, async (): Promise<{ ok: boolean }> => ({ ok: true }));

type Mode = "up" | "down" | "blackhole";

/** A TCP proxy to the test database that can refuse, cut or swallow connections. */
class DbProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  mode: Mode = "up";
  constructor(private readonly target: { host: string; port: number }, public port = 0) {}

  async listen(): Promise<void> {
    const server = net.createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => {});
      if (this.mode === "blackhole") return; // accepted, never answered
      const upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      upstream.on("close", () => { this.sockets.delete(upstream); client.destroy(); });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((res) => server.listen(this.port, "127.0.0.1", () => res()));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** The server goes away: every connection is cut and the port refuses new ones. */
  async stop(): Promise<void> {
    this.mode = "down";
    const s = this.server;
    this.server = null;
    const closed = s ? new Promise<void>((r) => s.close(() => r())) : Promise.resolve();
    for (const sock of this.sockets) sock.destroy();
    await closed;
  }

  async start(mode: Mode = "up"): Promise<void> {
    this.mode = mode;
    if (!this.server) await this.listen();
  }
}

const target = new URL(process.env.DATABASE_URL!);
const proxy = new DbProxy({ host: target.hostname, port: Number(target.port) });
let app: TestApp;
let call: Call;
let org: Org;

beforeAll(async () => {
  await proxy.listen();
  const viaProxy = new URL(process.env.DATABASE_URL!);
  viaProxy.port = String(proxy.port);
  // Read when the pool is created, which the host does at start.
  process.env.DATABASE_URL = viaProxy.toString();
  process.env.DB_POOL_CONNECT_TIMEOUT_MS = "700";
  app = await startApp();
  call = app.call;
  org = await createOrg(call);
});
afterAll(async () => {
  await proxy.start();
  await app?.stop();
  await proxy.stop();
});

async function waitForHealth(status: number, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await call("GET", "/health");
    if (r.status === status) return r;
    if (Date.now() > until) throw new Error(`/health stayed ${r.status}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/**
 * Requests of every kind: anonymous, authenticated (the auth handler reads
 * the database), a write, lists, a raw endpoint. (Not the cached reports,
 * which keep answering from the cache while the database is away.)
 */
const requests = () => [
  ["POST /auth/login", () => call("POST", "/auth/login", { body: { email: org.admin.email, password: PASSWORD } })],
  ["GET /auth/me", () => call("GET", "/auth/me", { token: org.admin.token })],
  ["POST /finance/revenues", () => call("POST", "/finance/revenues", { token: org.admin.token, body: { propertyId: org.properties[0].id, amountCents: 100, paymentMode: "cash", source: "room", occurredAt: "2026-11-25T09:30:00+05:30" } })],
  ["GET /finance/transactions", () => call("GET", "/finance/transactions", { token: org.admin.token })],
  ["GET /users", () => call("GET", "/users", { token: org.admin.token })],
  ["GET /reports/export.csv", () => call("GET", `/reports/export.csv?propertyId=${org.properties[0].id}&from=2026-11-01&to=2026-11-02`, { token: org.admin.token })],
] as const;

describe("the database goes down", () => {
  it("answers every endpoint 503 unavailable with Retry-After, /health says the database is down without an address, and recovers", async () => {
    for (const [name, send] of requests()) expect((await send()).status, name).toBe(200);
    await waitForHealth(200);

    await proxy.stop();
    for (const [name, send] of requests()) {
      const r = await send();
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(503);
      expect(r.body).toMatchObject({ code: "unavailable" });
      expect(Number(r.headers.get("retry-after")), name).toBeGreaterThan(0);
    }
    const health = await waitForHealth(503);
    expect(health.body).toMatchObject({ code: "unavailable", details: { status: "down", database: { status: "down", error: "refusing connections" } } });
    expect(Number(health.headers.get("retry-after"))).toBeGreaterThan(0);
    const text = JSON.stringify(health.body);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
    expect(text).not.toContain(String(proxy.port));
    // The process is alive and serves what needs no database.
    expect((await call("GET", "/test/outage/ping")).status).toBe(200);

    await proxy.start();
    await waitForHealth(200);
    for (const [name, send] of requests()) expect((await send()).status, name).toBe(200);
  });

  it("answers 503 when connections hang (the pool's connect timeout), and /health says it timed out", async () => {
    await proxy.stop();
    await proxy.start("blackhole");
    try {
      const r = await call("GET", "/auth/me", { token: org.admin.token });
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.headers.get("retry-after")).toBeTruthy();
      const health = await waitForHealth(503);
      expect(health.body.details.database).toMatchObject({ status: "down", error: "connection timed out" });
    } finally {
      await proxy.stop();
      await proxy.start();
    }
    await waitForHealth(200);
  });

  it("answers 503 to a request whose query the server terminates (57P01 admin_shutdown)", async () => {
    const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await admin.connect();
    try {
      const pending = call("POST", "/test/outage/slow");
      const until = Date.now() + 10_000;
      let killed = 0;
      while (killed === 0 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
        const { rows } = await admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND pid <> pg_backend_pid()`);
        killed = rows.length;
      }
      expect(killed).toBeGreaterThan(0);
      const r = await pending;
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.body.code).toBe("unavailable");
    } finally {
      await admin.end();
    }
    expect((await call("GET", "/auth/me", { token: org.admin.token })).status).toBe(200);
  });
});
